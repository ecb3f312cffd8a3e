import type { DriftFieldKind } from '@charter/contracts';
import { CategoryCounts, type SerializedCategoryCounts } from '../sketch/category-counts';
import { hashNumber, hashText } from '../sketch/hash-value';
import { HyperLogLog } from '../sketch/hyper-log-log';
import { NumericSketch, type SerializedNumericSketch } from '../sketch/numeric-sketch';

// Hot-path globals read once: a global lookup costs microseconds inside a vm context (Jest's), not in plain Node.
const isFiniteNumber = Number.isFinite;
const DateValue = Date;
const toText = String;

export interface SerializedFieldProfile {
  kind: DriftFieldKind;
  count: number;
  nulls: number;
  /** Values present but not of the field's kind (a string in a numeric field): not in the sketches. */
  mismatched: number;
  distinct: { estimate: number; registers: string };
  numeric?: SerializedNumericSketch;
  categories?: SerializedCategoryCounts;
}

/** What one window (or a baseline) saw of one field: nulls, a distinct count, and its kind's sketch. */
export class FieldProfile {
  count = 0;
  nulls = 0;
  mismatched = 0;
  readonly distinct: HyperLogLog;
  readonly numeric: NumericSketch | undefined;
  readonly categories: CategoryCounts | undefined;

  constructor(
    readonly kind: DriftFieldKind,
    options: { maxCategories: number; pinned?: Iterable<string>; distinct?: HyperLogLog },
  ) {
    this.distinct = options.distinct ?? new HyperLogLog();
    this.numeric = kind === 'numeric' ? new NumericSketch() : undefined;
    this.categories =
      kind === 'categorical' || kind === 'boolean'
        ? new CategoryCounts(options.maxCategories, options.pinned)
        : undefined;
  }

  get nullRate(): number {
    return this.count === 0 ? 0 : this.nulls / this.count;
  }

  /** Distinct values seen (HyperLogLog; a categorical field's counted values are added when asked). */
  distinctEstimate(): number {
    this.sealDistinct();
    return this.distinct.estimate();
  }

  observe(value: unknown): void {
    this.count++;
    if (value === null || value === undefined) {
      this.nulls++;
      return;
    }
    switch (this.kind) {
      case 'numeric': {
        const number = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
        if (isFiniteNumber(number)) {
          this.numeric!.add(number);
          this.distinct.add(hashNumber(number));
        } else this.mismatched++;
        return;
      }
      case 'categorical':
      case 'boolean': {
        const text = typeof value === 'string' ? value : typeof value === 'object' ? undefined : toText(value);
        if (text === undefined) {
          this.mismatched++;
          return;
        }
        // A counted value is hashed once, when the estimate is read; only overflowing values are hashed here.
        if (!this.categories!.add(text)) this.distinct.add(hashText(text));
        return;
      }
      case 'timestamp': {
        if (value instanceof DateValue) this.distinct.add(hashNumber(value.getTime()));
        else if (typeof value === 'number') this.distinct.add(hashNumber(value));
        else if (typeof value === 'string') this.distinct.add(hashText(value));
        else this.mismatched++;
        return;
      }
      default:
        if (typeof value === 'object') this.mismatched++;
        else this.distinct.add(hashText(typeof value === 'string' ? value : toText(value)));
    }
  }

  merge(other: FieldProfile): void {
    this.sealDistinct();
    other.sealDistinct();
    this.count += other.count;
    this.nulls += other.nulls;
    this.mismatched += other.mismatched;
    this.distinct.merge(other.distinct);
    if (this.numeric && other.numeric) this.numeric.merge(other.numeric);
    if (this.categories && other.categories) this.categories.merge(other.categories);
  }

  toJSON(): SerializedFieldProfile {
    return {
      kind: this.kind,
      count: this.count,
      nulls: this.nulls,
      mismatched: this.mismatched,
      distinct: { estimate: Math.round(this.distinctEstimate()), registers: this.distinct.toBase64() },
      ...(this.numeric ? { numeric: this.numeric.toJSON() } : {}),
      ...(this.categories ? { categories: this.categories.toJSON() } : {}),
    };
  }

  /** Adds the counted categorical values to the distinct sketch (idempotent: a register keeps its maximum). */
  private sealDistinct(): void {
    if (!this.categories) return;
    for (const value of this.categories.counts.keys()) this.distinct.add(hashText(value));
  }

  static fromJSON(json: SerializedFieldProfile): FieldProfile {
    const profile = new FieldProfile(json.kind, {
      maxCategories: json.categories?.limit ?? 2,
      distinct: HyperLogLog.fromBase64(json.distinct.registers),
    });
    profile.count = json.count;
    profile.nulls = json.nulls;
    profile.mismatched = json.mismatched;
    if (profile.numeric && json.numeric) profile.numeric.merge(NumericSketch.fromJSON(json.numeric));
    if (profile.categories && json.categories) profile.categories.merge(CategoryCounts.fromJSON(json.categories));
    return profile;
  }
}
