import { isUtf8 } from 'node:buffer';
import type { ContractFiles } from '@charter/contracts';
import type { TreeFile } from './diff-report';

/** Blobs as TreeFiles: binary when they hold a NUL byte or are not UTF-8 (their text is then empty). */
export function toTreeFiles(tree: Map<string, string>, blobs: Map<string, Buffer>): Map<string, TreeFile> {
  const files = new Map<string, TreeFile>();
  for (const [file, id] of tree) {
    const content = blobs.get(id)!;
    const binary = content.includes(0) || !isUtf8(content);
    files.set(file, { id, binary, text: binary ? '' : content.toString('utf8') });
  }
  return files;
}

/**
 * A git tree, already read, as the file system loadContractsDirectory reads (paths in git's `/` form). With
 * `only`, listing `only.root` shows just the `only.domains` directories: the domains a diff touched, so the loader
 * does not re-check every version of every untouched subject.
 */
export function treeContractFiles(
  files: Map<string, TreeFile>,
  only?: { root: string; domains: Set<string> },
): ContractFiles {
  return {
    readText: async (file) => files.get(file)?.text,
    list: async (dir) => {
      const prefix = `${dir}/`;
      const entries = new Map<string, boolean>();
      for (const file of files.keys()) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (only && dir === only.root && slash >= 0 && !only.domains.has(rest.slice(0, slash))) continue;
        entries.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      return [...entries].sort(([a], [b]) => a.localeCompare(b)).map(([name, isDirectory]) => ({ name, isDirectory }));
    },
  };
}
