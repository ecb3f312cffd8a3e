import { type ContractProblem, checkContractFields, schemaFieldPaths } from '@charter/contracts';
import type { CompatibilityLevel } from '@charter/schema';
import type { ApprovalView } from '../governance/approvals.service';
import type { SubjectContract } from '../governance/contracts.service';
import type { LineageJudgement } from '../governance/lineage-check';
import type { CompatibilityVerdict } from './compatibility-check';

/**
 * Who asks. A registration lands whatever an approval for its exact schema covers (an incompatible change, a
 * change lineage blocks); a compatibility test reports an incompatible schema as incompatible, approved or not
 * (Confluent's question), and a change lineage blocks as blocked unless an approval covers it.
 */
export type CandidatePurpose = 'register' | 'test';

/** What is known about a candidate schema; what is still missing, {@link evaluateCandidate} asks for. */
export interface CandidateInputs {
  purpose: CandidatePurpose;
  /** Fields the subject's contract promises that the candidate lacks ({@link findContractProblems}). */
  contractProblems: readonly ContractProblem[];
  /** The candidate against the versions its level names; absent until checked. */
  compatibility?: CompatibilityVerdict;
  /** What the lineage service judged of the change; absent until asked. */
  lineage?: LineageJudgement;
  /** An approved approval for exactly this schema (by fingerprint): absent until looked up, null when none. */
  approval?: ApprovalView | null;
}

export type CandidateNeed = 'compatibility' | 'lineage' | 'approval';

/** A decision the policy has reached (anything but "needs"). */
export type CandidateVerdict =
  | { kind: 'accepted' }
  /** The policy refused, for `over`; an approval for this very schema lets it through. */
  | { kind: 'approved'; approval: ApprovalView; over: 'incompatible' | 'lineage' }
  | { kind: 'contract-violation'; problems: readonly ContractProblem[] }
  | { kind: 'incompatible'; verdict: CompatibilityVerdict }
  /** Lineage needs an approval (CRITICAL/HIGH impact, or no answer under a fail-closed policy) and none exists. */
  | { kind: 'lineage-refused'; judgement: Exclude<LineageJudgement, { kind: 'skipped' }> };

export type CandidateDecision = CandidateVerdict | { kind: 'needs'; input: CandidateNeed };

/**
 * The policy a candidate schema meets, in order: the subject's contract (its fields must stay; no approval
 * overrides it), compatibility at the level, then lineage; an approval covers what its purpose lets it cover. Pure:
 * it decides with what it is given and names the next input it needs, so callers load only that.
 */
export function evaluateCandidate(inputs: CandidateInputs): CandidateDecision {
  const { purpose, contractProblems, compatibility, lineage, approval } = inputs;
  if (contractProblems.length > 0) return { kind: 'contract-violation', problems: contractProblems };
  if (compatibility === undefined) return { kind: 'needs', input: 'compatibility' };
  if (!compatibility.isCompatible) {
    if (purpose === 'test') return { kind: 'incompatible', verdict: compatibility };
    if (approval === undefined) return { kind: 'needs', input: 'approval' };
    return approval === null
      ? { kind: 'incompatible', verdict: compatibility }
      : { kind: 'approved', approval, over: 'incompatible' };
  }
  if (lineage === undefined) return { kind: 'needs', input: 'lineage' };
  if (lineage.kind === 'skipped' || !lineage.needsApproval) return { kind: 'accepted' };
  if (approval === undefined) return { kind: 'needs', input: 'approval' };
  return approval === null
    ? { kind: 'lineage-refused', judgement: lineage }
    : { kind: 'approved', approval, over: 'lineage' };
}

/** How a caller loads what {@link evaluateCandidate} asks for. */
export interface CandidateLoaders {
  compatibility(): Promise<CompatibilityVerdict>;
  lineage(): Promise<LineageJudgement>;
  approval(): Promise<ApprovalView | undefined>;
}

/** Evaluates, loading each input the policy asks for, until it decides; returns the decision and what it used. */
export async function decideCandidate(
  known: CandidateInputs,
  load: CandidateLoaders,
): Promise<{ decision: CandidateVerdict; inputs: CandidateInputs }> {
  const inputs = { ...known };
  for (;;) {
    const decision = evaluateCandidate(inputs);
    if (decision.kind !== 'needs') return { decision, inputs };
    if (decision.input === 'compatibility') inputs.compatibility = await load.compatibility();
    else if (decision.input === 'lineage') inputs.lineage = await load.lineage();
    else inputs.approval = (await load.approval()) ?? null;
  }
}

/** The level a candidate is checked at: its contract's when the subject is bound to one, else the subject's. */
export function candidateLevel(
  settings: { compatibility: CompatibilityLevel },
  governed: SubjectContract | undefined,
): CompatibilityLevel {
  return governed?.contract.compatibility ?? settings.compatibility;
}

/** The fields the subject's contract declares (and its consumers read) that the candidate does not have. */
export function findContractProblems(
  subject: string,
  candidate: { schemaType: string; text: string },
  governed: SubjectContract | undefined,
): ContractProblem[] {
  if (!governed || (candidate.schemaType !== 'AVRO' && candidate.schemaType !== 'JSON')) return [];
  const fields = schemaFieldPaths(candidate.schemaType, candidate.text).map((name) => ({ name }));
  return checkContractFields({
    contract: governed.contract,
    target: { subject },
    fields,
    file: `contracts/${governed.contract.id}`,
  });
}
