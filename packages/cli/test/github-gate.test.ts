// `charter diff --format github` against a real git repository and a fake of GitHub's REST API.
// Bad inputs tried: a push event (no pull request), no GITHUB_TOKEN, a wrong token (401), an API that cannot be
// reached, a comment of another bot, a person quoting the marker, charter's comment for another --path, a report
// whose comment would pass GitHub's 65 536-character limit, hostile field names and messages.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import type { CliEnvironment } from '../src/create-program';
import type { DiffChange, DiffReason, DiffReport } from '../src/diff/diff-report';
import { createOctokitIssueComments } from '../src/diff/github/issue-comments';
import {
  COMMENT_LIMIT,
  COMMENT_MARKER,
  readCommentState,
  upsertStickyComment,
} from '../src/diff/github/sticky-comment';
import { type FakeGitHub, startFakeGitHub } from './fake-github-api';
import { avroRecord, GitFixture } from './git-fixture';
import { runCharter } from './run-charter';

const SUBJECT = 'contracts/orders/schemas/orders-value';
const TOKEN = 'ghs_0123456789abcdefTEST';
const REPOSITORY = 'acme/shop';
const PR = 7;
const RUN_URL = 'https://github.example/acme/shop/actions/runs/42';
const V2_WITHOUT_AMOUNT = avroRecord([{ name: 'order_id', type: 'string' }]);
const V2_OPTIONAL = avroRecord([
  { name: 'order_id', type: 'string' },
  { name: 'amount', type: 'long' },
  { name: 'coupon', type: ['null', 'string'], default: null },
]);

const markdown = new MarkdownIt({ html: true, linkify: true });
/** What a reader sees of some Markdown: rendered, tags dropped, entities and zero-width spaces undone. */
const shown = (text: string) =>
  markdown
    .render(text)
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name]!)
    .replaceAll('\u200b', '');

describe('charter diff --format github', () => {
  const cwd = process.cwd();
  let fixture: GitFixture;
  let github: FakeGitHub;
  let work: string;
  let env: CliEnvironment;
  const summary = () => readFileSync(join(work, 'summary.md'), 'utf8');
  const charterComments = () => github.comments.filter((comment) => readCommentState(comment.body, 'contracts'));
  const diff = (...extra: string[]) =>
    runCharter(['diff', '--base', 'main', '--head', 'feature', '--format', 'github', ...extra], env);

  beforeEach(async () => {
    fixture = GitFixture.withOrders();
    github = await startFakeGitHub({ token: TOKEN, repository: REPOSITORY });
    work = mkdtempSync(join(tmpdir(), 'charter-github-'));
    writeFileSync(join(work, 'event.json'), JSON.stringify({ action: 'synchronize', pull_request: { number: PR } }));
    writeFileSync(join(work, 'summary.md'), '');
    env = {
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_EVENT_PATH: join(work, 'event.json'),
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
    };
    process.chdir(fixture.dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    fixture.remove();
    rmSync(work, { recursive: true, force: true });
    await github.close();
  });

  it('creates one sticky comment, updates it on the next push, and says "resolved" after the fix', async () => {
    // More than a page (100) of other comments before charter's, among them ones that must never be touched.
    for (let n = 0; n < 130; n++) github.seed(PR, `comment ${n}`);
    const otherBot = github.seed(PR, '<!-- coverage-report -->\nCoverage 81%', 'coverage[bot]');
    const quoting = github.seed(PR, `> ${COMMENT_MARKER}\n> why is this blocked?`, 'alice');
    const otherPath = github.seed(
      PR,
      `${COMMENT_MARKER}\n<!-- charter-diff path=other-contracts verdict=blocked was-blocked=true -->\nother gate`,
      'github-actions[bot]',
    );
    const untouched = [otherBot, quoting, otherPath].map((comment) => ({ ...comment }));

    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_WITHOUT_AMOUNT });
    fixture.commit('drop amount');
    const first = await diff();
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/pull request #7: comment \d+ created/);
    expect(charterComments()).toHaveLength(1);
    const [comment] = charterComments();
    expect(comment!.body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(readCommentState(comment!.body, 'contracts')).toEqual({ verdict: 'blocked', wasBlocked: true });
    expect(shown(comment!.body)).toContain('charter diff: blocked');
    expect(shown(comment!.body)).toContain('contracts/orders/contract.odcs.yaml:26');
    expect(comment!.body).toContain(`[job summary](${RUN_URL})`);
    // The annotation on the contract line, the summary with the same report.
    expect(first.stdout).toContain(
      '::error file=contracts/orders/contract.odcs.yaml,line=26,title=charter diff%3A field-missing::',
    );
    expect(shown(summary())).toContain('charter diff: blocked');
    expect(shown(summary())).toContain('Impact not assessed (no --lineage-url given)');

    fixture.write({ [`${SUBJECT}/v3.avsc`]: V2_WITHOUT_AMOUNT });
    fixture.commit('and a v3');
    const second = await diff();
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`comment ${comment!.id} updated`);
    expect(charterComments().map((c) => c.id)).toEqual([comment!.id]);
    expect(shown(charterComments()[0]!.body)).toContain('orders-value v3');

    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_OPTIONAL, [`${SUBJECT}/v3.avsc`]: null });
    fixture.commit('keep amount after all');
    const third = await diff();
    expect(third.code).toBe(0);
    expect(third.stderr).toContain(`comment ${comment!.id} updated (resolved)`);
    expect(charterComments().map((c) => c.id)).toEqual([comment!.id]);
    expect(shown(charterComments()[0]!.body)).toContain('Resolved: an earlier run of this gate blocked');
    expect(shown(charterComments()[0]!.body)).toContain('charter diff: pass');

    const posts = github.requests.filter((r) => r.method === 'POST');
    const patches = github.requests.filter((r) => r.method === 'PATCH');
    expect(posts).toHaveLength(1);
    expect(patches.map((r) => r.url)).toEqual([
      `/repos/acme/shop/issues/comments/${comment!.id}`,
      `/repos/acme/shop/issues/comments/${comment!.id}`,
    ]);
    // Each run read past the first page (Link rel="next") to find its comment.
    expect(github.requests.filter((r) => r.method === 'GET' && r.url.includes('page=2'))).toHaveLength(3);
    expect(github.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
    for (const before of untouched) expect(github.comments.find((c) => c.id === before.id)).toEqual(before);
  });

  it.each<[string, Partial<CliEnvironment>, string]>([
    ['a push event', { GITHUB_EVENT_PATH: 'push' }, 'the event is not a pull request'],
    ['no GITHUB_TOKEN', { GITHUB_TOKEN: undefined }, 'GITHUB_TOKEN is not set'],
    ['no GITHUB_REPOSITORY', { GITHUB_REPOSITORY: undefined }, 'GITHUB_REPOSITORY is not set'],
  ])('without a pull request to comment on (%s): summary and annotations, no comment', async (_, change, said) => {
    writeFileSync(join(work, 'push.json'), JSON.stringify({ ref: 'refs/heads/main', after: 'abc' }));
    env = { ...env, ...change };
    if (change.GITHUB_EVENT_PATH) env.GITHUB_EVENT_PATH = join(work, 'push.json');
    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_WITHOUT_AMOUNT });
    fixture.commit('drop amount');
    const run = await diff();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no pull request comment: ${said}`);
    expect(github.requests).toEqual([]);
    expect(run.stdout).toMatch(/^::error file=contracts\/orders\/contract\.odcs\.yaml,line=26,/m);
    expect(shown(summary())).toContain('charter diff: blocked');
  });

  it.each([
    ['a wrong token', () => ({ GITHUB_TOKEN: 'ghs_wrong' }), 'HTTP 401'],
    ['an API that cannot be reached', () => ({ GITHUB_API_URL: 'http://127.0.0.1:9' }), 'GitHub could not be reached'],
  ])('a GitHub API error (%s) exits 3, or carries on with --on-unreachable warn', async (_, change, said) => {
    env = { ...env, ...change() };
    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_OPTIONAL });
    fixture.commit('compatible v2');
    const failed = await diff();
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('error github-unreachable:');
    expect(failed.stderr).toContain(said);
    expect(`${failed.stdout}${failed.stderr}`).not.toContain(env.GITHUB_TOKEN);
    expect(shown(summary())).toContain('charter diff: pass');
    const warned = await diff('--on-unreachable', 'warn');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning github-unreachable:');
    expect(github.comments).toEqual([]);
  });

  it('--format markdown prints the report as Markdown on stdout', async () => {
    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_WITHOUT_AMOUNT });
    fixture.commit('drop amount');
    const run = await runCharter(['diff', '--base', 'main', '--head', 'feature', '--format', 'markdown'], env);
    expect(run.code).toBe(1);
    expect(run.stdout.startsWith('## ⛔ charter diff: blocked')).toBe(true);
    expect(shown(run.stdout)).toContain('amount');
    expect(github.requests).toEqual([]);
  });

  it('keeps a comment of thousands of changes under 65 536 characters, cut between sections', async () => {
    const changes: DiffChange[] = Array.from({ length: 3000 }, (_, n) => ({
      kind: 'schema-added',
      file: `contracts/d${n}/schemas/s${n}-value/v2.avsc`,
      subject: `s${n}-value`,
      version: 2,
      fieldChanges: [
        {
          kind: 'field-removed',
          field: `field_${n}`,
          path: `/fields/${n}`,
          message: `field field_${n} removed`,
          breaking: { backward: false, forward: true },
        },
      ],
    }));
    const report = reportOf({
      changes,
      reasons: changes.map((change, n) => blocking(change.file, `s${n}-value v2 drops field_${n}`)),
    });
    const comments = await createOctokitIssueComments(
      { apiUrl: github.url, token: TOKEN, owner: 'acme', repo: 'shop', pullRequest: PR },
      { timeoutMs: 5000 },
    );
    const result = await upsertStickyComment({ comments, report, runUrl: RUN_URL });
    expect(result.action).toBe('created');
    const body = github.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 10_000);
    expect(body).toMatch(
      /\*\*Truncated\*\*: \d+ of 3000 rows of Reasons and 3003 of 3005 sections did not fit .* \[job summary\]\(https:\/\/github\.example\/acme\/shop\/actions\/runs\/42\)\.$/,
    );
    // Cut at a boundary: every table row that starts also ends.
    for (const line of body.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith(' |')).toBe(true);
  });

  it('escapes hostile field names, file names and messages in the comment', async () => {
    const hostile = 'a|b<script>alert(1)</script>**x**`@acme/admins';
    const report = reportOf({
      changes: [
        {
          kind: 'schema-added',
          file: 'contracts/x/schemas/x-value/v2.json',
          subject: 'x-value',
          version: 2,
          fieldChanges: [
            {
              kind: 'field-removed',
              field: hostile,
              path: '/x',
              message: `removed ${hostile}`,
              breaking: { backward: true, forward: true },
            },
          ],
        },
      ],
      reasons: [
        {
          ...blocking(`contracts/x/${hostile}.json`, `field ${hostile} is gone; ping @acme/admins`),
          line: 3,
          field: hostile,
        },
      ],
    });
    const comments = await createOctokitIssueComments(
      { apiUrl: github.url, token: TOKEN, owner: 'acme', repo: 'shop', pullRequest: PR },
      { timeoutMs: 5000 },
    );
    await upsertStickyComment({ comments, report });
    const body = github.comments[0]!.body;
    const html = markdown.render(body);
    expect(html).not.toContain('<script');
    expect(body).not.toMatch(/@acme/);
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
      const cells = (row.match(/<t[dh]>/g) ?? []).length;
      expect(cells === 4 || cells === 0).toBe(true);
    }
    expect(shown(body)).toContain(hostile.replace('`', '`'));
  });
});

function blocking(file: string, message: string): DiffReason {
  return { code: 'incompatible-schema', blocking: true, file, message };
}

function reportOf(parts: Pick<DiffReport, 'changes' | 'reasons'>): DiffReport {
  return {
    base: 'main',
    head: 'feature',
    path: 'contracts',
    verdict: parts.reasons.some((reason) => reason.blocking) ? 'blocked' : 'pass',
    ...parts,
    impact: { status: 'not-assessed', reason: 'no --lineage-url given' },
    approvals: { status: 'not-checked', reason: 'no --registry-url given' },
  };
}
