import type { CompatibilityLevel, SchemaType } from '@charter/schema';

/** A schema's reference to another subject's version, as the registry stores it. */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** One live version of a subject on a registry. */
export interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

/** One stored version of a data contract on a registry. */
export interface ContractVersion {
  id: string;
  version: string;
  /** The subjects the version binds. */
  subjects: string[];
  /** The ODCS document, as the registry answers it (and accepts it back on PUT). */
  document: Record<string, unknown>;
}

/** What a registry holds, as far as a promotion cares: live subject versions and contract versions. */
export interface RegistrySnapshot {
  versions: SubjectVersion[];
  contracts: ContractVersion[];
  /** The team names of the registry's ownership file (read from the target; a contract naming another is refused). */
  teams?: string[];
}

export type PromotionSelection =
  | { kind: 'all' }
  | { kind: 'subject'; subject: string }
  | { kind: 'contract'; contract: string };

/** Register one source version on the target. `version` and `id` are the source's (kept when preserving ids). */
export interface SchemaStep {
  kind: 'schema';
  subject: string;
  version: number;
  id: number;
  /** sha256 of the content (type, text, references): what an approval of the step approved. */
  fingerprint: string;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  /** The changes that break readers, against the version the target holds before it (none for a first version). */
  breakingChanges?: Array<{ field: string; change: string }>;
}

/** Publish one contract version on the target. */
export interface ContractStep {
  kind: 'contract';
  contract: string;
  version: string;
  document: Record<string, unknown>;
}

export type PromotionStep = SchemaStep | ContractStep;

/** Why a plan cannot be applied; a plan with any refusal writes nothing. */
export type PlanRefusalCode =
  | 'incompatible'
  | 'id-taken'
  | 'version-diverged'
  | 'invalid-schema'
  | 'reference-missing'
  | 'reference-cycle'
  | 'team-unknown';

export interface PlanRefusal {
  code: PlanRefusalCode;
  /** The subject, or for a contract step (`team-unknown`) the contract id. */
  subject: string;
  /** The subject version; 0 for a contract step. */
  version: number;
  message: string;
  /** For `incompatible`: the level and what breaks it. */
  details?: Record<string, unknown>;
}

/** A contract version the source holds that the target will not get: older than the target's current one. */
export interface SkippedContract {
  contract: string;
  version: string;
  reason: string;
}

export interface PlanPolicy {
  /** Keep the source's ids and versions (IMPORT mode on the target). */
  preserveIds: boolean;
  /**
   * Checked against the target's versions (and the plan's earlier ones) before applying. None: only the target's
   * own check when registering normally, and no check at all in IMPORT mode.
   */
  compatibility?: CompatibilityLevel;
}

export interface PromotionPlan {
  /** In the order they must be applied: a referenced version before its dependants, versions of a subject in order. */
  steps: PromotionStep[];
  refusals: PlanRefusal[];
  skipped: SkippedContract[];
  /** Source versions the target already holds. */
  present: number;
  /** `subject/version` on the source → the version holding the same content on the target (for rewriting references). */
  versionMap: Record<string, number>;
}

export const versionKey = (subject: string, version: number): string => `${subject}/${version}`;
