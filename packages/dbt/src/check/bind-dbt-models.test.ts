import { type Contract, readContractDocument } from '@charter/contracts';
import { readProjectFile, sampleContract } from '../../test/fixtures';
import { parseDbtManifest } from '../manifest/parse-dbt-manifest';
import { bindDbtModels } from './bind-dbt-models';
import { checkDbtManifest } from './check-dbt-manifest';

const manifest = parseDbtManifest(readProjectFile('manifest.json'));
const models = manifest.models;
const withoutMeta = models.map((model) => ({ ...model, meta: {} }));

/** The orders contract with its document changed (then validated again, as a registry would). */
function ordersWith(change: (document: Record<string, unknown>) => void, id = 'orders'): Contract {
  const document = structuredClone(sampleContract('orders').document);
  document.id = id;
  change(document);
  const { contract, problems } = readContractDocument(document, { file: 'test' });
  if (!contract) throw new Error(JSON.stringify(problems));
  return contract;
}

const described = (result: ReturnType<typeof bindDbtModels>) => ({
  bindings: result.bindings.map((b) => `${b.model.label}=${b.contract.id}${b.object ? `/${b.object}` : ''}:${b.via}`),
  problems: result.problems.map((p) => p.code),
});

describe('bindDbtModels', () => {
  it('binds by meta.charter_contract first, then by name; leaves unrelated models out', () => {
    expect(described(bindDbtModels(models, [sampleContract('orders'), sampleContract('user-events')]))).toEqual({
      bindings: ['fct_orders=orders:meta', 'user_events=user-events/user_events:name'],
      problems: [],
    });
  });

  it('binds the models a contract lists in customProperties.dbtModels (name, or unique id with the object)', () => {
    const listed = ordersWith((document) => {
      (document.customProperties as unknown[]).push({
        property: 'dbtModels',
        value: ['fct_orders', { model: 'model.acme_shop.stg_orders', object: 'orders' }],
      });
    });
    expect(described(bindDbtModels(withoutMeta, [listed]))).toEqual({
      bindings: ['fct_orders=orders:custom-property', 'stg_orders=orders/orders:custom-property'],
      problems: [],
    });
  });

  it('reports a model the contract lists that the manifest lacks (renamed or deleted)', () => {
    const listed = ordersWith((document) => {
      (document.customProperties as unknown[]).push({ property: 'dbtModels', value: 'fct_orders_v2' });
    });
    const result = bindDbtModels(withoutMeta, [listed]);
    expect(described(result).problems).toEqual(['model-not-found']);
    expect(result.problems[0]!.message).toContain('fct_orders_v2');
  });

  it('binds through a warehouse server at the model’s database and schema, to the object named like the relation', () => {
    const served = ordersWith((document) => {
      (document.servers as unknown[]).push({
        server: 'warehouse',
        type: 'postgres',
        environment: 'prod',
        host: 'db',
        port: 5432,
        database: 'ANALYTICS',
        schema: 'marts',
      });
      (document.schema as Array<Record<string, unknown>>)[0]!.physicalName = 'fct_orders';
    });
    expect(described(bindDbtModels(withoutMeta, [served]))).toEqual({
      bindings: ['fct_orders=orders/orders:server'],
      problems: [],
    });
    // The same server in another schema does not bind it: the next rule, the name, does.
    const elsewhere = ordersWith((document) => {
      (document.servers as unknown[]).push({
        server: 'w',
        type: 'postgres',
        host: 'db',
        port: 5432,
        database: 'analytics',
        schema: 'staging',
      });
      (document.schema as Array<Record<string, unknown>>)[0]!.physicalName = 'fct_orders';
    });
    expect(described(bindDbtModels(withoutMeta, [elsewhere])).bindings).toEqual(['fct_orders=orders/orders:name']);
  });

  it('refuses to guess when two contracts bind the same model by name', () => {
    const twin = ordersWith((document) => {
      (document.schema as Array<Record<string, unknown>>)[0]!.physicalName = 'user_events';
    }, 'orders-copy');
    const result = bindDbtModels(withoutMeta, [sampleContract('user-events'), twin]);
    expect(described(result)).toEqual({ bindings: [], problems: ['binding-ambiguous'] });
  });
});

describe('checkDbtManifest with a composite primary key', () => {
  const composite = ordersWith((document) => {
    const properties = (document.schema as Array<{ properties: Array<Record<string, unknown>> }>)[0]!.properties;
    properties[0]!.primaryKeyPosition = 1;
    properties[0]!.unique = false;
    properties[5]!.primaryKey = true; // placed_at
    properties[5]!.primaryKeyPosition = 2;
  });

  it('requires the model-level constraint, and passes when the model declares it', () => {
    const fct = models.find((model) => model.name === 'fct_orders')!;
    const check = (constraints: typeof fct.constraints) =>
      checkDbtManifest({
        manifest: { ...manifest, models: [{ ...fct, constraints }] },
        contracts: [composite],
      })
        .results.filter((result) => !result.success)
        .map((result) => result.id);
    expect(check([])).toEqual(['model.fct_orders.primary_key']);
    expect(check([{ type: 'primary_key', columns: ['placed_at', 'order_id'] }])).toEqual([]);
  });
});
