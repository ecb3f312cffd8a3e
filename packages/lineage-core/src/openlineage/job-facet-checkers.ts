import { checkLineageFacet } from './check-lineage-facet';
import type { FacetChecker } from './facet-checker';

/** The job facets Charter reads, checked against their official shapes. */
export const JOB_FACET_CHECKERS: Readonly<Record<string, FacetChecker>> = {
  jobType: (checker, facet, path) => {
    checker.string(facet, 'processingType', path, { required: true });
    checker.string(facet, 'integration', path, { required: true });
    checker.string(facet, 'jobType', path);
    const pattern = checker.property(facet, 'emissionPattern', path);
    if (pattern === undefined) return;
    const patternPath = `${path}/emissionPattern`;
    const emission = checker.object(pattern, patternPath);
    if (!emission) return;
    checker.string(emission, 'eventTrigger', patternPath, { required: true });
    checker.string(emission, 'eventContentMode', patternPath, { required: true });
    checker.integer(emission, 'windowDuration', patternPath, 1);
  },
  sql: (checker, facet, path) => {
    checker.string(facet, 'query', path, { required: true });
    checker.string(facet, 'dialect', path);
  },
  sourceCode: (checker, facet, path) => {
    checker.string(facet, 'language', path, { required: true });
    checker.string(facet, 'sourceCode', path, { required: true });
  },
  lineage: (checker, facet, path) => checkLineageFacet(checker, facet, path, 'job'),
};
