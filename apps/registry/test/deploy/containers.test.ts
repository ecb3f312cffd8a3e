import path from 'node:path';
import { describeAppContainer, listInitialDatabases } from '@charter/testkit';
import { loadRegistryConfig, REGISTRY_ENVIRONMENT_VARIABLES } from '../../src/config/registry-config';

describe('the registry container (apps/registry/Dockerfile, docker-compose.yml)', () => {
  const { compose, service, runtime, environment, workdir, repository, dockerfileText } = describeAppContainer(
    'registry',
    {
      repository: path.resolve(__dirname, '..', '..', '..', '..'),
      variables: REGISTRY_ENVIRONMENT_VARIABLES,
      loadConfig: loadRegistryConfig,
    },
  );
  const config = () => loadRegistryConfig(environment, workdir);

  it('uses the compose services for its database, cache and lineage, at the ports they listen on', () => {
    const { database, redis, lineage } = config();
    const urls = [database.kind === 'postgres' ? database.url : '', redis?.url ?? '', lineage.url ?? ''].map(
      (url) => new URL(url),
    );
    expect(urls.map((url) => url.hostname)).toEqual(['postgres', 'redis', 'lineage']);
    expect(Number(urls[2]?.port)).toBe(compose.services.lineage?.ports[0]?.target);
    expect(service.dependsOn).toEqual({
      postgres: 'service_healthy',
      redis: 'service_healthy',
      lineage: 'service_healthy',
    });
  });

  it('uses a database the postgres service creates on its first start', () => {
    const { database } = config();
    const name = new URL(database.kind === 'postgres' ? database.url : '').pathname.slice(1);
    expect(listInitialDatabases(compose, repository)).toContain(name);
  });

  it('keeps the admin key the first start writes in a named volume the image lets its user write', () => {
    const keyDirectory = path.posix.dirname(config().auth.adminKeyFile);
    const volume = service.volumes.find((mount) => mount.target === keyDirectory);
    expect(volume?.source).toBeDefined();
    expect(compose.volumes).toContain(volume?.source);
    expect(dockerfileText).toContain(`chown ${runtime.user}:${runtime.user} ${keyDirectory}`);
  });

  it('starts V8 with the heap its memory budget gives it', () => {
    expect(environment.NODE_OPTIONS).toContain(`--max-old-space-size=${config().memory.heapMb}`);
  });
});
