import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import {
  checkDbtManifest,
  DBT_ADAPTERS,
  type DbtAdapter,
  generateDbtProperties,
  isDbtAdapter,
  parseDbtCatalog,
  parseDbtManifest,
} from '@charter/dbt';
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { authorizationHeader } from '../registry-credentials';
import { ContractSourceError, loadContracts, loadOneContract } from './load-dbt-contracts';
import { reportPerContract } from './report-dbt-check';
import { readIfPresent, writeFileAtomically } from './write-if-changed';

/** The check-run formats (those of @charter/checks, which is loaded only when a check runs). */
const REPORT_FORMATS = ['text', 'json', 'junit', 'markdown'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

interface RegistryOptions {
  registry: string;
  key?: string;
  keyFile?: string;
}

interface GenerateOptions extends RegistryOptions {
  contract?: string;
  contractFile?: string;
  object?: string;
  model?: string;
  adapter: DbtAdapter;
  out?: string;
  json?: boolean;
}

interface CheckOptions extends RegistryOptions {
  manifest: string;
  catalog?: string;
  contractsDir: string;
  format: ReportFormat;
  output?: string;
  report?: boolean;
}

/** `charter dbt generate|check`: a contract's dbt model contract, and a dbt project's models checked against theirs. */
export function addDbtCommands(
  program: Command,
  env: { CHARTER_REGISTRY_URL?: string; CHARTER_API_KEY?: string },
): void {
  const dbt = program
    .command('dbt')
    .description('dbt model contracts: generate a model’s properties YAML from a contract, check a manifest')
    // Usage errors (an unknown adapter or format, a missing option) exit 2, as input errors do.
    .exitOverride((error) => {
      throw new CommanderError(error.exitCode === 0 ? 0 : 2, error.code, error.message);
    });
  const withRegistry = (command: Command) =>
    command
      .option('-r, --registry <url>', 'registry base URL', env.CHARTER_REGISTRY_URL ?? 'http://localhost:8081')
      .option('-k, --key <keyId:secret>', 'API key (default: $CHARTER_API_KEY; never shown)')
      .option('--key-file <path>', 'read the API key from a file (e.g. .charter/admin.key)');
  const access = (options: RegistryOptions) => ({
    registryUrl: options.registry,
    headers: authorizationHeader({ key: options.key ?? env.CHARTER_API_KEY, keyFile: options.keyFile }),
  });

  withRegistry(dbt.command('generate'))
    .description('write the dbt properties YAML (enforced contract, data types, constraints, tests) for a contract')
    .option('-c, --contract <id>', 'the contract (its latest version on the registry)')
    .option('--contract-file <path>', 'read the contract from a local contract.odcs.yaml instead of the registry')
    .option('--object <name>', 'the schema object, when the contract has several')
    .option('-m, --model <name>', 'the dbt model name (default: the object’s physicalName, else its name)')
    .option('-a, --adapter <adapter>', `the warehouse (${DBT_ADAPTERS.join(', ')})`, parseAdapter, 'postgres')
    .option('-o, --out <path>', 'the file to write, "-" for stdout (default: models/_<model>.yml)')
    .option('--json', 'print the outcome as JSON on stdout')
    .action(async (options: GenerateOptions) => {
      const contract = await loadOneContract({ id: options.contract, file: options.contractFile, ...access(options) });
      const target = { contract, adapter: options.adapter, object: options.object, model: options.model };
      const fresh = generateDbtProperties(target);
      if (options.out === '-') {
        process.stdout.write(fresh.text);
        return;
      }
      const out = resolve(options.out ?? `models/_${fresh.plan.model}.yml`);
      const shown = relative(process.cwd(), out) || out;
      const existing = await readIfPresent(out);
      const generated = existing === undefined ? fresh : generateDbtProperties({ ...target, existing, path: shown });
      if (generated.outcome !== 'unchanged') await writeFileAtomically(out, generated.text);
      const summary = {
        outcome: generated.outcome,
        path: shown,
        model: generated.plan.model,
        contract: contract.id,
        version: contract.version,
        adapter: options.adapter,
      };
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else
        process.stderr.write(
          `${generated.outcome} ${shown}: model ${summary.model} from contract ${contract.id} ${contract.version} (${options.adapter})\n`,
        );
    });

  withRegistry(dbt.command('check'))
    .description('check the models of a dbt manifest bound to contracts: enforcement, columns, types, constraints')
    .option('--manifest <path>', 'the manifest dbt wrote (dbt parse, compile or build)', 'target/manifest.json')
    .option('--catalog <path>', 'the catalog (dbt docs generate): also check the types as built in the warehouse')
    .option(
      '--contracts-dir <dir|registry>',
      'a contracts directory, or "registry" for the registry’s contracts',
      'contracts',
    )
    .option('-f, --format <format>', `report format (${REPORT_FORMATS.join(', ')})`, parseFormat, 'text')
    .option('-o, --output <file>', 'write the report to a file (the text summary still goes to stderr)')
    .option('--report', 'keep the results on the registry (POST /checks): one run per contract')
    .action(async (options: CheckOptions) => {
      const startedAt = new Date();
      const manifest = parseDbtManifest(await readInput(options.manifest, '--manifest'), { source: options.manifest });
      const catalog = options.catalog
        ? parseDbtCatalog(await readInput(options.catalog, '--catalog'), { source: options.catalog })
        : undefined;
      const { contracts, notes } = await loadContracts({ source: options.contractsDir, ...access(options) });
      const outcome = checkDbtManifest({ manifest, contracts, ...(catalog ? { catalog } : {}) });
      if (outcome.bindings.length === 0 && outcome.results.length === 0)
        notes.push(`no model of ${options.manifest} is bound to a contract of ${options.contractsDir}`);
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      const { createCheckRun, formatCheckRun } = await import('@charter/checks');
      const document = createCheckRun({
        kind: 'dbt-check',
        runId: randomUUID(),
        startedAt,
        finishedAt: new Date(),
        source: { type: 'dbt-manifest', name: options.manifest },
        results: outcome.results,
      });
      const report = formatCheckRun(document, options.format);
      if (options.output !== undefined) {
        await writeFileAtomically(resolve(options.output), report);
        if (options.format !== 'text') process.stderr.write(formatCheckRun(document, 'text'));
      } else if (options.format === 'text') process.stderr.write(report);
      else process.stdout.write(report.endsWith('\n') ? report : `${report}\n`);
      const reported = options.report
        ? await reportPerContract(document, contracts, access(options), process.stderr)
        : true;
      process.exitCode = reported ? (document.success ? 0 : 1) : 2;
    });
}

async function readInput(path: string, option: string): Promise<string> {
  try {
    return await readFile(resolve(path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ContractSourceError(
      code === 'ENOENT'
        ? `${option} ${path}: no such file`
        : `${option} ${path}: cannot read it (${code ?? (error as Error).message})`,
    );
  }
}

function parseAdapter(value: string): DbtAdapter {
  const adapter = value.toLowerCase();
  if (!isDbtAdapter(adapter)) throw new InvalidArgumentError(`expected one of ${DBT_ADAPTERS.join(', ')}`);
  return adapter;
}

function parseFormat(value: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${REPORT_FORMATS.join(', ')}`);
  return value as ReportFormat;
}
