import { formatPipelineReport } from './format-pipeline-report';
import { countExpected } from './read-pipeline-samples';
import type { PipelineRunReport, StreamReport } from './run-pipeline-samples';

const stream = (overrides: Partial<StreamReport> = {}): StreamReport => ({
  topic: 'orders',
  file: 'orders.jsonl',
  sent: 6,
  rejected: { schema: 1, rule: 0, contract: 1 },
  produced: 4,
  stored: 3,
  inserted: 2,
  updated: 0,
  duplicates: 1,
  deadLettered: { deserialization: 1 },
  failed: 0,
  expected: countExpected([]),
  expectedFrom: 'manifest',
  differences: [],
  ...overrides,
});
const report = (streams: StreamReport[], overrides: Partial<PipelineRunReport> = {}): PipelineRunReport => ({
  pipelineUrl: 'http://127.0.0.1:8090',
  streams,
  failures: [],
  settled: true,
  ok: true,
  ...overrides,
});

describe('formatPipelineReport', () => {
  it('lines up each topic and the totals, then refusals by layer, letters by class and conservation', () => {
    const text = formatPipelineReport(report([stream()]), 'http://127.0.0.1:8090');
    expect(text.split('\n')).toEqual([
      'pipeline run: http://127.0.0.1:8090',
      '',
      '          samples  rejected  produced  stored  duplicates  dead-lettered',
      '  orders        6         2         4       3           1              1',
      '  total         6         2         4       3           1              1',
      '',
      '  rejected at the edge  schema 1 · rule 0 · contract 1',
      '  dead-lettered         deserialization 1 · unknown-schema 0 · wrong-subject 0 · contract-violation 0 · handler-error 0',
      '  conservation          produced 4 = stored 3 + dead-lettered 1',
      '',
      'ok   every count is the expected one (from the manifest)',
    ]);
  });

  it('ends with a FAIL line for each difference, failed request and an unsettled run', () => {
    const text = formatPipelineReport(
      report([stream({ stored: 2, differences: ['stored: expected 3, got 2'] })], {
        ok: false,
        settled: false,
        failures: [{ sample: 'orders-0007', status: 503, message: 'the schema registry cannot be reached' }],
      }),
      'x',
    );
    expect(text).toContain('produced 4 ≠ stored 2 + dead-lettered 1');
    expect(text.split('\n').filter((line) => line.startsWith('FAIL'))).toEqual([
      'FAIL sample orders-0007: HTTP 503 the schema registry cannot be reached',
      'FAIL the sinks did not account for every record produced before the deadline (--timeout)',
      'FAIL orders: stored: expected 3, got 2',
    ]);
    expect(text).not.toContain('ok ');
  });
});
