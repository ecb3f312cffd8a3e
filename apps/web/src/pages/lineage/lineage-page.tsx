import { ComingPage } from '../../layout';

export function LineagePage() {
  return (
    <ComingPage
      title="Lineage"
      description="the dataset and column graph, left to right, with search, expand/collapse and the descendants of a column by severity."
    />
  );
}
