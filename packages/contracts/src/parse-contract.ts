import type { Contract } from './contract';
import type { ContractProblem } from './contract-problem';
import { readContractDocument } from './read-contract-document';
import { readYamlText } from './read-yaml-text';
import { locateProblems } from './yaml-locations';

/**
 * Parses contract text (YAML or JSON) and validates it as {@link readContractDocument} does; every problem carries
 * the 1-based line and column of the deepest YAML node its path reaches.
 */
export function parseContract(
  text: string,
  options: { file: string },
): { contract?: Contract; problems: ContractProblem[] } {
  const read = readYamlText(text, options);
  if (!read.parsed || read.problems.length > 0) return { problems: read.problems };
  const result = readContractDocument(read.value, options);
  return result.contract ? result : { problems: locateProblems(read.parsed, result.problems) };
}
