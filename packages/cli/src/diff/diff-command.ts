import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { readApiKey } from '../registry-credentials';
import { DiffInputError } from './diff-input-error';
import { DiffServiceError } from './diff-service-error';
import type { GitHubEnvironment } from './github/github-context';
import type { ServiceConnection } from './post-to-service';
import { runDiff, type UnreachablePolicy } from './run-diff';
import { type DiffFormat, DIFF_FORMATS as FORMATS, writeDiffOutput } from './write-diff-output';

const POLICIES = ['fail', 'warn'] as const;

/** The environment `charter diff` reads (passed in by main.ts). */
export interface DiffEnvironment extends GitHubEnvironment {
  CHARTER_REGISTRY_URL?: string;
  CHARTER_LINEAGE_URL?: string;
  CHARTER_API_KEY?: string;
}

interface DiffOptions {
  base: string;
  head: string;
  path: string;
  format: DiffFormat;
  lineageUrl?: string;
  registryUrl?: string;
  key?: string;
  keyFile?: string;
  timeout: number;
  onUnreachable: UnreachablePolicy;
}

/** The exit codes, as `charter diff --help` and the README list them. */
export const DIFF_EXIT_CODES = `
Exit codes:
  0  pass: nothing blocks (approved changes included)
  1  blocked: a blocking reason remains (incompatible schema, dropped contracted field, impact needing approval…)
  2  usage or configuration error: bad flag, ref or path, unreadable schema, a key a service refuses (401/403)
  3  a service it needed (--lineage-url, --registry-url, GitHub for the comment) was unreachable or timed out,
     with --on-unreachable fail`;

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

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0 || seconds > 600)
    throw new InvalidArgumentError('expected a number of seconds from 0 to 600');
  return seconds;
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http(s) URL');
  return value.replace(/\/+$/, '');
}

/** `charter diff`: the schema and contract changes between two git refs, and whether they may merge. */
export function addDiffCommand(program: Command, env: DiffEnvironment = {}): void {
  program
    .command('diff')
    .description(
      'diff contracts/ between two git refs: schema changes, compatibility, contract rules, lineage impact and approvals',
    )
    .requiredOption('--base <ref>', 'the git ref to compare against (e.g. origin/main)')
    .requiredOption('--head <ref>', 'the git ref with the change', 'HEAD')
    .option('--path <dir>', 'the contracts directory, from the current directory', 'contracts')
    .option('--format <format>', `output format (${FORMATS.join(', ')})`, parseFormat, 'text')
    .option(
      '--lineage-url <url>',
      'assess impact with this lineage service (default: $CHARTER_LINEAGE_URL; without: not assessed)',
      parseUrl,
    )
    .option(
      '--registry-url <url>',
      'look approvals up on this registry (default: $CHARTER_REGISTRY_URL; without: not checked)',
      parseUrl,
    )
    .option('-k, --key <keyId:secret>', 'API key for both services (default: $CHARTER_API_KEY; never shown)')
    .option('--key-file <path>', 'read the API key from a file (e.g. .charter/admin.key)')
    .option('--timeout <seconds>', 'how long to wait for each service request', parseSeconds, 10)
    .option(
      '--on-unreachable <policy>',
      'a service down or timing out (lineage, registry, GitHub for the comment): fail (exit 3) or warn (say so, go on)',
      parsePolicy,
      'fail',
    )
    .addHelpText('after', DIFF_EXIT_CODES)
    // A usage error exits 2, never 1: in a CI gate, 1 means "blocked".
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(2, error.code, error.message);
    })
    .action(async (options: DiffOptions) => {
      try {
        const connections = connectionsOf(options, env);
        const report = await runDiff({
          cwd: process.cwd(),
          base: options.base,
          head: options.head,
          path: options.path,
          ...connections,
          onUnreachable: options.onUnreachable,
        });
        process.exitCode = await writeDiffOutput({
          report,
          format: options.format,
          onUnreachable: options.onUnreachable,
          env,
        });
      } catch (error) {
        if (!(error instanceof DiffInputError) && !(error instanceof DiffServiceError)) throw error;
        const file = error instanceof DiffInputError ? error.file : undefined;
        if (options.format === 'json')
          process.stdout.write(
            `${JSON.stringify({ error: { code: error.code, message: error.message, file } }, null, 2)}\n`,
          );
        process.stderr.write(`error ${error.code}: ${error.message}\n`);
        process.exitCode = error instanceof DiffServiceError ? error.exitCode : 2;
      }
    });
}

/** The services to ask, with the key (from --key, --key-file or CHARTER_API_KEY) and where it came from. */
function connectionsOf(
  options: DiffOptions,
  env: DiffEnvironment,
): { lineage?: ServiceConnection; registry?: ServiceConnection } {
  const lineageUrl =
    options.lineageUrl ??
    (env.CHARTER_LINEAGE_URL ? parseUrlOrFail(env.CHARTER_LINEAGE_URL, 'CHARTER_LINEAGE_URL') : undefined);
  const registryUrl =
    options.registryUrl ??
    (env.CHARTER_REGISTRY_URL ? parseUrlOrFail(env.CHARTER_REGISTRY_URL, 'CHARTER_REGISTRY_URL') : undefined);
  if (lineageUrl === undefined && registryUrl === undefined) return {};
  const source = options.key
    ? { key: options.key, keySource: '--key' }
    : options.keyFile
      ? { keyFile: options.keyFile, keySource: `--key-file ${options.keyFile}` }
      : env.CHARTER_API_KEY
        ? { key: env.CHARTER_API_KEY, keySource: 'CHARTER_API_KEY' }
        : { keySource: undefined };
  let key: { keyId: string; secret: string } | undefined;
  try {
    key = readApiKey(source);
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new DiffInputError('bad-api-key', `the API key from ${source.keySource} cannot be used: ${why}`);
  }
  const authorization = key && `Basic ${Buffer.from(`${key.keyId}:${key.secret}`).toString('base64')}`;
  const common = { authorization, keySource: key ? source.keySource : undefined, timeoutMs: options.timeout * 1000 };
  return {
    ...(lineageUrl === undefined ? {} : { lineage: { service: 'lineage', url: lineageUrl, ...common } }),
    ...(registryUrl === undefined ? {} : { registry: { service: 'registry', url: registryUrl, ...common } }),
  };
}

function parseUrlOrFail(value: string, variable: string): string {
  try {
    return parseUrl(value);
  } catch {
    throw new DiffInputError('bad-url', `${variable} is not an http(s) URL`);
  }
}
