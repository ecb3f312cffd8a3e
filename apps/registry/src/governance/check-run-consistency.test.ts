import fc from 'fast-check';
import type { CheckResult, CheckRunDocument } from '../http/check-run.dto';
import { findRunContract, findRunInconsistencies, isRunSuccessful, summarizeResults } from './check-run-consistency';

const result = (success: boolean, severity: 'error' | 'warning' = 'error', contract?: string): CheckResult => ({
  id: `check.${Math.random()}`,
  success,
  severity,
  expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: {} },
  result: {},
  ...(contract === undefined ? {} : { meta: { contract } }),
});

const run = (results: CheckResult[], overrides: Partial<CheckRunDocument> = {}): CheckRunDocument => ({
  success: isRunSuccessful(results),
  kind: 'checkpoint',
  run_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  started_at: '2026-12-06T02:00:00Z',
  finished_at: '2026-12-06T02:00:04Z',
  contract: { id: 'orders', version: '3.0.0' },
  source: { type: 'postgres', name: 'staging.orders' },
  statistics: summarizeResults(results),
  results,
  ...overrides,
});

describe('findRunInconsistencies', () => {
  it('accepts a run whose success and statistics follow from its results (a property over any results)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('error', 'warning' as const))), (given) => {
        expect(findRunInconsistencies(run(given.map(([ok, severity]) => result(ok, severity))))).toEqual([]);
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it('lets a failing warning pass the run, but not a failing error', () => {
    expect(findRunInconsistencies(run([result(true), result(false, 'warning')], { success: true }))).toEqual([]);
    expect(findRunInconsistencies(run([result(true), result(false)], { success: true }))).toEqual([
      { field: 'success', posted: true, recomputed: false },
    ]);
    expect(findRunInconsistencies(run([result(true)], { success: false }))).toEqual([
      { field: 'success', posted: false, recomputed: true },
    ]);
  });

  it.each([
    ['evaluated_expectations', { evaluated_expectations: 3 }],
    ['successful_expectations', { successful_expectations: 2 }],
    ['unsuccessful_expectations', { unsuccessful_expectations: 0 }],
    ['success_percent', { success_percent: 66.6 }],
  ])('finds %s that does not add up', (field, change) => {
    const results = [result(true), result(false, 'warning')];
    const statistics = { ...summarizeResults(results), ...change };
    expect(findRunInconsistencies(run(results, { statistics })).map((found) => found.field)).toEqual([
      `statistics.${field}`,
    ]);
  });

  it('takes a percentage rounded to two decimals, and an empty run as 100%', () => {
    const results = [result(true), result(true), result(false, 'warning')];
    expect(
      findRunInconsistencies(run(results, { statistics: { ...summarizeResults(results), success_percent: 66.67 } })),
    ).toEqual([]);
    expect(summarizeResults([])).toEqual({
      evaluated_expectations: 0,
      successful_expectations: 0,
      unsuccessful_expectations: 0,
      success_percent: 100,
    });
  });

  it('refuses a result that could not be evaluated yet claims success', () => {
    const broken = { ...result(true), exception_info: { code: 'timeout', message: 'rule timed out' } };
    expect(findRunInconsistencies(run([broken])).map((found) => found.field)).toEqual(['results[0].success']);
  });
});

describe('findRunContract', () => {
  it('takes the posted contract, else the one contract every dbt result names', () => {
    expect(findRunContract(run([]))).toEqual({ id: 'orders', version: '3.0.0' });
    const dbt = { kind: 'dbt-check' as const, contract: undefined };
    expect(findRunContract(run([result(true, 'error', 'orders'), result(false, 'error', 'orders')], dbt))).toEqual({
      id: 'orders',
      version: undefined,
    });
    expect(findRunContract(run([result(true, 'error', 'orders'), result(true, 'error', 'users')], dbt))).toHaveProperty(
      'problem',
    );
    expect(findRunContract(run([result(true)], dbt))).toHaveProperty('problem');
    expect(findRunContract(run([], dbt))).toHaveProperty('problem');
    expect(findRunContract(run([result(true, 'error', 'orders')], { contract: undefined }))).toHaveProperty('problem');
  });
});
