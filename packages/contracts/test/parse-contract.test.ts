import { parseContract, readContractDocument, YAML_LIMITS } from '../src';
import { loadBadCases, loadGoodCases } from './contract-cases';

describe('parseContract: good cases', () => {
  it.each(loadGoodCases().map((entry) => [entry.name, entry] as const))('%s has no problems', (_name, entry) => {
    const result = parseContract(entry.text, { file: entry.file });
    expect(result.problems).toEqual([]);
    expect(result.contract).toBeDefined();
  });
});

describe('parseContract: bad cases', () => {
  it.each(loadBadCases().map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const result = parseContract(entry.text, { file: entry.file });
    expect(result.contract).toBeUndefined();
    const first = result.problems[0];
    expect(first).toBeDefined();
    expect({ code: first?.code, line: first?.line, file: first?.file }).toEqual({
      code: entry.expected.code,
      line: entry.expected.line,
      file: entry.file,
    });
    if (entry.expected.path !== undefined) {
      expect(result.problems.map((problem) => problem.path)).toContain(entry.expected.path);
    }
  });
});

describe('parseContract: limits', () => {
  it('refuses a file over the size limit before parsing it', () => {
    const filler = `# ${'x'.repeat(1000)}\n`.repeat(Math.ceil(YAML_LIMITS.maxBytes / 1000) + 1);
    const text = `apiVersion: v3.1.0\nkind: DataContract\nid: big\nversion: 1.0.0\nstatus: draft\n${filler}`;
    const started = Date.now();
    const result = parseContract(text, { file: 'big.yaml' });
    expect(result.problems).toEqual([expect.objectContaining({ code: 'yaml-syntax', path: '', line: 1 })]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('bounds alias expansion', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const result = parseContract(levels.join('\n'), { file: 'bomb.yaml' });
    expect(result.problems.map((problem) => problem.code)).toEqual(['yaml-syntax']);
  });
});

describe('readContractDocument', () => {
  it('reads an HTTP body: problems have a path and no line', () => {
    const result = readContractDocument(
      { apiVersion: 'v3.1.0', kind: 'DataContract', version: '1.0.0', status: 'draft', team: { name: 'x' } },
      { file: 'request body' },
    );
    expect(result.problems).toEqual([expect.objectContaining({ code: 'odcs-violation', path: '/id' })]);
    expect(result.problems[0]?.line).toBeUndefined();
  });

  it('applies the defaults and reads owners, subjects and consumers', () => {
    const result = readContractDocument(
      {
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'payments',
        version: '1.0.0',
        status: 'active',
        team: {
          name: 'payments',
          members: [
            { username: 'pat', role: 'owner' },
            { username: 'sam', role: 'engineer' },
          ],
        },
        schema: [
          {
            name: 'payments',
            authoritativeDefinitions: [{ type: 'schemaRegistrySubject', url: 'subjects/payments-value' }],
            properties: [
              { name: 'id' },
              { name: 'card', logicalType: 'object', properties: [{ name: 'last4' }] },
              { name: 'lines', logicalType: 'array', items: { logicalType: 'object', properties: [{ name: 'sku' }] } },
            ],
          },
        ],
        customProperties: [
          { property: 'consumers', value: [{ id: 'ledger', kind: 'service', team: 'finance', fields: ['id'] }] },
        ],
      },
      { file: 'body' },
    );
    expect(result.problems).toEqual([]);
    expect(result.contract).toMatchObject({
      team: 'payments',
      owners: ['pat'],
      severityTier: 'tier-3',
      compatibility: 'BACKWARD',
      lineage: [],
      consumers: [{ id: 'ledger', kind: 'service', team: 'finance', fields: ['id'], executive: false }],
      subjects: [
        {
          subject: 'payments-value',
          objectName: 'payments',
          fields: ['id', 'card', 'card.last4', 'lines', 'lines.sku'],
        },
      ],
    });
  });
});

describe('readCharterProperties: drift', () => {
  const body = (value: unknown) => ({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'payments',
    version: '1.0.0',
    status: 'active',
    team: { name: 'payments' },
    schema: [{ name: 'payments', properties: [{ name: 'amount_cents', logicalType: 'integer' }] }],
    customProperties: [{ property: 'drift', value }],
  });

  it('reads thresholds and per-field overrides; absent when not set', () => {
    const value = { psi: 0.2, windowRecords: 5000, fields: { amount_cents: { ksMinD: 0.2, kind: 'numeric' } } };
    expect(readContractDocument(body(value), { file: 'body' }).contract?.drift).toEqual(value);
    const without = { ...body({}), customProperties: [] };
    expect(readContractDocument(without, { file: 'body' }).contract?.drift).toBeUndefined();
  });

  // Bad values tried: a negative PSI, a fractional window, a kind that does not exist, a string where a number goes.
  it.each([
    [{ psi: -1 }, '/customProperties/0/value/psi'],
    [{ windowRecords: 10.5 }, '/customProperties/0/value/windowRecords'],
    [{ fields: { amount_cents: { kind: 'float' } } }, '/customProperties/0/value/fields/amount_cents/kind'],
    [{ nullRateJump: '5%' }, '/customProperties/0/value/nullRateJump'],
  ])('refuses %j at %s', (value, path) => {
    const result = readContractDocument(body(value), { file: 'body' });
    expect(result.contract).toBeUndefined();
    expect(result.problems).toEqual([expect.objectContaining({ code: 'invalid-custom-property', path })]);
  });
});
