import { resolve } from 'node:path';
import { formatContractProblem } from '@charter/contracts';
import { readContractsDirectory } from '@charter/contracts/node';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel, isCompatibilityLevel } from '@charter/schema';
import { Command, InvalidArgumentError } from 'commander';
import { applyContractsDirectory } from './apply-contracts-directory';
import { addChaosCommands } from './chaos/chaos-commands';
import { checkSchemaDirectory } from './check-schema-directory';
import { addCheckpointCommand } from './checkpoint/checkpoint-command';
import { addDbtCommands } from './dbt/dbt-commands';
import { addDeadLetterCommands } from './dead-letter-commands';
import { addDiffCommand } from './diff/diff-command';
import type { GitHubEnvironment } from './diff/github/github-context';
import { addDrillCommand } from './drill/drill-command';
import { formatApplyReport } from './format-apply-report';
import { formatCheckReport } from './format-check-report';
import { addPipelineCommands } from './pipeline/pipeline-commands';
import { addProfileCommand } from './profile/profile-command';
import { addPromoteCommand } from './promote/promote-command';
import { pushLineageEvents } from './push-lineage-events';
import { readPackageVersion } from './read-package-version';
import { formatRegisterReport, registerSchemaDirectory } from './register-schema-directory';
import { authorizationHeader } from './registry-credentials';
import { addSlaCommands } from './sla/sla-commands';

interface KeyOptions {
  key?: string;
  keyFile?: string;
}

/** The environment variables the CLI reads (main.ts passes them in: nothing else reads the environment). */
export interface CliEnvironment extends GitHubEnvironment {
  CHARTER_REGISTRY_URL?: string;
  CHARTER_LINEAGE_URL?: string;
  CHARTER_API_KEY?: string;
  KAFKA_BROKERS?: string;
  /** `charter promote` reads each environment's key from the variable env.yaml names for it. */
  [variable: string]: string | undefined;
}

/** The options of every command that talks to a registry: where it is and which API key to send. */
function withRegistry(command: Command, env: CliEnvironment): Command {
  return command
    .requiredOption('-r, --registry <url>', 'registry base URL', env.CHARTER_REGISTRY_URL ?? 'http://localhost:8081')
    .option('-k, --key <keyId:secret>', 'API key (default: $CHARTER_API_KEY; never shown)')
    .option('--key-file <path>', 'read the API key from a file (e.g. .charter/admin.key)');
}

function parseLevel(value: string): CompatibilityLevel {
  const level = value.toUpperCase();
  if (!isCompatibilityLevel(level))
    throw new InvalidArgumentError(`expected one of ${COMPATIBILITY_LEVELS.join(', ')}`);
  return level;
}

/**
 * The `charter` program with every command and option, before anything is parsed: `main.ts` runs it on
 * `process.argv`, and tests walk its commands.
 */
export function createProgram(env: CliEnvironment = {}): Command {
  const program = new Command('charter')
    .description('Charter data-contract governance CLI')
    .version(readPackageVersion(), '-V, --version', 'print the version of charter')
    // Options after a command are that command's: `charter promote status --to prod` is status's --to, not promote's.
    .enablePositionalOptions();

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

  withRegistry(program.command('register'), env)
    .description('register every schemas/<subject>/v<N>.avsc|json under a directory with a registry, oldest first')
    .argument('[dir]', 'directory to search', 'contracts')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (dir: string, options: { registry: string; json?: boolean } & KeyOptions) => {
      const subjects = await registerSchemaDirectory({
        root: resolve(dir),
        registryUrl: options.registry,
        headers: authorizationHeader({ key: options.key ?? env.CHARTER_API_KEY, keyFile: options.keyFile }),
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ registry: options.registry, subjects }, null, 2)}\n`);
      else process.stderr.write(`${formatRegisterReport(subjects, options.registry)}\n`);
      process.exitCode = subjects.every((s) => s.ok) ? 0 : 1;
    });

  program
    .command('validate')
    .description("validate contracts/: ODCS 3.1, ownership, schema evolution at each contract's level, declared fields")
    .argument('[dir]', 'contracts directory', 'contracts')
    .option('--json', 'print the problems as JSON on stdout')
    .action(async (dir: string, options: { json?: boolean }) => {
      const loaded = await readContractsDirectory(resolve(dir));
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ contracts: loaded.contracts.length, problems: loaded.problems }, null, 2)}\n`,
        );
      } else if (loaded.problems.length === 0) {
        process.stderr.write(`ok   ${loaded.contracts.length} contract(s) in ${dir}: no problems\n`);
      } else {
        process.stderr.write(`${loaded.problems.map(formatContractProblem).join('\n')}\n`);
      }
      process.exitCode = loaded.problems.length === 0 ? 0 : 1;
    });

  addDiffCommand(program, env);
  addPromoteCommand(program, env);

  type ApplyOptions = { registry: string; ownership: boolean; ownershipOnly?: boolean; json?: boolean } & KeyOptions;
  withRegistry(program.command('apply'), env)
    .description('validate contracts/ locally, then upload ownership, register schemas and publish contracts')
    .argument('[dir]', 'contracts directory', 'contracts')
    .option('--no-ownership', 'do not upload ownership.yaml (it needs an admin key)')
    .option(
      '--ownership-only',
      'upload ownership.yaml and nothing else (e.g. a new environment before charter promote)',
    )
    .option('--json', 'print the result as JSON on stdout')
    .action(async (dir: string, options: ApplyOptions) => {
      if (options.ownershipOnly && !options.ownership) {
        process.stderr.write('error: --ownership-only and --no-ownership contradict each other\n');
        process.exitCode = 2;
        return;
      }
      const result = await applyContractsDirectory({
        root: resolve(dir),
        registryUrl: options.registry,
        headers: authorizationHeader({ key: options.key ?? env.CHARTER_API_KEY, keyFile: options.keyFile }),
        ownership: options.ownership,
        ownershipOnly: options.ownershipOnly === true,
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ registry: options.registry, ...result }, null, 2)}\n`);
      else process.stderr.write(`${formatApplyReport(result, options.registry)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });

  program
    .command('lineage-push')
    .description('send OpenLineage events from a file (JSON array or one per line) to a lineage service, in order')
    .argument('<file>', 'events file')
    .requiredOption(
      '-l, --lineage <url>',
      'lineage service base URL',
      env.CHARTER_LINEAGE_URL ?? 'http://localhost:5000',
    )
    .option('-k, --key <keyId:secret>', 'API key (default: $CHARTER_API_KEY; never shown)')
    .option('--key-file <path>', 'read the API key from a file (e.g. .charter/admin.key)')
    .action(async (file: string, options: { lineage: string } & KeyOptions) => {
      const results = await pushLineageEvents({
        file: resolve(file),
        lineageUrl: options.lineage,
        headers: authorizationHeader({ key: options.key ?? env.CHARTER_API_KEY, keyFile: options.keyFile }),
      });
      const refused = results.filter((result) => result.error !== undefined);
      for (const result of refused)
        process.stderr.write(`FAIL event #${result.index + 1}: ${result.status} ${result.error}\n`);
      process.stderr.write(
        `${results.length - refused.length} of ${results.length} event(s) accepted by ${options.lineage}\n`,
      );
      process.exitCode = refused.length === 0 ? 0 : 1;
    });

  addCheckpointCommand(program, (command) => withRegistry(command, env), env);
  addDeadLetterCommands(program, env);
  addPipelineCommands(program, env);
  addDbtCommands(program, env);
  addSlaCommands(program);
  addProfileCommand(program);
  addChaosCommands(program);
  addDrillCommand(program, env);
  return program;
}
