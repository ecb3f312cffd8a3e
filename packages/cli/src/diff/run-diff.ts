import { loadContractsDirectory } from '@charter/contracts';
import type { DiffReport } from './diff-report';
import { type DiffSide, diffTrees } from './diff-trees';
import { toTreeFiles, treeContractFiles } from './git-contract-files';
import { listTree, locateInRepository, readBlobs, resolveCommit } from './git-tree-reader';

export interface RunDiffOptions {
  /** Where to find the repository and resolve `path` from. */
  cwd: string;
  base: string;
  head: string;
  path: string;
}

/**
 * Reads `path` at `base` and `head` from git — `git ls-tree` for each tree, one `git cat-file --batch` for every
 * blob, no checkout, no network — and diffs them. Throws DiffInputError for a bad ref, path or head schema.
 */
export async function runDiff(options: RunDiffOptions): Promise<DiffReport> {
  const { root, path } = await locateInRepository(options.cwd, options.path);
  const [baseCommit, headCommit] = [await resolveCommit(root, options.base), await resolveCommit(root, options.head)];
  const [baseTree, headTree] = await Promise.all([listTree(root, baseCommit, path), listTree(root, headCommit, path)]);
  const blobs = await readBlobs(root, [...baseTree.values(), ...headTree.values()]);
  const domains = touchedDomains(path, baseTree, headTree);
  const side = async (ref: string, tree: Map<string, string>): Promise<DiffSide> => {
    const files = toTreeFiles(tree, blobs);
    return {
      ref,
      files,
      loaded: await loadContractsDirectory(path, treeContractFiles(files, { root: path, domains })),
    };
  };
  return diffTrees({ path, base: await side(options.base, baseTree), head: await side(options.head, headTree) });
}

/** The `<domain>` directories under `path` holding a file that differs between the two trees. */
function touchedDomains(path: string, base: Map<string, string>, head: Map<string, string>): Set<string> {
  const domains = new Set<string>();
  for (const [one, other] of [
    [base, head],
    [head, base],
  ] as const) {
    for (const [file, id] of one) {
      if (other.get(file) === id) continue;
      const parts = (path === '' ? file : file.slice(path.length + 1)).split('/');
      if (parts.length > 1) domains.add(parts[0]!);
    }
  }
  return domains;
}
