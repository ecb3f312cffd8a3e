// `@charter/contracts/node`: the package's only I/O, reading a contracts directory from the local disk.
import { type LoadedContractsDirectory, loadContractsDirectory } from '../load-contracts-directory';
import { nodeContractFiles } from './node-contract-files';

export { nodeContractFiles };

/** Loads and checks a contracts directory on the local disk (see loadContractsDirectory). */
export function readContractsDirectory(dir: string): Promise<LoadedContractsDirectory> {
  return loadContractsDirectory(dir, nodeContractFiles);
}
