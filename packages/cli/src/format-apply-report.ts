import { formatContractProblem } from '@charter/contracts';
import type { ApplyResult } from './apply-contracts-directory';
import { formatRegisterReport } from './register-schema-directory';

/** The human summary of `charter apply`. */
export function formatApplyReport(result: ApplyResult, registryUrl: string): string {
  if (result.problems.length > 0) {
    return [
      `Contracts have ${result.problems.length} problem(s); nothing was sent to ${registryUrl}`,
      ...result.problems.map((problem) => `  ${formatContractProblem(problem)}`),
    ].join('\n');
  }
  const lines: string[] = [];
  if (result.ownership) {
    lines.push(
      result.ownership.ok
        ? 'ok   ownership'
        : `FAIL ownership  ${result.ownership.error?.errorCode ?? result.ownership.error?.status}: ${result.ownership.error?.message}`,
    );
  }
  if (result.subjects.length > 0) lines.push(formatRegisterReport(result.subjects, registryUrl));
  if (result.contracts.length > 0) lines.push('', 'Contracts');
  for (const contract of result.contracts) {
    lines.push(
      contract.outcome === 'failed'
        ? `FAIL ${contract.id} ${contract.version}  ${contract.error?.errorCode ?? contract.error?.status}: ${contract.error?.message}`
        : `ok   ${contract.id} ${contract.version}  ${contract.outcome}`,
    );
  }
  return lines.join('\n');
}
