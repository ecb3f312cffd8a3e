// `charter drill` end to end on a real stack started here: the registry and the lineage service on PostgreSQL and
// Redis, the drill's in-process fault proxy, the testkit's recording server standing in for PagerDuty and Slack.
// Bad inputs tried: the alert threshold raised above the fault (not detected → the drill fails, the fault is removed),
// a runbook naming an unknown action (refused with its line before anything runs), the lineage service not running
// (named, nothing injected), Ctrl-C while the incident is in its contain stage (fault removed, incident closed as
// aborted, exit 130).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { readSla, type Sla } from '@charter/sla';
import { type RecordingServer, startRecordingServer } from '@charter/testkit';
import { DrillError, DrillErrorCode } from './drill-error';
import { exitCodeOf } from './drill-report';
import { loadScenario, type Scenario } from './drill-scenario';
import { type RunDrillOptions, runDrill } from './run-drill';

const RUNBOOKS = path.resolve(__dirname, '../../../../runbooks');
const readRunbooks = (file: string) => readFileSync(path.join(RUNBOOKS, file), 'utf8');
const SLA_TEXT = readRunbooks('platform-sla.yaml');
const scenarioNamed = (name: string): Scenario => {
  const loaded = loadScenario(readRunbooks(`scenarios/${name}.yaml`));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.scenario;
};
const SCENARIO = scenarioNamed('registry-down');

let registry: TestRegistry;
let lineage: TestLineage;
let receiver: RecordingServer;
let outputDir: string;

const slaOf = (text: string): Sla => {
  const result = readSla(text);
  if (!result.sla) throw new Error(JSON.stringify(result.problems));
  return result.sla;
};

function options(overrides: Partial<RunDrillOptions> = {}): RunDrillOptions {
  return {
    scenario: SCENARIO,
    sla: slaOf(SLA_TEXT),
    runbookText: readRunbooks('component-outage.yaml'),
    postmortemTemplate: path.join(RUNBOOKS, 'postmortem.md.hbs'),
    outputDir,
    registry: { url: registry.url, authorization: registry.admin },
    lineage: { url: lineage.url, authorization: registry.admin },
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

const shorter = (scenario: Scenario): Scenario => ({
  ...scenario,
  steadyState: { ...scenario.steadyState, duration: 1_000 },
  abort: { ...scenario.abort, notDetectedWithin: 4_000 },
});

/** `Basic base64(id:secret)` → `id:secret`, as CHARTER_API_KEY takes it. */
const keyOf = (authorization: string) => Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');

const incident = async (id: string) =>
  (await registry.http.get<{ status: string; timeline: Array<{ type: string }> }>(`/incidents/${id}`)).body;

beforeAll(async () => {
  outputDir = mkdtempSync(path.join(tmpdir(), 'charter-drills-'));
  receiver = await startRecordingServer(() => 202);
  registry = await startTestRegistry();
  for (const version of [1, 2, 3]) {
    const schema = readFileSync(path.join(CONTRACTS_DIR, `orders/schemas/orders-value/v${version}.avsc`), 'utf8');
    expect((await registry.http.register('orders-value', schema)).status).toBe(200);
  }
  lineage = await startTestLineage({ registryUrl: registry.url });
  // The sample flow, so lineage knows what the orders topic feeds (the breaking change's blast radius).
  const flow = JSON.parse(readFileSync(path.join(CONTRACTS_DIR, 'lineage/sample-flow.json'), 'utf8')) as unknown[];
  for (const event of flow) {
    const response = await fetch(`${lineage.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: registry.admin },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await lineage?.close();
  await registry?.close();
  await receiver?.close();
  rmSync(outputDir, { recursive: true, force: true });
});

beforeEach(() => {
  receiver.requests.length = 0;
});

describe('charter drill registry-down and registry-latency', () => {
  it.each([
    ['registry-down', 'registry-availability'],
    ['registry-latency', 'registry-latency'],
  ])(
    '%s: detected by %s burning, five stages, recovered within the SLA, no message lost',
    async (name, slo) => {
      const report = await runDrill(options({ scenario: scenarioNamed(name) }));
      expect(report.hypotheses.filter((h) => !h.held)).toEqual([]);
      expect(report.status).toBe('passed');
      expect(exitCodeOf(report)).toBe(0);

      // Detection within the SLA's time to detect, recovery within its time to recover (both ÷ timeScale).
      expect(report.detection).toMatchObject({ slo, severity: 'SEV-1' });
      expect(report.detection!.mttdMs).toBeLessThanOrEqual(report.detection!.timeToDetectMs!);
      expect(report.detection!.timeToDetectMs).toBe(Math.round((5 * 60_000) / 120));
      expect(report.recovery!.mttrMs).toBeLessThanOrEqual(report.detection!.timeToRecoverMs!);

      // Five stages in order, each left completed, timestamps non-decreasing.
      expect(report.stages.map((stage) => [stage.name, stage.outcome])).toEqual(
        ['detect', 'assess', 'contain', 'recover', 'post-mortem'].map((name) => [name, 'completed']),
      );
      const times = report.stages.flatMap((stage) => [Date.parse(stage.enteredAt), Date.parse(stage.leftAt!)]);
      expect(times).toEqual([...times].sort((a, b) => a - b));

      // Conservation by message id: every produced id processed or dead-lettered, once.
      const ids = report.messageIds!;
      expect(ids.produced.length).toBeGreaterThan(20);
      expect(new Set([...ids.processed, ...ids.deadLettered])).toEqual(new Set(ids.produced));
      expect(ids.processed.filter((id) => ids.deadLettered.includes(id))).toEqual([]);
      expect(ids.lost).toEqual([]);
      if (name === 'registry-down') expect(report.counts!.requests.failed).toBeGreaterThan(0);

      // The page triggered, then resolved, with one dedup key.
      const pages = receiver.requests
        .filter((request) => request.url === '/pagerduty')
        .map((request) => JSON.parse(request.body) as { event_action: string; dedup_key: string });
      expect(pages.map((page) => page.event_action)).toEqual(['trigger', 'resolve']);
      expect(new Set(pages.map((page) => page.dedup_key))).toEqual(new Set([report.incident!.id]));

      // The incident is resolved in the registry; the post-mortem has MTTD/MTTR and the drill's counts.
      expect(report.incident!.closedAs).toBe('resolved');
      expect((await incident(report.incident!.id)).status).toBe('resolved');
      expect(existsSync(report.postmortem!)).toBe(true);
      const markdown = readFileSync(report.postmortem!, 'utf8');
      expect(markdown).toContain('MTTD');
      expect(markdown).toContain(`## Drill: ${name}`);
      expect(markdown).toContain(`| ${report.counts!.produced} | ${report.counts!.processed} |`);
    },
    60_000,
  );

  it('fails when the alert threshold is raised above the fault: not detected, fault removed, exit 1', async () => {
    const raised = SLA_TEXT.replace(/threshold: [\d.]+/g, 'threshold: 5000');
    const report = await runDrill(options({ sla: slaOf(raised), scenario: shorter(SCENARIO) }));
    expect(report.status).toBe('not-detected');
    expect(exitCodeOf(report)).toBe(1);
    expect(report.incident).toBeUndefined();
    expect(report.hypotheses).toContainEqual(expect.objectContaining({ name: 'the fault is detected', held: false }));
    expect(receiver.requests.filter((request) => request.url === '/pagerduty')).toEqual([]);
  }, 30_000);

  it('on Ctrl-C mid-drill removes the fault, closes the incident as aborted and exits 130', async () => {
    const controller = new AbortController();
    const report = await runDrill(
      options({
        signal: controller.signal,
        onProgress: (line) => {
          if (line.includes('contain')) controller.abort(new Error('SIGINT'));
        },
      }),
    );
    expect(report.status).toBe('aborted');
    expect(exitCodeOf(report)).toBe(130);
    expect(report.incident?.closedAs).toBe('aborted');
    expect((await incident(report.incident!.id)).status).toBe('aborted');
    // The stack is left as it was: the registry answers directly and the page was resolved by cleanup.
    expect((await registry.http.get('/subjects')).status).toBe(200);
    const actions = receiver.requests
      .filter((request) => request.url === '/pagerduty')
      .map((request) => (JSON.parse(request.body) as { event_action: string }).event_action);
    expect(actions).toEqual(['trigger', 'resolve']);
  }, 60_000);

  it('refuses a runbook naming an unknown action, with its line, before injecting anything', async () => {
    const runbookText = readRunbooks('component-outage.yaml').replace('action: fault.remove', 'action: fault.erase');
    const error = await runDrill(options({ runbookText })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DrillError);
    expect((error as DrillError).code).toBe(DrillErrorCode.InvalidInput);
    expect((error as DrillError).message).toMatch(/line \d+:\d+ .*unknown action "fault.erase"/);
  });

  it('names a component that is not running', async () => {
    const error = await runDrill(options({ lineage: { url: 'http://127.0.0.1:9' } })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DrillError);
    expect((error as DrillError).code).toBe(DrillErrorCode.ComponentNotRunning);
    expect((error as DrillError).details).toMatchObject({ component: 'lineage' });
  });
});

describe('charter drill as a process', () => {
  it('Ctrl-C (SIGINT) mid-drill: exit 130, the incident closed as aborted, the registry reachable', async () => {
    const cli = path.resolve(__dirname, '../..');
    // node --import tsx, not the tsx binary: tsx's wrapper relays a signal and SIGKILLs its child when the child has
    // not confirmed it within 30 ms — on a loaded machine that kills the drill before its handler runs.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(cli, 'src/main.ts'),
        'drill',
        'registry-down',
        '--runbooks',
        RUNBOOKS,
        '--registry',
        registry.url,
        '--lineage',
        lineage.url,
        '--out',
        outputDir,
      ],
      { cwd: cli, env: { ...process.env, CHARTER_API_KEY: keyOf(registry.admin) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('▶ contain') && !child.killed) child.kill('SIGINT');
    });
    // 'close', not 'exit': the exit can come before the last of stderr has been read.
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toContain('interrupted');
    expect(code).toBe(130);
    const incidents = await registry.http.get<{ incidents: Array<{ subject: string; status: string }> }>(
      '/incidents?subject=registry',
    );
    expect(incidents.body.incidents.map((incident) => incident.status)).toContain('aborted');
    expect((await fetch(`${registry.url}/subjects`, { headers: { authorization: registry.admin } })).status).toBe(200);
  }, 60_000);
});

describe('charter drill breaking-change-shipped', () => {
  // Twice: a drill leaves the stack as it found it, so the next one ships (and rolls back) its own version again.
  it.each([['first run'], ['second run']])(
    '%s: caught by lineage contract-breach check, locked and rolled back within the SLA, no message lost',
    async () => {
      const report = await runDrill(
        options({
          scenario: scenarioNamed('breaking-change-shipped'),
          runbookText: readRunbooks('schema-incident.yaml'),
        }),
      );
      expect(report.hypotheses.filter((h) => !h.held)).toEqual([]);
      expect(report.status).toBe('passed');
      expect(report.detection).toMatchObject({ slo: 'contract-breach', policy: 'lineage-contract-breach-check' });
      expect(['SEV-1', 'SEV-2']).toContain(report.detection!.severity);
      expect(report.detection!.mttdMs).toBeLessThanOrEqual(report.detection!.timeToDetectMs!);
      expect(report.recovery!.mttrMs).toBeLessThanOrEqual(report.detection!.timeToRecoverMs!);
      expect(report.stages.map((stage) => [stage.name, stage.outcome])).toEqual(
        ['detect', 'assess', 'contain', 'recover', 'post-mortem'].map((name) => [name, 'completed']),
      );
      // The bad version (v4) is rolled back and the subject unlocked: v3 is latest and a compatible version registers.
      const latest = await registry.http.get<{ version: number }>('/subjects/orders-value/versions/latest');
      expect(latest.body.version).toBe(3);
      expect((await registry.http.get('/mode/orders-value')).status).toBe(404);
      const ids = report.messageIds!;
      expect(new Set([...ids.processed, ...ids.deadLettered])).toEqual(new Set(ids.produced));
      const pages = receiver.requests
        .filter((request) => request.url === '/pagerduty')
        .map((request) => (JSON.parse(request.body) as { event_action: string }).event_action);
      expect(pages).toEqual(['trigger', 'resolve']);
      const markdown = readFileSync(report.postmortem!, 'utf8');
      expect(markdown).toContain('## Blast radius');
      expect(markdown).toContain('dashboards.executive_revenue');
    },
    60_000,
  );
});
