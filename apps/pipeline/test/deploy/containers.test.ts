import path from 'node:path';
import { describeAppContainer, listInitialDatabases } from '@charter/testkit';
import { loadPipelineConfig, PIPELINE_ENVIRONMENT_VARIABLES } from '../../src/config/pipeline-config';

describe('the pipeline container (apps/pipeline/Dockerfile, docker-compose.yml)', () => {
  const { compose, service, environment, workdir, repository } = describeAppContainer('pipeline', {
    repository: path.resolve(__dirname, '..', '..', '..', '..'),
    variables: PIPELINE_ENVIRONMENT_VARIABLES,
    loadConfig: loadPipelineConfig,
  });
  const config = () => loadPipelineConfig(environment, workdir);

  it('uses the compose services for its database, registry and lineage, at the ports they listen on', () => {
    const { database, registry, lineage } = config();
    expect(new URL(database.kind === 'postgres' ? database.url : '').hostname).toBe('postgres');
    const registryUrl = new URL(registry.url);
    expect(registryUrl.hostname).toBe('registry');
    expect(Number(registryUrl.port)).toBe(compose.services.registry?.ports[0]?.target);
    const lineageUrl = new URL(lineage?.url ?? '');
    expect(lineageUrl.hostname).toBe('lineage');
    expect(Number(lineageUrl.port)).toBe(compose.services.lineage?.ports[0]?.target);
    expect(service.dependsOn).toEqual({
      postgres: 'service_healthy',
      kafka: 'service_healthy',
      registry: 'service_healthy',
    });
  });

  it('uses a database the postgres service creates on its first start', () => {
    const { database } = config();
    const name = new URL(database.kind === 'postgres' ? database.url : '').pathname.slice(1);
    expect(listInitialDatabases(compose, repository)).toContain(name);
  });

  it('reads the API key the registry writes, from the registry’s volume', () => {
    const { registry } = config();
    const file = registry.apiKey && 'file' in registry.apiKey ? registry.apiKey.file : '';
    const keyFile = compose.services.registry?.environment.CHARTER_ADMIN_KEY_FILE ?? '/var/lib/charter/admin.key';
    expect(path.posix.basename(file)).toBe(path.posix.basename(keyFile));
    expect(service.volumes).toContainEqual({ source: 'registry-data', target: path.posix.dirname(file) });
    expect(compose.services.registry?.volumes).toContainEqual({
      source: 'registry-data',
      target: path.posix.dirname(keyFile),
    });
  });

  it('produces to and consumes from a listener the Kafka service advertises to other containers', () => {
    const advertised = (compose.services.kafka?.environment.KAFKA_ADVERTISED_LISTENERS ?? '')
      .split(',')
      .map((listener) => listener.replace(/^\w+:\/\//, ''));
    const { brokers } = config().kafka;
    expect(brokers.length).toBeGreaterThan(0);
    for (const broker of brokers) expect(advertised).toContain(broker);
  });
});
