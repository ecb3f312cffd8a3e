import { readFile } from 'node:fs/promises';
import { type Contract, formatContractProblem, parseContract } from '@charter/contracts';

export interface LoadCheckpointContractOptions {
  /** A local contract.odcs.yaml (CI before publishing); else the contract is fetched from the registry. */
  file?: string;
  id?: string;
  registryUrl: string;
  headers: Record<string, string>;
  fetch?: typeof fetch;
}

/** A usage or input problem: the command prints the message and exits 2. */
export class CheckpointUsageError extends Error {
  override readonly name = 'CheckpointUsageError';
}

/**
 * The contract to check: parsed and validated from `--contract-file`, or the latest version from the registry's
 * `GET /contracts/{id}` (validated again here, so a contract with an unknown metric is refused either way).
 */
export async function loadCheckpointContract(options: LoadCheckpointContractOptions): Promise<Contract> {
  let text: string;
  let file: string;
  if (options.file !== undefined) {
    file = options.file;
    text = await readFile(options.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CheckpointUsageError(`cannot read ${options.file}: ${error.code ?? error.message}`);
    });
  } else {
    if (options.id === undefined)
      throw new CheckpointUsageError('name the contract: --contract <id> or --contract-file <path>');
    const url = `${options.registryUrl.replace(/\/+$/, '')}/contracts/${encodeURIComponent(options.id)}`;
    const send = options.fetch ?? fetch;
    const response = await send(url, {
      headers: { accept: 'application/json', ...options.headers },
      signal: AbortSignal.timeout(30_000),
    }).catch((error: Error) => {
      throw new CheckpointUsageError(`cannot reach ${url}: ${error.message}`);
    });
    if (response.status === 404) throw new CheckpointUsageError(`the registry has no contract "${options.id}"`);
    if (!response.ok) throw new CheckpointUsageError(`GET ${url} answered ${response.status}`);
    const view = (await response.json()) as { contract?: unknown };
    if (view.contract === undefined) throw new CheckpointUsageError(`GET ${url} did not return a contract`);
    file = `registry:contracts/${options.id}`;
    text = JSON.stringify(view.contract);
  }
  const { contract, problems } = parseContract(text, { file });
  if (!contract) {
    throw new CheckpointUsageError(`the contract is not valid:\n${problems.map(formatContractProblem).join('\n')}`);
  }
  if (options.id !== undefined && contract.id !== options.id) {
    throw new CheckpointUsageError(`--contract ${options.id} but ${file} holds contract "${contract.id}"`);
  }
  return contract;
}
