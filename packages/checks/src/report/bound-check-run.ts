import type { CheckResult, CheckRunDocument } from './check-run';
import { PARTIAL_UNEXPECTED_LIMIT } from './check-run';
import { createCheckRun } from './create-check-run';

/** What the registry's `POST /checks` accepts: results per run, characters per message. */
export const REPORTED_RESULTS_LIMIT = 1_000;
export const REPORTED_MESSAGE_LIMIT = 4_096;

/**
 * A run as the registry can keep it: at most 1 000 results (failing errors first, then failing warnings, then
 * passes are kept; the kept ones stay in run order), at most 20 examples each, messages cut to 4 096 characters, and
 * NUL characters (PostgreSQL's jsonb cannot hold U+0000) replaced by U+FFFD. Success and statistics are recomputed
 * from what is kept, so the registry's own recomputation agrees. A run within the bounds is returned as it is.
 */
export function boundCheckRun(doc: CheckRunDocument): { run: CheckRunDocument; omitted: number } {
  let results = doc.results;
  let omitted = 0;
  if (results.length > REPORTED_RESULTS_LIMIT) {
    const rank = (result: CheckResult) => (result.success ? 2 : result.severity === 'error' ? 0 : 1);
    const kept = new Set(
      results
        .map((result, index) => ({ result, index }))
        .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
        .slice(0, REPORTED_RESULTS_LIMIT)
        .map(({ result }) => result),
    );
    omitted = results.length - kept.size;
    results = results.filter((result) => kept.has(result));
  }
  const bounded = results.map(boundResult);
  const changed = omitted > 0 || bounded.some((result, index) => result !== results[index]);
  if (!changed) return { run: doc, omitted: 0 };
  const run = createCheckRun({
    kind: doc.kind,
    runId: doc.run_id,
    startedAt: new Date(doc.started_at),
    finishedAt: new Date(doc.finished_at),
    ...(doc.contract === undefined ? {} : { contract: doc.contract }),
    source: { type: doc.source.type, name: withoutNul(doc.source.name) },
    results: bounded,
  });
  return { run, omitted };
}

function boundResult(result: CheckResult): CheckResult {
  const examples = result.result.partial_unexpected_list;
  const fits =
    (examples === undefined || examples.length <= PARTIAL_UNEXPECTED_LIMIT) &&
    (result.message === undefined || result.message.length <= REPORTED_MESSAGE_LIMIT) &&
    (result.exception_info === undefined || result.exception_info.message.length <= REPORTED_MESSAGE_LIMIT) &&
    !JSON.stringify(result).includes('\\u0000');
  if (fits) return result;
  const bounded: CheckResult = {
    ...result,
    result: {
      ...result.result,
      ...(examples === undefined ? {} : { partial_unexpected_list: examples.slice(0, PARTIAL_UNEXPECTED_LIMIT) }),
    },
    ...(result.message === undefined ? {} : { message: cut(result.message) }),
    ...(result.exception_info === undefined
      ? {}
      : { exception_info: { code: result.exception_info.code, message: cut(result.exception_info.message) } }),
  };
  return replaceNul(bounded) as CheckResult;
}

function cut(text: string): string {
  return text.length <= REPORTED_MESSAGE_LIMIT ? text : `${text.slice(0, REPORTED_MESSAGE_LIMIT - 1)}…`;
}

function withoutNul(text: string): string {
  return text.replaceAll(String.fromCharCode(0), '\uFFFD');
}

/** Every string (keys too) with U+0000 replaced. */
function replaceNul(value: unknown): unknown {
  if (typeof value === 'string') return withoutNul(value);
  if (Array.isArray(value)) return value.map(replaceNul);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [withoutNul(key), replaceNul(inner)]));
  }
  return value;
}
