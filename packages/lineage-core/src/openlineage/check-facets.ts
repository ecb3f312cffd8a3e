import { checkBaseFacet } from './check-base-facet';
import { DATASET_FACET_CHECKERS } from './dataset-facet-checkers';
import type { EventChecker } from './event-checker';
import type { FacetChecker } from './facet-checker';
import { JOB_FACET_CHECKERS } from './job-facet-checkers';
import { RUN_FACET_CHECKERS } from './run-facet-checkers';

/** Where a facet map sits: which facets Charter knows there, and whether they may be `_deleted`. */
export type FacetLocation = 'run' | 'job' | 'dataset' | 'input' | 'output';

const NO_CHECKERS: Readonly<Record<string, FacetChecker>> = {};

const LOCATIONS: Record<FacetLocation, { checkers: Readonly<Record<string, FacetChecker>>; deletable: boolean }> = {
  run: { checkers: RUN_FACET_CHECKERS, deletable: false },
  job: { checkers: JOB_FACET_CHECKERS, deletable: true },
  dataset: { checkers: DATASET_FACET_CHECKERS, deletable: true },
  input: { checkers: NO_CHECKERS, deletable: false },
  output: { checkers: NO_CHECKERS, deletable: false },
};

/**
 * An optional facet map (`owner[key]`): an object whose every value passes the BaseFacet rule, and whose facets
 * Charter reads also pass their own. Unknown facets get the BaseFacet rule only.
 */
export function checkFacets(
  checker: EventChecker,
  owner: Record<string, unknown>,
  key: string,
  path: string,
  location: FacetLocation,
): void {
  const { checkers, deletable } = LOCATIONS[location];
  checker.eachEntry(owner, key, path, (name, value, facetPath) => {
    const facet = checkBaseFacet(checker, value, facetPath, { deletable });
    const checkFacet = Object.hasOwn(checkers, name) ? checkers[name] : undefined;
    if (facet && checkFacet) checkFacet(checker, facet, facetPath);
  });
}
