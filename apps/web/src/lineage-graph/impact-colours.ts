/** Severity and verdict as the lineage service's POST /impact answers them. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Verdict = 'block' | 'needs-approval' | 'warn' | 'allow';

/** One colour per severity, shared by the lineage explorer's graph and the what-if page (AA contrast on white). */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  CRITICAL: '#b42318',
  HIGH: '#c4320a',
  MEDIUM: '#8a4b00',
  LOW: '#067647',
};

export const VERDICT_LABELS: Record<Verdict, string> = {
  block: 'block',
  'needs-approval': 'needs approval',
  warn: 'warn',
  allow: 'allow',
};

export const isSeverity = (value: unknown): value is Severity =>
  typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
