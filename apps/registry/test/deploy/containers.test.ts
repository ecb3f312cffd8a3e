import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkDockerfile,
  healthcheckUrl,
  listInitialDatabases,
  readComposeFile,
  readDockerfile,
} from '@charter/testkit';
import { loadRegistryConfig, REGISTRY_ENVIRONMENT_VARIABLES } from '../../src/config/registry-config';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..', '..');
const DOCKERFILE = 'apps/registry/Dockerfile';
const dockerfileText = readFileSync(path.join(REPOSITORY, DOCKERFILE), 'utf8');
const runtime = readDockerfile(dockerfileText).at(-1)!;
const compose = readComposeFile(readFileSync(path.join(REPOSITORY, 'docker-compose.yml'), 'utf8'));
const service = compose.services.registry!;
/** What the process in the container sees: the image's ENV, then the compose service's environment over it. */
const containerEnvironment = { ...runtime.env, ...service.environment };
const workdir = runtime.workdir ?? '/';

describe('the registry container (apps/registry/Dockerfile, docker-compose.yml)', () => {
  it('is built from its Dockerfile with the repository root as the context', () => {
    expect(service.build).toEqual({ context: '.', dockerfile: DOCKERFILE });
  });

  it('has a Dockerfile that copies what exists, from stages it defines, and runs as a user other than root', () => {
    expect(checkDockerfile(dockerfileText, REPOSITORY)).toEqual([]);
  });

  it('sets only environment variables the registry reads', () => {
    const unread = Object.keys(service.environment).filter((name) => !REGISTRY_ENVIRONMENT_VARIABLES.includes(name));
    expect(unread).toEqual([]);
  });

  it('starts with a valid configuration, listening on every interface at the published, exposed, checked port', () => {
    const config = loadRegistryConfig(containerEnvironment, workdir);
    expect(config.host).toBe('0.0.0.0');
    expect(service.ports.map((port) => port.target)).toEqual([config.port]);
    expect(runtime.exposedPorts).toEqual([config.port]);
    expect(healthcheckUrl(runtime, containerEnvironment)).toBe(`http://127.0.0.1:${config.port}/ready`);
    expect(runtime.cmd).toEqual(['node', 'dist/main.js']);
    expect(existsSync(path.join(REPOSITORY, 'apps/registry/src/main.ts'))).toBe(true);
  });

  it('uses the compose services for its database, cache and lineage, at the ports they listen on', () => {
    const config = loadRegistryConfig(containerEnvironment, workdir);
    expect(config.database.kind).toBe('postgres');
    const urls = [
      config.database.kind === 'postgres' ? config.database.url : '',
      config.redis?.url ?? '',
      config.lineage.url ?? '',
    ].map((url) => new URL(url));
    expect(urls.map((url) => url.hostname)).toEqual(['postgres', 'redis', 'lineage']);
    const lineage = compose.services.lineage!;
    expect(Number(urls[2]?.port)).toBe(lineage.ports[0]?.target);
    expect(service.dependsOn).toEqual({
      postgres: 'service_healthy',
      redis: 'service_healthy',
      lineage: 'service_healthy',
    });
  });

  it('uses a database the postgres service creates on its first start', () => {
    const config = loadRegistryConfig(containerEnvironment, workdir);
    const name = new URL(config.database.kind === 'postgres' ? config.database.url : '').pathname.slice(1);
    expect(listInitialDatabases(compose, REPOSITORY)).toContain(name);
  });

  it('keeps the admin key the first start writes in a named volume the image lets its user write', () => {
    const config = loadRegistryConfig(containerEnvironment, workdir);
    const keyDirectory = path.posix.dirname(config.auth.adminKeyFile);
    const volume = service.volumes.find((mount) => mount.target === keyDirectory);
    expect(volume?.source).toBeDefined();
    expect(compose.volumes).toContain(volume?.source);
    expect(dockerfileText).toContain(`chown ${runtime.user}:${runtime.user} ${keyDirectory}`);
  });

  it('starts V8 with the heap its memory budget gives it', () => {
    const config = loadRegistryConfig(containerEnvironment, workdir);
    expect(containerEnvironment.NODE_OPTIONS).toContain(`--max-old-space-size=${config.memory.heapMb}`);
  });

  it('carries its migrations where it looks for them, beside dist/', () => {
    const migrations = runtime.copies.find((copy) => copy.sources.includes('/out/prisma/migrations'));
    expect(migrations && path.posix.resolve(workdir, migrations.destination)).toBe(
      path.posix.join(workdir, 'prisma/migrations'),
    );
    expect(existsSync(path.join(REPOSITORY, 'apps/registry/prisma/migrations'))).toBe(true);
  });
});
