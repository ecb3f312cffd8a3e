import { checkColumnLineageFacet } from './check-column-lineage-facet';
import { checkLineageFacet } from './check-lineage-facet';
import { checkSchemaFacet } from './check-schema-facet';
import type { FacetChecker } from './facet-checker';

/** The dataset facets Charter reads, checked against their official shapes. */
export const DATASET_FACET_CHECKERS: Readonly<Record<string, FacetChecker>> = {
  schema: checkSchemaFacet,
  columnLineage: checkColumnLineageFacet,
  lineage: (checker, facet, path) => checkLineageFacet(checker, facet, path, 'dataset'),
};
