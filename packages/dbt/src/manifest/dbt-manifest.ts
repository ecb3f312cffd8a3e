/** A constraint as dbt keeps it on a column or a model (`constraints[]`). */
export interface DbtConstraint {
  type: string;
  /** Model-level constraints: the columns they cover. */
  columns?: string[];
  expression?: string;
}

/** A column of a model as the manifest declares it. */
export interface DbtColumn {
  name: string;
  /** `data_type`; undefined when the model does not declare one. */
  dataType?: string;
  constraints: DbtConstraint[];
}

/** A generic data test attached to a model (a `test` node with `test_metadata`). */
export interface DbtDataTest {
  uniqueId: string;
  /** `test_metadata.name`: not_null, unique, accepted_values, relationships… */
  name: string;
  /** `test_metadata.namespace` (dbt_utils…); undefined for dbt's own tests. */
  namespace?: string;
  column?: string;
  kwargs: Record<string, unknown>;
}

/** A model node of the manifest, reduced to what a contract check reads. */
export interface DbtModel {
  uniqueId: string;
  name: string;
  /** `name`, or `name.v<version>` for a versioned model. */
  label: string;
  version?: string;
  alias?: string;
  database?: string;
  schema?: string;
  packageName?: string;
  materialized?: string;
  /** `config.contract.enforced`. */
  contractEnforced: boolean;
  /** `meta` merged with `config.meta` (config wins). */
  meta: Record<string, unknown>;
  /** In the manifest's order (the order of the properties YAML). */
  columns: DbtColumn[];
  /** Model-level constraints. */
  constraints: DbtConstraint[];
  /** Enabled generic tests attached to the model. */
  tests: DbtDataTest[];
}

/** The parts of a dbt manifest (schema v10–v12) that a contract check reads. */
export interface DbtManifest {
  /** The manifest schema version: 12 for `…/dbt/manifest/v12.json`. */
  schemaVersion: number;
  dbtVersion?: string;
  /** `metadata.adapter_type`: postgres, snowflake, bigquery… */
  adapter?: string;
  projectName?: string;
  models: DbtModel[];
}

/** The column types a catalog reports (the warehouse as built), by node unique id, by lower-cased column name. */
export type DbtCatalog = ReadonlyMap<string, ReadonlyMap<string, { name: string; type: string }>>;
