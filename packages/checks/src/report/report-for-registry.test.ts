// boundCheckRun and splitCheckRunByContract: what the registry's strict POST /checks accepts, recomputed so its own
// statistics agree. Bad inputs tried: 1 500 results (failing ones last), 35 examples, a 10 000-character message and
// exception, a NUL character in an example and a message, a dbt run over two contracts plus a result naming none and
// one naming an unknown contract.
import fc from 'fast-check';
import { boundCheckRun, REPORTED_MESSAGE_LIMIT, REPORTED_RESULTS_LIMIT } from './bound-check-run';
import type { CheckResult, CheckRunDocument } from './check-run';
import { createCheckRun } from './create-check-run';
import { splitCheckRunByContract } from './split-check-run';
import { isRunSuccessful, summarizeResults } from './summarize-results';

function result(id: string, success: boolean, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    success,
    severity: 'error',
    expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: id } },
    result: { element_count: 10, unexpected_count: success ? 0 : 1 },
    ...extra,
  };
}

function run(results: CheckResult[], kind: CheckRunDocument['kind'] = 'checkpoint'): CheckRunDocument {
  return createCheckRun({
    kind,
    runId: '0b7f2c8e-93a4-4bb1-9a51-7f0c7c7d2a10',
    startedAt: new Date('2026-12-01T10:00:00.000Z'),
    finishedAt: new Date('2026-12-01T10:00:01.000Z'),
    ...(kind === 'checkpoint' ? { contract: { id: 'orders', version: '3.0.0' } } : {}),
    source: { type: kind === 'checkpoint' ? 'csv' : 'dbt-manifest', name: 'orders.csv' },
    results,
  });
}

/** What the registry checks: bounds, and success/statistics that follow from the results. */
function expectAcceptable(doc: CheckRunDocument): void {
  expect(doc.results.length).toBeLessThanOrEqual(REPORTED_RESULTS_LIMIT);
  for (const item of doc.results) {
    expect((item.result.partial_unexpected_list ?? []).length).toBeLessThanOrEqual(20);
    expect((item.message ?? '').length).toBeLessThanOrEqual(REPORTED_MESSAGE_LIMIT);
    expect((item.exception_info?.message ?? '').length).toBeLessThanOrEqual(REPORTED_MESSAGE_LIMIT);
  }
  expect(JSON.stringify(doc)).not.toContain('\\u0000');
  expect(doc.statistics).toEqual(summarizeResults(doc.results));
  expect(doc.success).toBe(isRunSuccessful(doc.results));
}

describe('boundCheckRun', () => {
  it('returns a run within the bounds as it is', () => {
    const doc = run([result('a', true), result('b', false)]);
    expect(boundCheckRun(doc)).toEqual({ run: doc, omitted: 0 });
    expect(boundCheckRun(doc).run).toBe(doc);
  });

  it('keeps every failing result of 1 500, in run order, and recomputes the statistics', () => {
    const results = Array.from({ length: 1_500 }, (_, n) => result(`c${n}`, n < 1_490));
    const { run: bounded, omitted } = boundCheckRun(run(results));
    expect(omitted).toBe(500);
    expectAcceptable(bounded);
    expect(bounded.results.filter((item) => !item.success).map((item) => item.id)).toEqual(
      results.slice(1_490).map((item) => item.id),
    );
    expect(bounded.results.map((item) => item.id)).toEqual(
      [...results.slice(0, 990), ...results.slice(1_490)].map((item) => item.id),
    );
    expect(bounded.success).toBe(false);
  });

  it('cuts examples, long messages and NUL characters', () => {
    const long = 'x'.repeat(10_000);
    const doc = run([
      result('many', false, {
        result: { unexpected_count: 35, partial_unexpected_list: Array.from({ length: 35 }, (_, n) => n) },
      }),
      result('long', false, { message: long, exception_info: { code: 'sql-rule-failed', message: long } }),
      result('nul', false, { message: 'a\u0000b', result: { partial_unexpected_list: ['LO\u0000ST'] } }),
    ]);
    const { run: bounded } = boundCheckRun(doc);
    expectAcceptable(bounded);
    expect(bounded.results[0]!.result.partial_unexpected_list).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(bounded.results[1]!.message).toHaveLength(REPORTED_MESSAGE_LIMIT);
    expect(bounded.results[2]!.result.partial_unexpected_list).toEqual(['LO\uFFFDST']);
    expect(bounded.results[2]!.message).toBe('a\uFFFDb');
  });

  it('always gives a run the registry accepts, with the same verdict (property)', () => {
    const arbitraryResult = fc.record({
      success: fc.boolean(),
      warning: fc.boolean(),
      examples: fc.nat({ max: 30 }),
      message: fc.string({ maxLength: 5_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryResult, { maxLength: 1_300 }), (shapes) => {
        const results = shapes.map((shape, n) =>
          result(`r${n}`, shape.success, {
            severity: shape.warning ? 'warning' : 'error',
            message: shape.message,
            result: { partial_unexpected_list: Array.from({ length: shape.examples }, () => 0) },
          }),
        );
        const doc = run(results);
        const { run: bounded } = boundCheckRun(doc);
        expectAcceptable(bounded);
        expect(bounded.success).toBe(doc.success);
      }),
      { seed: 15, numRuns: 40 },
    );
  });
});

describe('splitCheckRunByContract', () => {
  it('gives one run per contract, each with its own id, version and statistics', () => {
    const results = [
      result('model.fct_orders.order_id.type', true, { meta: { contract: 'orders' } }),
      result('model.user_events.event_type.type', false, { meta: { contract: 'user-events' } }),
      result('model.fct_orders.amount_cents.type', false, { meta: { contract: 'orders' }, severity: 'warning' }),
      result('model.orphan.binding', false, { meta: { model: 'orphan' } }),
      result('model.refunds.binding', false, { meta: { contract: 'refunds' } }),
    ];
    const doc = run(results, 'dbt-check');
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    const versions: Record<string, string> = { orders: '3.0.0', 'user-events': '1.2.0' };
    const { runs, unassigned } = splitCheckRunByContract(doc, {
      versionOf: (id) => versions[id],
      newRunId: () => ids.shift()!,
    });
    expect(runs.map((item) => [item.run_id, item.contract, item.results.map((r) => r.id), item.success])).toEqual([
      [
        '11111111-1111-4111-8111-111111111111',
        { id: 'orders', version: '3.0.0' },
        ['model.fct_orders.order_id.type', 'model.fct_orders.amount_cents.type'],
        true,
      ],
      [
        '22222222-2222-4222-8222-222222222222',
        { id: 'user-events', version: '1.2.0' },
        ['model.user_events.event_type.type'],
        false,
      ],
    ]);
    for (const item of runs) {
      expectAcceptable(item);
      expect(item).toMatchObject({ kind: 'dbt-check', source: doc.source, started_at: doc.started_at });
    }
    expect(unassigned.map((item) => item.id)).toEqual(['model.orphan.binding', 'model.refunds.binding']);
  });
});
