import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { DiffInputError } from './diff-input-error';
import { formatDiffReport } from './format-diff-report';
import type { GitHubEnvironment } from './github/github-context';
import { publishToGitHub } from './github/publish-to-github';
import { formatDiffMarkdown } from './markdown/format-diff-markdown';
import { runDiff } from './run-diff';

const FORMATS = ['text', 'json', 'markdown', 'github'] as const;
type DiffFormat = (typeof FORMATS)[number];

const UNREACHABLE_POLICIES = ['fail', 'warn'] as const;
type UnreachablePolicy = (typeof UNREACHABLE_POLICIES)[number];

function parseChoice<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return value as T;
  };
}

interface DiffCommandOptions {
  base: string;
  head: string;
  path: string;
  format: DiffFormat;
  onUnreachable: UnreachablePolicy;
}

/** `charter diff`: the schema and contract changes between two git refs, and whether they may merge. */
export function addDiffCommand(program: Command, env: GitHubEnvironment = {}): void {
  program
    .command('diff')
    .description('diff contracts/ between two git refs: schema changes, compatibility, contract rules; 1 if blocked')
    .requiredOption('--base <ref>', 'the git ref to compare against (e.g. origin/main)')
    .requiredOption('--head <ref>', 'the git ref with the change', 'HEAD')
    .option('--path <dir>', 'the contracts directory, from the current directory', 'contracts')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, parseChoice(FORMATS), 'text')
    .option(
      '--on-unreachable <policy>',
      `when a service it needs cannot be reached (${UNREACHABLE_POLICIES.join(', ')}): fail exits 3, warn carries on`,
      parseChoice(UNREACHABLE_POLICIES),
      'fail',
    )
    // A usage error exits 2, never 1: in a CI gate, 1 means "blocked".
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(2, error.code, error.message);
    })
    .action(async (options: DiffCommandOptions) => {
      try {
        const report = await runDiff({ cwd: process.cwd(), ...options });
        process.exitCode = report.verdict === 'pass' ? 0 : 1;
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (options.format === 'markdown') process.stdout.write(`${formatDiffMarkdown(report)}\n`);
        else process.stderr.write(`${formatDiffReport(report)}\n`);
        if (options.format !== 'github') return;
        const { error } = await publishToGitHub({
          report,
          env,
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
        });
        if (!error) return;
        const fail = options.onUnreachable === 'fail';
        process.stderr.write(`${fail ? 'error' : 'warning'} github-unreachable: ${error.message}\n`);
        if (fail) process.exitCode = 3;
      } catch (error) {
        if (!(error instanceof DiffInputError)) throw error;
        if (options.format === 'json')
          process.stdout.write(
            `${JSON.stringify({ error: { code: error.code, message: error.message, file: error.file } }, null, 2)}\n`,
          );
        process.stderr.write(`error ${error.code}: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
}
