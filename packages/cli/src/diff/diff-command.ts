import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { DiffInputError } from './diff-input-error';
import { formatDiffReport } from './format-diff-report';
import { runDiff } from './run-diff';

const FORMATS = ['text', 'json'] as const;
type DiffFormat = (typeof FORMATS)[number];

function parseFormat(value: string): DiffFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return value as DiffFormat;
}

/** `charter diff`: the schema and contract changes between two git refs, and whether they may merge. */
export function addDiffCommand(program: Command): void {
  program
    .command('diff')
    .description('diff contracts/ between two git refs: schema changes, compatibility, contract rules; 1 if blocked')
    .requiredOption('--base <ref>', 'the git ref to compare against (e.g. origin/main)')
    .requiredOption('--head <ref>', 'the git ref with the change', 'HEAD')
    .option('--path <dir>', 'the contracts directory, from the current directory', 'contracts')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, parseFormat, 'text')
    // A usage error exits 2, never 1: in a CI gate, 1 means "blocked".
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(2, error.code, error.message);
    })
    .action(async (options: { base: string; head: string; path: string; format: DiffFormat }) => {
      try {
        const report = await runDiff({ cwd: process.cwd(), ...options });
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stderr.write(`${formatDiffReport(report)}\n`);
        process.exitCode = report.verdict === 'pass' ? 0 : 1;
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
