import type { WriteOutcome } from '../sink/row-store';

/** What a sink did since its last run event: records read, rows written by outcome, letters by class, offsets. */
export class SinkBatch {
  read = 0;
  inserted = 0;
  updated = 0;
  duplicates = 0;
  readonly deadLettered: Record<string, number> = {};
  /** Per partition, the first and last offsets read. */
  readonly offsets = new Map<number, { first: bigint; last: bigint }>();
  /** The writer schema of the last record stored (the input dataset's schema facet). */
  schemaId: number | undefined;

  get isEmpty(): boolean {
    return this.read === 0;
  }

  get deadLetteredTotal(): number {
    return Object.values(this.deadLettered).reduce((sum, count) => sum + count, 0);
  }

  written(outcome: WriteOutcome, position: { partition: number; offset: string; schemaId: number }): void {
    this.readAt(position.partition, position.offset);
    this.schemaId = position.schemaId;
    if (outcome === 'inserted') this.inserted++;
    else if (outcome === 'updated') this.updated++;
    else this.duplicates++;
  }

  deadLetter(errorClass: string, position: { partition: number; offset: string }): void {
    this.readAt(position.partition, position.offset);
    this.deadLettered[errorClass] = (this.deadLettered[errorClass] ?? 0) + 1;
  }

  private readAt(partition: number, offset: string): void {
    this.read++;
    const at = BigInt(offset);
    const range = this.offsets.get(partition);
    if (!range) this.offsets.set(partition, { first: at, last: at });
    else {
      if (at < range.first) range.first = at;
      if (at > range.last) range.last = at;
    }
  }
}
