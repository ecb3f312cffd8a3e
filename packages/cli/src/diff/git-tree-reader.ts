import { execFile, spawn } from 'node:child_process';
import { isAbsolute, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DiffInputError } from './diff-input-error';

const run = promisify(execFile);

/** Runs git in `cwd`; a failure becomes a DiffInputError carrying git's own message, never a stack. */
async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new DiffInputError('git-failed', `git ${args[0]} failed: ${stderr}`);
  }
}

/** The repository's top-level directory, and `path` (resolved from `cwd`) relative to it, in git's `/` form. */
export async function locateInRepository(cwd: string, path: string): Promise<{ root: string; path: string }> {
  let root: string;
  try {
    root = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new DiffInputError('not-a-repository', `${cwd} is not inside a git repository`);
  }
  const inside = relative(root, resolve(cwd, path));
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new DiffInputError('path-outside-repository', `--path ${path} is outside the repository at ${root}`);
  return { root, path: inside.split(/[\\/]/).filter(Boolean).join('/') };
}

/** The commit `ref` names; a ref that does not exist is a DiffInputError naming it. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    throw new DiffInputError(
      'unknown-ref',
      `ref "${ref}" does not exist in this repository (on a shallow clone, fetch it first: git fetch --depth 1 origin ${ref})`,
    );
  }
}

/** Every file under `path` at `commit`: repository-relative path → blob id (`git ls-tree -r`, no checkout). */
export async function listTree(root: string, commit: string, path: string): Promise<Map<string, string>> {
  const out = await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', path === '' ? '.' : path]);
  const files = new Map<string, string>();
  for (const entry of out.split('\0')) {
    if (entry === '') continue;
    const tab = entry.indexOf('\t');
    const [, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob') files.set(entry.slice(tab + 1), id!);
  }
  return files;
}

/** The content of every blob in `ids`, read through ONE `git cat-file --batch` process. */
export function readBlobs(root: string, ids: Iterable<string>): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(ids)];
  const blobs = new Map<string, Buffer>();
  if (wanted.length === 0) return Promise.resolve(blobs);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => reject(new DiffInputError('git-failed', `git cat-file failed: ${error.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new DiffInputError('git-failed', `git cat-file failed: ${stderr.trim()}`));
      const out = Buffer.concat(chunks);
      let at = 0;
      for (const id of wanted) {
        const eol = out.indexOf(0x0a, at);
        const header = out.subarray(at, eol).toString('utf8').split(' ');
        if (header[1] === 'missing' || eol < 0)
          return reject(new DiffInputError('git-failed', `git cat-file: blob ${id} is missing`));
        const size = Number(header[2]);
        blobs.set(id, out.subarray(eol + 1, eol + 1 + size));
        at = eol + 1 + size + 1;
      }
      resolvePromise(blobs);
    });
    child.stdin.end(`${wanted.join('\n')}\n`);
  });
}
