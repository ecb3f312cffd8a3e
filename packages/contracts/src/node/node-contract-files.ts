import { readdir, readFile } from 'node:fs/promises';
import type { ContractFiles } from '../load-contracts-directory';

/** ContractFiles on the local disk. */
export const nodeContractFiles: ContractFiles = {
  async readText(file) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async list(dir) {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries.map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  },
};
