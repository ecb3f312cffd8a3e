import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Contract, formatContractProblem, parseContract, readContractDocument } from '@charter/contracts';
import { readContractsDirectory } from '@charter/contracts/node';

/** A contract source that is not usable: the CLI exits 2 with this message. */
export class ContractSourceError extends Error {
  override readonly name = 'ContractSourceError';
}

interface RegistryAccess {
  registryUrl: string;
  headers: Record<string, string>;
}

/** One contract: from a local contract.odcs.yaml, else the registry's latest version (GET /contracts/{id}). */
export async function loadOneContract(options: { id?: string; file?: string } & RegistryAccess): Promise<Contract> {
  if (options.file) {
    const file = resolve(options.file);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ContractSourceError(`cannot read ${options.file}: ${error.code ?? error.message}`);
    });
    const { contract, problems } = parseContract(text, { file: options.file });
    if (!contract) throw new ContractSourceError(problems.map(formatContractProblem).join('\n'));
    if (options.id && contract.id !== options.id)
      throw new ContractSourceError(`${options.file} holds contract ${contract.id}, not ${options.id}`);
    return contract;
  }
  if (!options.id) throw new ContractSourceError('name the contract: --contract <id> or --contract-file <path>');
  const view = await getJson(options, `/contracts/${encodeURIComponent(options.id)}`);
  return readRegistryContract(view, options.id);
}

/**
 * Every contract to check a manifest against: the latest version of each contract on the registry (`registry`), or
 * each valid contract of a contracts directory (problems elsewhere in the directory are reported, not fatal).
 */
export async function loadContracts(
  options: { source: string } & RegistryAccess,
): Promise<{ contracts: Contract[]; notes: string[] }> {
  if (options.source === 'registry') {
    const views = await getJson(options, '/contracts');
    if (!Array.isArray(views))
      throw new ContractSourceError(`${shownUrl(options.registryUrl)}/contracts did not answer a list`);
    return { contracts: views.map((view) => readRegistryContract(view)), notes: [] };
  }
  const dir = resolve(options.source);
  const isDirectory = await stat(dir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new ContractSourceError(`no contracts directory at ${options.source}`);
  const loaded = await readContractsDirectory(dir);
  if (loaded.contracts.length === 0) {
    const why = loaded.problems.map(formatContractProblem).join('\n');
    throw new ContractSourceError(`no valid contract in ${options.source}${why ? `:\n${why}` : ''}`);
  }
  const notes =
    loaded.problems.length > 0
      ? [
          `${loaded.problems.length} problem(s) in ${options.source} (run charter validate); checking its valid contracts`,
        ]
      : [];
  return { contracts: loaded.contracts.map((entry) => entry.contract), notes };
}

function readRegistryContract(view: unknown, id?: string): Contract {
  const document = (view as { contract?: unknown } | null)?.contract;
  const { contract, problems } = readContractDocument(document, { file: `registry:contracts/${id ?? '?'}` });
  if (!contract) throw new ContractSourceError(problems.map(formatContractProblem).join('\n'));
  return contract;
}

/** A registry URL as it may be shown: without a user or password. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return '(an invalid registry URL)';
  }
}

async function getJson(access: RegistryAccess, path: string): Promise<unknown> {
  // Credentials in the URL become a Basic header: fetch refuses them there, and its message would show them.
  const registry = shownUrl(access.registryUrl);
  const headers: Record<string, string> = { accept: 'application/json', ...access.headers };
  const inUrl = URL.canParse(access.registryUrl) ? new URL(access.registryUrl) : undefined;
  if (inUrl?.username && !headers.authorization) {
    const user = `${decodeURIComponent(inUrl.username)}:${decodeURIComponent(inUrl.password)}`;
    headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
  }
  let response: Response;
  try {
    response = await fetch(`${registry}${path}`, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ContractSourceError(`cannot reach the registry at ${registry}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {}
    throw new ContractSourceError(`GET ${path} on ${registry}: ${response.status} ${message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ContractSourceError(`GET ${path} on ${registry} did not answer JSON`);
  }
}
