import { resolve } from 'node:path';
import type { Contract } from '@charter/contracts';
import { readContractsDirectory } from '@charter/contracts/node';
import { detectDrift, type FieldSpec, fieldSpecsFromContract, profileRecords } from '@charter/drift';
import { readProfileFile, writeProfileFile } from '@charter/drift/node';
import { InvalidInputError } from '@charter/errors';
import { type Command, InvalidArgumentError } from 'commander';
import { formatDriftReport, formatProfileSummary } from './format-profile-report';
import { openProfileSource, type ProfileSource } from './read-profile-source';

interface ProfileOptions {
  source: string;
  table?: string;
  query?: string;
  formatIn?: 'csv' | 'jsonl' | 'parquet';
  timeout: number;
  memoryLimit?: string;
  contract: string;
  contracts: string;
  object?: string;
  out?: string;
  baseline?: string;
  windowRecords?: number;
  json?: boolean;
}

/**
 * `charter profile`: a batch source's profile, written as a baseline for drift detection (`--out`), or its windows
 * tested against a stored baseline (`--baseline`: exit 1 on drift).
 */
export function addProfileCommand(program: Command): void {
  program
    .command('profile')
    .description('profile a data source for drift detection: write a baseline, or test the source against one')
    .requiredOption(
      '-s, --source <postgres-url|file>',
      'the records: postgres://user@host/db (with --table or --query), or a .jsonl, .csv or .parquet file',
    )
    .option('-t, --table <schema.table>', 'the table of a postgres:// source')
    .option('-q, --query <select>', 'a SELECT whose rows are profiled (postgres:// source)')
    .option('--format-in <format>', 'read the file as csv, jsonl or parquet whatever its extension', parseFormatIn)
    .option('--timeout <seconds>', 'statement timeout for each batch read from a database or file', parseSeconds, 60)
    .option('--memory-limit <size>', 'DuckDB memory limit for CSV and Parquet sources', '1GB')
    .requiredOption('-c, --contract <id>', 'the contract whose fields (and drift thresholds) to use')
    .option('--contracts <dir>', 'the contracts directory', 'contracts')
    .option('--object <name>', "the contract's schema object (default: its first)")
    .option('-o, --out <file>', 'write the profile here (a baseline for the consumer or a later --baseline)')
    .option('-b, --baseline <file>', 'test the source against this stored profile; exit 1 if a field drifted')
    .option('--window-records <n>', 'records per window (default: the contract’s, else 10000)', parseCount)
    .option('--json', 'print the profile or the drift events as JSON on stdout')
    .action(async (options: ProfileOptions) => {
      if (!options.out && !options.baseline) {
        throw new InvalidInputError(
          'invalid-option',
          'say where the profile goes (--out) or what to compare with (--baseline)',
        );
      }
      const loaded = await readContractsDirectory(resolve(options.contracts));
      const entry = loaded.contracts.find(({ contract }) => contract.id === options.contract);
      if (!entry) {
        throw new InvalidInputError(
          'contract-not-found',
          `no valid contract "${options.contract}" in ${options.contracts}`,
        );
      }
      const { contract } = entry;
      const fields = fieldSpecsFromContract(contract.document, { object: options.object, drift: contract.drift });
      if (fields.length === 0) {
        throw new InvalidInputError(
          'invalid-option',
          `contract ${contract.id} has no fields to profile${options.object ? ` in ${options.object}` : ''}`,
        );
      }
      const source = await openProfileSource({
        source: options.source,
        object: objectName(contract.document, options.object),
        ...columnsToRead(contract.document, options.object),
        timeoutMs: options.timeout * 1000,
        ...(options.table === undefined ? {} : { table: options.table }),
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(options.formatIn === undefined ? {} : { formatIn: options.formatIn }),
        ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
      });
      try {
        await profileSource(options, contract, fields, source);
      } finally {
        await source.close();
      }
    });
}

async function profileSource(
  options: ProfileOptions,
  contract: Contract,
  fields: FieldSpec[],
  source: ProfileSource,
): Promise<void> {
  const settings = {
    ...contract.drift,
    ...(options.windowRecords ? { windowRecords: options.windowRecords } : {}),
  };
  const common = {
    contract: { id: contract.id, version: contract.version },
    source: source.name,
    fields,
    settings,
  };
  if (options.baseline) {
    const baseline = await readProfileFile(resolve(options.baseline));
    if (baseline.contract.id !== contract.id) {
      throw new InvalidInputError(
        'invalid-profile',
        `${options.baseline} is a profile of contract ${baseline.contract.id}, not ${contract.id}`,
      );
    }
    const result = await detectDrift(source.records, { ...common, baseline });
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stderr.write(`${formatDriftReport(result, baseline)}\n`);
    process.exitCode = result.events.length === 0 ? 0 : 1;
    return;
  }
  const profile = await profileRecords(source.records, common);
  if (!profile) throw new InvalidInputError('empty-source', `${source.name} holds no records`);
  await writeProfileFile(resolve(options.out!), profile);
  if (options.json) process.stdout.write(`${JSON.stringify(profile, null, 2)}\n`);
  else process.stderr.write(`${formatProfileSummary(profile)}\nwrote ${options.out}\n`);
  process.exitCode = 0;
}

/** The schema object's name (the view a PostgreSQL source is read through). */
function objectName(document: Record<string, unknown>, object: string | undefined): string {
  return object ?? schemaObject(document, undefined)?.name ?? 'records';
}

/** A CSV's contracted string columns stay text; its object and array columns are JSON text to parse. */
function columnsToRead(
  document: Record<string, unknown>,
  object: string | undefined,
): { textColumns: string[]; jsonColumns: string[] } {
  const properties = schemaObject(document, object)?.properties ?? [];
  const named = (types: string[]) =>
    properties.flatMap((property) =>
      typeof property.name === 'string' && types.includes(String(property.logicalType)) ? [property.name] : [],
    );
  return { textColumns: named(['string']), jsonColumns: named(['object', 'array']) };
}

function schemaObject(
  document: Record<string, unknown>,
  object: string | undefined,
): { name?: string; properties?: Array<{ name?: unknown; logicalType?: unknown }> } | undefined {
  const objects = (Array.isArray(document.schema) ? document.schema : []) as Array<{
    name?: string;
    properties?: Array<{ name?: unknown; logicalType?: unknown }>;
  }>;
  return object === undefined ? objects[0] : objects.find((entry) => entry.name === object);
}

function parseFormatIn(value: string): 'csv' | 'jsonl' | 'parquet' {
  if (value !== 'csv' && value !== 'jsonl' && value !== 'parquet')
    throw new InvalidArgumentError('expected one of csv, jsonl, parquet');
  return value;
}

function parseSeconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return number;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 100)
    throw new InvalidArgumentError('expected a whole number of at least 100');
  return count;
}
