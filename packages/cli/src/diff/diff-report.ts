import type { CompatibilityLevel, Incompatibility, SchemaChange } from '@charter/schema';

/** One file of a side of the diff: its blob id, its text, and whether it is binary (a NUL byte or not UTF-8). */
export interface TreeFile {
  id: string;
  text: string;
  binary: boolean;
}

export type DiffChangeKind =
  | 'schema-added'
  | 'schema-changed'
  | 'schema-renamed'
  | 'schema-deleted'
  | 'subject-deleted'
  | 'contract-added'
  | 'contract-changed'
  | 'contract-deleted'
  | 'file-renamed';

/** A changed schema version or contract, paired between base and head. */
export interface DiffChange {
  kind: DiffChangeKind;
  /** Repository-relative path on head (on base for a deletion). */
  file: string;
  /** For a rename: the path on base. */
  from?: string;
  subject?: string;
  version?: number;
  /** For a schema version: the level it was checked at, the earlier head versions checked, what failed. */
  compatibility?: {
    level: CompatibilityLevel;
    isCompatible: boolean;
    checkedVersions: number[];
    incompatibilities: Array<Incompatibility & { version: number }>;
  };
  /** For a schema version: its changes by field against the previous version in head (diffSchemas). */
  fieldChanges?: SchemaChange[];
  /** For a contract: its id, and version / team / tier on both sides when they differ. */
  contract?: string;
  contractVersion?: { base: string; head: string };
  team?: { base: string; head: string };
  severityTier?: { base: string; head: string };
}

export type DiffReasonCode =
  | 'incompatible-schema'
  | 'version-deleted'
  | 'version-modified'
  | 'subject-deleted'
  | 'field-missing'
  | 'field-type-mismatch'
  | 'contract-deleted'
  | 'contract-version-not-bumped'
  | 'contract-version-lowered'
  | 'owner-changed'
  | 'severity-tier-changed'
  /** The lineage service judged the change's blast radius `block` or `needs-approval` (the registry would refuse it). */
  | 'impact-needs-approval';

/** Why the verdict is what it is; `blocking` reasons block, the others are called out. */
export interface DiffReason {
  code: DiffReasonCode;
  blocking: boolean;
  file: string;
  /** 1-based line in `file` when it could be found (the field's line in the schema text). */
  line?: number;
  field?: string;
  message: string;
  /** The subject and version the reason is about, so an approval for that schema can be matched to it. */
  subject?: string;
  version?: number;
  /** Set when an approved approval on the registry lets this (otherwise blocking) reason through. */
  approvedBy?: ApprovalMatch;
}

/** An approved approval matched to a head schema version by its fingerprint. */
export interface ApprovalMatch {
  id: string;
  /** Who decided it (key id, or `user (team)` for a callback decision). */
  decidedBy: string;
  decidedAt: string;
}

/** The result of `charter diff`, as `--format json` prints it. */
export interface DiffReport {
  base: string;
  head: string;
  path: string;
  verdict: 'pass' | 'blocked';
  changes: DiffChange[];
  reasons: DiffReason[];
  /** The blast radius from the lineage service; `not-assessed` (with why) is said explicitly, never "no impact". */
  impact: DiffImpact;
  /** Approvals looked up on the registry for each head schema version a blocking reason is about. */
  approvals: DiffApprovals;
}

export type DiffImpact =
  | { status: 'assessed'; lineageUrl: string; changes: ChangeImpact[] }
  /** `reason`: no --lineage-url given, or the service was unreachable and the policy said continue. */
  | { status: 'not-assessed'; reason: string };

/** What one changed schema version reaches downstream, as the lineage service's POST /impact judged it. */
export interface ChangeImpact {
  subject: string;
  version: number;
  file: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  verdict: 'block' | 'needs-approval' | 'warn' | 'allow';
  /** The facts behind the severity, most severe first. */
  reasons: string[];
  /** Tables, dbt models, dashboards. */
  batch: ImpactedAsset[];
  /** Topics and streaming jobs' outputs. */
  streaming: ImpactedAsset[];
}

export interface ImpactedAsset {
  namespace: string;
  name: string;
  /** The owning team when Charter knows it. */
  team?: string;
  /** What kind of asset it is, as far as the lineage service can tell. */
  kind: 'table' | 'dbt-model' | 'dashboard' | 'topic' | 'dataset';
  /** The governing contract, when there is one. */
  contract?: { id: string; tier: string };
  /** The reached fields of this asset, nearest first. */
  fields: string[];
  depth: number;
  /** The path (field node ids) from the changed field to the nearest reached column. */
  path: string[];
  /** Why it counts, in words (`tier-1 contract orders-analytics`). */
  reason?: string;
}

export type DiffApprovals =
  | { status: 'checked'; registryUrl: string; items: ApprovalStatus[] }
  | { status: 'not-checked'; reason: string };

/** Where one head schema version that needs an approval stands on the registry. */
export interface ApprovalStatus {
  subject: string;
  version: number;
  file: string;
  /** The registry's fingerprint of the schema, as a registration would compute it. */
  fingerprint: string;
  state: 'approved' | 'requested' | 'rejected' | 'expired' | 'none';
  approval?: ApprovalMatch & { reason?: string };
  /** The exact request that asks for the approval (when not approved): method, URL and JSON body. */
  request?: { method: 'POST'; url: string; body: Record<string, unknown> };
  /** Why the registry could not look it up (e.g. a referenced version it does not have yet); `fingerprint` is ''. */
  note?: string;
}
