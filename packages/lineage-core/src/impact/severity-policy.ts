import { z } from 'zod';

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const VERDICTS = ['block', 'needs-approval', 'warn', 'allow'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How severity is judged from what a change reaches, and what each severity means for the change. */
export interface SeverityPolicy {
  /** Contract tiers that make a change CRITICAL when reached (default tier-1). */
  criticalTiers: string[];
  /** Whether reaching an executive dashboard makes a change CRITICAL (default true). */
  criticalExecutiveDashboards: boolean;
  /** What each severity means (default CRITICAL block, HIGH needs-approval, MEDIUM warn, LOW allow). */
  verdicts: Record<Severity, Verdict>;
}

export const DEFAULT_SEVERITY_POLICY: Readonly<SeverityPolicy> = {
  criticalTiers: ['tier-1'],
  criticalExecutiveDashboards: true,
  verdicts: { CRITICAL: 'block', HIGH: 'needs-approval', MEDIUM: 'warn', LOW: 'allow' },
};

const policySchema = z
  .object({
    criticalTiers: z.array(z.enum(['tier-1', 'tier-2', 'tier-3'])).optional(),
    criticalExecutiveDashboards: z.boolean().optional(),
    verdicts: z
      .object({
        CRITICAL: z.enum(VERDICTS).optional(),
        HIGH: z.enum(VERDICTS).optional(),
        MEDIUM: z.enum(VERDICTS).optional(),
        LOW: z.enum(VERDICTS).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface PolicyProblem {
  path: string;
  message: string;
}

/** Reads a policy (e.g. the parsed YAML file): omitted keys keep their defaults; every problem is listed. */
export function readSeverityPolicy(value: unknown): { policy?: SeverityPolicy; problems: PolicyProblem[] } {
  const parsed = policySchema.safeParse(value ?? {});
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        path: `/${issue.path.map(String).join('/')}`,
        message: issue.message,
      })),
    };
  }
  const { criticalTiers, criticalExecutiveDashboards, verdicts } = parsed.data;
  return {
    policy: {
      criticalTiers: criticalTiers ?? DEFAULT_SEVERITY_POLICY.criticalTiers,
      criticalExecutiveDashboards: criticalExecutiveDashboards ?? DEFAULT_SEVERITY_POLICY.criticalExecutiveDashboards,
      verdicts: { ...DEFAULT_SEVERITY_POLICY.verdicts, ...verdicts },
    },
    problems: [],
  };
}
