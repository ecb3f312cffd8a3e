import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avroRecord, contractYaml, GitFixture } from '../../test/git-fixture';
import { runCharter } from '../../test/run-charter';
import type { DiffReport } from './diff-report';

const SUBJECT = 'contracts/orders/schemas/orders-value';
const CONTRACT = 'contracts/orders/contract.odcs.yaml';
const V2_OPTIONAL = avroRecord([
  { name: 'order_id', type: 'string' },
  { name: 'amount', type: 'long' },
  { name: 'coupon', type: ['null', 'string'], default: null },
]);
const V2_WITHOUT_AMOUNT = avroRecord([{ name: 'order_id', type: 'string' }]);

// A subject whose versions use a type another subject defines (v<N>.references.json, Confluent's list).
const MONEY = 'contracts/orders/schemas/orders-money-value/v1.avsc';
const REFUND = 'contracts/orders/schemas/orders-refund-value';
const MONEY_V1 = JSON.stringify({
  type: 'record',
  name: 'Money',
  namespace: 'acme',
  fields: [
    { name: 'amount', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
});
const refund = (idType: string) =>
  JSON.stringify({
    type: 'record',
    name: 'Refund',
    namespace: 'acme',
    fields: [
      { name: 'id', type: idType },
      { name: 'total', type: 'acme.Money' },
    ],
  });
const REFERENCES = JSON.stringify([{ name: 'acme.Money', subject: 'orders-money-value', version: 1 }]);
const WITH_REFUND_V1 = {
  [MONEY]: MONEY_V1,
  [`${REFUND}/v1.avsc`]: refund('string'),
  [`${REFUND}/v1.references.json`]: REFERENCES,
};

interface Scenario {
  name: string;
  /** Commits on main after v1 (before the branch), then on the feature branch. */
  main?: Record<string, string | Buffer | null>;
  feature: Record<string, string | Buffer | null>;
  args?: string[];
  code: number;
  reasons?: Array<Partial<DiffReport['reasons'][number]>>;
  changes?: Array<Partial<DiffReport['changes'][number]>>;
  error?: string;
}

// Bad inputs tried: a ref that does not exist, a path outside the repository, a schema that is not JSON, a binary
// schema, a deleted version, a deleted subject directory, a renamed version file, a rewritten published version, a
// reference to a version not in the tree, a references file that is not JSON or not a list of references.
const scenarios: Scenario[] = [
  { name: 'no change', feature: {}, code: 0, changes: [] },
  {
    name: 'a compatible added optional field',
    feature: { [`${SUBJECT}/v2.avsc`]: V2_OPTIONAL },
    code: 0,
    changes: [{ kind: 'schema-added', file: `${SUBJECT}/v2.avsc`, subject: 'orders-value', version: 2 }],
  },
  {
    name: 'a dropped contracted field',
    feature: { [`${SUBJECT}/v2.avsc`]: V2_WITHOUT_AMOUNT },
    code: 1,
    reasons: [{ code: 'field-missing', field: 'amount', file: CONTRACT, line: 26, blocking: true }],
  },
  {
    name: 'a field a consumer reads dropped (the contract does not declare it)',
    main: { [CONTRACT]: contractYaml({ consumerReads: 'coupon' }), [`${SUBJECT}/v2.avsc`]: V2_OPTIONAL },
    feature: {
      [`${SUBJECT}/v3.avsc`]: avroRecord([
        { name: 'order_id', type: 'string' },
        { name: 'amount', type: 'long' },
      ]),
    },
    code: 1,
    reasons: [{ code: 'field-missing', field: 'coupon', file: CONTRACT, blocking: true }],
  },
  {
    name: 'an incompatible type change, pointed at its line',
    feature: {
      [`${SUBJECT}/v2.avsc`]: avroRecord([
        { name: 'order_id', type: 'string' },
        { name: 'amount', type: 'string' },
      ]),
    },
    code: 1,
    reasons: [{ code: 'incompatible-schema', field: 'amount', file: `${SUBJECT}/v2.avsc`, line: 11 }],
  },
  {
    name: 'a deleted version',
    main: { [`${SUBJECT}/v2.avsc`]: V2_OPTIONAL },
    feature: { [`${SUBJECT}/v2.avsc`]: null },
    code: 1,
    changes: [{ kind: 'schema-deleted', file: `${SUBJECT}/v2.avsc`, version: 2 }],
    reasons: [{ code: 'version-deleted', file: `${SUBJECT}/v2.avsc` }],
  },
  {
    name: 'a deleted subject directory',
    feature: { [SUBJECT]: null },
    code: 1,
    changes: [{ kind: 'subject-deleted', file: SUBJECT, subject: 'orders-value' }],
    reasons: [{ code: 'subject-deleted', file: SUBJECT }],
  },
  {
    name: 'a renamed version file',
    main: { [`${SUBJECT}/v2.avsc`]: V2_OPTIONAL },
    feature: { [`${SUBJECT}/v2.avsc`]: null, [`${SUBJECT}/v3.avsc`]: V2_OPTIONAL },
    code: 1,
    changes: [{ kind: 'schema-renamed', file: `${SUBJECT}/v3.avsc`, from: `${SUBJECT}/v2.avsc` }],
    reasons: [{ code: 'version-deleted', file: `${SUBJECT}/v2.avsc` }],
  },
  {
    name: 'a published version rewritten',
    feature: { [`${SUBJECT}/v1.avsc`]: V2_OPTIONAL },
    code: 1,
    reasons: [{ code: 'version-modified', file: `${SUBJECT}/v1.avsc` }],
  },
  {
    name: 'a contract changed without a version bump',
    feature: { [CONTRACT]: contractYaml({ description: 'Orders, now documented better.' }) },
    code: 1,
    reasons: [{ code: 'contract-version-not-bumped', file: CONTRACT }],
  },
  {
    name: 'a contract changed with a version bump and a new tier (called out, not blocking)',
    feature: { [CONTRACT]: contractYaml({ version: '1.1.0', tier: 'tier-1' }) },
    code: 0,
    changes: [{ kind: 'contract-changed', contractVersion: { base: '1.0.0', head: '1.1.0' } }],
    reasons: [{ code: 'severity-tier-changed', blocking: false }],
  },
  {
    name: 'a contract version lowered',
    main: { [CONTRACT]: contractYaml({ version: '2.0.0' }) },
    feature: { [CONTRACT]: contractYaml({ version: '1.9.0' }) },
    code: 1,
    reasons: [{ code: 'contract-version-lowered' }],
  },
  {
    name: 'the owning team changed',
    feature: { [CONTRACT]: contractYaml({ version: '1.0.1', team: 'growth' }) },
    code: 1,
    reasons: [{ code: 'owner-changed' }],
  },
  {
    name: 'a deleted contract',
    feature: { [CONTRACT]: null },
    code: 1,
    changes: [{ kind: 'contract-deleted', file: CONTRACT, contract: 'orders' }],
    reasons: [{ code: 'contract-deleted', file: CONTRACT }],
  },
  {
    name: 'a subject no contract binds, checked at the default BACKWARD',
    main: { 'contracts/misc/schemas/misc-value/v1.avsc': V2_OPTIONAL },
    feature: { 'contracts/misc/schemas/misc-value/v2.avsc': V2_WITHOUT_AMOUNT },
    code: 0,
    changes: [
      { kind: 'schema-added', subject: 'misc-value', compatibility: expect.objectContaining({ level: 'BACKWARD' }) },
    ],
  },
  {
    name: 'an invalid contract on head',
    feature: { [CONTRACT]: 'apiVersion: v3.1.0\nkind: [not, a, kind\n' },
    code: 2,
    error: 'contract-invalid',
  },
  {
    name: 'a ref that does not exist',
    feature: {},
    args: ['--base', 'no-such-branch', '--head', 'feature'],
    code: 2,
    error: 'unknown-ref',
  },
  {
    name: 'a path outside the repository',
    feature: {},
    args: ['--base', 'main', '--head', 'feature', '--path', '../..'],
    code: 2,
    error: 'path-outside-repository',
  },
  {
    name: 'an unparseable schema in the head',
    feature: { [`${SUBJECT}/v2.avsc`]: '{"type": "record", "name": ' },
    code: 2,
    error: 'schema-unparseable',
  },
  {
    name: 'a version referencing another subject, resolved from the tree and checked',
    main: WITH_REFUND_V1,
    feature: { [`${REFUND}/v2.avsc`]: refund('long'), [`${REFUND}/v2.references.json`]: REFERENCES },
    code: 1,
    changes: [{ kind: 'schema-added', subject: 'orders-refund-value', version: 2 }],
    reasons: [{ code: 'incompatible-schema', field: 'id', subject: 'orders-refund-value', version: 2, blocking: true }],
  },
  {
    name: 'a compatible version referencing the latest version of another subject (-1)',
    main: WITH_REFUND_V1,
    feature: {
      [`${REFUND}/v2.avsc`]: refund('string'),
      [`${REFUND}/v2.references.json`]: JSON.stringify([
        { name: 'acme.Money', subject: 'orders-money-value', version: -1 },
      ]),
    },
    code: 0,
    changes: [{ kind: 'schema-added', subject: 'orders-refund-value', version: 2 }],
  },
  {
    name: 'a reference to a version not in the tree',
    main: WITH_REFUND_V1,
    feature: {
      [`${REFUND}/v2.avsc`]: refund('string'),
      [`${REFUND}/v2.references.json`]: JSON.stringify([
        { name: 'acme.Money', subject: 'orders-money-value', version: 7 },
      ]),
    },
    code: 2,
    error: 'references-invalid',
  },
  {
    name: 'a references file that is not JSON',
    main: WITH_REFUND_V1,
    feature: { [`${REFUND}/v2.avsc`]: refund('string'), [`${REFUND}/v2.references.json`]: '[{"name": ' },
    code: 2,
    error: 'references-invalid',
  },
  {
    name: 'a references file that is not a list of references',
    main: WITH_REFUND_V1,
    feature: { [`${REFUND}/v2.avsc`]: refund('string'), [`${REFUND}/v2.references.json`]: '[{"name": "acme.Money"}]' },
    code: 2,
    error: 'references-invalid',
  },
  {
    name: 'a binary schema in the head',
    feature: { [`${SUBJECT}/v2.avsc`]: Buffer.from([0x7b, 0x00, 0xff, 0x7d]) },
    code: 2,
    error: 'schema-binary',
  },
];

describe('charter diff against real git repositories', () => {
  const cwd = process.cwd();
  let fixture: GitFixture;
  afterEach(() => {
    process.chdir(cwd);
    fixture?.remove();
  });

  it.each(scenarios)('$name → exit $code', async (scenario) => {
    fixture = GitFixture.withOrders();
    if (scenario.main) {
      fixture.git('checkout', '-q', 'main');
      fixture.write(scenario.main);
      fixture.commit('main moves on');
      fixture.git('checkout', '-q', '-B', 'feature', 'main');
    }
    fixture.write(scenario.feature);
    fixture.commit('the change');
    process.chdir(fixture.dir);
    const args = scenario.args ?? ['--base', 'main', '--head', 'feature'];
    const run = await runCharter(['diff', ...args, '--format', 'json']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: scenario.code, stderr: expect.any(String) });
    const output = JSON.parse(run.stdout);
    if (scenario.error) {
      expect(output.error.code).toBe(scenario.error);
      expect(run.stderr).toContain(`error ${scenario.error}`);
      return;
    }
    const report = output as DiffReport;
    expect(report.verdict).toBe(scenario.code === 0 ? 'pass' : 'blocked');
    if (scenario.changes?.length === 0) expect(report.changes).toEqual([]);
    for (const change of scenario.changes ?? []) expect(report.changes).toContainEqual(expect.objectContaining(change));
    for (const reason of scenario.reasons ?? []) expect(report.reasons).toContainEqual(expect.objectContaining(reason));
    if (scenario.code === 0) expect(report.reasons.filter((reason) => reason.blocking)).toEqual([]);
  });

  it.each([[['--base', 'main', '--format', 'yaml']], [['--head', 'feature']]])(
    'a usage error %j exits 2, not 1 (which means blocked)',
    async (args) => {
      fixture = GitFixture.withOrders();
      process.chdir(fixture.dir);
      const run = await runCharter(['diff', ...args]);
      expect(run.code).toBe(2);
    },
  );

  it('says in text that impact and approvals were not assessed, and names a dropped field', async () => {
    fixture = GitFixture.withOrders();
    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_WITHOUT_AMOUNT });
    fixture.commit('drop amount');
    process.chdir(fixture.dir);
    const run = await runCharter(['diff', '--base', 'main', '--head', 'feature']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('impact: not assessed (no --lineage-url given)');
    expect(run.stderr).toContain('approvals: not checked (no --registry-url given)');
    expect(run.stderr).toContain('field-removed amount');
    expect(run.stderr).toMatch(/BLOCK contracts\/orders\/contract\.odcs\.yaml:\d+ field-missing: field "amount"/);
    expect(run.stderr).toContain('verdict: BLOCKED');
  });

  it('checks against every earlier version at a transitive level', async () => {
    fixture = GitFixture.withOrders();
    const v2 = avroRecord([
      { name: 'order_id', type: 'string' },
      { name: 'amount', type: 'long' },
      { name: 'coupon', type: 'string', default: '' },
    ]);
    fixture.write({ [`${SUBJECT}/v2.avsc`]: v2 });
    fixture.commit('v2');
    fixture.git('checkout', '-q', '-b', 'v3', 'feature');
    fixture.write({ [`${SUBJECT}/v3.avsc`]: V2_OPTIONAL });
    fixture.commit('v3');
    process.chdir(fixture.dir);
    const run = await runCharter(['diff', '--base', 'feature', '--head', 'v3', '--format', 'json']);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.changes[0]!.compatibility).toMatchObject({ level: 'BACKWARD_TRANSITIVE', checkedVersions: [2, 1] });
    expect(report.changes[0]!.fieldChanges?.length).toBeGreaterThan(0);
  });

  it('works on a shallow clone with the base fetched', async () => {
    fixture = GitFixture.withOrders();
    fixture.write({ [`${SUBJECT}/v2.avsc`]: V2_WITHOUT_AMOUNT });
    fixture.commit('drop amount');
    const clone = mkdtempSync(join(tmpdir(), 'charter-diff-clone-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, stdio: 'pipe' });
      git('clone', '-q', '--depth', '1', '--branch', 'feature', `file://${fixture.dir}`, '.');
      process.chdir(clone);
      const before = await runCharter(['diff', '--base', 'origin/main', '--head', 'HEAD', '--format', 'json']);
      expect(before.code).toBe(2);
      git('fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
      const after = await runCharter(['diff', '--base', 'origin/main', '--head', 'HEAD', '--format', 'json']);
      expect(after.code).toBe(1);
      expect((JSON.parse(after.stdout) as DiffReport).reasons).toContainEqual(
        expect.objectContaining({ code: 'field-missing', field: 'amount' }),
      );
    } finally {
      process.chdir(cwd);
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
