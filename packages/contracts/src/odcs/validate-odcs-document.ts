import type { ContractProblem } from '../contract-problem';
import { toJsonPointer } from '../json-pointer';
import { odcsDocumentSchema } from './odcs-document';

/** Checks a value against Charter's ODCS 3.1 validator; every violation is an `odcs-violation` problem. */
export function validateOdcsDocument(value: unknown, options: { file: string }): ContractProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'an empty document' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return [
      {
        code: 'odcs-violation',
        file: options.file,
        path: '',
        message: `a data contract must be a map of ODCS fields (apiVersion, kind, id, …), not ${found}`,
      },
    ];
  }
  const result = odcsDocumentSchema.safeParse(value);
  if (result.success) return [];
  const problems: ContractProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          code: 'odcs-violation',
          file: options.file,
          path: toJsonPointer([...issue.path, key]),
          message: `unknown field "${key}"`,
        });
      }
      continue;
    }
    const isMissing = issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined;
    const field = issue.path[issue.path.length - 1];
    problems.push({
      code: 'odcs-violation',
      file: options.file,
      path: toJsonPointer(issue.path),
      message: isMissing ? `missing required field "${String(field)}"` : issue.message,
    });
  }
  return problems;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
