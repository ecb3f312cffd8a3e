/**
 * What a contract-breach notification is about: the schema an OpenLineage event reported for a dataset breaks the
 * contract governing it (a contracted column dropped or retyped). Every string comes from contracts or events.
 */
export interface BreachNotice {
  /** Stable per breach (the lineage service's breach fingerprint): PagerDuty's dedup key. */
  key: string;
  contract: { id: string; version: string; team: string; tier: 'tier-1' | 'tier-2' | 'tier-3' };
  dataset: { namespace: string; name: string };
  /** The job whose run reported the schema; absent for a dataset event. */
  job?: { namespace: string; name: string };
  runId?: string;
  /** The reporting event's time (ISO-8601). */
  eventTime: string;
  problems: Array<{ code: string; field: string; message: string }>;
  /** Where the whole breach is (the lineage service's breach list for the dataset): every truncation links here. */
  link: string;
}
