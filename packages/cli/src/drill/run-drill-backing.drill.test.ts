// `charter drill postgres-down` and `redis-down` end to end: a registry whose DATABASE_URL and REDIS_URL go through a
// fault proxy started here (as `charter chaos proxy` would be), a second registry keeping the incidents, the lineage
// service, the testkit's recording server standing in for PagerDuty and Slack.
// Bad inputs tried: no fault proxy given for a fault behind the registry (exit 2, naming --proxy-url and the
// variable to point at it), a fault proxy without a proxy named after the service (exit 2), postgres-down with the
// incidents kept in the registry whose database goes down (exit 2, naming --incidents).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChaosClient, type ChaosServer, startChaosServer } from '@charter/chaos';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { MIGRATIONS_DIR, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { readSla, type Sla } from '@charter/sla';
import {
  createTestDatabase,
  createTestRedis,
  type RecordingServer,
  startRecordingServer,
  type TestDatabase,
  type TestRedis,
} from '@charter/testkit';
import { DrillError, DrillErrorCode } from './drill-error';
import { exitCodeOf } from './drill-report';
import { loadScenario, type Scenario } from './drill-scenario';
import { type RunDrillOptions, runDrill } from './run-drill';

const RUNBOOKS = path.resolve(__dirname, '../../../../runbooks');
const readRunbooks = (file: string) => readFileSync(path.join(RUNBOOKS, file), 'utf8');
const scenarioNamed = (name: string): Scenario => {
  const loaded = loadScenario(readRunbooks(`scenarios/${name}.yaml`));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.scenario;
};
const sla = (): Sla => {
  const result = readSla(readRunbooks('platform-sla.yaml'));
  if (!result.sla) throw new Error(JSON.stringify(result.problems));
  return result.sla;
};

/** The same URL with its host and port replaced by the proxy's. */
function throughProxy(url: string, listen: string): string {
  const proxied = new URL(url);
  proxied.host = listen;
  return proxied.toString();
}

let chaos: ChaosServer;
let database: TestDatabase;
let redis: TestRedis;
/** The registry under drill: its database and Redis behind the fault proxy. */
let registry: TestRegistry;
/** Where incidents are kept (the drill cannot open one in a registry whose database is down). */
let incidents: TestRegistry;
let lineage: TestLineage;
let receiver: RecordingServer;
let outputDir: string;

function options(overrides: Partial<RunDrillOptions> = {}): RunDrillOptions {
  return {
    scenario: scenarioNamed('postgres-down'),
    sla: sla(),
    runbookText: readRunbooks('component-outage.yaml'),
    postmortemTemplate: path.join(RUNBOOKS, 'postmortem.md.hbs'),
    outputDir,
    registry: { url: registry.url, authorization: registry.admin },
    incidents: { url: incidents.url, authorization: incidents.admin },
    lineage: { url: lineage.url, authorization: incidents.admin },
    faultProxyUrl: chaos.url,
    channels: {
      endpoints: {
        pagerduty: { channel: 'pagerduty', url: `${receiver.origin}/pagerduty`, routingKey: 'test-routing-key' },
        slack: { channel: 'slack', url: `${receiver.origin}/slack` },
      },
    },
    scrapeIntervalMs: 100,
    ...(process.env.DRILL_DEBUG ? { onProgress: (line: string) => process.stderr.write(`${line}\n`) } : {}),
    ...overrides,
  };
}

beforeAll(async () => {
  outputDir = mkdtempSync(path.join(tmpdir(), 'charter-drills-db-'));
  receiver = await startRecordingServer(() => 202);
  chaos = await startChaosServer({ listen: '127.0.0.1:0' });
  const client = new ChaosClient(chaos.url);
  database = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
  redis = await createTestRedis();
  const pg = await client.createProxy({
    name: 'postgres',
    upstream: new URL(database.url).host,
    listen: '127.0.0.1:0',
  });
  const cache = await client.createProxy({ name: 'redis', upstream: new URL(redis.url).host, listen: '127.0.0.1:0' });
  registry = await startTestRegistry({
    database: { url: throughProxy(database.url, pg.listen) },
    redis: { url: throughProxy(redis.url, cache.listen), prefix: redis.prefix },
  });
  for (const version of [1, 2, 3]) {
    const schema = readFileSync(path.join(CONTRACTS_DIR, `orders/schemas/orders-value/v${version}.avsc`), 'utf8');
    expect((await registry.http.register('orders-value', schema)).status).toBe(200);
  }
  incidents = await startTestRegistry();
  lineage = await startTestLineage({ registryUrl: incidents.url });
}, 60_000);

afterAll(async () => {
  await lineage?.close();
  await incidents?.close();
  await registry?.close();
  await chaos?.close();
  await redis?.cleanup();
  await database?.drop();
  await receiver?.close();
  rmSync(outputDir, { recursive: true, force: true });
});

beforeEach(() => {
  receiver.requests.length = 0;
});

describe('charter drill postgres-down', () => {
  it('detected by registry-availability burning, five stages, recovered within the SLA, no message lost', async () => {
    const report = await runDrill(options());
    expect(report.hypotheses.filter((h) => !h.held)).toEqual([]);
    expect(report.status).toBe('passed');
    expect(exitCodeOf(report)).toBe(0);

    expect(report.detection).toMatchObject({ slo: 'registry-availability', severity: 'SEV-1' });
    expect(report.detection!.mttdMs).toBeLessThanOrEqual(report.detection!.timeToDetectMs!);
    expect(report.recovery!.mttrMs).toBeLessThanOrEqual(report.detection!.timeToRecoverMs!);
    process.stderr.write(
      `postgres-down: MTTD ${report.detection!.mttdMs} ms, MTTR ${report.recovery!.mttrMs} ms, ${JSON.stringify(report.counts)}\n`,
    );

    expect(report.stages.map((stage) => [stage.name, stage.outcome])).toEqual(
      ['detect', 'assess', 'contain', 'recover', 'post-mortem'].map((name) => [name, 'completed']),
    );
    // The registry's uncached reads failed while its database was down, and work again.
    expect(report.counts!.requests.failed).toBeGreaterThan(0);
    const ids = report.messageIds!;
    expect(ids.produced.length).toBeGreaterThan(20);
    expect(new Set([...ids.processed, ...ids.deadLettered])).toEqual(new Set(ids.produced));
    expect(ids.processed.filter((id) => ids.deadLettered.includes(id))).toEqual([]);
    expect(ids.lost).toEqual([]);
    expect((await fetch(`${registry.url}/ready`)).status).toBe(200);

    const pages = receiver.requests
      .filter((request) => request.url === '/pagerduty')
      .map((request) => JSON.parse(request.body) as { event_action: string; dedup_key: string });
    expect(pages.map((page) => page.event_action)).toEqual(['trigger', 'resolve']);
    expect(new Set(pages.map((page) => page.dedup_key))).toEqual(new Set([report.incident!.id]));
    expect(report.incident!.closedAs).toBe('resolved');
    const kept = await incidents.http.get<{ status: string }>(`/incidents/${report.incident!.id}`);
    expect(kept.body.status).toBe('resolved');
    expect(existsSync(report.postmortem!)).toBe(true);
    const markdown = readFileSync(report.postmortem!, 'utf8');
    expect(markdown).toContain('## Drill: postgres-down');
    expect(markdown).toContain(`| ${report.counts!.produced} | ${report.counts!.processed} |`);
  }, 60_000);
});

describe('charter drill redis-down', () => {
  it('is absorbed: no SLO burns, reads fall through to PostgreSQL, nothing lost, nobody paged', async () => {
    const report = await runDrill(options({ scenario: scenarioNamed('redis-down') }));
    expect(report.hypotheses.filter((h) => !h.held)).toEqual([]);
    expect(report.status).toBe('passed');
    expect(exitCodeOf(report)).toBe(0);
    expect(report.absorbed).toMatchObject({ holdMs: 5_000, alertsFired: [] });
    expect(report.absorbed!.cacheMisses).toBeGreaterThan(0);
    process.stderr.write(
      `redis-down: absorbed, ${report.absorbed!.cacheMisses} cache misses, ${JSON.stringify(report.counts)}\n`,
    );
    expect(report.counts!.requests.failed).toBe(0);
    const ids = report.messageIds!;
    expect(ids.produced.length).toBeGreaterThan(20);
    expect(new Set(ids.processed)).toEqual(new Set(ids.produced));
    expect(report.incident).toBeUndefined();
    expect(receiver.requests.filter((request) => request.url === '/pagerduty')).toEqual([]);
  }, 60_000);
});

describe('a fault behind the registry without a way to reach it', () => {
  it.each([
    ['no fault proxy given', 'redis-down', { faultProxyUrl: undefined }, /--proxy-url.*|REDIS_URL/],
    [
      'no proxy named redis there',
      'redis-down',
      { faultProxyUrl: 'http://127.0.0.1:9' },
      /no fault proxy named "redis"/,
    ],
    ['incidents in the registry that goes down', 'postgres-down', { incidents: undefined }, /--incidents/],
  ] as const)('%s: exit 2 with what to do', async (_case, name, overrides, message) => {
    const error = await runDrill(options({ scenario: scenarioNamed(name), ...overrides })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DrillError);
    expect((error as DrillError).code).toBe(DrillErrorCode.FaultProxyRequired);
    expect((error as DrillError).message).toMatch(message);
  });
});
