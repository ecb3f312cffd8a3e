import { fullFormats } from 'ajv-formats/dist/formats';
import type { Violation } from '../enforcement.errors';

/** A contract's constraints on one subject's records, compiled once per contract version. */
export interface ContractRules {
  contractId: string;
  version: string;
  /** Every way the record breaks the contract (`contract/<rule>` at a JSON pointer); empty when it holds. */
  check(record: unknown): Violation[];
}

type Check = (value: unknown, path: string, violations: Violation[]) => void;

interface OdcsProperty {
  name?: unknown;
  required?: unknown;
  logicalType?: unknown;
  logicalTypeOptions?: Record<string, unknown>;
  properties?: unknown;
  items?: unknown;
  quality?: unknown;
}

/**
 * Compiles what an ODCS 3.1 contract says of the records of `subject` (the schema object bound to it through an
 * authoritative definition `subjects/<subject>`): each property's `required`; `logicalTypeOptions` (minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern, format, minItems, maxItems); valid values from a
 * quality rule with `metric: invalidValues` and `arguments.validValues`; nested objects and arrays. Undefined when
 * the contract does not bind the subject.
 */
export function compileContractRules(
  contract: { id: string; version: string; document: Record<string, unknown> },
  subject: string,
): ContractRules | undefined {
  const objects = Array.isArray(contract.document.schema) ? (contract.document.schema as OdcsProperty[]) : [];
  const bound = objects.find((object) => bindsSubject(object, subject));
  if (!bound) return undefined;
  const check = objectCheck(bound);
  return {
    contractId: contract.id,
    version: contract.version,
    check(record) {
      const violations: Violation[] = [];
      check(record, '', violations);
      return violations;
    },
  };
}

function bindsSubject(object: unknown, subject: string): boolean {
  const definitions = (object as { authoritativeDefinitions?: unknown }).authoritativeDefinitions;
  return (
    Array.isArray(definitions) &&
    definitions.some((definition) => {
      const url = (definition as { url?: unknown }).url;
      return typeof url === 'string' && url.replace(/^\/+/, '') === `subjects/${subject}`;
    })
  );
}

/** The checks of an object's properties, each at its pointer. */
function objectCheck(object: OdcsProperty): Check {
  const properties = Array.isArray(object.properties) ? (object.properties as OdcsProperty[]) : [];
  const checks = properties
    .filter((property): property is OdcsProperty & { name: string } => typeof property.name === 'string')
    .map((property) => ({
      name: property.name,
      pointer: `/${escapePointer(property.name)}`,
      check: propertyCheck(property),
    }));
  return (value, path, violations) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const { name, pointer, check } of checks)
      check((value as Record<string, unknown>)[name], path + pointer, violations);
  };
}

function propertyCheck(property: OdcsProperty): Check {
  const checks: Check[] = [];
  const options = property.logicalTypeOptions ?? {};
  const bound = (name: string, holds: (value: number, limit: number) => boolean, words: string) => {
    const limit = options[name];
    if (typeof limit !== 'number') return;
    checks.push((value, path, violations) => {
      if (typeof value === 'number' && !holds(value, limit)) {
        violations.push({ rule: `contract/${name}`, path, message: `${value} is not ${words} ${limit}` });
      }
    });
  };
  bound('minimum', (value, limit) => value >= limit, 'at least');
  bound('maximum', (value, limit) => value <= limit, 'at most');
  bound('exclusiveMinimum', (value, limit) => value > limit, 'greater than');
  bound('exclusiveMaximum', (value, limit) => value < limit, 'less than');
  const length = (
    name: string,
    measure: (value: unknown) => number | undefined,
    holds: (n: number, l: number) => boolean,
    words: string,
  ) => {
    const limit = options[name];
    if (typeof limit !== 'number') return;
    checks.push((value, path, violations) => {
      const size = measure(value);
      if (size !== undefined && !holds(size, limit)) {
        violations.push({ rule: `contract/${name}`, path, message: `has ${size}, ${words} ${limit}` });
      }
    });
  };
  const textLength = (value: unknown) => (typeof value === 'string' ? [...value].length : undefined);
  const itemCount = (value: unknown) => (Array.isArray(value) ? value.length : undefined);
  length('minLength', textLength, (n, l) => n >= l, 'fewer characters than');
  length('maxLength', textLength, (n, l) => n <= l, 'more characters than');
  length('minItems', itemCount, (n, l) => n >= l, 'fewer items than');
  length('maxItems', itemCount, (n, l) => n <= l, 'more items than');
  if (typeof options.pattern === 'string') {
    const pattern = new RegExp(options.pattern, 'u');
    checks.push((value, path, violations) => {
      if (typeof value === 'string' && !pattern.test(value)) {
        violations.push({ rule: 'contract/pattern', path, message: `does not match ${options.pattern}` });
      }
    });
  }
  const formatCheck = typeof options.format === 'string' ? formatTest(options.format) : undefined;
  if (formatCheck) {
    checks.push((value, path, violations) => {
      if (typeof value === 'string' && !formatCheck(value)) {
        violations.push({ rule: 'contract/format', path, message: `is not a valid ${options.format}` });
      }
    });
  }
  const valid = validValues(property.quality);
  if (valid) {
    checks.push((value, path, violations) => {
      if (value !== undefined && value !== null && !valid.has(value as string | number)) {
        violations.push({
          rule: 'contract/validValues',
          path,
          message: `${JSON.stringify(value)} is not one of ${[...valid].map((entry) => JSON.stringify(entry)).join(', ')}`,
        });
      }
    });
  }
  if (Array.isArray(property.properties)) checks.push(objectCheck(property));
  if (property.items && typeof property.items === 'object') {
    const item = propertyCheck(property.items as OdcsProperty);
    checks.push((value, path, violations) => {
      if (!Array.isArray(value)) return;
      for (const [index, entry] of value.entries()) item(entry, `${path}/${index}`, violations);
    });
  }
  const required = property.required === true;
  return (value, path, violations) => {
    if (value === undefined || value === null) {
      if (required) violations.push({ rule: 'contract/required', path, message: 'is required by the contract' });
      return;
    }
    for (const check of checks) check(value, path, violations);
  };
}

/** Valid values a contract lists through a quality rule (`metric: invalidValues`, `arguments.validValues`). */
function validValues(quality: unknown): Set<string | number> | undefined {
  if (!Array.isArray(quality)) return undefined;
  for (const rule of quality as Array<Record<string, unknown>>) {
    const values = (rule.arguments as { validValues?: unknown } | undefined)?.validValues;
    if (rule.metric === 'invalidValues' && Array.isArray(values)) return new Set(values as Array<string | number>);
  }
  return undefined;
}

function formatTest(format: string): ((value: string) => boolean) | undefined {
  const known = (fullFormats as Record<string, unknown>)[format];
  if (known instanceof RegExp) return (value) => known.test(value);
  if (typeof known === 'function') return known as (value: string) => boolean;
  if (known && typeof (known as { validate?: unknown }).validate === 'function') {
    const { validate } = known as { validate: (value: string) => boolean };
    return (value) => validate(value);
  }
  return undefined;
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
