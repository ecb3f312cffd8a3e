import { readFileSync } from 'node:fs';
import { type Environment, formatContractProblem, parseEnvironments } from '@charter/contracts';
import { readApiKey } from '../registry-credentials';
import { PromotionError } from './promotion-error';
import type { RegistryEndpoint } from './promotion-registry';

/** The two ends of a promotion, as env.yaml declares them. */
export interface PromotionRoute {
  from: Environment;
  to: Environment;
}

/** Reads and checks env.yaml (problems with their line), as `charter validate` does. */
export function loadEnvironments(file: string): Environment[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PromotionError('config', `cannot read ${file}: the environments file is needed to promote`);
  }
  const { environments, problems } = parseEnvironments(text, { file });
  if (!environments) throw new PromotionError('config', problems.map(formatContractProblem).join('\n'));
  return environments;
}

/**
 * The route `from` → `to`, which must be one link of the chain: a promotion that skips an environment (dev → prod
 * when prod is promoted to from staging) is refused, naming the way through.
 */
export function resolveRoute(environments: readonly Environment[], from: string, to: string): PromotionRoute {
  const byName = new Map(environments.map((environment) => [environment.name, environment]));
  const names = environments.map((environment) => environment.name).join(', ');
  for (const name of [from, to]) {
    if (!byName.has(name)) {
      throw new PromotionError('unknown-environment', `unknown environment "${name}" (env.yaml declares ${names})`);
    }
  }
  const source = byName.get(from)!;
  const target = byName.get(to)!;
  if (source.promotesTo === to) return { from: source, to: target };
  const chain: string[] = [from];
  let next = source.promotesTo;
  while (next !== undefined && !chain.includes(next)) {
    chain.push(next);
    if (next === to) break;
    next = byName.get(next)?.promotesTo;
  }
  if (chain.at(-1) === to) {
    throw new PromotionError(
      'chain-skipped',
      `${from} → ${to} skips ${chain.slice(1, -1).join(' → ')}: promote ${chain
        .slice(0, -1)
        .map((name, index) => `${name} → ${chain[index + 1]}`)
        .join(', then ')}`,
    );
  }
  const feeder = environments.find((environment) => environment.promotesTo === to);
  throw new PromotionError(
    'chain-skipped',
    `${from} does not promote to ${to}${feeder ? ` (${to} is promoted to from ${feeder.name})` : ''}; env.yaml: ${from} promotes to ${source.promotesTo ?? 'nothing'}`,
  );
}

/** An environment's registry with the key from the variable env.yaml names; a missing key names the variable only. */
export function endpointOf(environment: Environment, variables: Record<string, string | undefined>): RegistryEndpoint {
  const value = variables[environment.apiKeyEnv];
  if (value === undefined || value.trim() === '') {
    throw new PromotionError(
      'missing-key',
      `the API key of environment ${environment.name} is missing: set ${environment.apiKeyEnv} (as <keyId>:<secret>)`,
    );
  }
  let key: { keyId: string; secret: string } | undefined;
  try {
    key = readApiKey({ key: value });
  } catch {
    throw new PromotionError(
      'missing-key',
      `${environment.apiKeyEnv} (the key of environment ${environment.name}) is not of the form <keyId>:<secret>`,
    );
  }
  return {
    environment: environment.name,
    url: environment.registryUrl,
    keyVariable: environment.apiKeyEnv,
    authorization: `Basic ${Buffer.from(`${key!.keyId}:${key!.secret}`).toString('base64')}`,
  };
}
