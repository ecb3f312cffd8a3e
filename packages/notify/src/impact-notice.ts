/** What a notification is about: a change judged by its downstream impact. Every string comes from users or events. */
export interface ImpactNotice {
  /** Stable per change (e.g. `orders-value:<fingerprint>`): PagerDuty's dedup key, so trigger and resolve pair up. */
  key: string;
  state: 'triggered' | 'resolved';
  subject: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  verdict: 'block' | 'needs-approval' | 'warn' | 'allow';
  reasons: string[];
  changedBy: string | undefined;
  fingerprint: string;
  /** How a resolved notice was settled (`approved by analytics; landed as version 5`). */
  resolution?: string;
  /** Where the whole story is (the approval, the impact report): every truncation links here. */
  link: string;
  datasets: Array<{ namespace: string; name: string; team: string | undefined; reason: string | undefined }>;
}
