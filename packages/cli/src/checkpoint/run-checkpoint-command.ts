import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import {
  type CheckRunDocument,
  formatCheckRun,
  isCheckSourceError,
  planCheckpoint,
  REPORT_FORMATS,
  type ReportFormat,
  runCheckpoint,
} from '@charter/checks';
import { CheckpointUsageError, loadCheckpointContract } from './load-checkpoint-contract';
import { postCheckRun } from './post-check-run';

export interface CheckpointCommandOptions {
  contract?: string;
  contractFile?: string;
  object?: string;
  source: string;
  table?: string;
  query?: string;
  formatIn?: 'csv' | 'jsonl' | 'parquet';
  format: ReportFormat;
  output?: string;
  /** Statement timeout, seconds. */
  timeout: number;
  memoryLimit?: string;
  /** The clock SLA ages are measured against (ISO); default: now. */
  now?: string;
  report?: boolean;
  registryUrl: string;
  headers: Record<string, string>;
}

export interface CheckpointIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const PROCESS_IO: CheckpointIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * `charter checkpoint`: loads the contract, plans its checks, evaluates them on the source, prints the run in the
 * asked format (text on stderr; json, junit and markdown on stdout or to --output) and, with --report, keeps it on
 * the registry. Returns the exit code: 0 every error-severity check passed, 1 one failed, 2 usage, connection or
 * input error (the message says which; nothing is posted).
 */
export async function runCheckpointCommand(
  options: CheckpointCommandOptions,
  io: CheckpointIo = PROCESS_IO,
): Promise<number> {
  let run: CheckRunDocument;
  try {
    run = await evaluate(options);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const known =
      error instanceof CheckpointUsageError || isCheckSourceError(error) || (error as Error).name === 'CheckPlanError';
    if (!known) throw error;
    io.stderr(`charter checkpoint: ${code === undefined ? '' : `${code}: `}${(error as Error).message}\n`);
    return 2;
  }
  const rendered = formatCheckRun(run, options.format);
  if (options.output !== undefined) {
    await writeFile(options.output, rendered);
    if (options.format !== 'text') io.stderr(formatCheckRun(run, 'text'));
  } else if (options.format === 'text') io.stderr(rendered);
  else io.stdout(rendered);
  if (options.report) {
    try {
      const posted = await postCheckRun({ registryUrl: options.registryUrl, headers: options.headers, run });
      io.stderr(
        `kept on ${options.registryUrl} as check run ${posted.id}${posted.status === 200 ? ' (already kept)' : ''}${posted.omitted > 0 ? `; ${posted.omitted} result(s) left out, passing ones first (a kept run holds at most 1000)` : ''}\n`,
      );
    } catch (error) {
      io.stderr(`charter checkpoint: report-failed: ${(error as Error).message}\n`);
      return 2;
    }
  }
  return run.success ? 0 : 1;
}

async function evaluate(options: CheckpointCommandOptions): Promise<CheckRunDocument> {
  if (!(REPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new CheckpointUsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  }
  const now = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(now.getTime())) throw new CheckpointUsageError(`--now ${options.now} is not an ISO date-time`);
  if (!Number.isFinite(options.timeout) || options.timeout <= 0) {
    throw new CheckpointUsageError('--timeout must be a positive number of seconds');
  }
  const contract = await loadCheckpointContract({
    ...(options.contractFile === undefined ? {} : { file: options.contractFile }),
    ...(options.contract === undefined ? {} : { id: options.contract }),
    registryUrl: options.registryUrl,
    headers: options.headers,
  });
  const plan = planCheckpoint({ contract, ...(options.object === undefined ? {} : { object: options.object }) });
  // Loaded when used: the DuckDB addon and the pg driver would slow every other command's start.
  const { isPostgresUrl, openCheckSource } = await import('@charter/checks/node');
  if (isPostgresUrl(options.source) && (options.table === undefined) === (options.query === undefined)) {
    throw new CheckpointUsageError('a postgres:// source needs exactly one of --table and --query');
  }
  if (!isPostgresUrl(options.source) && (options.table !== undefined || options.query !== undefined)) {
    throw new CheckpointUsageError('--table and --query are for a postgres:// source; a file is read whole');
  }
  const columnsOf = (...types: string[]) =>
    plan.checks.flatMap((check) =>
      // Top-level properties only: a nested string child lives inside its object column, read as JSON.
      check.kind === 'schema' && check.path === undefined && types.includes(check.logicalType ?? '')
        ? [check.column]
        : [],
    );
  const source = await openCheckSource({
    source: options.source,
    object: plan.object,
    timeoutMs: options.timeout * 1000,
    textColumns: columnsOf('string'),
    jsonColumns: columnsOf('object', 'array'),
    ...(options.table === undefined ? {} : { table: options.table }),
    ...(options.query === undefined ? {} : { query: options.query }),
    ...(options.formatIn === undefined ? {} : { format: options.formatIn }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  try {
    return await runCheckpoint({ plan, source, now, runId: randomUUID() });
  } finally {
    await source.close();
  }
}
