import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestRegistry } from '@charter/registry/testing';
import { applyContractsDirectory, authorizationHeader } from '../../src';
import { runCharter } from '../run-charter';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CONTRACTS = join(ROOT, 'contracts');
const PROJECT = join(ROOT, 'packages', 'dbt', 'fixtures', 'acme-shop');

const registry = useTestRegistry();
const key = () => `${registry.adminKey.keyId}:${registry.adminKey.secret}`;

/** charter dbt against a real registry holding the sample contracts (applied as `charter apply` does). */
describe('charter dbt with contracts from the registry', () => {
  beforeAll(async () => {
    const applied = await applyContractsDirectory({
      root: CONTRACTS,
      registryUrl: registry.url,
      headers: authorizationHeader({ key: key() }),
    });
    expect(applied.ok).toBe(true);
  });

  it('generates from GET /contracts/{id} exactly what the local contract file gives', async () => {
    const common = ['dbt', 'generate', '--model', 'fct_orders', '--adapter', 'snowflake', '--out', '-'];
    const fromRegistry = await runCharter([
      ...common,
      '--contract',
      'orders',
      '--registry',
      registry.url,
      '--key',
      key(),
    ]);
    const fromFile = await runCharter([...common, '--contract-file', join(CONTRACTS, 'orders', 'contract.odcs.yaml')]);
    expect(fromRegistry.code).toBe(0);
    expect(fromRegistry.stdout).toBe(fromFile.stdout);
    expect(fromRegistry.stdout).toContain('contract orders 3.1.0');
  });

  it('exits 2 for a contract the registry does not have', async () => {
    const run = await runCharter([
      'dbt',
      'generate',
      '--contract',
      'refunds',
      '--registry',
      registry.url,
      '--out',
      '-',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GET /contracts/refunds');
  });

  it('checks a manifest against every contract on the registry (--contracts-dir registry)', async () => {
    const check = (manifest: string, ...more: string[]) =>
      runCharter(['dbt', 'check', '--manifest', manifest, '--contracts-dir', 'registry', '-r', registry.url, ...more]);
    // Bad input tried: no API key — the registry's 401, exit 2.
    const anonymous = await check(join(PROJECT, 'manifest.json'));
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('GET /contracts');
    expect(anonymous.stderr).toContain('401');
    const passing = await check(join(PROJECT, 'manifest.json'), '--key', key());
    expect(passing.code).toBe(0);
    expect(passing.stderr).toMatch(/^PASSED dbt-check/m);

    const manifest = JSON.parse(readFileSync(join(PROJECT, 'manifest.json'), 'utf8'));
    manifest.nodes['model.acme_shop.user_events'].columns.event_type.data_type = 'integer';
    const work = mkdtempSync(join(tmpdir(), 'charter-dbt-e2e-'));
    try {
      writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest));
      const failing = await check(join(work, 'manifest.json'), '--key', key());
      expect(failing.code).toBe(1);
      expect(failing.stderr).toContain('user_events.event_type: expected text, found integer');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
