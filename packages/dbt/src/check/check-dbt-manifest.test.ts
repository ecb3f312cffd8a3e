import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { applyPatch, FIXTURES, type PatchOperation, readProjectFile, sampleContract } from '../../test/fixtures';
import { DbtInputError } from '../dbt-errors';
import { parseDbtCatalog } from '../manifest/parse-dbt-catalog';
import { parseDbtManifest } from '../manifest/parse-dbt-manifest';
import { checkDbtManifest } from './check-dbt-manifest';

interface CheckCase {
  description: string;
  manifest?: string;
  manifestText?: string;
  catalog?: string;
  patch?: PatchOperation[];
  catalogPatch?: PatchOperation[];
  expected: {
    failures?: Array<{ id: string; severity: string; message: string }>;
    bound?: string[];
    error?: string;
    message?: string;
  };
}

const CASES_DIR = join(FIXTURES, 'check-cases');
const cases = readdirSync(CASES_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => [file, parse(readFileSync(join(CASES_DIR, file), 'utf8')) as CheckCase] as const);
const contracts = [sampleContract('orders'), sampleContract('user-events')];

/** The case's manifest and catalog text: a fixture file, patched, or the case's own text (bad input). */
function inputsOf(testCase: CheckCase): { manifest: string; catalog?: string } {
  const patched = (file: string, patch: PatchOperation[] | undefined) =>
    patch ? JSON.stringify(applyPatch(JSON.parse(readProjectFile(file)), patch)) : readProjectFile(file);
  return {
    manifest: testCase.manifestText ?? patched(testCase.manifest ?? 'manifest.json', testCase.patch),
    ...(testCase.catalog ? { catalog: patched(testCase.catalog, testCase.catalogPatch) } : {}),
  };
}

function run(testCase: CheckCase) {
  const inputs = inputsOf(testCase);
  const manifest = parseDbtManifest(inputs.manifest, { source: 'manifest.json' });
  const catalog =
    inputs.catalog === undefined ? undefined : parseDbtCatalog(inputs.catalog, { source: 'catalog.json' });
  return checkDbtManifest({ manifest, contracts, ...(catalog ? { catalog } : {}) });
}

describe('checkDbtManifest over fixtures/check-cases (the acme_shop project against contracts/)', () => {
  it('has a corpus', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('%s', (_file, testCase) => {
    const { expected } = testCase;
    if (expected.error) {
      let thrown: unknown;
      try {
        run(testCase);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DbtInputError);
      expect((thrown as DbtInputError).code).toBe(expected.error);
      if (expected.message) expect((thrown as DbtInputError).message).toContain(expected.message);
      return;
    }
    const outcome = run(testCase);
    const failures = outcome.results
      .filter((result) => !result.success)
      .map(({ id, severity, message }) => ({ id, severity, message }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(failures).toEqual(expected.failures ?? []);
    if (expected.bound) {
      expect(outcome.bindings.map((binding) => `${binding.model}=${binding.contract}/${binding.via}`).sort()).toEqual(
        expected.bound,
      );
    }
    // Every result is about a bound model or a binding, and ids are unique within the run.
    const ids = outcome.results.map((result) => result.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('checks every contracted column of the base project, passing (none left out)', () => {
    const outcome = run({ description: 'base', catalog: 'catalog.json', expected: {} });
    const columns = (id: string) =>
      outcome.results.filter((result) => result.id.startsWith(`model.${id}.`) && result.id.endsWith('.exists'));
    expect(columns('fct_orders')).toHaveLength(8);
    expect(columns('user_events')).toHaveLength(6);
    expect(outcome.results.every((result) => result.success)).toBe(true);
    expect(outcome.results.some((result) => result.id === 'model.fct_orders.amount_cents.built_type')).toBe(true);
  });
});
