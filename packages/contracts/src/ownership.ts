import { z } from 'zod';
import type { ContractProblem, ContractProblemCode } from './contract-problem';
import { toJsonPointer } from './json-pointer';
import { readYamlText } from './read-yaml-text';
import { locateProblems } from './yaml-locations';

/** Where a team is reached. */
export interface TeamChannels {
  slack?: string;
  email?: string;
  pagerduty?: string;
}

export interface TeamOwnership {
  name: string;
  /** A subject belongs to the team with the longest prefix it starts with. */
  subjectPrefixes: string[];
  members: string[];
  channels?: TeamChannels;
}

/** Who owns what: `contracts/ownership.yaml`. */
export interface Ownership {
  teams: TeamOwnership[];
}

const nonEmpty = z.string().min(1, 'must not be empty');
const ownershipSchema = z.strictObject({
  teams: z.array(
    z.strictObject({
      name: nonEmpty,
      subjectPrefixes: z.array(nonEmpty),
      members: z.array(nonEmpty),
      channels: z
        .strictObject({ slack: nonEmpty.optional(), email: nonEmpty.optional(), pagerduty: nonEmpty.optional() })
        .optional(),
    }),
  ),
});

const CODE: ContractProblemCode = 'invalid-ownership';

/** Reads an already-parsed ownership document; team names and subject prefixes must be unique. */
export function readOwnership(
  value: unknown,
  options: { file: string },
): { ownership?: Ownership; problems: ContractProblem[] } {
  const { file } = options;
  const result = ownershipSchema.safeParse(value);
  if (!result.success) {
    return {
      problems: result.error.issues.flatMap((issue) =>
        (issue.code === 'unrecognized_keys' ? issue.keys : [undefined]).map((key) => ({
          code: CODE,
          file,
          path: toJsonPointer(key === undefined ? issue.path : [...issue.path, key]),
          message: key === undefined ? issue.message : `unknown field "${key}"`,
        })),
      ),
    };
  }
  const problems: ContractProblem[] = [];
  const names = new Set<string>();
  const prefixes = new Map<string, string>();
  result.data.teams.forEach((team, index) => {
    if (names.has(team.name)) {
      problems.push({ code: CODE, file, path: `/teams/${index}/name`, message: `team "${team.name}" is listed twice` });
    }
    names.add(team.name);
    team.subjectPrefixes.forEach((prefix, position) => {
      const owner = prefixes.get(prefix);
      if (owner !== undefined && owner !== team.name) {
        problems.push({
          code: CODE,
          file,
          path: `/teams/${index}/subjectPrefixes/${position}`,
          message: `subject prefix "${prefix}" is already owned by team "${owner}"`,
        });
      }
      prefixes.set(prefix, team.name);
    });
  });
  if (problems.length > 0) return { problems };
  const teams = result.data.teams.map(
    (team): TeamOwnership => ({
      name: team.name,
      subjectPrefixes: team.subjectPrefixes,
      members: team.members,
      ...(team.channels ? { channels: team.channels } : {}),
    }),
  );
  return { ownership: { teams }, problems: [] };
}

/** Parses `ownership.yaml` text; problems carry line and column. */
export function parseOwnership(
  text: string,
  options: { file: string },
): { ownership?: Ownership; problems: ContractProblem[] } {
  const read = readYamlText(text, options);
  if (!read.parsed || read.problems.length > 0) return { problems: read.problems };
  const result = readOwnership(read.value, options);
  return result.ownership ? result : { problems: locateProblems(read.parsed, result.problems) };
}

/** The team owning a subject: the one with the longest matching subject prefix, or undefined when none matches. */
export function findSubjectOwner(ownership: Ownership, subject: string): string | undefined {
  let owner: string | undefined;
  let longest = -1;
  for (const team of ownership.teams) {
    for (const prefix of team.subjectPrefixes) {
      if (prefix.length > longest && subject.startsWith(prefix)) {
        owner = team.name;
        longest = prefix.length;
      }
    }
  }
  return owner;
}
