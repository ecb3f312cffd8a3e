import { WorkerSchemaVerifier } from '../../src/registry/schema-verifier';
import { avroRecord, useTestRegistry } from '../../src/testing';

/**
 * Schemas of 64 KiB and more are verified by the runtime libraries on worker threads: the answers are those the
 * event loop would give (a valid one lands, an invalid one is 42201 with the library's reason).
 */
const registry = useTestRegistry({ env: { CHARTER_SCHEMA_WORKERS: '1' } });

const wide = (fields: number, type: unknown = 'long') =>
  avroRecord(
    'Wide',
    Array.from({ length: fields }, (_, i): [string, unknown] => [`field_number_${i}`, type]),
  );

describe('large schemas, verified on a worker thread', () => {
  it('has worker threads to verify on (the schema engine is built)', () => {
    expect(registry.registry.runtime.schemaVerifier).toBeInstanceOf(WorkerSchemaVerifier);
  });

  it('registers a 5 000-field record, and checks the next against it', async () => {
    const first = await registry.http.register('wide-value', wide(5_000));
    expect(first.status).toBe(200);
    expect(JSON.stringify(wide(5_000)).length).toBeGreaterThan(64 * 1024);
    const next = await registry.http.post<{ is_compatible: boolean }>(
      '/compatibility/subjects/wide-value/versions/latest',
      {
        schema: JSON.stringify(wide(5_000, 'int')),
      },
    );
    expect(next).toMatchObject({ status: 200, body: { is_compatible: false } });
  });

  it('refuses an invalid large schema with 42201, saying what is wrong, as on the event loop', async () => {
    const schema = wide(5_000);
    const refused = await registry.http.register('wide-bad-value', {
      ...schema,
      fields: [...schema.fields, { name: 'amount', type: { type: 'fixed', name: 'Money', size: -1 } }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error_code: 42201 });
    expect((refused.body as { message?: string }).message).toContain('non-negative integer "size"');
    expect((await registry.http.get('/subjects/wide-bad-value/versions')).status).toBe(404);
  });
});
