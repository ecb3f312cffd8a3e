/**
 * What writing one row did: `inserted` a new row, `updated` the stored one (a newer state of the same key), or
 * found it already `stored` as it is (a redelivery or a client's retry: a duplicate, nothing written).
 */
export type WriteOutcome = 'inserted' | 'updated' | 'duplicate';

/** Where a sink keeps its rows, written idempotently by the row's key. */
export interface RowStore<Row> {
  write(row: Row): Promise<WriteOutcome>;
}
