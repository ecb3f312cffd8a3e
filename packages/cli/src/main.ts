#!/usr/bin/env node
import { resolve } from 'node:path';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel, isCompatibilityLevel } from '@charter/schema';
import { Command, InvalidArgumentError } from 'commander';
import { checkSchemaDirectory } from './check-schema-directory';
import { formatCheckReport } from './format-check-report';
import { formatRegisterReport, registerSchemaDirectory } from './register-schema-directory';

const program = new Command('charter').description('Charter data-contract governance CLI');

program
  .command('check')
  .description('check every schemas/<subject>/v<N>.avsc|json under a directory, version by version')
  .argument('[dir]', 'directory to search', 'contracts')
  .option(
    '-l, --level <level>',
    `compatibility level (${COMPATIBILITY_LEVELS.join(', ')})`,
    parseLevel,
    'BACKWARD_TRANSITIVE',
  )
  .option('--json', 'print the report as JSON on stdout')
  .action((dir: string, options: { level: CompatibilityLevel; json?: boolean }) => {
    const subjects = checkSchemaDirectory(resolve(dir), options.level);
    if (options.json) process.stdout.write(`${JSON.stringify({ level: options.level, subjects }, null, 2)}\n`);
    else process.stderr.write(`${formatCheckReport(subjects, options.level)}\n`);
    process.exitCode = subjects.every((s) => s.ok) ? 0 : 1;
  });

program
  .command('register')
  .description('register every schemas/<subject>/v<N>.avsc|json under a directory with a registry, oldest first')
  .argument('[dir]', 'directory to search', 'contracts')
  .requiredOption(
    '-r, --registry <url>',
    'registry base URL',
    process.env.CHARTER_REGISTRY_URL ?? 'http://localhost:8081',
  )
  .option('--json', 'print the result as JSON on stdout')
  .action(async (dir: string, options: { registry: string; json?: boolean }) => {
    const subjects = await registerSchemaDirectory({ root: resolve(dir), registryUrl: options.registry });
    if (options.json) process.stdout.write(`${JSON.stringify({ registry: options.registry, subjects }, null, 2)}\n`);
    else process.stderr.write(`${formatRegisterReport(subjects, options.registry)}\n`);
    process.exitCode = subjects.every((s) => s.ok) ? 0 : 1;
  });

function parseLevel(value: string): CompatibilityLevel {
  const level = value.toUpperCase();
  if (!isCompatibilityLevel(level))
    throw new InvalidArgumentError(`expected one of ${COMPATIBILITY_LEVELS.join(', ')}`);
  return level;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`charter: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
