// The gate as a pull request lives it, end to end: a real git repository, a real registry, a real lineage service
// and a local fake of GitHub's REST API. A branch drops a contracted field (`currency`, which the executive revenue
// dashboard reads): the first push only drops it from the schema, which no approval can let through; the second
// also publishes a contract version without it, which leaves the blast radius to approve; the consumer team approves
// on the registry and the third run is green. One sticky comment follows the whole story.
// Bad inputs tried here: none beyond the story (the gate's refusals are in diff-gate.e2e and github-gate tests).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR, startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { type IssuedKey, issueKey, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { applyContractsDirectory, authorizationHeader } from '../../src';
import { readCommentState } from '../../src/diff/github/sticky-comment';
import { type FakeGitHub, startFakeGitHub } from '../fake-github-api';
import { GitFixture } from '../git-fixture';
import { runCharter } from '../run-charter';

const ORDERS = 'contracts/orders/schemas/orders-value';
const CONTRACT = 'contracts/orders/contract.odcs.yaml';
const TOKEN = 'ghs_pull-request-gate-token';
const REPOSITORY = 'acme/shop';
const PR = 42;
const read = (file: string) => readFileSync(path.join(CONTRACTS_DIR, file), 'utf8');

const ORDERS_V3 = JSON.parse(read('orders/schemas/orders-value/v3.avsc'));
const ORDERS_V4 = `${JSON.stringify(
  { ...ORDERS_V3, fields: ORDERS_V3.fields.filter((field: { name: string }) => field.name !== 'currency') },
  null,
  2,
)}\n`;
/** The contract's next major version without `currency`: its property and the dashboard's read of it are gone. */
const CONTRACT_WITHOUT_CURRENCY = read('orders/contract.odcs.yaml')
  .replace(/^version: .*$/m, 'version: 4.0.0')
  .replace(/ {6}- name: currency\n(?: {8}.*\n)+/, '')
  .replace('fields: [order_id, amount_cents, currency, status]', 'fields: [order_id, amount_cents, status]');

let fixture: GitFixture;
let registry: TestRegistry;
let lineage: TestLineage;
let github: FakeGitHub;
let work: string;
const keys: Record<string, IssuedKey> = {};
const cwd = process.cwd();
const keyOf = (key: IssuedKey) => `${key.id}:${key.secret}`;

beforeAll(async () => {
  fixture = new GitFixture();
  const files: Record<string, string> = {
    'contracts/ownership.yaml': read('ownership.yaml'),
    'contracts/env.yaml': read('env.yaml'),
    'contracts/lineage/assets.yaml': read('lineage/assets.yaml'),
    [CONTRACT]: read('orders/contract.odcs.yaml'),
    'contracts/user-events/contract.odcs.yaml': read('user-events/contract.odcs.yaml'),
  };
  for (const version of [1, 2, 3])
    files[`${ORDERS}/v${version}.avsc`] = read(`orders/schemas/orders-value/v${version}.avsc`);
  for (const version of [1, 2])
    files[`contracts/user-events/schemas/user-events-value/v${version}.json`] = read(
      `user-events/schemas/user-events-value/v${version}.json`,
    );
  fixture.write(files);
  fixture.commit('contracts as they are on main');

  registry = await startTestRegistry();
  const applied = await applyContractsDirectory({
    root: path.join(fixture.dir, 'contracts'),
    registryUrl: registry.url,
    headers: authorizationHeader({ key: `${registry.adminKey.keyId}:${registry.adminKey.secret}` }),
  });
  expect(applied.ok).toBe(true);
  lineage = await startTestLineage({
    registryUrl: registry.url,
    env: { CHARTER_CONTRACTS_DIR: path.join(fixture.dir, 'contracts') },
  });
  for (const event of JSON.parse(read('lineage/sample-flow.json')) as unknown[]) {
    const response = await fetch(`${lineage.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: registry.admin },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(201);
  }
  for (const role of ['ci', 'team:orders', 'team:analytics']) keys[role] = (await issueKey(registry.http, role)).key;

  github = await startFakeGitHub({ token: TOKEN, repository: REPOSITORY });
  work = mkdtempSync(path.join(tmpdir(), 'charter-pr-gate-'));
  writeFileSync(path.join(work, 'event.json'), JSON.stringify({ action: 'synchronize', pull_request: { number: PR } }));
  fixture.git('checkout', '-q', '-b', 'drop-currency');
  process.chdir(fixture.dir);
}, 60_000);

afterAll(async () => {
  process.chdir(cwd);
  await github?.close();
  await lineage?.close();
  await registry?.close();
  fixture?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One CI run of the workflow: `charter diff --format github` with the ci key, its own summary file. */
async function gate(run: number) {
  const summary = path.join(work, `summary-${run}.md`);
  writeFileSync(summary, '');
  const result = await runCharter(['diff', '--base', 'main', '--head', 'HEAD', '--format', 'github'], {
    CHARTER_LINEAGE_URL: lineage.url,
    CHARTER_REGISTRY_URL: registry.url,
    CHARTER_API_KEY: keyOf(keys.ci!),
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
    fixture.write({ [`${ORDERS}/v4.avsc`]: ORDERS_V4 });
    fixture.commit('orders v4 drops currency');
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
    fixture.write({ [CONTRACT]: CONTRACT_WITHOUT_CURRENCY });
    fixture.commit('orders contract 4.0.0 without currency');
    const run = await gate(2);
    expect(run.code).toBe(1);
    expect(run.comments.map((comment) => comment.id)).toEqual([commentId]);
    const body = shown(run.comments[0]!.body);
    expect(body).not.toContain('field-missing');
    expect(body).toContain('impact-needs-approval');
    expect(body).toContain(`POST ${registry.url}/approvals`);
    expect(run.stdout).toMatch(/::error file=contracts\/orders\/schemas\/orders-value\/v4\.avsc[^:]*::/);
  });

  it('approved on the registry by the consumer team: green, the same comment says resolved', async () => {
    const report = JSON.parse(
      (
        await runCharter(['diff', '--base', 'main', '--head', 'HEAD', '--format', 'json'], {
          CHARTER_LINEAGE_URL: lineage.url,
          CHARTER_REGISTRY_URL: registry.url,
          CHARTER_API_KEY: keyOf(keys.ci!),
        })
      ).stdout,
    );
    const request = report.approvals.items[0].request;
    const asked = await post(request.url, keys['team:orders']!, {
      ...request.body,
      reason: 'currency moves to a join',
    });
    expect(asked.status).toBe(201);
    const { id } = (await asked.json()) as { id: string };
    expect((await post(`${registry.url}/approvals/${id}/approve`, keys['team:analytics']!, {})).status).toBe(200);

    const run = await gate(3);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::error');
    expect(run.comments.map((comment) => comment.id)).toEqual([commentId]);
    const body = shown(run.comments[0]!.body);
    expect(body).toContain('charter diff: pass');
    expect(body).toContain('Resolved');
    expect(body).toContain(`approved by ${keys['team:analytics']!.id}`);
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(github.requests.filter((request) => request.method === 'PATCH')).toHaveLength(2);
  });
});
