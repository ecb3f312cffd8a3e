// The gate as a pull request lives it, end to end: a real git repository, a real registry, a real lineage service
// and a local fake of GitHub's REST API. A branch drops a contracted field (`currency`, which the executive revenue
// dashboard reads): the first push only drops it from the schema, which no approval can let through; the second
// also publishes a contract version without it, which leaves the blast radius to approve; the consumer team approves
// on the registry and the third run is green. One sticky comment follows the whole story.
// Bad inputs tried here: none beyond the story (the gate's refusals are in diff-gate.e2e and github-gate tests).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IssuedKey } from '@charter/registry/testing';
import { readCommentState } from '../../src/diff/github/sticky-comment';
import { type FakeGitHub, startFakeGitHub } from '../fake-github-api';
import { runCharter } from '../run-charter';
import { type GateStack, keyOf, ORDERS_DIR, readContract, startGateStack } from './gate-stack';

const CONTRACT = 'contracts/orders/contract.odcs.yaml';
const TOKEN = 'ghs_pull-request-gate-token';
const REPOSITORY = 'acme/shop';
const PR = 42;

const ORDERS_V3 = JSON.parse(readContract('orders/schemas/orders-value/v3.avsc'));
const ORDERS_V4 = `${JSON.stringify(
  { ...ORDERS_V3, fields: ORDERS_V3.fields.filter((field: { name: string }) => field.name !== 'currency') },
  null,
  2,
)}\n`;
/** The contract's next major version without `currency`: its property and the dashboard's read of it are gone. */
const CONTRACT_WITHOUT_CURRENCY = readContract('orders/contract.odcs.yaml')
  .replace(/^version: .*$/m, 'version: 4.0.0')
  .replace(/ {6}- name: currency\n(?: {8}.*\n)+/, '')
  .replace('fields: [order_id, amount_cents, currency, status]', 'fields: [order_id, amount_cents, status]');

let stack: GateStack;
let github: FakeGitHub;
let work: string;
const cwd = process.cwd();
const key = (role: string): IssuedKey => stack.keys[role]!;

beforeAll(async () => {
  stack = await startGateStack({ roles: ['ci', 'team:orders', 'team:analytics'] });
  github = await startFakeGitHub({ token: TOKEN, repository: REPOSITORY });
  work = mkdtempSync(path.join(tmpdir(), 'charter-pr-gate-'));
  writeFileSync(path.join(work, 'event.json'), JSON.stringify({ action: 'synchronize', pull_request: { number: PR } }));
  stack.fixture.git('checkout', '-q', '-b', 'drop-currency');
  process.chdir(stack.fixture.dir);
}, 60_000);

afterAll(async () => {
  process.chdir(cwd);
  await github?.close();
  await stack?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One CI run of the workflow: `charter diff --format github` with the ci key, its own summary file. */
async function gate(run: number) {
  const summary = path.join(work, `summary-${run}.md`);
  writeFileSync(summary, '');
  const result = await runCharter(['diff', '--base', 'main', '--head', 'HEAD', '--format', 'github'], {
    CHARTER_LINEAGE_URL: stack.lineage.url,
    CHARTER_REGISTRY_URL: stack.registry.url,
    CHARTER_API_KEY: keyOf(key('ci')),
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_EVENT_PATH: path.join(work, 'event.json'),
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: String(run),
    GITHUB_STEP_SUMMARY: summary,
  });
  const comments = github.comments.filter((comment) => readCommentState(comment.body, 'contracts'));
  return { ...result, summary: readFileSync(summary, 'utf8'), comments };
}

/** GitHub renders the escapes away: compare with what a reader sees. */
const shown = (markdown: string) => markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>@~:])/g, '$1').replaceAll('\u200b', '');

/** A registry call with a team's key. */
function post(url: string, key: IssuedKey, body: unknown) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(keyOf(key)).toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
}

describe('a pull request dropping a contracted field, through the GitHub gate', () => {
  let commentId: number;

  it('push 1 (schema only): blocked, annotations on the field, impact tables in the sticky comment', async () => {
    stack.fixture.write({ [`${ORDERS_DIR}/v4.avsc`]: ORDERS_V4 });
    stack.fixture.commit('orders v4 drops currency');
    const run = await gate(1);
    expect(run.code).toBe(1);
    expect(run.comments).toHaveLength(1);
    commentId = run.comments[0]!.id;
    const body = shown(run.comments[0]!.body);
    expect(body).toContain('charter diff: blocked');
    // The contract still promises the field: not approvable, said as such.
    expect(run.stdout).toMatch(
      /::error file=contracts\/orders\/contract\.odcs\.yaml,line=\d+,title=charter diff%3A field-missing::/,
    );
    // The blast radius, batch and streaming, reaches the executive dashboard.
    expect(body).toContain('executive_revenue');
    expect(body).toMatch(/streaming/i);
    expect(body).toContain('CRITICAL');
    expect(shown(run.summary)).toContain('charter diff: blocked');
    expect(readCommentState(run.comments[0]!.body, 'contracts')).toEqual({ verdict: 'blocked', wasBlocked: true });
  });

  it('push 2 (a contract version without the field): still blocked by its impact, the request to ask printed', async () => {
    stack.fixture.write({ [CONTRACT]: CONTRACT_WITHOUT_CURRENCY });
    stack.fixture.commit('orders contract 4.0.0 without currency');
    const run = await gate(2);
    expect(run.code).toBe(1);
    expect(run.comments.map((comment) => comment.id)).toEqual([commentId]);
    const body = shown(run.comments[0]!.body);
    expect(body).not.toContain('field-missing');
    expect(body).toContain('impact-needs-approval');
    expect(body).toContain(`POST ${stack.registry.url}/approvals`);
    expect(run.stdout).toMatch(/::error file=contracts\/orders\/schemas\/orders-value\/v4\.avsc[^:]*::/);
  });

  it('approved on the registry by the consumer team: green, the same comment says resolved', async () => {
    const report = JSON.parse(
      (
        await runCharter(['diff', '--base', 'main', '--head', 'HEAD', '--format', 'json'], {
          CHARTER_LINEAGE_URL: stack.lineage.url,
          CHARTER_REGISTRY_URL: stack.registry.url,
          CHARTER_API_KEY: keyOf(key('ci')),
        })
      ).stdout,
    );
    const request = report.approvals.items[0].request;
    const asked = await post(request.url, key('team:orders'), {
      ...request.body,
      reason: 'currency moves to a join',
    });
    expect(asked.status).toBe(201);
    const { id } = (await asked.json()) as { id: string };
    expect((await post(`${stack.registry.url}/approvals/${id}/approve`, key('team:analytics'), {})).status).toBe(200);

    const run = await gate(3);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::error');
    expect(run.comments.map((comment) => comment.id)).toEqual([commentId]);
    const body = shown(run.comments[0]!.body);
    expect(body).toContain('charter diff: pass');
    expect(body).toContain('Resolved');
    expect(body).toContain(`approved by ${key('team:analytics').id}`);
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(github.requests.filter((request) => request.method === 'PATCH')).toHaveLength(2);
  });
});
