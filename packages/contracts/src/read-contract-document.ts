import { readCharterProperties } from './charter-properties';
import type { Contract } from './contract';
import type { ContractProblem } from './contract-problem';
import { readContractSubjects } from './contract-subjects';
import { validateOdcsDocument } from './odcs/validate-odcs-document';

/** Semantic Versioning 2.0.0, as semver.org gives it. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

interface TeamMemberLike {
  username: string;
  role?: string;
}

/**
 * Reads an already-parsed contract (e.g. an HTTP JSON body): ODCS 3.1 structure first, then Charter's rules —
 * semantic version, owning team, customProperties, bound subjects. Problems carry a path but no line. The contract
 * is returned only when there is no problem.
 */
export function readContractDocument(
  value: unknown,
  options: { file: string },
): { contract?: Contract; problems: ContractProblem[] } {
  const { file } = options;
  const odcsProblems = validateOdcsDocument(value, { file });
  if (odcsProblems.length > 0) return { problems: odcsProblems };
  const document = value as Record<string, unknown>;
  const problems: ContractProblem[] = [];

  const version = document.version as string;
  if (!SEMVER.test(version)) {
    problems.push({
      code: 'odcs-violation',
      file,
      path: '/version',
      message: `version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0)`,
    });
  }

  const team = document.team;
  const teamName = team && !Array.isArray(team) ? (team as { name?: string }).name : undefined;
  const members = (
    Array.isArray(team) ? team : ((team as { members?: unknown[] } | undefined)?.members ?? [])
  ) as TeamMemberLike[];
  if (!teamName) {
    problems.push({
      code: 'unknown-team',
      file,
      path: '/team',
      message: Array.isArray(team)
        ? 'the deprecated team list names no team: use the 3.1 team object with a "name" (the owning team)'
        : 'the contract names no owning team: set team.name',
    });
  }
  const owners = members.filter((member) => member.role?.toLowerCase() === 'owner').map((member) => member.username);

  const charter = readCharterProperties(document, { file });
  problems.push(...charter.problems);
  const bound = readContractSubjects(document, { file });
  problems.push(...bound.problems);

  if (problems.length > 0 || !teamName) return { problems };
  return {
    contract: {
      id: document.id as string,
      version,
      status: document.status as string,
      ...(typeof document.name === 'string' ? { name: document.name } : {}),
      ...(typeof document.domain === 'string' ? { domain: document.domain } : {}),
      team: teamName,
      owners,
      ...charter.properties,
      subjects: bound.subjects.map(({ subject, objectName, fields }) => ({ subject, objectName, fields })),
      document,
    },
    problems: [],
  };
}
