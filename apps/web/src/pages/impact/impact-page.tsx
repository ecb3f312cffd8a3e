import { ComingPage } from '../../layout';

export function ImpactPage() {
  return (
    <ComingPage
      title="Impact"
      description="pick a subject or dataset, a field and a change (or paste a schema) and see the verdict and who must approve."
    />
  );
}
