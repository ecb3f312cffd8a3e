import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { DiffInputError } from './diff-input-error';
import type { GitHubEnvironment } from './github/github-context';
import { runDiff } from './run-diff';
import { type DiffFormat, DIFF_FORMATS as FORMATS, writeDiffOutput } from './write-diff-output';

const POLICIES = ['fail', 'warn'] as const;
type UnreachablePolicy = (typeof POLICIES)[number];

function parseFormat(value: string): DiffFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return value as DiffFormat;
}

function parsePolicy(value: string): UnreachablePolicy {
  if (!(POLICIES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${POLICIES.join(', ')}`);
  return value as UnreachablePolicy;
}

/** `charter diff`: the schema and contract changes between two git refs, and whether they may merge. */
export function addDiffCommand(program: Command, env: GitHubEnvironment = {}): void {
  program
    .command('diff')
    .description('diff contracts/ between two git refs: schema changes, compatibility, contract rules; 1 if blocked')
    .requiredOption('--base <ref>', 'the git ref to compare against (e.g. origin/main)')
    .requiredOption('--head <ref>', 'the git ref with the change', 'HEAD')
    .option('--path <dir>', 'the contracts directory, from the current directory', 'contracts')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, parseFormat, 'text')
    .option(
      '--on-unreachable <policy>',
      'a service down or refusing (GitHub for the comment): fail (exit 3) or warn (say so, go on)',
      parsePolicy,
      'fail',
    )
    // A usage error exits 2, never 1: in a CI gate, 1 means "blocked".
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(2, error.code, error.message);
    })
    .action(
      async (options: {
        base: string;
        head: string;
        path: string;
        format: DiffFormat;
        onUnreachable: UnreachablePolicy;
      }) => {
        try {
          const report = await runDiff({ cwd: process.cwd(), ...options });
          process.exitCode = await writeDiffOutput({
            report,
            format: options.format,
            onUnreachable: options.onUnreachable,
            env,
          });
        } catch (error) {
          if (!(error instanceof DiffInputError)) throw error;
          if (options.format === 'json')
            process.stdout.write(
              `${JSON.stringify({ error: { code: error.code, message: error.message, file: error.file } }, null, 2)}\n`,
            );
          process.stderr.write(`error ${error.code}: ${error.message}\n`);
          process.exitCode = 2;
        }
      },
    );
}
