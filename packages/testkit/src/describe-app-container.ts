import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkDockerfile } from './check-dockerfile';
import { type ComposeFile, type ComposeService, readComposeFile } from './read-compose-file';
import { type DockerfileStage, healthcheckUrl, readDockerfile } from './read-dockerfile';

/** What an app's container test knows about its image and compose service. */
export interface AppContainer {
  repository: string;
  dockerfileText: string;
  /** The Dockerfile's last stage: what runs. */
  runtime: DockerfileStage;
  compose: ComposeFile;
  service: ComposeService;
  /** What the process in the container sees: the image's ENV, then the compose service's environment over it. */
  environment: Record<string, string>;
  workdir: string;
}

/** The app's config as far as the shared checks need it. */
export interface ContainerConfig {
  host: string;
  port: number;
}

/**
 * Reads `apps/<app>/Dockerfile` and the compose service of the same name, and defines the checks every app's
 * container shares: built from its Dockerfile at the repository root; a Dockerfile that copies what exists, from
 * stages it defines, as a user other than root; only variables the app reads; a valid configuration listening on
 * every interface at the published, exposed and health-checked port. Returns the parts for the app's own checks.
 */
export function describeAppContainer(
  app: string,
  options: {
    repository: string;
    /** Every environment variable the app reads. */
    variables: readonly string[];
    loadConfig(environment: Record<string, string>, cwd: string): ContainerConfig;
  },
): AppContainer {
  const { repository } = options;
  const dockerfile = `apps/${app}/Dockerfile`;
  const dockerfileText = readFileSync(path.join(repository, dockerfile), 'utf8');
  const runtime = readDockerfile(dockerfileText).at(-1)!;
  const compose = readComposeFile(readFileSync(path.join(repository, 'docker-compose.yml'), 'utf8'));
  const service = compose.services[app]!;
  const environment = { ...runtime.env, ...service.environment };
  const workdir = runtime.workdir ?? '/';

  it('is built from its Dockerfile with the repository root as the context', () => {
    expect(service.build).toEqual({ context: '.', dockerfile });
  });

  it('has a Dockerfile that copies what exists, from stages it defines, and runs as a user other than root', () => {
    expect(checkDockerfile(dockerfileText, repository)).toEqual([]);
  });

  it(`sets only environment variables the ${app} service reads`, () => {
    expect(Object.keys(service.environment).filter((name) => !options.variables.includes(name))).toEqual([]);
  });

  it('starts with a valid configuration, listening on every interface at the published, exposed, checked port', () => {
    const config = options.loadConfig(environment, workdir);
    expect(config.host).toBe('0.0.0.0');
    expect(service.ports.map((port) => port.target)).toEqual([config.port]);
    expect(runtime.exposedPorts).toEqual([config.port]);
    expect(healthcheckUrl(runtime, environment)).toBe(`http://127.0.0.1:${config.port}/ready`);
    expect(runtime.cmd).toEqual(['node', 'dist/main.js']);
    expect(existsSync(path.join(repository, `apps/${app}/src/main.ts`))).toBe(true);
  });

  it('carries its migrations where it looks for them, beside dist/', () => {
    const migrations = runtime.copies.find((copy) => copy.sources.includes('/out/prisma/migrations'));
    expect(migrations && path.posix.resolve(workdir, migrations.destination)).toBe(
      path.posix.join(workdir, 'prisma/migrations'),
    );
    expect(existsSync(path.join(repository, `apps/${app}/prisma/migrations`))).toBe(true);
  });

  return { repository, dockerfileText, runtime, compose, service, environment, workdir };
}
