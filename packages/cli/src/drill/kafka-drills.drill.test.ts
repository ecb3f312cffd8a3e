// `charter drill` on the pipeline's Kafka path, end to end on a stack started here: the registry and the lineage
// service on PostgreSQL and Redis, librdkafka's mock broker (the testkit's), the producer edge and the validating
// consumer in-process with the consumer's connections through the drill's fault proxy, the testkit's recording server
// standing in for PagerDuty and Slack.
// Bad inputs tried: a pipeline-records workload without brokers (named, nothing injected); broker-down on a cluster
// whose fault controls the drill does not have (refused, nothing injected).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readContractsDirectory } from '@charter/contracts/node';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { readSla, type Sla } from '@charter/sla';
import { type RecordingServer, startRecordingServer, startTestKafka, type TestKafka } from '@charter/testkit';
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
const slaOf = (text: string): Sla => {
  const result = readSla(text);
  if (!result.sla) throw new Error(JSON.stringify(result.problems));
  return result.sla;
};

let registry: TestRegistry;
let lineage: TestLineage;
let receiver: RecordingServer;
let kafka: TestKafka | undefined;
let outputDir: string;

function options(scenario: Scenario, overrides: Partial<RunDrillOptions> = {}): RunDrillOptions {
  return {
    scenario,
    sla: slaOf(readRunbooks('platform-sla.yaml')),
    runbookText: readRunbooks(scenario.runbook),
    postmortemTemplate: path.join(RUNBOOKS, 'postmortem.md.hbs'),
    outputDir,
    registry: { url: registry.url, authorization: registry.admin },
    lineage: { url: lineage.url, authorization: registry.admin },
    // librdkafka's mock broker has no reachable controller for kafkajs's idempotent producer (ADR 0003); its fault
    // controls take it down for broker-down.
    kafka: { brokers: kafka!.brokers, idempotent: false, controls: kafka },
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

const incident = async (id: string) => (await registry.http.get<{ status: string }>(`/incidents/${id}`)).body;

beforeAll(async () => {
  outputDir = mkdtempSync(path.join(tmpdir(), 'charter-kafka-drills-'));
  receiver = await startRecordingServer(() => 202);
  registry = await startTestRegistry();
  // What `charter apply` does for the orders domain: its schema versions in order, then its contract (the rules a
  // contract-violating poison pill breaks).
  const loaded = await readContractsDirectory(CONTRACTS_DIR);
  const orders = loaded.contracts.find((entry) => entry.contract.id === 'orders')!;
  expect((await registry.http.put('/ownership', loaded.ownership)).status).toBe(200);
  for (const { subject, versions } of orders.schemaVersions) {
    for (const version of versions) {
      expect((await registry.http.post(`/subjects/${subject}/versions`, { schema: version.text })).status).toBe(200);
    }
  }
  expect((await registry.http.put('/contracts/orders', orders.contract.document)).status).toBe(201);
  lineage = await startTestLineage({ registryUrl: registry.url });
}, 60_000);

afterAll(async () => {
  await lineage?.close();
  await registry?.close();
  await receiver?.close();
  rmSync(outputDir, { recursive: true, force: true });
});

// A broker per drill: the consumer group reads its topic from the beginning, and no drill sees another's records.
beforeEach(async () => {
  receiver.requests.length = 0;
  kafka = await startTestKafka({ topics: ['orders', 'orders.dlq'] });
}, 30_000);

afterEach(async () => {
  await kafka?.stop();
  kafka = undefined;
});

describe('charter drill on the pipeline', () => {
  it.each([
    ['kafka-lag', 'pipeline-freshness'],
    ['poison-pills', 'pipeline-dead-letter-ratio'],
    ['broker-down', 'pipeline-produce-availability'],
  ])(
    '%s: detected by %s burning, five stages, recovered within the SLA, no record lost',
    async (name, slo) => {
      const report = await runDrill(options(scenarioNamed(name)));
      if (process.env.DRILL_DEBUG) process.stderr.write(`${JSON.stringify({ ...report, messageIds: undefined })}\n`);
      expect(report.hypotheses.filter((h) => !h.held)).toEqual([]);
      expect(report.status).toBe('passed');
      expect(exitCodeOf(report)).toBe(0);

      // Detection and recovery within the SLA's targets for the alert's severity (÷ timeScale).
      expect(report.detection).toMatchObject({ slo });
      expect(report.detection!.mttdMs).toBeLessThanOrEqual(report.detection!.timeToDetectMs!);
      expect(report.recovery!.mttrMs).toBeLessThanOrEqual(report.detection!.timeToRecoverMs!);

      // Five stages in order, each left completed, timestamps non-decreasing.
      expect(report.stages.map((stage) => [stage.name, stage.outcome])).toEqual(
        ['detect', 'assess', 'contain', 'recover', 'post-mortem'].map((stage) => [stage, 'completed']),
      );
      const times = report.stages.flatMap((stage) => [Date.parse(stage.enteredAt), Date.parse(stage.leftAt!)]);
      expect(times).toEqual([...times].sort((a, b) => a - b));

      // Conservation by record id: every produced id handled or dead-lettered, once.
      const ids = report.messageIds!;
      expect(ids.produced.length).toBeGreaterThan(1_000);
      expect(new Set([...ids.processed, ...ids.deadLettered])).toEqual(new Set(ids.produced));
      expect(ids.processed.filter((id) => ids.deadLettered.includes(id))).toEqual([]);
      expect(ids.lost).toEqual([]);
      if (name === 'poison-pills') {
        // Every pill (and only pills) dead-lettered, each sort under its own class (checked by the hypotheses).
        expect(ids.deadLettered.length).toBeGreaterThan(10);
        expect(ids.deadLettered.every((id) => id.startsWith('pill-'))).toBe(true);
        expect(ids.processed.some((id) => id.startsWith('pill-'))).toBe(false);
        expect(report.hypotheses.map((h) => h.name)).toContain('every poison pill dead-lettered with its reason');
      } else expect(ids.deadLettered).toEqual([]);

      // The page triggered, then resolved, with one dedup key.
      const pages = receiver.requests
        .filter((request) => request.url === '/pagerduty')
        .map((request) => JSON.parse(request.body) as { event_action: string; dedup_key: string });
      expect(pages.map((page) => page.event_action)).toEqual(['trigger', 'resolve']);
      expect(new Set(pages.map((page) => page.dedup_key))).toEqual(new Set([report.incident!.id]));

      expect((await incident(report.incident!.id)).status).toBe('resolved');
      expect(existsSync(report.postmortem!)).toBe(true);
      const markdown = readFileSync(report.postmortem!, 'utf8');
      expect(markdown).toContain(`## Drill: ${name}`);
      expect(markdown).toContain(`| ${report.counts!.produced} | ${report.counts!.processed} |`);
    },
    60_000,
  );

  it('refuses broker-down on a cluster without fault controls before injecting anything', async () => {
    const run = runDrill(options(scenarioNamed('broker-down'), { kafka: { brokers: kafka!.brokers } }));
    await expect(run).rejects.toMatchObject({ code: DrillErrorCode.BrokerControlRequired });
    expect(receiver.requests).toEqual([]);
  });

  it('names the missing broker of a pipeline-records workload before injecting anything', async () => {
    const run = runDrill(options(scenarioNamed('kafka-lag'), { kafka: undefined }));
    await expect(run).rejects.toBeInstanceOf(DrillError);
    await expect(run).rejects.toMatchObject({ code: DrillErrorCode.ComponentNotRunning });
  });
});
