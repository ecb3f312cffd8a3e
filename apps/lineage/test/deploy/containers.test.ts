import path from 'node:path';
import { describeAppContainer, listInitialDatabases } from '@charter/testkit';
import { LINEAGE_ENVIRONMENT_VARIABLES, loadLineageConfig } from '../../src/config/lineage-config';

describe('the lineage container (apps/lineage/Dockerfile, docker-compose.yml)', () => {
  const { compose, service, runtime, environment, workdir, repository } = describeAppContainer('lineage', {
    repository: path.resolve(__dirname, '..', '..', '..', '..'),
    variables: LINEAGE_ENVIRONMENT_VARIABLES,
    loadConfig: loadLineageConfig,
  });
  const config = () => loadLineageConfig(environment, workdir);

  it('uses the compose services for its database and key checks, at the ports they listen on', () => {
    const { database, auth } = config();
    expect(new URL(database.kind === 'postgres' ? database.url : '').hostname).toBe('postgres');
    const registry = new URL(auth.registryUrl);
    expect(registry.hostname).toBe('registry');
    expect(Number(registry.port)).toBe(compose.services.registry?.ports[0]?.target);
    expect(auth.enabled).toBe(true);
    expect(service.dependsOn).toEqual({ postgres: 'service_healthy', kafka: 'service_healthy' });
  });

  it('uses a database the postgres service creates on its first start', () => {
    const { database } = config();
    const name = new URL(database.kind === 'postgres' ? database.url : '').pathname.slice(1);
    expect(listInitialDatabases(compose, repository)).toContain(name);
  });

  it('consumes OpenLineage events from a listener the Kafka service advertises to other containers', () => {
    const advertised = (compose.services.kafka?.environment.KAFKA_ADVERTISED_LISTENERS ?? '')
      .split(',')
      .map((listener) => listener.replace(/^\w+:\/\//, ''));
    const brokers = config().kafka?.brokers ?? [];
    expect(brokers.length).toBeGreaterThan(0);
    for (const broker of brokers) expect(advertised).toContain(broker);
  });

  it('carries the contracts directory it reads owners and tiers from', () => {
    const copy = runtime.copies.find((candidate) => candidate.sources.includes('contracts'));
    expect(copy && path.posix.resolve(workdir, copy.destination)).toBe(config().contractsDir);
  });
});
