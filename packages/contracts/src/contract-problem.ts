/** Stable codes for everything that can be wrong with a contract, its directory, ownership or environments. */
export type ContractProblemCode =
  | 'yaml-syntax'
  | 'odcs-violation'
  | 'unknown-tier'
  | 'invalid-custom-property'
  | 'unknown-team'
  | 'subject-not-owned'
  | 'schema-unparseable'
  | 'incompatible-evolution'
  | 'field-missing'
  | 'field-type-mismatch'
  | 'duplicate-contract'
  | 'missing-file'
  | 'invalid-ownership'
  | 'invalid-environments';

/** One thing that is wrong, as data: where (file, 1-based line/column when known, JSON pointer) and why. */
export interface ContractProblem {
  code: ContractProblemCode;
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer into the file's document, e.g. `/schema/0/properties/2/name`; `` is the whole document. */
  path: string;
  message: string;
}

/** `contracts/orders/contract.odcs.yaml:12:5 /schema/0/properties/1 field-missing: …` */
export function formatContractProblem(problem: ContractProblem): string {
  const position =
    problem.line === undefined ? '' : `:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${problem.file}${position} ${problem.path || '/'} ${problem.code}: ${problem.message}`;
}
