import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readContractsDirectory } from '@charter/contracts/node';
import { compileDatasetContracts } from '@charter/enforcement';
import { schemaFields } from './schema-fields';

/**
 * The `schema` facet the sinks report for the topics they read must keep the very contracts that govern those topics:
 * otherwise the lineage service records a breach for every batch the sample pipeline writes (it did, when nested
 * records were reported without their own fields).
 */
const CONTRACTS_DIR = path.resolve(__dirname, '../../../../contracts');
const KAFKA = 'kafka://kafka.charter.local:9092';

describe('the facet of the topic a sink reads', () => {
  it.each([
    ['orders', 'orders/schemas/orders-value/v3.avsc', 'AVRO'],
    ['user-events', 'user-events/schemas/user-events-value/v2.json', 'JSON'],
  ] as const)(
    '%s: reported from its latest schema, breaks none of the contracts governing it',
    async (topic, file, schemaType) => {
      const loaded = await readContractsDirectory(CONTRACTS_DIR);
      const contracts = compileDatasetContracts(
        loaded.contracts.map((entry) => ({ contract: entry.contract, file: entry.file })),
      );
      const dataset = { namespace: KAFKA, name: topic };
      expect(contracts.governs(dataset)).toBe(true);
      const fields = schemaFields({ schemaType, schema: readFileSync(path.join(CONTRACTS_DIR, file), 'utf8') });
      expect(contracts.checkSchemaFacet(dataset, { fields })).toEqual([]);
    },
  );

  it('nests a record’s own fields under it, through a nullable union, and a JSON object’s properties', () => {
    const avro = schemaFields({
      schemaType: 'AVRO',
      schema: JSON.stringify({
        type: 'record',
        name: 'Order',
        fields: [
          { name: 'id', type: 'string' },
          {
            name: 'shipping_address',
            type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }],
          },
        ],
      }),
    });
    expect(avro).toEqual([
      { name: 'id', type: 'string' },
      { name: 'shipping_address', type: 'record', fields: [{ name: 'city', type: 'string' }] },
    ]);
    const json = schemaFields({
      schemaType: 'JSON',
      schema: JSON.stringify({
        type: 'object',
        properties: { device: { type: 'object', properties: { os: { type: 'string' } } } },
      }),
    });
    expect(json).toEqual([{ name: 'device', type: 'object', fields: [{ name: 'os', type: 'string' }] }]);
  });
});
