import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCharter } from '../../test/run-charter';

const ROOT = join(__dirname, '..', '..', '..', '..');
const PROJECT = join(ROOT, 'packages', 'dbt', 'fixtures', 'acme-shop');
const MANIFEST = join(PROJECT, 'manifest.json');
const CATALOG = join(PROJECT, 'catalog.json');
const CONTRACTS = join(ROOT, 'contracts');
const ORDERS = join(CONTRACTS, 'orders', 'contract.odcs.yaml');

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'charter-dbt-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The fixture manifest with one change, written to the work directory. */
function manifestWith(name: string, change: (manifest: { nodes: Record<string, Record<string, unknown>> }) => void) {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  change(manifest);
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

const check = (...args: string[]) => runCharter(['dbt', 'check', '--contracts-dir', CONTRACTS, ...args]);

describe('charter dbt check', () => {
  const dropped = () =>
    manifestWith('dropped.json', (manifest) => {
      delete (manifest.nodes['model.acme_shop.fct_orders']!.columns as Record<string, unknown>).coupon_code;
    });

  it('exits 0 for the project as generated, with the catalog', async () => {
    const run = await check('--manifest', MANIFEST, '--catalog', CATALOG);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/^PASSED dbt-check .*: 59 checks, 59 passed, 0 failed/m);
  });

  it('catches a column dropped from the manifest: exit 1 and the precise line', async () => {
    const run = await check('--manifest', dropped());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'FAIL model.fct_orders.coupon_code.exists: fct_orders.coupon_code: column missing (contract orders requires it)',
    );
  });

  it('prints the check-run document for --format json (kind dbt-check, source dbt-manifest)', async () => {
    const file = dropped();
    const run = await check('--manifest', file, '--format', 'json');
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({
      success: false,
      kind: 'dbt-check',
      source: { type: 'dbt-manifest', name: file },
      statistics: { unsuccessful_expectations: 1 },
    });
    expect(document.contract).toBeUndefined();
    expect(document.run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(document.results.find((result: { success: boolean }) => !result.success)).toMatchObject({
      id: 'model.fct_orders.coupon_code.exists',
      severity: 'error',
      meta: { contract: 'orders', model: 'fct_orders', property: 'coupon_code' },
    });
  });

  it('prints JUnit XML and Markdown on stdout with the same exit code', async () => {
    const file = dropped();
    const junit = await check('--manifest', file, '-f', 'junit');
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toContain('failures="1"');
    const markdown = await check('--manifest', file, '-f', 'markdown');
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain('fct\\_orders.coupon\\_code: column missing');
    const output = join(work, 'reports', 'dbt-check.xml');
    const written = await check('--manifest', file, '-f', 'junit', '--output', output);
    expect(written).toMatchObject({ code: 1, stdout: '' });
    expect(written.stderr).toMatch(/^FAILED dbt-check/m);
    expect(readFileSync(output, 'utf8')).toContain('failures="1"');
  });

  it('passes with warnings only (an extra column): exit 0', async () => {
    const file = manifestWith('extra.json', (manifest) => {
      (manifest.nodes['model.acme_shop.fct_orders']!.columns as Record<string, unknown>).discount_cents = {
        name: 'discount_cents',
        data_type: 'bigint',
        constraints: [],
      };
    });
    const run = await check('--manifest', file);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('WARN model.fct_orders.discount_cents.extra');
  });

  // Bad inputs tried: a manifest of dbt 1.3, a catalog as the manifest, truncated JSON, a missing file, an unknown
  // format, a missing contracts directory, an unreachable registry (with credentials in its URL).
  it.each([
    [
      'a manifest of another dbt version',
      ['--manifest', join(PROJECT, 'manifest-v7-dbt-1.3.json')],
      'manifest v7 (dbt 1.3)',
    ],
    ['the catalog given as the manifest', ['--manifest', CATALOG], 'not a manifest'],
    ['a missing manifest', ['--manifest', join(PROJECT, 'nope.json')], 'no such file'],
    ['an unknown format', ['--manifest', MANIFEST, '--format', 'xml'], "argument 'xml' is invalid"],
  ])('exits 2 for %s', async (_what, args, message) => {
    const run = await check(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for truncated JSON', async () => {
    const file = join(work, 'truncated.json');
    writeFileSync(file, readFileSync(MANIFEST, 'utf8').slice(0, 5000));
    const run = await check('--manifest', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not JSON');
  });

  it('exits 2 when the contracts cannot be loaded, and never shows a password', async () => {
    const missing = await runCharter(['dbt', 'check', '--manifest', MANIFEST, '--contracts-dir', join(work, 'none')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no contracts directory');
    const unreachable = await runCharter([
      'dbt',
      'check',
      '--manifest',
      MANIFEST,
      '--contracts-dir',
      'registry',
      '--registry',
      'http://ci:hunter2@127.0.0.1:1',
    ]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach the registry at http://127.0.0.1:1');
    expect(unreachable.stderr).not.toContain('hunter2');
  });
});

describe('charter dbt generate', () => {
  it('writes the file, then leaves it alone when nothing changed (same bytes, not rewritten)', async () => {
    const out = join(work, 'models', 'marts', '_fct_orders.yml');
    const args = ['dbt', 'generate', '--contract-file', ORDERS, '--model', 'fct_orders', '--out', out];
    const first = await runCharter(args);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /^created .*_fct_orders\.yml: model fct_orders from contract orders 3\.1\.0 \(postgres\)/,
    );
    const bytes = readFileSync(out);
    const written = statSync(out).mtimeMs;
    const second = await runCharter([...args, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'unchanged', model: 'fct_orders', version: '3.1.0' });
    expect(readFileSync(out).equals(bytes)).toBe(true);
    expect(statSync(out).mtimeMs).toBe(written);
    const snowflake = await runCharter([...args, '--adapter', 'snowflake']);
    expect(snowflake.stderr).toMatch(/^updated /);
    expect(readFileSync(out, 'utf8')).toContain('data_type: NUMBER(38,0)');
  });

  it('prints to stdout with --out -', async () => {
    const run = await runCharter(['dbt', 'generate', '--contract-file', ORDERS, '--out', '-', '-a', 'bigquery']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Generated by `charter dbt generate` from contract orders 3\.1\.0/);
    expect(run.stdout).toContain('data_type: INT64');
  });

  // Bad inputs tried: a hand-written properties file at --out, an unknown adapter, a missing contract file, a file
  // that is not a valid contract, no contract named at all, a model name dbt would not accept.
  it('refuses to overwrite a properties file it did not write: exit 2, file untouched', async () => {
    const out = join(work, 'schema.yml');
    writeFileSync(out, 'version: 2\nmodels:\n  - name: orders\n');
    const run = await runCharter(['dbt', 'generate', '--contract-file', ORDERS, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('was not generated by charter');
    expect(readFileSync(out, 'utf8')).toBe('version: 2\nmodels:\n  - name: orders\n');
  });

  it.each([
    ['an unknown adapter', ['--contract-file', ORDERS, '--adapter', 'oracle'], "argument 'oracle' is invalid"],
    ['a missing contract file', ['--contract-file', join(ROOT, 'nope.yaml')], 'cannot read'],
    ['a file that is not a contract', ['--contract-file', MANIFEST], 'odcs-violation'],
    ['no contract named', [], '--contract <id> or --contract-file'],
    [
      'a model name dbt would not accept',
      ['--contract-file', ORDERS, '--model', 'fct-orders'],
      'not valid dbt model name',
    ],
  ])('exits 2 for %s', async (_what, args, message) => {
    const run = await runCharter(['dbt', 'generate', '--out', join(work, 'never.yml'), ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(() => statSync(join(work, 'never.yml'))).toThrow();
  });
});
