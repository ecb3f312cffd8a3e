export interface SerializedCategoryCounts {
  limit: number;
  total: number;
  /** Values seen once the limit was reached. */
  other: number;
  counts: Record<string, number>;
}

/**
 * Exact counts of a categorical field's values, bounded: up to `limit` values are counted (plus any `pinned` ones —
 * a baseline's categories, so a window always counts them), anything past that goes to `other`. A field whose
 * baseline overflowed is read as free text (no PSI).
 */
export class CategoryCounts {
  readonly counts = new Map<string, number>();
  total = 0;
  other = 0;
  private readonly capacity: number;

  constructor(
    readonly limit: number,
    pinned: Iterable<string> = [],
  ) {
    for (const value of pinned) this.counts.set(value, 0);
    this.capacity = this.counts.size + limit;
  }

  /** Counts a value; false when it went to `other`. */
  add(value: string): boolean {
    this.total++;
    const count = this.counts.get(value);
    if (count !== undefined) this.counts.set(value, count + 1);
    else if (this.counts.size < this.capacity) this.counts.set(value, 1);
    else {
      this.other++;
      return false;
    }
    return true;
  }

  get overflowed(): boolean {
    return this.other > 0;
  }

  /** The `k` most frequent values, most frequent first (ties by value). */
  top(k: number): Array<{ value: string; count: number }> {
    return [...this.counts]
      .filter(([, count]) => count > 0)
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, k);
  }

  /**
   * Adds the other counts: the union's `limit` most frequent values stay counted, the rest join `other`. The same
   * whichever side is merged into which.
   */
  merge(other: CategoryCounts): void {
    const union = new Map(this.counts);
    for (const [value, count] of other.counts) union.set(value, (union.get(value) ?? 0) + count);
    const kept = [...union]
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.counts.clear();
    let dropped = 0;
    kept.forEach(([value, count], index) => {
      if (index < this.limit) this.counts.set(value, count);
      else dropped += count;
    });
    this.total += other.total;
    this.other += other.other + dropped;
  }

  toJSON(): SerializedCategoryCounts {
    const counts: Record<string, number> = {};
    for (const [value, count] of [...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (count > 0) counts[value] = count;
    }
    return { limit: this.limit, total: this.total, other: this.other, counts };
  }

  static fromJSON(json: SerializedCategoryCounts): CategoryCounts {
    const counts = new CategoryCounts(json.limit);
    // A JSON object's keys may be any string, "__proto__" included: the map keeps them as data.
    for (const [value, count] of Object.entries(json.counts)) counts.counts.set(value, count);
    counts.total = json.total;
    counts.other = json.other;
    return counts;
  }
}
