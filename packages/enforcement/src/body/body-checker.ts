import { ContractCache } from '../contracts/contract-cache';
import type { Violation } from '../enforcement.errors';
import { NOT_LOADED, type RegistryClient } from '../registry/registry-client';
import { findViolations, findViolationsWith } from '../serde/check-record';
import { CompiledSchemas } from '../serde/writer-schemas';

export interface BodyCheckerOptions {
  client: RegistryClient;
  /** Also hold bodies to the contract bound to the subject, if any (on unless said). */
  contracts?: boolean;
}

/**
 * Checks request bodies — plain JSON values — as the producer edge checks records: against the subject's latest
 * schema (asked of the registry client, which caches and revalidates it, and serves it stale while the registry is
 * down), the schema's CEL rules in WRITE mode, then the contract bound to the subject. The framework adapters
 * (`@charter/enforcement/nest`, `@charter/enforcement/http`) are thin over it.
 *
 * For an Avro subject the body is the record as avsc's `isValid` takes it, as the `Serializer` does: a field with a
 * default may be left out; a nullable union (`["null", T]`) takes `null` or the plain value, as does any union whose
 * branches JSON tells apart; an ambiguous union (`["int", "long"]`, two records) takes the Avro JSON form
 * `{ "<branch>": value }`; `bytes` and `fixed` have no JSON value and are refused; `long` is a safe integer; fields
 * the schema does not declare are let through, as avsc lets them — except `__proto__`, and `constructor` holding a
 * `prototype`, at any depth: a handler merging such a body pollutes prototypes. Fastify's parser refuses them already;
 * Express's keeps them as ordinary keys, so the checker refuses them itself (rule `body/forbidden-key`).
 */
export class BodyChecker {
  private readonly client: RegistryClient;
  private readonly schemas: CompiledSchemas;
  private readonly contracts: ContractCache | undefined;

  constructor(options: BodyCheckerOptions) {
    this.client = options.client;
    this.schemas = new CompiledSchemas(options.client);
    this.contracts = options.contracts === false ? undefined : new ContractCache(options.client);
  }

  /**
   * Every violation of `value` (`{rule, path, message}`, paths as JSON pointers); empty when it may pass. Registry
   * trouble is thrown as the client's `EnforcementError` (`registry-unavailable`, `unknown-schema` for a subject
   * the registry does not hold, `registry-refused`).
   */
  async check(subject: string, value: unknown): Promise<Violation[]> {
    const polluting = findPollutingKeys(value);
    if (polluting.length > 0) return polluting;
    // Warm, everything is in memory: check without waiting on a promise per step (it shows in a route's throughput).
    const known = this.client.knownLatest(subject);
    const compiled = known === NOT_LOADED ? undefined : this.schemas.known(known.id);
    const rules = this.contracts?.knownRulesFor(subject);
    if (compiled && rules !== NOT_LOADED) return findViolationsWith(value, { compiled, subject, mode: 'WRITE' }, rules);
    const latest = await this.client.latest(subject);
    return findViolations(
      value,
      { compiled: await this.schemas.get(latest.id), subject, mode: 'WRITE' },
      this.contracts,
    );
  }
}

const MAX_DEPTH = 64;

/** Every `__proto__` key, and `constructor` key holding a `prototype`, in a parsed body (own keys, at any depth). */
function findPollutingKeys(value: unknown, path = '', depth = 0): Violation[] {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return [];
  const found: Violation[] = [];
  if (Object.hasOwn(value, '__proto__')) {
    found.push({ rule: 'body/forbidden-key', path: `${path}/__proto__`, message: 'a "__proto__" key is refused' });
  }
  const ctor = Object.hasOwn(value, 'constructor') ? (value as { constructor: unknown }).constructor : undefined;
  if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
    found.push({
      rule: 'body/forbidden-key',
      path: `${path}/constructor/prototype`,
      message: 'a "constructor" key holding a "prototype" is refused',
    });
  }
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'object' && child !== null) {
      found.push(...findPollutingKeys(child, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1));
    }
  }
  return found;
}
