import path from 'node:path';
import { useTestRegistry } from '@charter/registry/testing';
import { authorizationHeader, registerSchemaDirectory } from '../../src';

const CONTRACTS = path.resolve(__dirname, '..', '..', '..', '..', 'contracts');

const registry = useTestRegistry();
const admin = () => authorizationHeader({ key: `${registry.adminKey.keyId}:${registry.adminKey.secret}` });

describe('charter register (what the run command does with contracts/)', () => {
  it('registers the sample domains version by version, and a second run changes nothing', async () => {
    const first = await registerSchemaDirectory({ root: CONTRACTS, registryUrl: registry.url, headers: admin() });
    expect(
      first.map((subject) => [subject.subject, subject.ok, subject.versions.map((v) => `${v.outcome} v${v.version}`)]),
    ).toEqual([
      ['orders-value', true, ['registered v1', 'registered v2', 'registered v3']],
      ['user-events-value', true, ['registered v1', 'registered v2']],
    ]);
    const second = await registerSchemaDirectory({ root: CONTRACTS, registryUrl: registry.url, headers: admin() });
    expect(second.flatMap((subject) => subject.versions.map((v) => v.outcome))).toEqual(Array(5).fill('existing'));
    expect(second.flatMap((subject) => subject.versions.map((v) => v.id))).toEqual(
      first.flatMap((subject) => subject.versions.map((v) => v.id)),
    );
    expect((await registry.http.get('/subjects/user-events-value/versions/latest')).body).toMatchObject({
      schemaType: 'JSON',
      version: 2,
    });
  });

  it('reports the registry’s refusal with its error code and stops that subject', async () => {
    await registry.http.delete('/subjects/orders-value');
    await registry.http.delete('/subjects/orders-value?permanent=true');
    // v2 widens int to long: fine for BACKWARD, a forward break under FULL_TRANSITIVE.
    await registry.http.put('/config/orders-value', { compatibility: 'FULL_TRANSITIVE' });
    const result = await registerSchemaDirectory({ root: CONTRACTS, registryUrl: registry.url, headers: admin() });
    const orders = result.find((subject) => subject.subject === 'orders-value')!;
    expect(orders.ok).toBe(false);
    expect(orders.versions.map((v) => v.outcome)).toEqual(['registered', 'failed']);
    expect(orders.versions[1]!.error).toMatchObject({ status: 409, errorCode: 40901 });
  });
});
