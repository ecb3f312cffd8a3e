import { readContractDocument } from '@charter/contracts';
import { compileDatasetContracts } from './dataset-contracts';
import { MAX_FACET_DEPTH, MAX_FACET_FIELDS, readSchemaFacetFields } from './read-schema-facet-fields';

const RAW_ORDERS = { namespace: 'snowflake://acme.eu-west-1', name: 'raw.orders' };

function contract(id: string, lineage: unknown, properties: unknown[], objects?: unknown[]) {
  const { contract: read, problems } = readContractDocument(
    {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id,
      version: '2.1.0',
      status: 'active',
      team: { name: 'orders' },
      schema: objects ?? [{ name: 'orders', physicalName: 'orders', properties }],
      customProperties: [
        { property: 'severityTier', value: 'tier-1' },
        { property: 'lineage', value: lineage },
      ],
    },
    { file: `${id}/contract.odcs.yaml` },
  );
  if (!read) throw new Error(JSON.stringify(problems));
  return { contract: read, file: `${id}/contract.odcs.yaml` };
}

const WAREHOUSE = contract('warehouse-orders', RAW_ORDERS, [
  { name: 'order_id', logicalType: 'string' },
  { name: 'amount_cents', logicalType: 'integer' },
]);
const schemaFacet = (fields: unknown) => ({ _producer: 'p', _schemaURL: 'u', fields });

describe('compileDatasetContracts', () => {
  const contracts = compileDatasetContracts([WAREHOUSE]);

  it('finds no breach for a dataset no contract governs, whatever its facet', () => {
    const other = { namespace: 'snowflake://acme.eu-west-1', name: 'raw.customers' };
    expect(contracts.governs(other)).toBe(false);
    expect(contracts.checkSchemaFacet(other, schemaFacet([]))).toEqual([]);
    expect(contracts.size).toBe(1);
  });

  it('reports the contract and every problem of a governed dataset whose facet dropped a column', () => {
    const breaches = contracts.checkSchemaFacet(RAW_ORDERS, schemaFacet([{ name: 'order_id', type: 'VARCHAR' }]));
    expect(breaches).toEqual([
      {
        dataset: RAW_ORDERS,
        contract: { id: 'warehouse-orders', version: '2.1.0', team: 'orders', severityTier: 'tier-1' },
        problems: [
          expect.objectContaining({
            code: 'field-missing',
            field: 'amount_cents',
            file: 'warehouse-orders/contract.odcs.yaml',
          }),
        ],
      },
    ]);
  });

  it('finds nothing when the facet keeps the contract', () => {
    const fields = [
      { name: 'ORDER_ID', type: 'VARCHAR(36)' },
      { name: 'AMOUNT_CENTS', type: 'NUMBER(38,0)' },
    ];
    expect(contracts.checkSchemaFacet(RAW_ORDERS, schemaFacet(fields))).toEqual([]);
  });

  it('checks every contract governing the dataset, one breach each', () => {
    const second = contract('orders-audit', [RAW_ORDERS], [{ name: 'audited_at', logicalType: 'timestamp' }]);
    const both = compileDatasetContracts([WAREHOUSE, second]);
    const breaches = both.checkSchemaFacet(RAW_ORDERS, schemaFacet([{ name: 'order_id' }, { name: 'amount_cents' }]));
    expect(breaches.map((breach) => [breach.contract.id, breach.problems.map((problem) => problem.field)])).toEqual([
      ['orders-audit', ['audited_at']],
    ]);
  });

  it('lists governed datasets no schema object describes, and does not check them', () => {
    const ambiguous = contract(
      'two-objects',
      [RAW_ORDERS],
      [],
      [
        { name: 'a', properties: [{ name: 'x' }] },
        { name: 'b', properties: [{ name: 'y' }] },
      ],
    );
    const compiled = compileDatasetContracts([ambiguous]);
    expect(compiled.undescribed).toEqual([{ dataset: RAW_ORDERS, contract: 'two-objects' }]);
    expect(compiled.checkSchemaFacet(RAW_ORDERS, schemaFacet([{ name: 'z' }]))).toEqual([]);
  });
});

describe('readSchemaFacetFields', () => {
  // Facets tried: each must read as "nothing to check" or as the fields that can be read, never throw.
  it.each([
    ['not an object', 'fields'],
    ['null', null],
    ['an array', [{ name: 'a' }]],
    ['a deleted facet', { _deleted: true, fields: [{ name: 'a' }] }],
    ['no fields', { _producer: 'p' }],
    ['an empty list (a START that does not know the schema yet)', { fields: [] }],
    ['fields not a list', { fields: { name: 'a' } }],
    ['fields a string', { fields: 'a,b' }],
  ])('%s: nothing to check', (_name, facet) => {
    expect(readSchemaFacetFields(facet)).toBeUndefined();
  });

  it('skips fields without a name and types that are not strings', () => {
    expect(
      readSchemaFacetFields({
        fields: [null, 7, 'a', {}, { name: '' }, { name: 3 }, { name: 'ok', type: 42 }, { name: 'n', fields: 'x' }],
      }),
    ).toEqual([{ name: 'ok' }, { name: 'n' }]);
  });

  it('keeps nested fields under their parent', () => {
    expect(
      readSchemaFacetFields({
        fields: [{ name: 'address', type: 'struct', fields: [{ name: 'city', type: 'string', description: 'd' }] }],
      }),
    ).toEqual([{ name: 'address', type: 'struct', fields: [{ name: 'city', type: 'string' }] }]);
  });

  it('does not check a list too long or too deep to trust', () => {
    const many = Array.from({ length: MAX_FACET_FIELDS + 1 }, (_, index) => ({ name: `c${index}` }));
    expect(readSchemaFacetFields({ fields: many })).toBeUndefined();
    let deep: Record<string, unknown> = { name: 'leaf' };
    for (let depth = 0; depth < MAX_FACET_DEPTH; depth++) deep = { name: `n${depth}`, fields: [deep] };
    expect(readSchemaFacetFields({ fields: [deep] })).toBeUndefined();
    expect(readSchemaFacetFields({ fields: many.slice(0, 50_000) })).toHaveLength(50_000);
  });
});
