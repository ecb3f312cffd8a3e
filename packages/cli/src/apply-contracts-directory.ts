import { readFile } from 'node:fs/promises';
import type { ContractProblem } from '@charter/contracts';
import { readContractsDirectory } from '@charter/contracts/node';
import { type RegisteredSubject, registerSchemaDirectory } from './register-schema-directory';

export interface AppliedContract {
  id: string;
  version: string;
  file: string;
  /** `published`: stored as a new version; `unchanged`: the registry already held this version. */
  outcome: 'published' | 'unchanged' | 'failed';
  error?: { status: number; errorCode?: number; message: string };
}

export interface ApplyResult {
  /** Problems found locally; when there are any, nothing was sent. */
  problems: ContractProblem[];
  ownership?: { ok: boolean; error?: { status: number; errorCode?: number; message: string } };
  subjects: RegisteredSubject[];
  contracts: AppliedContract[];
  ok: boolean;
}

export interface ApplyContractsOptions {
  root: string;
  registryUrl: string;
  headers?: Record<string, string>;
  /** Upload ownership.yaml (needs an admin key); default true. */
  ownership?: boolean;
  /** Upload ownership.yaml and nothing else (a new environment before `charter promote` brings its contracts). */
  ownershipOnly?: boolean;
}

/**
 * What the run command and CI do with `contracts/`: validate everything locally (ODCS, ownership, schema
 * evolution, declared fields) and stop at the first problem; otherwise upload the ownership map, register every
 * schema version oldest first, then publish each contract (which binds its subjects). Running it twice changes nothing.
 */
export async function applyContractsDirectory(options: ApplyContractsOptions): Promise<ApplyResult> {
  const loaded = await readContractsDirectory(options.root);
  if (loaded.problems.length > 0) {
    return { problems: loaded.problems, subjects: [], contracts: [], ok: false };
  }
  const base = options.registryUrl.replace(/\/+$/, '');
  const headers = { accept: 'application/json', ...options.headers };
  let ownership: ApplyResult['ownership'];
  if (options.ownership !== false && loaded.ownership) {
    const answer = await send(`${base}/ownership`, 'PUT', JSON.stringify(loaded.ownership), {
      ...headers,
      'content-type': 'application/json',
    });
    ownership = answer.status === 200 ? { ok: true } : { ok: false, error: errorOf(answer) };
    if (!ownership.ok) return { problems: [], ownership, subjects: [], contracts: [], ok: false };
  }
  if (options.ownershipOnly)
    return { problems: [], ownership, subjects: [], contracts: [], ok: ownership?.ok === true };
  const subjects = await registerSchemaDirectory({ root: options.root, registryUrl: base, headers: options.headers });
  const contracts: AppliedContract[] = [];
  for (const { file, contract } of loaded.contracts) {
    const text = await readFile(file, 'utf8');
    const answer = await send(`${base}/contracts/${encodeURIComponent(contract.id)}`, 'PUT', text, {
      ...headers,
      'content-type': 'application/yaml',
    });
    const outcome = answer.status === 201 ? 'published' : answer.status === 200 ? 'unchanged' : 'failed';
    contracts.push({
      id: contract.id,
      version: contract.version,
      file,
      outcome,
      ...(outcome === 'failed' ? { error: errorOf(answer) } : {}),
    });
  }
  const ok = subjects.every((subject) => subject.ok) && contracts.every((contract) => contract.outcome !== 'failed');
  return { problems: [], ownership, subjects, contracts, ok };
}

interface Answer {
  status: number;
  body: { error_code?: number; message?: string };
}

async function send(url: string, method: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Answer['body'] };
  } catch {
    return { status: response.status, body: { message: text.slice(0, 500) } };
  }
}

function errorOf(answer: Answer) {
  return {
    status: answer.status,
    errorCode: answer.body.error_code,
    message: answer.body.message ?? `HTTP ${answer.status}`,
  };
}
