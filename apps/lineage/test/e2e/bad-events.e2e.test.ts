import { call, issueKey, SAMPLE_FLOW, useLineageStack } from '../support/test-lineage';

/**
 * Events the validator accepts but the log cannot store: U+0000 or an unpaired surrogate in a string (refused
 * before storing, with the path), a date PostgreSQL has no year for (refused by the store: the event's caller gets
 * a 400, and the events written with it in one batch are kept).
 */
const SAMPLE = SAMPLE_FLOW as Array<
  Record<string, unknown> & { job: Record<string, unknown>; run: Record<string, unknown> }
>;
const base = SAMPLE[2]!;
const withRun = (index: number, change: Record<string, unknown> = {}) => ({
  ...base,
  eventTime: new Date(Date.UTC(2026, 11, 6, 0, 0, index)).toISOString(),
  run: { runId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` },
  ...change,
});

const stack = useLineageStack();
let writer: string;

beforeAll(async () => {
  writer = await issueKey(stack.registry, 'team:analytics');
});

const events = async () => (await call<{ events: number }>(`${stack.lineage.url}/stats`, 'GET', writer)).body.events;

describe('events the log cannot store', () => {
  it.each([
    ['U+0000 in the job name', { job: { ...base.job, name: 'orders\u0000etl' } }, '/job/name'],
    ['an unpaired surrogate in the job name', { job: { ...base.job, name: 'orders\ud800' } }, '/job/name'],
    [
      'U+0000 in a facet key',
      {
        run: {
          runId: '00000000-0000-4000-8000-000000000999',
          facets: { 'x\u0000': { _producer: 'https://example.com/p', _schemaURL: 'https://example.com/s#/x' } },
        },
      },
      '/run/facets/x\u0000',
    ],
  ])('refuses %s with a 400 naming the path, storing nothing', async (_what, change, at) => {
    const before = await events();
    const response = await call<{ violations?: Array<{ path: string; code: string }> }>(
      `${stack.lineage.url}/api/v1/lineage`,
      'POST',
      writer,
      withRun(1, change),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('unstorable-text');
    expect(JSON.stringify(response.body)).toContain(JSON.stringify(at).slice(1, -1));
    expect(await events()).toBe(before);
  });

  it('fails only the event the store refuses, not the others written in the same batch', async () => {
    const before = await events();
    const good = Array.from({ length: 40 }, (_, index) => withRun(100 + index));
    const bad = withRun(99, { eventTime: '0000-01-01T00:00:00Z' });
    const responses = await Promise.all(
      [...good.slice(0, 20), bad, ...good.slice(20)].map((event) =>
        call(`${stack.lineage.url}/api/v1/lineage`, 'POST', writer, event),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses[20]).toBe(400);
    expect(statuses.filter((status) => status === 201)).toHaveLength(40);
    expect(await events()).toBe(before + 40);
  });
});
