import { isDateTime } from './formats/is-date-time';
import { isUri } from './formats/is-uri';
import { isUuid } from './formats/is-uuid';
import { appendPointer } from './json-pointer';
import type { EventViolation } from './openlineage-event';
import type { OpenLineageViolationCode } from './openlineage-violation-codes';

export type StringFormat = 'date-time' | 'uri' | 'uuid';

export interface StringRule {
  required?: boolean;
  /** Charter's own rule: the string may not be empty (names and namespaces). */
  nonEmpty?: boolean;
  format?: StringFormat;
}

const FORMATS: Record<StringFormat, { test: (text: string) => boolean; code: OpenLineageViolationCode; what: string }> =
  {
    'date-time': { test: isDateTime, code: 'invalid-date-time', what: 'an RFC 3339 date-time with an offset' },
    uri: { test: isUri, code: 'invalid-uri', what: 'an absolute URI' },
    uuid: { test: isUuid, code: 'invalid-uuid', what: 'a UUID' },
  };

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects every violation of one event while the check functions walk it. Each helper reports what is wrong with one
 * value at one JSON pointer and hands the value back typed when it is right (`undefined` when absent or wrong), so a
 * check goes on after the first problem and reports them all.
 */
export class EventChecker {
  readonly violations: EventViolation[] = [];
  private inputFields = 0;

  constructor(private readonly maxInputFields: number) {}

  report(path: string, code: OpenLineageViolationCode, message: string): void {
    this.violations.push({ path, code, message });
  }

  /** The value as an object, or reports `invalid-type`. */
  object(value: unknown, path: string, what = 'an object'): Record<string, unknown> | undefined {
    if (isJsonObject(value)) return value;
    this.report(path, 'invalid-type', `expected ${what}, got ${describeType(value)}`);
    return undefined;
  }

  /** The value as an array, or reports `invalid-type`. */
  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.report(path, 'invalid-type', `expected an array, got ${describeType(value)}`);
    return undefined;
  }

  /** `owner[key]`, reporting `required` when it is missing and must not be. */
  property(owner: Record<string, unknown>, key: string, path: string, required = false): unknown {
    const value = Object.hasOwn(owner, key) ? owner[key] : undefined;
    if (value === undefined && required) {
      this.report(appendPointer(path, key), 'required', `"${key}" is required`);
    }
    return value;
  }

  string(owner: Record<string, unknown>, key: string, path: string, rule: StringRule = {}): string | undefined {
    const value = this.property(owner, key, path, rule.required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.report(appendPointer(path, key), 'invalid-type', `"${key}" must be a string, got ${describeType(value)}`);
      return undefined;
    }
    if (rule.nonEmpty && value === '') {
      this.report(appendPointer(path, key), 'empty-string', `"${key}" must not be empty`);
      return undefined;
    }
    if (rule.format) {
      const format = FORMATS[rule.format];
      if (!format.test(value)) {
        this.report(
          appendPointer(path, key),
          format.code,
          `"${key}" must be ${format.what}, got ${JSON.stringify(value.slice(0, 80))}`,
        );
        return undefined;
      }
    }
    return value;
  }

  boolean(owner: Record<string, unknown>, key: string, path: string): boolean | undefined {
    const value = this.property(owner, key, path);
    if (value === undefined || typeof value === 'boolean') return value;
    this.report(appendPointer(path, key), 'invalid-type', `"${key}" must be a boolean, got ${describeType(value)}`);
    return undefined;
  }

  integer(owner: Record<string, unknown>, key: string, path: string, minimum?: number): number | undefined {
    const value = this.property(owner, key, path);
    if (value === undefined) return undefined;
    const at = appendPointer(path, key);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.report(at, 'invalid-type', `"${key}" must be an integer, got ${describeType(value)}`);
      return undefined;
    }
    if (minimum !== undefined && value < minimum) {
      this.report(at, 'out-of-range', `"${key}" must be at least ${minimum}, got ${value}`);
      return undefined;
    }
    return value;
  }

  /** An optional (or required) array property, each item handed to `each` with its pointer. */
  eachItem(
    owner: Record<string, unknown>,
    key: string,
    path: string,
    each: (item: unknown, itemPath: string) => void,
    required = false,
  ): void {
    const value = this.property(owner, key, path, required);
    if (value === undefined) return;
    const at = appendPointer(path, key);
    const items = this.array(value, at) ?? [];
    for (const [index, item] of items.entries()) each(item, appendPointer(at, index));
  }

  /** An optional (or required) object property used as a map, each entry handed to `each` with its pointer. */
  eachEntry(
    owner: Record<string, unknown>,
    key: string,
    path: string,
    each: (name: string, entry: unknown, entryPath: string) => void,
    required = false,
  ): void {
    const value = this.property(owner, key, path, required);
    if (value === undefined) return;
    const at = appendPointer(path, key);
    const map = this.object(value, at);
    if (!map) return;
    for (const [name, entry] of Object.entries(map)) each(name, entry, appendPointer(at, name));
  }

  /**
   * Counts one more lineage input across the event; false (and one `too-many-input-fields`) once over the bound, so
   * the caller stops checking inputs.
   */
  countInputField(path: string): boolean {
    this.inputFields += 1;
    if (this.inputFields === this.maxInputFields + 1) {
      this.report(path, 'too-many-input-fields', `more than ${this.maxInputFields} lineage inputs in one event`);
    }
    return this.inputFields <= this.maxInputFields;
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
