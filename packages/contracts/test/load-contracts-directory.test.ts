import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readContractsDirectory as loadContractsDirectory } from '../src/node';
import { SAMPLE_CONTRACTS_DIR } from './contract-cases';

describe('loadContractsDirectory on the sample contracts/', () => {
  it('loads both contracts, ownership and environments without problems', async () => {
    const result = await loadContractsDirectory(SAMPLE_CONTRACTS_DIR);
    expect(result.problems).toEqual([]);
    expect(result.contracts.map((loaded) => loaded.contract.id)).toEqual(['orders', 'user-events']);
    expect(result.ownership?.teams.map((team) => team.name)).toEqual(
      expect.arrayContaining(['orders', 'growth', 'analytics', 'fulfilment', 'platform']),
    );
    expect(result.environments?.map((environment) => environment.name)).toEqual(['dev', 'staging', 'prod']);
    const orders = result.contracts[0]!;
    expect(orders.contract).toMatchObject({
      team: 'orders',
      severityTier: 'tier-1',
      compatibility: 'BACKWARD_TRANSITIVE',
    });
    expect(orders.schemaVersions).toEqual([
      {
        subject: 'orders-value',
        versions: [1, 2, 3].map((version) => expect.objectContaining({ version, schemaType: 'AVRO' })),
      },
    ]);
  });
});

describe('loadContractsDirectory on broken directories', () => {
  let dir: string;
  const contractFile = () => join(dir, 'orders', 'contract.odcs.yaml');
  const schemaFile = (version: number) => join(dir, 'orders', 'schemas', 'orders-value', `v${version}.avsc`);
  const editContract = (edit: (text: string) => string) =>
    writeFileSync(contractFile(), edit(readFileSync(contractFile(), 'utf8')));
  const lineOf = (file: string, needle: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(needle)) + 1;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'charter-contracts-'));
    cpSync(SAMPLE_CONTRACTS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a version that breaks the contract compatibility level', async () => {
    const v3 = JSON.parse(readFileSync(schemaFile(3), 'utf8'));
    v3.fields.push({ name: 'channel', type: 'string' });
    writeFileSync(schemaFile(4), JSON.stringify(v3, null, 2));
    editContract((text) => text.replace('value: BACKWARD_TRANSITIVE', 'value: BACKWARD'));
    const { problems } = await loadContractsDirectory(dir);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'incompatible-evolution', file: schemaFile(4), path: '/fields/8' }),
    ]);
    // The new field's object opens on the line before its "name".
    expect(problems[0]?.line).toBe(lineOf(schemaFile(4), '"channel"') - 1);
  });

  it('reports a JSON Schema version that removes a required field under BACKWARD', async () => {
    const jsonFile = (version: number) => join(dir, 'user-events', 'schemas', 'user-events-value', `v${version}.json`);
    const v2 = JSON.parse(readFileSync(jsonFile(2), 'utf8'));
    delete v2.properties.occurred_at;
    v2.required = v2.required.filter((name: string) => name !== 'occurred_at');
    writeFileSync(jsonFile(3), JSON.stringify(v2, null, 2));
    const { problems } = await loadContractsDirectory(dir);
    expect(problems.map(({ code, file }) => ({ code, file }))).toContainEqual({
      code: 'incompatible-evolution',
      file: jsonFile(3),
    });
    expect(problems.every((problem) => problem.line !== undefined)).toBe(true);
  });

  it('reports a field the contract declares but the latest schema lacks', async () => {
    editContract((text) => text.replace('- name: coupon_code', '- name: voucher_code'));
    const { problems } = await loadContractsDirectory(dir);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'field-missing', file: contractFile(), path: '/schema/0/properties/6' }),
    ]);
    expect(problems[0]?.line).toBe(lineOf(contractFile(), 'voucher_code'));
  });

  it('reports a schema file that cannot be parsed', async () => {
    writeFileSync(schemaFile(2), '{\n  "type": "record",\n  "name": "Order",\n  "fields": [{ "name": "x" }]\n}\n');
    const { problems } = await loadContractsDirectory(dir);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'schema-unparseable', file: schemaFile(2), path: '/fields/0', line: 4 }),
    ]);
  });

  it('reports a contract team missing from the ownership file', async () => {
    editContract((text) => text.replace('team:\n  name: orders', 'team:\n  name: checkout'));
    const { problems } = await loadContractsDirectory(dir);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'unknown-team', file: contractFile(), path: '/team/name' }),
    ]);
    expect(problems[0]?.line).toBe(lineOf(contractFile(), 'name: checkout'));
  });

  it('reports a subject owned by another team', async () => {
    editContract((text) => text.replace('team:\n  name: orders', 'team:\n  name: fulfilment'));
    const { problems } = await loadContractsDirectory(dir);
    expect(problems.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'subject-not-owned', path: '/schema/0/authoritativeDefinitions/0/url' },
    ]);
    expect(problems[0]?.line).toBe(lineOf(contractFile(), 'url: subjects/orders-value'));
  });

  it('reports a contract id used twice', async () => {
    cpSync(join(dir, 'orders'), join(dir, 'orders-copy'), { recursive: true });
    const { problems } = await loadContractsDirectory(dir);
    const copy = join(dir, 'orders-copy', 'contract.odcs.yaml');
    expect(problems).toEqual([expect.objectContaining({ code: 'duplicate-contract', file: copy, path: '/id' })]);
    expect(problems[0]?.line).toBe(lineOf(copy, 'id: orders'));
  });

  it('reports missing files: ownership, environments and the schema files of a bound subject', async () => {
    rmSync(join(dir, 'ownership.yaml'));
    rmSync(join(dir, 'env.yaml'));
    rmSync(join(dir, 'user-events', 'schemas', 'user-events-value'), { recursive: true });
    const { problems } = await loadContractsDirectory(dir);
    const userEvents = join(dir, 'user-events', 'contract.odcs.yaml');
    expect(problems.map(({ code, file, path, line }) => ({ code, file, path, line }))).toEqual([
      { code: 'missing-file', file: join(dir, 'ownership.yaml'), path: '', line: undefined },
      { code: 'missing-file', file: join(dir, 'env.yaml'), path: '', line: undefined },
      {
        code: 'missing-file',
        file: userEvents,
        path: '/schema/0/authoritativeDefinitions/0/url',
        line: lineOf(userEvents, 'url: subjects/user-events-value'),
      },
    ]);
  });
});
