import type { FieldSpec } from '../field-specs';
import { FieldProfile, type SerializedFieldProfile } from './field-profile';

/** Every profiled field over one window (or a baseline: several windows merged). */
export class WindowProfile {
  count = 0;
  end: number;
  readonly fields = new Map<string, FieldProfile>();
  private readonly readers: Array<{ segments: readonly string[]; profile: FieldProfile }> = [];

  constructor(
    specs: readonly FieldSpec[],
    readonly start: number,
    options: { maxCategories: number; baseline?: WindowProfile },
  ) {
    this.end = start;
    for (const spec of specs) {
      const categories = options.baseline?.fields.get(spec.path)?.categories;
      // A field whose baseline had more values than maxCategories is free text from then on: no counts to keep.
      const kind = categories?.overflowed && spec.kind === 'categorical' ? 'text' : spec.kind;
      const profile = new FieldProfile(kind, {
        maxCategories: options.maxCategories,
        pinned: categories?.counts.keys(),
      });
      this.fields.set(spec.path, profile);
      this.readers.push({ segments: spec.segments, profile });
    }
  }

  observe(record: unknown): void {
    this.count++;
    for (const { segments, profile } of this.readers) profile.observe(readPath(record, segments));
  }

  merge(other: WindowProfile): void {
    this.count += other.count;
    this.end = Math.max(this.end, other.end);
    for (const [path, profile] of other.fields) this.fields.get(path)?.merge(profile);
  }

  toJSON(): Record<string, SerializedFieldProfile> {
    return Object.fromEntries([...this.fields].map(([path, profile]) => [path, profile.toJSON()]));
  }

  /** A profile from stored field profiles (a baseline read back). */
  static fromFields(
    fields: Record<string, SerializedFieldProfile>,
    window: { start: number; end: number; count: number },
  ): WindowProfile {
    const profile = new WindowProfile([], window.start, { maxCategories: 2 });
    profile.end = window.end;
    profile.count = window.count;
    for (const [path, field] of Object.entries(fields)) profile.fields.set(path, FieldProfile.fromJSON(field));
    return profile;
  }
}

// Hot-path globals read once: a global lookup costs microseconds inside a vm context (Jest's), not in plain Node.
const { hasOwn } = Object;

/** The value at a dotted path; undefined where a step is missing or not a record (own keys only). */
export function readPath(record: unknown, segments: readonly string[]): unknown {
  let value = record;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
