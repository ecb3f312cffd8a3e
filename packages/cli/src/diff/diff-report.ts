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
  | 'severity-tier-changed';

/** Why the verdict is what it is; `blocking` reasons block, the others are called out. */
export interface DiffReason {
  code: DiffReasonCode;
  blocking: boolean;
  file: string;
  /** 1-based line in `file` when it could be found (the field's line in the schema text). */
  line?: number;
  field?: string;
  message: string;
}

/** The result of `charter diff`, as `--format json` prints it. */
export interface DiffReport {
  base: string;
  head: string;
  path: string;
  verdict: 'pass' | 'blocked';
  changes: DiffChange[];
  reasons: DiffReason[];
  /** Lineage impact and approvals are not part of this command yet: said explicitly, never "no impact". */
  impact: 'not-assessed';
  approvals: 'not-checked';
}
