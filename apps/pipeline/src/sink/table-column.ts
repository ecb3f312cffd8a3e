/** A column of a table the pipeline writes, for the lineage it reports: its type and the topic field it comes from. */
export interface TableColumn {
  name: string;
  type: string;
  /** The record's field it holds; undefined for the row's own bookkeeping (schema id, Kafka position). */
  from?: string;
  /** How the value is derived when it is not the field as it is. */
  transformation?: string;
}
