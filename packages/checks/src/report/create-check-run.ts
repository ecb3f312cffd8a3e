import type { CheckResult, CheckRunDocument, CheckRunKind } from './check-run';
import { isRunSuccessful, summarizeResults } from './summarize-results';

export interface CreateCheckRunOptions {
  kind: CheckRunKind;
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  contract?: CheckRunDocument['contract'];
  source: CheckRunDocument['source'];
  results: CheckResult[];
}

/** Assembles a run document: success and statistics are derived from the results, never passed in. */
export function createCheckRun(options: CreateCheckRunOptions): CheckRunDocument {
  return {
    success: isRunSuccessful(options.results),
    kind: options.kind,
    run_id: options.runId,
    started_at: options.startedAt.toISOString(),
    finished_at: options.finishedAt.toISOString(),
    ...(options.contract === undefined ? {} : { contract: options.contract }),
    source: options.source,
    statistics: summarizeResults(options.results),
    results: options.results,
  };
}
