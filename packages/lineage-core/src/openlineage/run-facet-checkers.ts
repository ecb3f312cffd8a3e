import { checkBaseFacet } from './check-base-facet';
import type { EventChecker } from './event-checker';
import type { FacetChecker } from './facet-checker';

/** The run facets Charter reads, checked against their official shapes. */
export const RUN_FACET_CHECKERS: Readonly<Record<string, FacetChecker>> = {
  parent: (checker, facet, path) => {
    checkRunReference(checker, checker.property(facet, 'run', path, true), `${path}/run`);
    checkJobReference(checker, checker.property(facet, 'job', path, true), `${path}/job`);
    const root = checker.property(facet, 'root', path);
    if (root === undefined) return;
    const rootObject = checker.object(root, `${path}/root`);
    if (!rootObject) return;
    checkRunReference(checker, checker.property(rootObject, 'run', `${path}/root`, true), `${path}/root/run`);
    checkJobReference(checker, checker.property(rootObject, 'job', `${path}/root`, true), `${path}/root/job`);
  },
  nominalTime: (checker, facet, path) => {
    checker.string(facet, 'nominalStartTime', path, { required: true, format: 'date-time' });
    checker.string(facet, 'nominalEndTime', path, { format: 'date-time' });
  },
  errorMessage: (checker, facet, path) => {
    checker.string(facet, 'message', path, { required: true });
    checker.string(facet, 'programmingLanguage', path, { required: true });
    checker.string(facet, 'stackTrace', path);
  },
  processing_engine: (checker, facet, path) => {
    checker.string(facet, 'version', path, { required: true });
    checker.string(facet, 'name', path);
    checker.string(facet, 'openlineageAdapterVersion', path);
  },
};

// A parent's (or root's) run and job may forward facets of their own: only the BaseFacet rule applies to those.
function checkRunReference(checker: EventChecker, value: unknown, path: string): void {
  if (value === undefined) return;
  const run = checker.object(value, path, 'a run object');
  if (!run) return;
  checker.string(run, 'runId', path, { required: true, format: 'uuid' });
  checker.eachEntry(run, 'facets', path, (_name, facet, facetPath) =>
    checkBaseFacet(checker, facet, facetPath, { deletable: false }),
  );
}

function checkJobReference(checker: EventChecker, value: unknown, path: string): void {
  if (value === undefined) return;
  const job = checker.object(value, path, 'a job object');
  if (!job) return;
  checker.string(job, 'namespace', path, { required: true, nonEmpty: true });
  checker.string(job, 'name', path, { required: true, nonEmpty: true });
  checker.eachEntry(job, 'facets', path, (_name, facet, facetPath) =>
    checkBaseFacet(checker, facet, facetPath, { deletable: true }),
  );
}
