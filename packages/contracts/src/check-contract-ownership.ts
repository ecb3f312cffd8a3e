import type { Contract } from './contract';
import { customPropertyPointer } from './contract-pointers';
import type { ContractProblem } from './contract-problem';
import { readContractSubjects } from './contract-subjects';
import { findSubjectOwner, type Ownership } from './ownership';

/**
 * Checks a contract against the ownership file: its team and every consumer's team must be known (`unknown-team`),
 * and every subject it binds must belong to its team (`subject-not-owned`).
 */
export function checkContractOwnership(
  contract: Contract,
  ownership: Ownership,
  options: { file: string },
): ContractProblem[] {
  const { file } = options;
  const teams = new Set(ownership.teams.map((team) => team.name));
  const problems: ContractProblem[] = [];
  const isTeamKnown = teams.has(contract.team);
  if (!isTeamKnown) {
    problems.push({
      code: 'unknown-team',
      file,
      path: '/team/name',
      message: `team "${contract.team}" is not in the ownership file`,
    });
  }
  const consumersPointer = customPropertyPointer(contract.document, 'consumers');
  contract.consumers.forEach((consumer, index) => {
    if (teams.has(consumer.team)) return;
    problems.push({
      code: 'unknown-team',
      file,
      path: `${consumersPointer}/${index}/team`,
      message: `consumer "${consumer.id}" names team "${consumer.team}", which is not in the ownership file`,
    });
  });
  if (!isTeamKnown) return problems;
  for (const binding of readContractSubjects(contract.document, options).subjects) {
    const owner = findSubjectOwner(ownership, binding.subject);
    if (owner === contract.team) continue;
    problems.push({
      code: 'subject-not-owned',
      file,
      path: `/schema/${binding.objectIndex}/authoritativeDefinitions/${binding.definitionIndex}/url`,
      message:
        owner === undefined
          ? `subject "${binding.subject}" matches no team's subject prefixes; team "${contract.team}" must own it`
          : `subject "${binding.subject}" belongs to team "${owner}", not "${contract.team}"`,
    });
  }
  return problems;
}
