import { type BoundContract, NOT_LOADED, type SubjectVersion } from '@charter/enforcement';
import { startRecordingServer } from '@charter/testkit';
import pino from 'pino';
import { Registry } from 'prom-client';
import { PipelineDrift } from './pipeline-drift';
import type { DriftContracts } from './stream-drift-observer';

const SUBJECT = 'orders-value';
const WINDOW = 100;

/** A contract as the registry serves it: two fields, 100-record windows, a one-window baseline. */
function contract(version: string, properties = [{ name: 'amount_cents', logicalType: 'integer' }]): BoundContract {
  return {
    id: 'orders',
    version,
    subjects: [SUBJECT],
    document: {
      id: 'orders',
      version,
      schema: [
        {
          name: 'orders',
          authoritativeDefinitions: [{ type: 'schemaRegistrySubject', url: `subjects/${SUBJECT}` }],
          properties: [...properties, { name: 'currency', logicalType: 'string' }],
        },
      ],
      customProperties: [{ property: 'drift', value: { windowRecords: WINDOW, baselineWindows: 1 } }],
    },
  };
}

/** The registry client's two answers, held in memory: the bound contract (or none, or not read yet), the latest schema. */
class InMemoryContracts implements DriftContracts {
  bound: BoundContract | undefined | typeof NOT_LOADED = NOT_LOADED;
  latestSchema: SubjectVersion | undefined;
  knownContractFor(): BoundContract | undefined | typeof NOT_LOADED {
    return this.bound;
  }
  async latest(): Promise<SubjectVersion> {
    if (!this.latestSchema) throw new Error('registry unavailable');
    return this.latestSchema;
  }
}

const records = (count: number, currency: (n: number) => string) =>
  Array.from({ length: count }, (_, n) => ({ amount_cents: 1_000 + (n % 50), currency: currency(n) }));
const steady = (count: number) => records(count, (n) => (n % 2 === 0 ? 'EUR' : 'USD'));
const shifted = (count: number) => records(count, () => 'GBP');

function setup(url: string) {
  const lines: Array<{ event?: string; level: number }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const metrics = new Registry();
  const drift = new PipelineDrift({
    registryUrl: url,
    credentials: { keyId: 'ck_test', secret: 'cs_test' },
    metrics,
    baselines: [],
    logger,
    backoffMs: 1,
    timeoutMs: 1_000,
  });
  const contracts = new InMemoryContracts();
  const observer = drift.observerFor({ subject: SUBJECT, topic: 'orders' }, contracts);
  const metric = async (name: string, labels: Record<string, string>) => {
    const found = (await metrics.getMetricsAsJSON()).find((entry) => entry.name === name);
    const value = (found?.values as Array<{ labels: Record<string, unknown>; value: number }> | undefined)?.find(
      (entry) => Object.entries(labels).every(([key, expected]) => entry.labels[key] === expected),
    );
    return value?.value ?? 0;
  };
  const logged = (event: string) => lines.filter((line) => line.event === event);
  return { drift, contracts, observer, metric, logged };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PipelineDrift', () => {
  // Registry answers tried: 503 (retried, then given up), 201 after an outage, 503 again (a second outage).
  it('never holds up a record while the registry is down; counts each lost event, logs once per outage', async () => {
    let answer = 503;
    const registry = await startRecordingServer(() => answer);
    const { drift, contracts, observer, metric, logged } = setup(registry.origin);
    try {
      contracts.bound = contract('3.0.0');
      for (const record of steady(WINDOW)) observer.observe(record);
      const started = performance.now();
      for (const record of shifted(3 * WINDOW)) observer.observe(record);
      expect(performance.now() - started).toBeLessThan(200);
      expect(await metric('charter_drift_events_total', { field: 'currency', test: 'psi' })).toBe(3);
      await until(
        'three events given up',
        async () => (await metric('charter_pipeline_drift_reports_total', { outcome: 'failed' })) === 3,
      );
      expect(logged('drift.report-failed').filter((line) => line.level === 40)).toHaveLength(1);
      expect(logged('drift.detected')).toHaveLength(3);

      answer = 201;
      for (const record of shifted(WINDOW)) observer.observe(record);
      await until(
        'the event sent',
        async () => (await metric('charter_pipeline_drift_reports_total', { outcome: 'sent' })) === 1,
      );
      expect(logged('drift.report-recovered')).toHaveLength(1);
      const posted = registry.requests.at(-1)!;
      expect(posted.url).toBe('/drift-events');
      expect(posted.headers.authorization).toBe(`Basic ${Buffer.from('ck_test:cs_test').toString('base64')}`);

      answer = 503;
      for (const record of shifted(WINDOW)) observer.observe(record);
      await until(
        'the second outage counted',
        async () => (await metric('charter_pipeline_drift_reports_total', { outcome: 'failed' })) === 4,
      );
      expect(logged('drift.report-failed').filter((line) => line.level === 40)).toHaveLength(2);
    } finally {
      await drift.close();
      await registry.close();
    }
  });

  it('profiles nothing until the contracts are read, nor a subject no contract binds (said once)', async () => {
    const { drift, contracts, observer, metric, logged } = setup('http://127.0.0.1:9');
    try {
      for (const record of steady(WINDOW)) observer.observe(record);
      contracts.bound = undefined;
      for (const record of steady(2 * WINDOW)) observer.observe(record);
      expect(await metric('charter_drift_windows_total', {})).toBe(0);
      expect(logged('drift.unbound')).toHaveLength(1);
      expect(observer.profiler).toBeUndefined();
    } finally {
      await drift.close();
    }
  });

  it('keeps the baseline across a contract version with the same fields, and starts again when they change', async () => {
    const { drift, contracts, observer, metric } = setup('http://127.0.0.1:9');
    const windows = (phase: string) => metric('charter_drift_windows_total', { contract: 'orders', phase });
    try {
      contracts.bound = contract('3.0.0');
      for (const record of steady(WINDOW)) observer.observe(record);
      expect(await windows('baseline')).toBe(1);
      contracts.bound = contract('3.0.1');
      for (const record of steady(WINDOW)) observer.observe(record);
      expect({ baseline: await windows('baseline'), tested: await windows('tested') }).toEqual({
        baseline: 1,
        tested: 1,
      });
      expect(observer.profiler?.baselineReady).toBe(true);
      contracts.bound = contract('4.0.0', [{ name: 'amount_cents', logicalType: 'string' }]);
      for (const record of steady(WINDOW)) observer.observe(record);
      expect({ baseline: await windows('baseline'), tested: await windows('tested') }).toEqual({
        baseline: 2,
        tested: 1,
      });
    } finally {
      await drift.close();
    }
  });

  // Writer schemas tried: none yet (the registry cannot answer: asked again later), an Avro record.
  it('takes the field kinds from the writer schema when the contract declares no fields', async () => {
    const { drift, contracts, observer, logged } = setup('http://127.0.0.1:9');
    try {
      const bare = contract('3.0.0');
      (bare.document.schema as Array<{ properties: unknown[] }>)[0]!.properties = [];
      contracts.bound = bare;
      observer.observe(steady(1)[0]);
      await until('the failed read logged', async () => logged('drift.writer-schema-failed').length === 1);
      expect(observer.profiler).toBeUndefined();
      contracts.latestSchema = {
        id: 1,
        subject: SUBJECT,
        version: 1,
        schemaType: 'AVRO',
        references: [],
        schema: JSON.stringify({
          type: 'record',
          name: 'Order',
          fields: [
            { name: 'amount_cents', type: 'long' },
            { name: 'currency', type: 'string' },
          ],
        }),
      };
      observer.observe(steady(1)[0]);
      await until('the profiler built from the writer schema', async () => observer.profiler !== undefined);
      expect(logged('drift.profiling')).toHaveLength(1);
    } finally {
      await drift.close();
    }
  });
});
