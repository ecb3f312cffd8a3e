import { isDomainError } from '@charter/errors';
import { readCheckRun } from './check-run.dto';
import { readDriftEvent } from './drift-event.dto';
import { readHistoryQuery } from './history-query.dto';

const RUN = {
  success: true,
  kind: 'checkpoint',
  run_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  started_at: '2026-12-06T02:00:00Z',
  finished_at: '2026-12-06T02:00:04Z',
  contract: { id: 'orders', version: '3.0.0' },
  source: { type: 'postgres', name: 'staging.orders' },
  statistics: {
    evaluated_expectations: 1,
    successful_expectations: 1,
    unsuccessful_expectations: 0,
    success_percent: 100,
  },
  results: [
    {
      id: 'order_id.not_null',
      success: true,
      severity: 'error',
      expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'order_id' } },
      result: { element_count: 10, unexpected_count: 0 },
      meta: { contract: 'orders', property: 'order_id', custom: 'kept' },
    },
  ],
};

/** The code and message a reader throws for `body`, or 'ok'. */
function refusal(read: (body: unknown) => unknown, body: unknown): [string, string] | 'ok' {
  try {
    read(body);
    return 'ok';
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return [error.code, error.message];
  }
}

const withResult = (change: Record<string, unknown>) => ({ ...RUN, results: [{ ...RUN.results[0], ...change }] });

describe('readCheckRun', () => {
  it('reads a well-formed run as it was sent (free-form meta kept)', () => {
    expect(readCheckRun(structuredClone(RUN))).toEqual(RUN);
  });

  it.each([
    ['a string body', 'x', 'invalid-check-run', /the body must be a JSON object/],
    ['no body', undefined, 'invalid-check-run', /the body must be a JSON object/],
    [
      'a wrong kind',
      { ...RUN, kind: 'great-expectations' },
      'invalid-check-run',
      /^Invalid check run: kind: kind must be/,
    ],
    [
      'an unknown top-level field',
      { ...RUN, extra: 1 },
      'invalid-check-run',
      /the body has unknown field\(s\) "extra"/,
    ],
    ['a result without success', withResult({ success: undefined }), 'invalid-check-run', /results\[0\]\.success: /],
    [
      'a fractional count',
      withResult({ result: { unexpected_count: 1.5 } }),
      'invalid-check-run',
      /results\[0\]\.result\.unexpected_count/,
    ],
    [
      'a percent over 100',
      withResult({ result: { unexpected_percent: 101 } }),
      'invalid-check-run',
      /unexpected_percent/,
    ],
    [
      'a negative statistic',
      { ...RUN, statistics: { ...RUN.statistics, evaluated_expectations: -1 } },
      'invalid-check-run',
      /statistics\.evaluated_expectations/,
    ],
    [
      'a password in the source',
      { ...RUN, source: { type: 'postgres', name: 'postgresql://u:p@h:5432/d' } },
      'invalid-check-run',
      /credentials/,
    ],
    ['a time without a zone', { ...RUN, started_at: '2026-12-06 02:00' }, 'invalid-check-run', /started_at/],
    [
      '1001 results',
      { ...RUN, results: Array.from({ length: 1_001 }, () => RUN.results[0]) },
      'check-run-too-many-results',
      /1001 results/,
    ],
    [
      '21 examples',
      withResult({ result: { partial_unexpected_list: Array.from({ length: 21 }, () => 1) } }),
      'check-run-too-many-results',
      /results\[0\]\.result\.partial_unexpected_list has 21/,
    ],
  ])('refuses %s', (_what, body, code, message) => {
    const found = refusal(readCheckRun, body);
    expect(found).not.toBe('ok');
    expect((found as [string, string])[0]).toBe(code);
    expect((found as [string, string])[1]).toMatch(message);
  });

  it('takes exactly 1000 results and 20 examples', () => {
    expect(refusal(readCheckRun, { ...RUN, results: Array.from({ length: 1_000 }, () => RUN.results[0]) })).toBe('ok');
    expect(
      refusal(readCheckRun, withResult({ result: { partial_unexpected_list: Array.from({ length: 20 }, () => 1) } })),
    ).toBe('ok');
  });
});

describe('readDriftEvent and readHistoryQuery', () => {
  const EVENT = {
    event_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    contract: 'orders',
    source: 'kafka:orders',
    field: 'amount_cents',
    test: 'null-rate',
    statistic: 0.3,
    threshold: 0.1,
    window: { start: '2026-12-06T09:00:00Z', end: '2026-12-06T09:05:00Z', count: 10 },
    baseline: { windows: 3, count: 30 },
    detected_at: '2026-12-06T09:05:00Z',
  };

  it('reads a drift event and refuses a bad one with invalid-drift-event', () => {
    expect(readDriftEvent(EVENT)).toEqual(EVENT);
    for (const bad of [
      { ...EVENT, test: 'z' },
      { ...EVENT, window: { ...EVENT.window, count: -1 } },
      { ...EVENT, baseline: {} },
      { ...EVENT, x: 1 },
    ]) {
      expect(refusal(readDriftEvent, bad)).toEqual(['invalid-drift-event', expect.any(String)]);
    }
  });

  it('reads limit and a cursor, and refuses anything else with invalid-history-query', () => {
    expect(readHistoryQuery({})).toEqual({ limit: 50 });
    const cursor = Buffer.from('2026-12-06T09:00:00.000Z|0f8fad5b-d9cb-469f-a165-70867728950e').toString('base64url');
    expect(readHistoryQuery({ limit: '5', before: cursor })).toEqual({
      limit: 5,
      before: { createdAt: new Date('2026-12-06T09:00:00.000Z'), id: '0f8fad5b-d9cb-469f-a165-70867728950e' },
    });
    for (const bad of [
      { limit: '0' },
      { limit: '-1' },
      { limit: '1e2' },
      { before: 'abc' },
      { before: Buffer.from('2026-13-45T99:00:00.000Z|0f8fad5b-d9cb-469f-a165-70867728950e').toString('base64url') },
    ]) {
      expect(refusal(readHistoryQuery, bad)).toEqual(['invalid-history-query', expect.any(String)]);
    }
  });
});
