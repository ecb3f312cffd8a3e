import { diffSchemas, type SchemaChange } from '@charter/schema';
import type { RegistryReader } from '../registry/registry-reader';
import type { PreparedSchema, SchemaPreparer } from '../registry/schema-preparer';
import type { SubjectContract } from './contracts.service';
import type { ImpactSummary, LineageGate } from './lineage-gate';

export type LineageFailurePolicy = 'closed-for-tier-1' | 'closed' | 'open';

export type LineageJudgement =
  /** No lineage service configured, nothing to compare with, or no breaking change. */
  | { kind: 'skipped' }
  | { kind: 'assessed'; impact: ImpactSummary; changes: SchemaChange[]; needsApproval: boolean }
  | { kind: 'unavailable'; reason: string; changes: SchemaChange[]; needsApproval: boolean };

/**
 * Judges a candidate by what it would break downstream: the schema engine's breaking changes against the subject's
 * latest live version go to the lineage service; a CRITICAL (block) or HIGH (needs-approval) answer needs an
 * approval for the exact schema. When the service cannot answer, the failure policy decides: `closed` always needs
 * an approval, `closed-for-tier-1` only for subjects whose contract is tier-1, `open` never.
 */
export class LineageCheck {
  constructor(
    private readonly gate: LineageGate | undefined,
    private readonly reader: RegistryReader,
    private readonly preparer: SchemaPreparer,
    private readonly failurePolicy: LineageFailurePolicy,
  ) {}

  async judge(input: {
    subject: string;
    candidate: PreparedSchema;
    governed: SubjectContract | undefined;
    changedBy: string | undefined;
    authorization: string | undefined;
  }): Promise<LineageJudgement> {
    if (!this.gate) return { kind: 'skipped' };
    const latest = (await this.reader.subjectVersions(input.subject)).filter(({ deleted }) => !deleted).at(-1);
    const record = latest && (await this.reader.schemaById(latest.schemaId));
    if (!record || record.schemaType !== input.candidate.schemaType) return { kind: 'skipped' };
    // A latest version that no longer parses (see GET /ready) leaves nothing to diff against.
    const previous = await this.preparer.parsedOf(record).catch(() => undefined);
    if (!previous) return { kind: 'skipped' };
    const changes = diffSchemas(previous, input.candidate.parsed).filter(
      (change) => change.breaking.backward || change.breaking.forward,
    );
    if (changes.length === 0) return { kind: 'skipped' };
    const answer = await this.gate.assess({
      subject: input.subject,
      changes: changes.map((change) => ({ field: change.field, change: change.kind })),
      changedBy: input.changedBy,
      authorization: input.authorization,
    });
    if (answer.kind === 'assessed') {
      const needsApproval = answer.impact.verdict === 'block' || answer.impact.verdict === 'needs-approval';
      return { kind: 'assessed', impact: answer.impact, changes, needsApproval };
    }
    const failClosed =
      this.failurePolicy === 'closed' ||
      (this.failurePolicy === 'closed-for-tier-1' && input.governed?.contract.severityTier === 'tier-1');
    return { kind: 'unavailable', reason: answer.reason, changes, needsApproval: failClosed };
  }
}

/** One line for messages and audit: `CRITICAL (block): reaches …; reaches …`. */
export function describeJudgement(judgement: LineageJudgement): string {
  if (judgement.kind === 'assessed') {
    const { severity, verdict, reasons } = judgement.impact;
    return `${severity} (${verdict}): ${reasons.slice(0, 3).join('; ')}`;
  }
  if (judgement.kind === 'unavailable') {
    return `impact unknown: ${judgement.reason} (${judgement.needsApproval ? 'fail-closed' : 'fail-open'})`;
  }
  return 'no breaking change to judge';
}
