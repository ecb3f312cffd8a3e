// What the registry answers on the routes the console reads (the shapes its OpenAPI document describes).

/** GET /catalog/subjects */
export interface SubjectSummary {
  subject: string;
  deleted: boolean;
  versions: number;
  deletedVersions: number;
  latestVersion: number | null;
  schemaType: string;
  team: string | null;
  contract: { id: string; version: string; team: string; tier: string } | null;
  compatibility: string;
  mode: string;
}

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** GET /subjects/{s}/versions/{v} */
export interface SubjectVersion {
  subject: string;
  version: number;
  id: number;
  schemaType?: string;
  schema: string;
  references?: SchemaReference[];
}

export interface SchemaChange {
  kind: string;
  field: string;
  path: string;
  message: string;
  breaking: { backward: boolean; forward: boolean };
}

/** GET /subjects/{s}/diff */
export interface SubjectDiff {
  subject: string;
  from: { version: number; schemaId: number; schemaType: string; deleted: boolean };
  to: { version: number; schemaId: number; schemaType: string; deleted: boolean };
  changes: SchemaChange[];
}

/** GET /contracts, /contracts/{id} */
export interface ContractView {
  id: string;
  version: string;
  team: string;
  status: string;
  subjects: string[];
  createdBy: string;
  createdAt: string;
  contract: Record<string, unknown>;
}

/** GET /contracts/{id}/checks */
export interface CheckRun {
  id: string;
  kind: string;
  success: boolean;
  contract: { id: string; version: string };
  source: { type: string; name: string };
  started_at: string;
  finished_at: string;
  statistics: Record<string, unknown> | null;
  reported_by: { key: string; team: string | null };
}

/** GET /contracts/{id}/drift-events */
export interface DriftEvent {
  event_id: string;
  contract_version: string;
  source: string;
  field: string;
  test: string;
  statistic: number;
  threshold: number;
  detected_at: string;
}
