import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '@charter/schema';
import { z } from 'zod';
import type { ContractProblem } from './contract-problem';
import { toJsonPointer } from './json-pointer';
import { readYamlText } from './read-yaml-text';
import { locateProblems } from './yaml-locations';

/** One deployment of the registry (and lineage service) a schema can be promoted through. */
export interface Environment {
  name: string;
  registryUrl: string;
  lineageUrl?: string;
  /** Name of the environment variable holding the API key (the key itself never sits in the file). */
  apiKeyEnv: string;
  /** The environment a version goes to next. */
  promotesTo?: string;
  /** A promotion INTO this environment waits for an approval on its registry (`charter promote`). */
  requiresApproval: boolean;
  /** The level every version promoted into this environment must meet against what it holds (checked before writing). */
  compatibility?: CompatibilityLevel;
  /** Promotions into this environment keep the source's schema ids and versions (IMPORT mode), as Confluent's exporter does. */
  preserveIds: boolean;
}

const httpUrl = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const environmentsSchema = z.strictObject({
  environments: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
        registryUrl: httpUrl,
        lineageUrl: httpUrl.optional(),
        apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)'),
        promotesTo: z.string().optional(),
        requiresApproval: z.boolean().default(false),
        compatibility: z.enum(COMPATIBILITY_LEVELS, `must be one of ${COMPATIBILITY_LEVELS.join(', ')}`).optional(),
        preserveIds: z.boolean().default(false),
      }),
    )
    .min(1, 'at least one environment is needed'),
});

/**
 * Parses `env.yaml`: the environments and the promotion chain between them. Names must be unique, `promotesTo` must
 * name another environment, and following `promotesTo` must never come back (no cycles).
 */
export function parseEnvironments(
  text: string,
  options: { file: string },
): { environments?: Environment[]; problems: ContractProblem[] } {
  const { file } = options;
  const read = readYamlText(text, options);
  if (!read.parsed || read.problems.length > 0) return { problems: read.problems };
  const problems: ContractProblem[] = [];
  const result = environmentsSchema.safeParse(read.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const key of issue.code === 'unrecognized_keys' ? issue.keys : [undefined]) {
        problems.push({
          code: 'invalid-environments',
          file,
          path: toJsonPointer(key === undefined ? issue.path : [...issue.path, key]),
          message: key === undefined ? issue.message : `unknown field "${key}"`,
        });
      }
    }
    return { problems: locateProblems(read.parsed, problems) };
  }
  const environments = result.data.environments;
  const byName = new Map<string, number>();
  environments.forEach((environment, index) => {
    if (byName.has(environment.name)) {
      problems.push({
        code: 'invalid-environments',
        file,
        path: `/environments/${index}/name`,
        message: `environment "${environment.name}" is listed twice`,
      });
    } else byName.set(environment.name, index);
  });
  environments.forEach((environment, index) => {
    const target = environment.promotesTo;
    if (target === undefined) return;
    const path = `/environments/${index}/promotesTo`;
    if (!byName.has(target)) {
      problems.push({
        code: 'invalid-environments',
        file,
        path,
        message: `promotesTo names unknown environment "${target}"`,
      });
      return;
    }
    const visited = new Set<string>([environment.name]);
    let next: string | undefined = target;
    while (next !== undefined) {
      if (visited.has(next)) {
        problems.push({
          code: 'invalid-environments',
          file,
          path,
          message: `promotion from "${environment.name}" loops back to "${next}"`,
        });
        return;
      }
      visited.add(next);
      const nextIndex = byName.get(next);
      next = nextIndex === undefined ? undefined : environments[nextIndex]?.promotesTo;
    }
  });
  if (problems.length > 0) return { problems: locateProblems(read.parsed, problems) };
  return {
    environments: environments.map((environment) => ({
      name: environment.name,
      registryUrl: environment.registryUrl,
      apiKeyEnv: environment.apiKeyEnv,
      requiresApproval: environment.requiresApproval,
      preserveIds: environment.preserveIds,
      ...(environment.compatibility !== undefined ? { compatibility: environment.compatibility } : {}),
      ...(environment.lineageUrl !== undefined ? { lineageUrl: environment.lineageUrl } : {}),
      ...(environment.promotesTo !== undefined ? { promotesTo: environment.promotesTo } : {}),
    })),
    problems: [],
  };
}
