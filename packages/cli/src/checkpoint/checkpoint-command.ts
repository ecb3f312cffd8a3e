import { REPORT_FORMATS } from '@charter/checks';
import { type Command, InvalidArgumentError } from 'commander';
import { authorizationHeader } from '../registry-credentials';
import { type CheckpointCommandOptions, runCheckpointCommand } from './run-checkpoint-command';

/** What commander parses: the command's options, with the registry's flags in place of the resolved URL and headers. */
type CheckpointFlags = Omit<CheckpointCommandOptions, 'registryUrl' | 'headers'> & {
  registry: string;
  key?: string;
  keyFile?: string;
};

function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return value as T;
  };
}

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return number;
}

/** `charter checkpoint`: a contract's checks evaluated against a PostgreSQL table or query, or a file. */
export function addCheckpointCommand(
  program: Command,
  withRegistry: (command: Command) => Command,
  env: { CHARTER_API_KEY?: string },
): void {
  withRegistry(program.command('checkpoint'))
    .description('check data against its contract: schema, constraints, quality rules and SLAs, in one scan')
    .option('-c, --contract <id>', 'the contract, fetched from the registry (GET /contracts/<id>)')
    .option('--contract-file <path>', 'a local contract.odcs.yaml instead of the registry (CI before publishing)')
    .option('--object <name>', "the contract's schema object to check (when it has several)")
    .requiredOption('-s, --source <postgres-url|file>', 'postgres://user@host/db, or a .csv, .jsonl or .parquet file')
    .option('-t, --table <schema.table>', 'the table to check (postgres source)')
    .option('-q, --query <select>', 'a SELECT whose rows are checked (postgres source)')
    .option(
      '--format-in <format>',
      'read the file as csv, jsonl or parquet whatever its extension',
      oneOf(['csv', 'jsonl', 'parquet'] as const),
    )
    .option('-f, --format <format>', `report format (${REPORT_FORMATS.join(', ')})`, oneOf(REPORT_FORMATS), 'text')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--timeout <seconds>', 'statement timeout for the scan and each sql rule', seconds, 60)
    .option('--memory-limit <size>', 'DuckDB memory limit for file sources', '1GB')
    .option('--now <iso>', 'the clock SLA ages are measured against (reproducible runs); default: now')
    .option('--report', 'keep the run on the registry (POST /checks)')
    .action(async (flags: CheckpointFlags) => {
      process.exitCode = await runCheckpointCommand({
        ...flags,
        registryUrl: flags.registry,
        headers: authorizationHeader({ key: flags.key ?? env.CHARTER_API_KEY, keyFile: flags.keyFile }),
      });
    });
}
