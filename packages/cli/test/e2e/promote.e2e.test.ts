// charter promote end to end: three real registries (dev, staging, prod), each on its own database.
// Bad inputs tried: a promotion that skips the chain (dev → prod), an unknown environment, a missing key variable
// (named, its value never printed), a key the target refuses (401), a source registry that is down, an unknown
// --subject and --contract, no selection at all, an incompatible version at staging's level, an id taken on the
// target by another schema, a contract the target refuses (its team unknown there), a rejected approval, a --resume
// that is not a UUID and one no target knows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readContractsDirectory } from '@charter/contracts/node';
import { issueKey, MIGRATIONS_DIR, startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import { applyContractsDirectory, authorizationHeader } from '../../src';
import { PromotionError } from '../../src/promote/promotion-error';
import { runPromotion } from '../../src/promote/run-promotion';
import { runCharter } from '../run-charter';

jest.setTimeout(30_000);

const CONTRACTS = path.resolve(__dirname, '..', '..', '..', '..', 'contracts');
const keyOf = (registry: TestRegistry) => `${registry.adminKey.keyId}:${registry.adminKey.secret}`;
const money = { type: 'record', name: 'Money', namespace: 'platform', fields: [{ name: 'cents', type: 'long' }] };
const payment = {
  type: 'record',
  name: 'Payment',
  namespace: 'platform',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'platform.Money' },
  ],
};

let dev: TestRegistry;
let staging: TestRegistry;
let stagingDatabase: TestDatabase;
let prod: TestRegistry;
let dir: string;
let variables: Record<string, string>;

function writeEnvironments() {
  writeFileSync(
    path.join(dir, 'env.yaml'),
    `environments:
  - name: dev
    registryUrl: ${dev.url}
    apiKeyEnv: DEV_KEY
    promotesTo: staging
  - name: staging
    registryUrl: ${staging.url}
    lineageUrl: http://127.0.0.1:9
    apiKeyEnv: STAGING_KEY
    promotesTo: prod
    compatibility: BACKWARD_TRANSITIVE
    preserveIds: true
  - name: prod
    registryUrl: ${prod.url}
    apiKeyEnv: PROD_KEY
    compatibility: BACKWARD_TRANSITIVE
    preserveIds: true
    requiresApproval: true
`,
  );
  variables = { DEV_KEY: keyOf(dev), STAGING_KEY: keyOf(staging), PROD_KEY: keyOf(prod) };
}

const promote = (args: string[], extra: Record<string, string | undefined> = {}) =>
  runCharter(['promote', ...args, '--contracts', dir, '--state-dir', path.join(dir, 'state'), '--format', 'json'], {
    ...variables,
    ...extra,
  });
const json = (run: { stdout: string }) => JSON.parse(run.stdout);
const liveVersions = async (registry: TestRegistry) =>
  ((await registry.http.get('/schemas?deleted=false')).body as Array<{ subject: string; version: number; id: number }>)
    .map(({ subject, version, id }) => `${subject} v${version} #${id}`)
    .sort();

beforeAll(async () => {
  stagingDatabase = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
  [dev, staging, prod] = await Promise.all([
    startTestRegistry({ redis: false }),
    startTestRegistry({ redis: false, database: stagingDatabase }),
    startTestRegistry({ redis: false }),
  ]);
  const { ownership } = await readContractsDirectory(CONTRACTS);
  for (const registry of [staging, prod]) expect((await registry.http.put('/ownership', ownership)).status).toBe(200);
  const applied = await applyContractsDirectory({
    root: CONTRACTS,
    registryUrl: dev.url,
    headers: authorizationHeader({ key: keyOf(dev) }),
  });
  expect(applied.ok).toBe(true);
  // The dependant sorts before what it references: only the reference order puts platform.z-money first.
  expect((await dev.http.register('platform.z-money', money)).status).toBe(200);
  const paid = await dev.http.post('/subjects/platform.a-payment/versions', {
    schema: JSON.stringify(payment),
    references: [{ name: 'platform.Money', subject: 'platform.z-money', version: 1 }],
  });
  expect(paid.status).toBe(200);
  dir = mkdtempSync(path.join(tmpdir(), 'charter-promote-'));
  writeEnvironments();
});

afterAll(async () => {
  await Promise.all([dev?.close(), staging?.close(), prod?.close()]);
  await stagingDatabase?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('charter promote', () => {
  it.each([
    [
      'a promotion that skips staging',
      ['--from', 'dev', '--to', 'prod', '--all'],
      {},
      2,
      'chain-skipped',
      /promote dev → staging, then staging → prod/,
    ],
    ['an unknown environment', ['--from', 'dev', '--to', 'qa', '--all'], {}, 2, 'unknown-environment', /"qa"/],
    ['no selection', ['--from', 'dev', '--to', 'staging'], {}, 2, 'usage', /--subject/],
    [
      'a missing key variable',
      ['--from', 'dev', '--to', 'staging', '--all'],
      { STAGING_KEY: undefined },
      2,
      'missing-key',
      /STAGING_KEY/,
    ],
    [
      'a key the target refuses',
      ['--from', 'dev', '--to', 'staging', '--all'],
      { STAGING_KEY: 'nobody:wrong-secret' },
      2,
      'unauthorized',
      /401.*STAGING_KEY|STAGING_KEY.*401/,
    ],
    [
      'an unknown subject',
      ['--from', 'dev', '--to', 'staging', '--subject', 'nope-value'],
      {},
      2,
      'unknown-subject',
      /nope-value/,
    ],
    [
      'an unknown contract',
      ['--from', 'dev', '--to', 'staging', '--contract', 'nope'],
      {},
      2,
      'unknown-contract',
      /nope/,
    ],
    [
      'a --resume that is not a promotion id',
      ['--from', 'dev', '--to', 'staging', '--resume', 'x1'],
      {},
      2,
      'usage',
      /UUID/,
    ],
    [
      'a --resume of a promotion nobody knows',
      ['--from', 'staging', '--to', 'prod', '--resume', '00000000-0000-4000-8000-000000000000'],
      {},
      2,
      'usage',
      /no promotion 00000000-0000-4000-8000-000000000000 to resume/,
    ],
  ])('refuses %s with a clear message', async (_name, args, extra, code, errorCode, message) => {
    const run = await promote(args, extra);
    expect(run.code).toBe(code);
    expect(json(run).error.code).toBe(errorCode);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('wrong-secret');
    expect(run.stderr).not.toContain(staging.adminKey.secret);
  });

  it('says when the source is down (exit 3)', async () => {
    writeFileSync(
      path.join(dir, 'down.yaml'),
      'environments:\n  - name: dev\n    registryUrl: http://127.0.0.1:9\n    apiKeyEnv: DEV_KEY\n    promotesTo: staging\n' +
        `  - name: staging\n    registryUrl: ${staging.url}\n    apiKeyEnv: STAGING_KEY\n`,
    );
    await expect(
      runPromotion({
        environmentsFile: path.join(dir, 'down.yaml'),
        from: 'dev',
        to: 'staging',
        selection: { kind: 'all' },
        dryRun: false,
        stateDir: path.join(dir, 'state'),
        variables,
      }),
    ).rejects.toMatchObject({ code: 'unreachable', exitCode: 3 });
  });

  it('shows the plan on a dry run and writes nothing', async () => {
    const run = await promote(['--from', 'dev', '--to', 'staging', '--all', '--dry-run']);
    expect(run.code).toBe(0);
    const report = json(run);
    expect(report.status).toBe('dry-run');
    expect(report.steps).toHaveLength(9);
    // orders-value v2 widens a field (it breaks old readers): staging's lineage is asked, and it is down.
    expect(report.impact).toEqual({
      assessed: false,
      reason: 'the staging lineage service at http://127.0.0.1:9 did not answer',
      steps: [],
    });
    expect(await liveVersions(staging)).toEqual([]);
    const text = await runCharter(
      [
        'promote',
        '--from',
        'dev',
        '--to',
        'staging',
        '--all',
        '--dry-run',
        '--contracts',
        dir,
        '--state-dir',
        path.join(dir, 'state'),
      ],
      variables,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/plan \(9 step\(s\), 0 version\(s\) already there, sha256:[0-9a-f]{64}\):/);
    expect(text.stderr).toMatch(/plan {4}schema {3}platform\.a-payment v1 \(id \d+\) → refs platform\.z-money v1/);
    expect(text.stderr).toContain(
      'impact not assessed: the staging lineage service at http://127.0.0.1:9 did not answer',
    );
    expect(text.stderr).toContain('dry run: nothing written');
  });

  it('promotes everything dev → staging: references first, ids and versions kept, contracts after their subjects', async () => {
    const run = await promote(['--from', 'dev', '--to', 'staging', '--all']);
    expect(run.code).toBe(0);
    const report = json(run);
    expect(report.status).toBe('done');
    const order = report.applied.map((step: { kind: string; subject?: string; contract?: string; version: unknown }) =>
      step.kind === 'schema' ? `${step.subject} v${step.version}` : `${step.contract} ${step.version}`,
    );
    expect(order.indexOf('platform.z-money v1')).toBeLessThan(order.indexOf('platform.a-payment v1'));
    expect(order.slice(-2)).toEqual([expect.stringMatching(/^orders /), expect.stringMatching(/^user-events /)]);
    expect(await liveVersions(staging)).toEqual(await liveVersions(dev));
    expect((await staging.http.get('/contracts/orders')).body).toMatchObject({ version: '3.1.0' });
    // IMPORT mode was only for the promotion: every subject is back to its own (none).
    expect((await staging.http.get('/mode/orders-value?defaultToGlobal=false')).status).toBe(404);
    // Every write is audited with the promotion's id.
    const audit = (await staging.http.get(`/audit?promotion=${report.promotionId}&limit=500`)).body as {
      entries: Array<{ action: string }>;
    };
    expect(audit.entries.filter((entry) => entry.action === 'subject.register')).toHaveLength(7);
  });

  it('does nothing the second time', async () => {
    const before = (await staging.http.get('/audit?limit=500')).body as { entries: unknown[] };
    const run = await promote(['--from', 'dev', '--to', 'staging', '--all']);
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({ status: 'nothing-to-do', steps: [], present: 7 });
    const after = (await staging.http.get('/audit?limit=500')).body as { entries: unknown[] };
    expect(after.entries).toHaveLength(before.entries.length);
  });

  it('resumes a promotion whose target went down half way, under the same promotion id', async () => {
    for (const version of [4, 5, 6]) {
      const fields = [
        { name: 'order_id', type: 'string' },
        ...Array.from({ length: version }, (_, index) => ({
          name: `note${index}`,
          type: ['null', 'string'],
          default: null,
        })),
      ];
      const registered = await dev.http.register('platform.notes', { type: 'record', name: 'Notes', fields });
      expect(registered.status).toBe(200);
    }
    const options = {
      environmentsFile: path.join(dir, 'env.yaml'),
      from: 'dev',
      to: 'staging',
      selection: { kind: 'subject', subject: 'platform.notes' } as const,
      dryRun: false,
      stateDir: path.join(dir, 'state'),
      variables,
    };
    const failed = await runPromotion({
      ...options,
      onStep: async (_applied, index) => {
        if (index === 0) await staging.close();
      },
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(PromotionError);
    expect(failed).toMatchObject({ code: 'unreachable', exitCode: 3 });

    staging = await startTestRegistry({ redis: false, database: stagingDatabase });
    writeEnvironments();
    // The first write landed before the target went down.
    expect((await liveVersions(staging)).filter((line) => line.startsWith('platform.notes'))).toHaveLength(1);
    const resumed = await promote(['--from', 'dev', '--to', 'staging', '--subject', 'platform.notes']);
    expect(resumed.code).toBe(0);
    const report = json(resumed);
    expect(report.applied.map((step: { version: number }) => step.version)).toEqual([2, 3]);
    expect(await liveVersions(staging)).toEqual(await liveVersions(dev));
    const audited = (await staging.http.get(`/audit?promotion=${report.promotionId}&limit=500`)).body as {
      entries: Array<{ action: string; target: string }>;
    };
    expect(audited.entries.filter((entry) => entry.action === 'subject.register')).toHaveLength(3);
    expect((await staging.http.get('/mode/platform.notes?defaultToGlobal=false')).status).toBe(404);
  });

  it('refuses a contract naming a team staging does not know, writing nothing, until its ownership has it', async () => {
    // A new team's contract on dev; staging's ownership does not know the team yet.
    const { ownership } = await readContractsDirectory(CONTRACTS);
    const withBilling = {
      ...ownership,
      teams: [
        ...(ownership as { teams: unknown[] }).teams,
        { name: 'billing', subjectPrefixes: ['billing-'], members: ['ivy'] },
      ],
    };
    expect((await dev.http.put('/ownership', withBilling)).status).toBe(200);
    const orders = (await dev.http.get('/subjects/orders-value/versions/latest')).body as { schema: string };
    expect((await dev.http.register('billing-value', orders.schema)).status).toBe(200);
    const document = JSON.parse(
      JSON.stringify((await dev.http.get('/contracts/orders')).body as { contract: unknown }).replaceAll(
        'subjects/orders-value',
        'subjects/billing-value',
      ),
    ).contract;
    const billing = { ...document, id: 'billing', version: '1.0.0', team: { ...document.team, name: 'billing' } };
    delete billing.customProperties;
    const published = await dev.http.put('/contracts/billing', billing);
    expect(published.status).toBe(201);

    const first = await promote(['--from', 'dev', '--to', 'staging', '--contract', 'billing']);
    expect(first.code).toBe(1);
    const refused = json(first);
    expect(refused.refusals).toEqual([
      expect.objectContaining({
        code: 'team-unknown',
        message: expect.stringContaining('charter apply --ownership-only --registry <target>'),
      }),
    ]);
    expect(refused.applied).toEqual([]);
    expect((await staging.http.get('/subjects/billing-value/versions')).status).toBe(404);

    expect((await staging.http.put('/ownership', withBilling)).status).toBe(200);
    const second = await promote(['--from', 'dev', '--to', 'staging', '--contract', 'billing']);
    expect(second.code).toBe(0);
    expect(
      json(second).applied.map((step: { kind: string; outcome: string }) => `${step.kind} ${step.outcome}`),
    ).toEqual(['schema written', 'contract written']);
  });

  it('charter apply --ownership-only readies a new environment: its ownership and nothing else', async () => {
    const fresh = await startTestRegistry({ redis: false });
    try {
      const run = await runCharter([
        'apply',
        CONTRACTS,
        '--ownership-only',
        '--registry',
        fresh.url,
        '--key',
        keyOf(fresh),
      ]);
      expect(run.code).toBe(0);
      const { ownership } = await readContractsDirectory(CONTRACTS);
      const names = (teams: Array<{ name: string }>) => teams.map((team) => team.name).sort();
      expect(names(((await fresh.http.get('/ownership')).body as { teams: Array<{ name: string }> }).teams)).toEqual(
        names((ownership as { teams: Array<{ name: string }> }).teams),
      );
      expect((await fresh.http.get('/subjects')).body).toEqual([]);
      expect((await fresh.http.get('/contracts')).body).toEqual([]);
      const contradiction = await runCharter([
        'apply',
        CONTRACTS,
        '--ownership-only',
        '--no-ownership',
        '--registry',
        fresh.url,
      ]);
      expect(contradiction.code).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a version staging’s level refuses, writing nothing', async () => {
    await dev.http.put('/config/platform.notes', { compatibility: 'NONE' });
    const breaking = await dev.http.register('platform.notes', {
      type: 'record',
      name: 'Notes',
      fields: [{ name: 'order_id', type: 'long' }],
    });
    expect(breaking.status).toBe(200);
    const before = await liveVersions(staging);
    const run = await promote(['--from', 'dev', '--to', 'staging', '--subject', 'platform.notes']);
    expect(run.code).toBe(1);
    expect(json(run).refusals).toEqual([
      expect.objectContaining({ code: 'incompatible', subject: 'platform.notes', version: 4 }),
    ]);
    expect(await liveVersions(staging)).toEqual(before);
    await dev.http.delete('/subjects/platform.notes/versions/4');
  });

  it('refuses to preserve an id another schema holds on the target', async () => {
    const source = await dev.http.register('platform.fresh', { type: 'record', name: 'Fresh', fields: [] });
    // Another schema holds that id on staging (imported there under it).
    await staging.http.put('/mode/platform.squatter', { mode: 'IMPORT' });
    const squatter = await staging.http.register(
      'platform.squatter',
      { type: 'record', name: 'Squatter', fields: [{ name: 'x', type: 'int' }] },
      { id: source.body.id, version: 1 },
    );
    await staging.http.delete('/mode/platform.squatter');
    expect(squatter.body.id).toBe(source.body.id);
    const run = await promote(['--from', 'dev', '--to', 'staging', '--subject', 'platform.fresh']);
    expect(run.code).toBe(1);
    expect(json(run).refusals).toEqual([expect.objectContaining({ code: 'id-taken', subject: 'platform.fresh' })]);
    expect(json(run).refusals[0].message).toMatch(
      /id \d+ .*taken on the target by another schema \(platform\.squatter v1\)/,
    );
    await staging.http.delete('/subjects/platform.squatter');
    await staging.http.delete('/subjects/platform.squatter?permanent=true');
    await dev.http.delete('/subjects/platform.fresh');
  });

  it('waits for approval on prod, then applies the approved plan', async () => {
    const first = await promote(['--from', 'staging', '--to', 'prod', '--contract', 'orders']);
    expect(first.code).toBe(4);
    const waiting = json(first);
    expect(waiting.status).toBe('waiting-for-approval');
    expect(waiting.impact).toMatchObject({ assessed: false, reason: 'env.yaml gives prod no lineageUrl' });
    expect(await liveVersions(prod)).toEqual([]);
    const again = await promote(['--from', 'staging', '--to', 'prod', '--contract', 'orders']);
    expect(again.code).toBe(4);
    expect(json(again)).toMatchObject({ promotionId: waiting.promotionId, approval: { id: waiting.approval.id } });

    const status = await runCharter(
      ['promote', 'status', '--contracts', dir, '--state-dir', path.join(dir, 'state'), '--format', 'json'],
      variables,
    );
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(json(status).promotions).toEqual([
      expect.objectContaining({ promotionId: waiting.promotionId, to: 'prod', state: 'requested', steps: 4 }),
    ]);

    // The requester may not decide its own promotion: another admin does.
    const { http: approver } = await issueKey(prod.http, 'admin', 'release manager');
    expect((await prod.http.post(`/approvals/${waiting.approval.id}/approve`, {})).status).not.toBe(200);
    expect((await approver.post(`/approvals/${waiting.approval.id}/approve`, { note: 'ship it' })).status).toBe(200);

    const applied = await promote(['--from', 'staging', '--to', 'prod', '--resume', waiting.promotionId]);
    expect(json(applied)).toMatchObject({ status: 'done', promotionId: waiting.promotionId });
    expect(applied.code).toBe(0);
    expect(await liveVersions(prod)).toEqual(
      (await liveVersions(staging)).filter((line) => line.startsWith('orders-value')),
    );
    expect((await prod.http.get('/contracts/orders')).body).toMatchObject({ version: '3.1.0' });
  });

  it('stops at a rejected approval', async () => {
    const first = await promote(['--from', 'staging', '--to', 'prod', '--subject', 'platform.a-payment']);
    expect(first.code).toBe(4);
    const { approval } = json(first);
    const { http: approver } = await issueKey(prod.http, 'admin', 'release manager 2');
    expect((await approver.post(`/approvals/${approval.id}/reject`, { note: 'not this week' })).status).toBe(200);
    const run = await promote(['--from', 'staging', '--to', 'prod', '--subject', 'platform.a-payment']);
    expect(run.code).toBe(1);
    expect(json(run).reason).toMatch(/rejected: not this week/);
    expect(await liveVersions(prod)).not.toContainEqual(expect.stringMatching(/^platform/));
  });
});
