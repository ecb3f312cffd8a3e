import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIOME = path.join(ROOT, 'node_modules', '.bin', 'biome');

/** Which boundary rules biome reports for each file, linting them in a scratch tree under the repository's config. */
function violations(files: Record<string, string>): Record<string, string[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'charter-boundaries-'));
  try {
    const config = JSON.parse(readFileSync(path.join(ROOT, 'biome.json'), 'utf8'));
    delete config.$schema;
    config.vcs = { enabled: false };
    writeFileSync(path.join(scratch, 'biome.json'), JSON.stringify(config));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
      writeFileSync(path.join(scratch, file), text);
    }
    let output: string;
    try {
      output = execFileSync(BIOME, ['lint', '.', '--reporter=json'], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const found: Record<string, string[]> = Object.fromEntries(Object.keys(files).map((file) => [file, []]));
    for (const diagnostic of JSON.parse(output).diagnostics as Array<{
      category: string;
      location: { path: string };
    }>) {
      const rule = diagnostic.category.replace('lint/style/', '');
      if (rule === 'noRestrictedImports' || rule === 'noProcessEnv') found[diagnostic.location.path]?.push(rule);
    }
    return found;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const importing = (module: string) => `import * as m from '${module}';\nexport const used = m;\n`;
const READS_ENV = 'export const port = process.env.PORT;\n';

const FORBIDDEN_IN_ENGINES = [
  '@nestjs/common',
  '@prisma/client',
  'fastify',
  'pg',
  'ioredis',
  'kafkajs',
  'bullmq',
  'node:fs',
  'node:fs/promises',
  '@charter/service-host',
];
const ENGINE_DIRECTORIES = [
  'packages/schema/src',
  'packages/lineage-core/src/graph',
  'packages/contracts/src',
  'packages/notify/src/render',
  'packages/enforcement/src/serde',
  'packages/sla/src/evaluate',
];

describe('ADR 0008 boundaries, as biome enforces them', () => {
  // One scratch tree and one lint for every module in every engine (a biome run costs about half a second).
  let engineFindings: Record<string, string[]>;
  beforeAll(() => {
    const files: Record<string, string> = {};
    FORBIDDEN_IN_ENGINES.forEach((module, index) => {
      for (const directory of ENGINE_DIRECTORIES) files[`${directory}/probe-${index}.ts`] = importing(module);
    });
    engineFindings = violations(files);
  });

  it.each(FORBIDDEN_IN_ENGINES.map((module, index) => [module, index] as const))(
    'an engine package importing %s fails the lint',
    (_module, index) => {
      for (const directory of ENGINE_DIRECTORIES) {
        const file = `${directory}/probe-${index}.ts`;
        expect({ file, rules: engineFindings[file] }).toEqual({ file, rules: ['noRestrictedImports'] });
      }
    },
  );

  it('lets I/O adapters, apps and the shell import what they need, and keeps the shell out of packages', () => {
    // The enforcement core (here src/body/) stays framework-free; its adapters (kafka, nest, http) are the exception.
    expect(
      violations({
        'packages/contracts/src/node/probe.ts': importing('node:fs/promises'),
        'packages/notify/src/dispatch/probe.ts': importing('bullmq'),
        'packages/enforcement/src/kafka/probe.ts': importing('kafkajs'),
        'packages/enforcement/src/nest/probe.ts': importing('@nestjs/common'),
        'packages/enforcement/src/http/probe.ts': importing('fastify'),
        'packages/enforcement/src/body/probe.ts': importing('fastify'),
        'packages/service-host/src/probe.ts': importing('@nestjs/core'),
        'apps/registry/src/probe.ts': importing('@charter/service-host'),
        'packages/cli/src/probe.ts': importing('@charter/service-host'),
      }),
    ).toEqual({
      'packages/contracts/src/node/probe.ts': [],
      'packages/notify/src/dispatch/probe.ts': [],
      'packages/enforcement/src/kafka/probe.ts': [],
      'packages/enforcement/src/nest/probe.ts': [],
      'packages/enforcement/src/http/probe.ts': [],
      'packages/enforcement/src/body/probe.ts': ['noRestrictedImports'],
      'packages/service-host/src/probe.ts': [],
      'apps/registry/src/probe.ts': [],
      'packages/cli/src/probe.ts': ['noRestrictedImports'],
    });
  });

  it('reads process.env only in an app config module, an app or CLI entry point, and test tooling', () => {
    expect(
      violations({
        'apps/registry/src/config/probe.ts': READS_ENV,
        'apps/lineage/src/main.ts': READS_ENV,
        'packages/cli/src/main.ts': READS_ENV,
        'packages/testkit/src/probe.ts': READS_ENV,
        'apps/registry/src/registry/probe.ts': READS_ENV,
        'packages/cli/src/create-program.ts': READS_ENV,
        'packages/service-host/src/probe.ts': READS_ENV,
        'packages/schema/src/probe.ts': READS_ENV,
      }),
    ).toEqual({
      'apps/registry/src/config/probe.ts': [],
      'apps/lineage/src/main.ts': [],
      'packages/cli/src/main.ts': [],
      'packages/testkit/src/probe.ts': [],
      'apps/registry/src/registry/probe.ts': ['noProcessEnv'],
      'packages/cli/src/create-program.ts': ['noProcessEnv'],
      'packages/service-host/src/probe.ts': ['noProcessEnv'],
      'packages/schema/src/probe.ts': ['noProcessEnv'],
    });
  });
});
