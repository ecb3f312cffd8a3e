import { celEnv, parse, plan } from '@bufbuild/cel';
import { STRINGS_EXT_FUNCS } from '@bufbuild/cel/ext/strings';
import type { Violation } from '../enforcement.errors';

/** A rule as the registry stores it in a schema's `ruleSet.domainRules` (Confluent's data contract rules). */
export interface DomainRule {
  name: string;
  kind?: 'CONDITION' | 'TRANSFORM' | string;
  mode?: 'WRITE' | 'READ' | 'WRITEREAD' | string;
  type?: string;
  expr?: string;
  doc?: string;
  onFailure?: string;
  disabled?: boolean;
}

export type RuleMode = 'WRITE' | 'READ';
/** What a failed rule asks for: refuse (ERROR), divert (DLQ), or let the record through (NONE). */
export type RuleAction = 'ERROR' | 'DLQ' | 'NONE';

export interface RuleFailure extends Violation {
  action: RuleAction;
}

export interface DomainRules {
  /** Rules this engine cannot run (a type other than CEL, or a TRANSFORM): listed, never silently passed. */
  readonly unsupported: Array<{ name: string; reason: string }>;
  /** The failures of the rules that apply in `mode`, each with its action. */
  check(message: unknown, mode: RuleMode): RuleFailure[];
}

const environment = celEnv({ funcs: STRINGS_EXT_FUNCS });

/**
 * Compiles a schema's CEL CONDITION domain rules as Confluent's serializers run them, with the same library
 * (@bufbuild/cel and its strings extension) and the same reading of a rule:
 * - `mode` WRITE applies on produce, READ on consume, WRITEREAD on both; `disabled` rules and rule sets whose
 *   `enableAt` is neither ALL nor CLIENT are skipped;
 * - `expr` may start with a guard, `guard; condition`: when the guard is false the rule holds;
 * - a condition fails only when it evaluates to `false` (an evaluation error such as a missing field is not a
 *   failure, as in Confluent's client); an expression that does not parse fails;
 * - `onFailure` is ERROR unless said, and for WRITEREAD may be a `write,read` pair.
 * One deliberate difference: the message is handed to CEL as plain data. avsc decodes a record into an instance of a
 * generated class, which @bufbuild/cel cannot read ("Unsupported input", an evaluation error, so not a failure):
 * Confluent's JavaScript deserializer therefore never fails a READ condition on an Avro record. Here it does.
 */
export function compileDomainRules(ruleSet: unknown): DomainRules {
  const set = (ruleSet ?? {}) as { domainRules?: unknown; enableAt?: unknown };
  const rules = Array.isArray(set.domainRules) ? (set.domainRules as DomainRule[]) : [];
  const enabled =
    set.enableAt === undefined || set.enableAt === null || set.enableAt === 'ALL' || set.enableAt === 'CLIENT';
  const unsupported: Array<{ name: string; reason: string }> = [];
  const compiled: Array<{ rule: DomainRule; run(message: unknown): boolean | Error }> = [];
  for (const rule of rules) {
    if (!enabled || rule.disabled) continue;
    if (rule.type !== 'CEL') {
      unsupported.push({ name: rule.name, reason: `rule type ${rule.type ?? '(none)'} is not run here (CEL is)` });
      continue;
    }
    if ((rule.kind ?? 'CONDITION') !== 'CONDITION') {
      unsupported.push({ name: rule.name, reason: `${rule.kind} rules are not run here (CONDITION rules are)` });
      continue;
    }
    compiled.push({ rule, run: program(rule.expr ?? '') });
  }
  return {
    unsupported,
    check(message, mode) {
      const failures: RuleFailure[] = [];
      let data: unknown;
      let converted = false;
      for (const { rule, run } of compiled) {
        if (!appliesIn(rule.mode, mode)) continue;
        if (!converted) {
          data = plainData(message);
          converted = true;
        }
        const outcome = run(data);
        if (outcome === true) continue;
        const action = actionFor(rule, mode);
        if (action === 'NONE') continue;
        failures.push({
          rule: `rule/${rule.name}`,
          path: '',
          message:
            outcome instanceof Error
              ? `rule ${rule.name} could not run: ${outcome.message}`
              : (rule.doc ?? `Expr failed: '${rule.expr}'`),
          action,
        });
      }
      return failures;
    },
  };
}

function appliesIn(ruleMode: string | undefined, mode: RuleMode): boolean {
  return ruleMode === 'WRITEREAD' || ruleMode === mode;
}

function actionFor(rule: DomainRule, mode: RuleMode): RuleAction {
  let name = rule.onFailure ?? '';
  if (rule.mode === 'WRITEREAD' && name.includes(',')) name = name.split(',')[mode === 'WRITE' ? 0 : 1] ?? '';
  name = name.trim();
  return name === 'NONE' || name === 'DLQ' ? name : 'ERROR';
}

/**
 * A rule's program over a message given as plain data: true when it holds, false when its condition is false, an
 * Error when it cannot run.
 */
function program(expression: string): (message: unknown) => boolean | Error {
  const split = expression.indexOf(';');
  const guardText = split >= 0 ? expression.slice(0, split) : '';
  const conditionText = split >= 0 ? expression.slice(split + 1) : expression;
  let condition: (args: Record<string, unknown>) => unknown;
  let guard: ((args: Record<string, unknown>) => unknown) | undefined;
  try {
    condition = plan(environment, parse(conditionText)) as (args: Record<string, unknown>) => unknown;
    guard = guardText.trim() === '' ? undefined : (plan(environment, parse(guardText)) as typeof condition);
  } catch (error) {
    const failure = error as Error;
    return () => failure;
  }
  return (message) => {
    try {
      const args = { message };
      if (guard && guard(args) === false) return true;
      return condition(args) !== false;
    } catch (error) {
      return error as Error;
    }
  };
}

/**
 * The same data without class prototypes (an avsc record instance becomes a plain object); data that is plain
 * already (a JSON body, a producer's object literal) is used as it is, without a copy.
 */
function plainData(value: unknown): unknown {
  if (isPlainData(value)) return value;
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

function isPlainData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key])) return false;
  return true;
}
