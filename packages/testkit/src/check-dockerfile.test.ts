import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkDockerfile } from './check-dockerfile';
import { healthcheckUrl, readDockerfile } from './read-dockerfile';

const GOOD = `# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS base
WORKDIR /repo

FROM base AS build
COPY package.json ./
COPY apps ./apps
RUN echo build

FROM node:20-bookworm-slim AS runtime
ENV PORT=8081 \\
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /repo/package.json ./package.json
COPY contracts ./contracts
USER node
EXPOSE 8081
HEALTHCHECK --interval=10s \\
  CMD ["node", "-e", "fetch(\`http://127.0.0.1:\${process.env.PORT}/ready\`).then(() => process.exit(0))"]
CMD ["node", "dist/main.js"]
`;

describe('checkDockerfile', () => {
  let context: string;

  beforeAll(() => {
    context = mkdtempSync(path.join(tmpdir(), 'charter-dockerfile-'));
    writeFileSync(path.join(context, 'package.json'), '{}');
    mkdirSync(path.join(context, 'apps'));
    mkdirSync(path.join(context, 'contracts'));
    mkdirSync(path.join(context, 'dist'));
    writeFileSync(path.join(context, '.dockerignore'), '**/dist\n');
  });

  afterAll(() => rmSync(context, { recursive: true, force: true }));

  it('finds nothing wrong in a Dockerfile whose sources exist and whose final stage is not root', () => {
    expect(checkDockerfile(GOOD, context)).toEqual([]);
  });

  it.each([
    ['a misspelt source', 'COPY contracts ./contracts', 'COPY contrats ./contracts', 15, 'COPY contrats: not in'],
    [
      'a source .dockerignore leaves out',
      'COPY contracts ./contracts',
      'COPY dist ./dist',
      15,
      'excluded by .dockerignore',
    ],
    ['a source outside the context', 'COPY apps ./apps', 'COPY ../apps ./apps', 7, 'outside the build context'],
    ['an unknown --from stage', 'COPY --from=build', 'COPY --from=biuld', 14, 'COPY --from=biuld: no earlier'],
    ['a --from naming a later stage', 'COPY --from=build', 'COPY --from=runtime', 14, 'no earlier stage'],
    ['a root final stage', 'USER node', 'USER root', 10, 'runs as root'],
    ['no USER', 'USER node\n', '', 10, 'runs as root'],
    ['a syntax error', 'EXPOSE 8081', 'EXPOSE eighty', 17, ''],
  ])('reports %s', (_case, from, to, line, message) => {
    const problems = checkDockerfile(GOOD.replace(from, to), context);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(line);
    expect(problems[0]?.message).toContain(message);
  });
});

describe('readDockerfile', () => {
  it('reads each stage: its base, name, environment, user, ports, health check, command and copies', () => {
    const [base, build, runtime] = readDockerfile(GOOD);
    expect(base).toMatchObject({ base: 'node:20-bookworm-slim', name: 'base', workdir: '/repo' });
    expect(build).toMatchObject({ base: 'base', name: 'build', workdir: '/repo' });
    expect(build?.copies).toEqual([
      { line: 6, from: undefined, sources: ['package.json'], destination: './' },
      { line: 7, from: undefined, sources: ['apps'], destination: './apps' },
    ]);
    expect(runtime).toMatchObject({
      name: 'runtime',
      env: { PORT: '8081', HOST: '0.0.0.0' },
      workdir: '/app',
      user: 'node',
      exposedPorts: [8081],
      cmd: ['node', 'dist/main.js'],
    });
    expect(runtime?.healthcheck?.slice(0, 2)).toEqual(['node', '-e']);
    expect(runtime && healthcheckUrl(runtime, { PORT: '9000' })).toBe('http://127.0.0.1:9000/ready');
  });

  it('gives a shell-form health check to /bin/sh and resolves its variables', () => {
    const [stage] = readDockerfile('FROM alpine\nHEALTHCHECK CMD wget -q http://localhost:$PORT/health || exit 1\n');
    expect(stage?.healthcheck).toEqual(['/bin/sh', '-c', 'wget -q http://localhost:$PORT/health || exit 1']);
    expect(stage && healthcheckUrl(stage, { PORT: '80' })).toBe('http://localhost:80/health');
  });
});
