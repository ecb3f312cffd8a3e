import { findMissingFields } from './find-missing-fields';
import { readContractDocument } from './read-contract-document';

function contractWith(consumerFields: string[], subjects = ['orders-value']) {
  const result = readContractDocument(
    {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'orders',
      version: '1.0.0',
      status: 'active',
      team: { name: 'orders' },
      schema: subjects.map((subject) => ({
        name: subject,
        authoritativeDefinitions: [{ type: 'schemaRegistrySubject', url: `subjects/${subject}` }],
        properties: [
          { name: 'order_id' },
          { name: 'address', logicalType: 'object', properties: [{ name: 'city' }, { name: 'zip' }] },
        ],
      })),
      customProperties: [
        { property: 'severityTier', value: 'tier-1' },
        { property: 'consumers', value: [{ id: 'bi', kind: 'dashboard', team: 'analytics', fields: consumerFields }] },
      ],
    },
    { file: 'c.yaml' },
  );
  if (!result.contract) throw new Error(JSON.stringify(result.problems));
  return result.contract;
}

describe('findMissingFields', () => {
  it('finds nothing when the schema has every declared and consumed field', () => {
    const contract = contractWith(['order_id', 'address.city']);
    expect(
      findMissingFields(contract, 'orders-value', ['order_id', 'address', 'address.city', 'address.zip'], {
        file: 'c.yaml',
      }),
    ).toEqual([]);
  });

  it('reports declared fields (nested ones by their property) and consumed fields the schema lacks', () => {
    const contract = contractWith(['order_id', 'amount']);
    const problems = findMissingFields(contract, 'orders-value', ['order_id', 'address', 'address.city'], {
      file: 'c.yaml',
    });
    expect(problems.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'field-missing', path: '/schema/0/properties/1/properties/1' },
      { code: 'field-missing', path: '/customProperties/1/value/0/fields/1' },
    ]);
  });

  it('checks consumer fields only when the contract binds a single subject', () => {
    const contract = contractWith(['amount'], ['orders-value', 'orders-key']);
    const all = ['order_id', 'address', 'address.city', 'address.zip'];
    expect(findMissingFields(contract, 'orders-value', all, { file: 'c.yaml' })).toEqual([]);
  });

  it('ignores a subject the contract does not bind', () => {
    expect(findMissingFields(contractWith([]), 'payments-value', [], { file: 'c.yaml' })).toEqual([]);
  });
});
