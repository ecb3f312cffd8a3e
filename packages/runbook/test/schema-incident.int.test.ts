// The real runbook (runbooks/schema-incident.yaml) through the engine against a real registry and lineage service on
// PostgreSQL and Redis, with the testkit's recording server standing in for PagerDuty and Slack.
// Bad inputs tried: Ctrl-C while a human step waits (cleanup unlocks the subject, resolves the page, the incident is
// closed aborted), the lineage service unreachable (blast radius retried, then escalated: the incident stays open,
// the subject is given back), Slack answering 500 (recorded on the timeline, the run goes on), human steps left
// waiting until a person acknowledges them through the API, an action missing from the registry.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import {
  type IssuedKey,
  issueKey,
  startTestRegistry,
  TEST_OWNERSHIP,
  type TestRegistry,
} from '@charter/registry/testing';
import { type RecordingServer, startRecordingServer } from '@charter/testkit';
import { ActionFailedError, readRunbook, STAGES, type TimelineEntry } from '../src';
import {
  acknowledgeThroughApi,
  incidentActions,
  postmortemActions,
  type RunIncidentOptions,
  registryActions,
  runIncident,
} from '../src/node';
import { minimalRunbook, toYaml } from './minimal-runbook';

const RUNBOOKS = path.resolve(__dirname, '../../../runbooks');
const SUBJECT = 'orders-value';
const read = (file: string) => readFileSync(path.join(CONTRACTS_DIR, file), 'utf8');
const V3 = JSON.parse(read('orders/schemas/orders-value/v3.avsc'));
/** A version that drops a field: lineage carries `currency` to the tier-1 revenue contract and dashboard. */
const without = (field: string) =>
  JSON.stringify({ ...V3, fields: V3.fields.filter((candidate: { name: string }) => candidate.name !== field) });

let registry: TestRegistry;
let lineage: TestLineage;
let receiver: RecordingServer;
let key: IssuedKey;
let outputDir: string;
let failSlack = false;

const authorization = () => `Basic ${Buffer.from(`${key.id}:${key.secret}`).toString('base64')}`;

function options(overrides: Partial<RunIncidentOptions> = {}): RunIncidentOptions {
  const runbook = readRunbook(readFileSync(path.join(RUNBOOKS, 'schema-incident.yaml'), 'utf8'));
  return {
    runbook,
    registry: { url: registry.url, authorization: authorization() },
    lineage: { url: lineage.url, authorization: authorization() },
    channels: {
      endpoints: {
        pagerduty: { channel: 'pagerduty', url: `${receiver.origin}/pagerduty`, routingKey: 'test-routing-key' },
        slack: { channel: 'slack', url: `${receiver.origin}/slack` },
      },
      registryUrl: registry.url,
    },
    postmortem: { template: path.join(RUNBOOKS, 'postmortem.md.hbs'), outputDir },
    input: {},
    ...overrides,
  };
}

async function registerBadVersion(field: string): Promise<{ version: number; faultAt: string }> {
  const faultAt = new Date().toISOString();
  const answer = await registry.http.register(SUBJECT, without(field));
  expect(answer.status).toBe(200);
  const latest = await registry.http.get<{ version: number }>(`/subjects/${SUBJECT}/versions/latest`);
  return { version: latest.body.version, faultAt };
}

const requestsTo = (route: string) =>
  receiver.requests.filter((request) => request.url === route).map((request) => JSON.parse(request.body));

beforeAll(async () => {
  outputDir = mkdtempSync(path.join(tmpdir(), 'charter-postmortems-'));
  receiver = await startRecordingServer((request) => (failSlack && request.url === '/slack' ? 500 : 200));
  registry = await startTestRegistry();
  expect((await registry.http.put('/ownership', TEST_OWNERSHIP)).status).toBe(200);
  for (const version of [1, 2, 3]) {
    const answer = await registry.http.register(SUBJECT, read(`orders/schemas/orders-value/v${version}.avsc`));
    expect(answer.status).toBe(200);
  }
  key = (await issueKey(registry.http, 'team:orders', 'orders on-call')).key;
  lineage = await startTestLineage({ registryUrl: registry.url });
  for (const event of JSON.parse(read('lineage/sample-flow.json')) as unknown[]) {
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
  failSlack = false;
});

describe('the schema-incident runbook against a real registry and lineage', () => {
  it('opens, assesses, pages, locks, rolls back, resolves and writes the post-mortem — five stages in order', async () => {
    const { version, faultAt } = await registerBadVersion('currency');
    expect(version).toBe(4);
    const run = await runIncident(
      options({
        input: { subject: SUBJECT, version, title: 'orders-value v4 dropped currency', changedBy: 'orders', faultAt },
      }),
    );
    const { result, incident } = run;
    expect(result.status).toBe('completed');
    expect(run.closedAs).toBe('resolved');
    expect(run.timelineSync).toMatchObject({ failed: 0 });

    // All five stages, entered and left in order, with increasing timestamps.
    const stageEvents = result.timeline.filter(
      (entry): entry is Extract<TimelineEntry, { type: 'stage-entered' | 'stage-left' }> =>
        entry.type === 'stage-entered' || entry.type === 'stage-left',
    );
    expect(stageEvents.map((entry) => `${entry.type}:${entry.stage}`)).toEqual(
      STAGES.flatMap((stage) => [`stage-entered:${stage}`, `stage-left:${stage}`]),
    );
    const times = stageEvents.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Object.values(result.stages)).toEqual(STAGES.map(() => 'completed'));

    // Blast radius from lineage and the runbook's severity policy.
    const blast = result.context.steps['blast-radius'] as {
      verdict: string;
      tier: string;
      datasets: unknown[];
      owners: string[];
    };
    // The sample flow carries currency to the executive revenue dashboard: lineage blocks; no contract binds the
    // subject in this registry and none is reached, so the policy's `block` without tier-1 gives SEV-2.
    expect(blast.verdict).toBe('block');
    expect(blast.owners).toEqual(['analytics', 'platform']);
    expect(blast.datasets).toContainEqual(expect.objectContaining({ name: 'dashboards.executive_revenue' }));
    expect(result.context.steps['subject-contract']).toEqual({ subject: SUBJECT, contract: null, tier: null });
    expect(result.context.severity).toBe('SEV-2');

    // The page: a trigger and then its resolve, one dedup key (the incident); routing key added on delivery.
    const pages = requestsTo('/pagerduty');
    expect(pages.map((page) => page.event_action)).toEqual(['trigger', 'resolve']);
    expect(new Set(pages.map((page) => page.dedup_key))).toEqual(new Set([incident!.id]));
    expect(pages[0]).toMatchObject({
      routing_key: 'test-routing-key',
      payload: { severity: 'error', component: SUBJECT },
    });
    // Slack: a message as each of the four notifying stages is entered and left.
    expect(requestsTo('/slack')).toHaveLength(8);

    // The subject: the bad version soft-deleted, v3 latest again, the lock lifted.
    expect((await registry.http.get<{ version: number }>(`/subjects/${SUBJECT}/versions/latest`)).body.version).toBe(3);
    expect((await registry.http.get(`/mode/${SUBJECT}`)).status).toBe(404);

    // The incident in the registry: resolved, severity kept, the whole timeline and both acknowledgements.
    const stored = await registry.http.get<{
      status: string;
      severity: string;
      acknowledged_at: string | null;
      timeline: Array<{ type: string; stage?: string; step?: string }>;
    }>(`/incidents/${incident!.id}`);
    expect(stored.body).toMatchObject({ status: 'resolved', severity: 'SEV-2' });
    expect(stored.body.acknowledged_at).not.toBeNull();
    expect(stored.body.timeline.filter((entry) => entry.type === 'stage-left').map((entry) => entry.stage)).toEqual([
      ...STAGES,
    ]);
    expect(stored.body.timeline.filter((entry) => entry.type === 'acknowledged').map((entry) => entry.step)).toEqual([
      'confirm-containment',
      'confirm-recovery',
    ]);
    expect(stored.body.timeline.filter((entry) => entry.type !== 'acknowledged')).toHaveLength(result.timeline.length);

    // The post-mortem: MTTD/MTTR, the blast radius table, the timeline and the owners.
    const postmortem = result.context.steps['write-postmortem'] as { file: string; mttdMs: number; mttrMs: number };
    const markdown = readFileSync(postmortem.file, 'utf8');
    expect(postmortem.mttrMs).toBeGreaterThanOrEqual(postmortem.mttdMs);
    expect(markdown).toContain(`# Post-mortem: orders-value v4 dropped currency`);
    expect(markdown).toMatch(/MTTD \d/);
    expect(markdown).toMatch(/MTTR \d/);
    expect(markdown).toContain('| Severity | **SEV-2** |');
    expect(markdown).toContain('## Blast radius');
    expect(markdown).toContain('| dashboards.executive_revenue | looker://acme.looker.com | analytics |');
    expect(markdown).toMatch(/\| rollback \| recover \| subject-expert \| .* \| succeeded \| 1 \|/);
    expect(markdown).toContain('| Outcome | recovered |');
    expect(markdown).toMatch(/\| confirm-containment \| contain \| incident-commander \| .* \| succeeded \|/);
    // …and the same Markdown on the incident in the registry, put by the owning team's key.
    const kept = await registry.http.get<{ markdown: string; updated_by: string }>(
      `/incidents/${incident!.id}/postmortem`,
    );
    expect(kept.body).toEqual(expect.objectContaining({ markdown, updated_by: 'team:orders' }));
    expect(result.context.steps['write-postmortem']).toMatchObject({ registry: { stored: true } });

    // A registry that refuses the post-mortem (another team's key) leaves the file written and says why.
    const growth = (await issueKey(registry.http, 'team:growth')).key;
    const refused = await postmortemActions({
      template: path.join(RUNBOOKS, 'postmortem.md.hbs'),
      outputDir,
      registryUrl: registry.url,
      registry: {
        url: registry.url,
        authorization: `Basic ${Buffer.from(`${growth.id}:${growth.secret}`).toString('base64')}`,
      },
    })['postmortem.write']!(
      { incident: incident!.id, subject: SUBJECT, version, title: 'refused', severity: 'SEV-2', faultAt },
      {
        signal: new AbortController().signal,
        attempt: 1,
        step: { id: 'write-postmortem', owner: 'scribe', stage: 'post-mortem' },
        run: result.context,
        runbook: options().runbook,
        timeline: result.timeline,
        setSeverity: () => undefined,
      },
    );
    expect(refused).toMatchObject({ registry: { stored: false, error: expect.stringContaining('403 (40301)') } });
    expect(readFileSync((refused as { file: string }).file, 'utf8')).toContain('# Post-mortem: refused');
    expect((await registry.http.get<{ markdown: string }>(`/incidents/${incident!.id}/postmortem`)).body.markdown).toBe(
      markdown,
    );
  });

  it('on Ctrl-C while a human step waits: the subject is given back, the page resolved, the incident aborted', async () => {
    const { version, faultAt } = await registerBadVersion('status');
    const controller = new AbortController();
    const run = await runIncident(
      options({
        input: { subject: SUBJECT, version, title: 'status dropped', changedBy: 'orders', faultAt },
        signal: controller.signal,
        acknowledge: async ({ step, signal }) => {
          if (step === 'confirm-containment') setTimeout(() => controller.abort(), 10);
          await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
          return { by: 'nobody' };
        },
      }),
    );
    expect(run.result.status).toBe('aborted');
    expect(run.result.stages).toMatchObject({
      contain: 'aborted',
      recover: 'not-entered',
      'post-mortem': 'not-entered',
    });
    expect(run.closedAs).toBe('aborted');
    expect((await registry.http.get(`/mode/${SUBJECT}`)).status).toBe(404);
    expect((await registry.http.get<{ version: number }>(`/subjects/${SUBJECT}/versions/latest`)).body.version).toBe(
      version,
    );
    expect(requestsTo('/pagerduty').map((page) => page.event_action)).toEqual(['trigger', 'resolve']);
    const stored = await registry.http.get<{ status: string }>(`/incidents/${run.incident!.id}`);
    expect(stored.body.status).toBe('aborted');
    // Clean up for the next test: the bad version goes.
    expect((await registry.http.delete(`/subjects/${SUBJECT}/versions/${version}`)).status).toBe(200);
  });

  it('waits for people to acknowledge human steps through POST /incidents/{id}/ack', async () => {
    const { version, faultAt } = await registerBadVersion('coupon_code');
    let incidentId: string | undefined;
    const acks: Array<Promise<Response>> = [];
    const severitiesSeen: Array<string | null> = [];
    const run = await runIncident(
      options({
        input: { subject: SUBJECT, version, title: 'coupon_code dropped', changedBy: 'orders', faultAt },
        acknowledge: acknowledgeThroughApi({
          registry: { url: registry.url, authorization: authorization() },
          incidentId: () => incidentId,
          pollMs: 20,
        }),
        onEntry: (entry) => {
          // A person acknowledges each human step some time after it starts: they find the open incident on the
          // subject and POST the acknowledgement with the on-call key.
          if (entry.type === 'step-started' && entry.step.startsWith('confirm-')) {
            const step = entry.step;
            acks.push(
              new Promise((resolve) => setTimeout(resolve, 60)).then(async () => {
                const open = await registry.http.get<{ incidents: Array<{ id: string; severity: string | null }> }>(
                  `/incidents?status=open&subject=${SUBJECT}`,
                );
                incidentId = open.body.incidents[0]!.id;
                severitiesSeen.push(open.body.incidents[0]!.severity);
                return fetch(`${registry.url}/incidents/${incidentId}/ack`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', authorization: authorization() },
                  body: JSON.stringify({ step }),
                });
              }),
            );
          }
        },
      }),
    );
    expect((await Promise.all(acks)).map((response) => response.status)).toEqual([200, 200]);
    // coupon_code reaches no executive asset: lineage warns, SEV-3 — and the open incident showed it with the
    // timeline before anyone acknowledged anything.
    expect(run.result.context.severity).toBe('SEV-3');
    expect(severitiesSeen).toEqual(['SEV-3', 'SEV-3']);
    expect(run.result.status).toBe('completed');
    for (const step of ['confirm-containment', 'confirm-recovery']) {
      const finished = run.result.timeline.find((entry) => entry.type === 'step-finished' && entry.step === step);
      expect(finished).toMatchObject({ outcome: 'succeeded', acknowledgedBy: 'team:orders' });
      expect((finished as { acknowledgementDelayMs: number }).acknowledgementDelayMs).toBeGreaterThanOrEqual(50);
    }
  });

  it('escalates when lineage is unreachable after retries: incident left open, cleanup ran, Slack failures recorded', async () => {
    failSlack = true;
    const { version, faultAt } = await registerBadVersion('placed_at');
    const run = await runIncident(
      options({
        lineage: { url: 'http://127.0.0.1:9', authorization: authorization() },
        input: { subject: SUBJECT, version, title: 'placed_at dropped', changedBy: 'orders', faultAt },
      }),
    );
    expect(run.result.status).toBe('escalated');
    expect(run.result.stages).toMatchObject({ detect: 'completed', assess: 'escalated', contain: 'not-entered' });
    const blast = run.result.timeline.find((entry) => entry.type === 'step-finished' && entry.step === 'blast-radius');
    expect(blast).toMatchObject({ outcome: 'failed', attempts: 3, handling: 'escalate' });
    expect(run.closedAs).toBe('open');
    expect((await registry.http.get<{ status: string }>(`/incidents/${run.incident!.id}`)).body.status).toBe('open');
    // The open incident lists with what is known: no severity was assessed before the run stopped.
    const open = await registry.http.get<{ incidents: Array<{ id: string; severity: string | null }> }>(
      `/incidents?status=open&subject=${SUBJECT}`,
    );
    expect(open.body.incidents.find((item) => item.id === run.incident!.id)).toMatchObject({ severity: null });
    const notes = run.result.timeline.filter((entry) => entry.type === 'notification');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((entry) => entry.type === 'notification' && !entry.delivered)).toBe(true);
    expect(requestsTo('/pagerduty').map((page) => page.event_action)).toEqual(['resolve']);
    expect((await registry.http.delete(`/subjects/${SUBJECT}/versions/${version}`)).status).toBe(200);
  }, 30_000);

  it('reads the tier of the contract binding a subject (subject.contract), for the severity policy', async () => {
    for (const version of [1, 2]) {
      const schema = read(`user-events/schemas/user-events-value/v${version}.json`);
      expect((await registry.http.register('user-events-value', schema, { schemaType: 'JSON' })).status).toBe(200);
    }
    const published = await registry.http.put('/contracts/user-events', read('user-events/contract.odcs.yaml'), {
      'content-type': 'application/yaml',
    });
    expect(published.status).toBeLessThan(300);
    const action = incidentActions(options())['subject.contract']!;
    const context = { signal: AbortSignal.timeout(5_000) } as Parameters<typeof action>[1];
    expect(await action({ subject: 'user-events-value' }, context)).toEqual({
      subject: 'user-events-value',
      contract: 'user-events',
      tier: 'tier-2',
    });
  });

  it('opens one incident when the open is retried after its answer was lost (Idempotency-Key = run and step)', async () => {
    const runbook = minimalRunbook();
    runbook.stages[0]!.steps = [
      {
        id: 'open-incident',
        action: 'incident.open',
        owner: 'incident-commander',
        onFailure: { retry: 2, backoff: '10ms', after: 'escalate' },
        with: { subject: SUBJECT, title: 'orders-value: the answer to the open was lost' },
      },
    ];
    const open = registryActions({ url: registry.url, authorization: authorization() })['incident.open']!;
    const opened: string[] = [];
    const incidents = async () =>
      (await registry.http.get<{ incidents: Array<{ id: string }> }>(`/incidents?subject=${SUBJECT}&limit=200`)).body
        .incidents;
    const before = await incidents();

    const run = await runIncident(
      options({
        runbook: readRunbook(toYaml(runbook)),
        actions: {
          noop: () => ({ ok: true }),
          // The registry opens the incident, then the answer is lost on the way back (a network blip).
          'incident.open': async (params, context) => {
            const incident = (await open(params, context)) as { id: string };
            opened.push(incident.id);
            if (context.attempt === 1) throw new ActionFailedError('connection reset before the answer arrived');
            return incident;
          },
        },
      }),
    );

    expect(run.result.status).toBe('completed');
    expect(opened).toHaveLength(2);
    expect(opened[1]).toBe(opened[0]);
    const after = await incidents();
    expect(after.filter((incident) => !before.some((earlier) => earlier.id === incident.id))).toEqual([
      expect.objectContaining({ id: opened[0], status: 'resolved' }),
    ]);
    expect(run.incident?.id).toBe(opened[0]);
  });

  it('refuses the runbook before anything runs when an action is missing from the registry', async () => {
    const actions = incidentActions(options());
    const { 'subject.rollback': _missing, ...rest } = actions;
    const text = readFileSync(path.join(RUNBOOKS, 'schema-incident.yaml'), 'utf8');
    expect(() => readRunbook(text, { actions: Object.keys(rest) })).toThrow(
      /line \d+.*unknown action "subject.rollback"/,
    );
  });
});
