import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkDockerfile,
  healthcheckUrl,
  listInitialDatabases,
  readComposeFile,
  readDockerfile,
} from '@charter/testkit';
import { LINEAGE_ENVIRONMENT_VARIABLES, loadLineageConfig } from '../../src/config/lineage-config';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..', '..');
const DOCKERFILE = 'apps/lineage/Dockerfile';
const dockerfileText = readFileSync(path.join(REPOSITORY, DOCKERFILE), 'utf8');
const runtime = readDockerfile(dockerfileText).at(-1)!;
const compose = readComposeFile(readFileSync(path.join(REPOSITORY, 'docker-compose.yml'), 'utf8'));
const service = compose.services.lineage!;
/** What the process in the container sees: the image's ENV, then the compose service's environment over it. */
const containerEnvironment = { ...runtime.env, ...service.environment };
const workdir = runtime.workdir ?? '/';

describe('the lineage container (apps/lineage/Dockerfile, docker-compose.yml)', () => {
  it('is built from its Dockerfile with the repository root as the context', () => {
    expect(service.build).toEqual({ context: '.', dockerfile: DOCKERFILE });
  });

  it('has a Dockerfile that copies what exists, from stages it defines, and runs as a user other than root', () => {
    expect(checkDockerfile(dockerfileText, REPOSITORY)).toEqual([]);
  });

  it('sets only environment variables the lineage service reads', () => {
    const unread = Object.keys(service.environment).filter((name) => !LINEAGE_ENVIRONMENT_VARIABLES.includes(name));
    expect(unread).toEqual([]);
  });

  it('starts with a valid configuration, listening on every interface at the published, exposed, checked port', () => {
    const config = loadLineageConfig(containerEnvironment, workdir);
    expect(config.host).toBe('0.0.0.0');
    expect(service.ports.map((port) => port.target)).toEqual([config.port]);
    expect(runtime.exposedPorts).toEqual([config.port]);
    expect(healthcheckUrl(runtime, containerEnvironment)).toBe(`http://127.0.0.1:${config.port}/ready`);
    expect(runtime.cmd).toEqual(['node', 'dist/main.js']);
    expect(existsSync(path.join(REPOSITORY, 'apps/lineage/src/main.ts'))).toBe(true);
  });

  it('uses the compose services for its database and key checks, at the ports they listen on', () => {
    const config = loadLineageConfig(containerEnvironment, workdir);
    expect(config.database.kind).toBe('postgres');
    const database = new URL(config.database.kind === 'postgres' ? config.database.url : '');
    expect(database.hostname).toBe('postgres');
    const registry = new URL(config.auth.registryUrl);
    expect(registry.hostname).toBe('registry');
    expect(Number(registry.port)).toBe(compose.services.registry?.ports[0]?.target);
    expect(config.auth.enabled).toBe(true);
    expect(service.dependsOn).toEqual({ postgres: 'service_healthy', kafka: 'service_healthy' });
  });

  it('uses a database the postgres service creates on its first start', () => {
    const config = loadLineageConfig(containerEnvironment, workdir);
    const name = new URL(config.database.kind === 'postgres' ? config.database.url : '').pathname.slice(1);
    expect(listInitialDatabases(compose, REPOSITORY)).toContain(name);
  });

  it('consumes OpenLineage events from a listener the Kafka service advertises to other containers', () => {
    const config = loadLineageConfig(containerEnvironment, workdir);
    const advertised = (compose.services.kafka?.environment.KAFKA_ADVERTISED_LISTENERS ?? '')
      .split(',')
      .map((listener) => listener.replace(/^\w+:\/\//, ''));
    expect(config.kafka?.brokers.length).toBeGreaterThan(0);
    for (const broker of config.kafka?.brokers ?? []) expect(advertised).toContain(broker);
  });

  it('carries the contracts directory it reads owners and tiers from, and its migrations beside dist/', () => {
    const config = loadLineageConfig(containerEnvironment, workdir);
    const destinationOf = (source: string) => {
      const copy = runtime.copies.find((candidate) => candidate.sources.includes(source));
      return copy && path.posix.resolve(workdir, copy.destination);
    };
    expect(destinationOf('contracts')).toBe(config.contractsDir);
    expect(destinationOf('/out/prisma/migrations')).toBe(path.posix.join(workdir, 'prisma/migrations'));
    expect(existsSync(path.join(REPOSITORY, 'apps/lineage/prisma/migrations'))).toBe(true);
  });
});
