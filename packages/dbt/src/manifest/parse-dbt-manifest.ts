import { z } from 'zod';
import { DbtInputError } from '../dbt-errors';
import type { DbtColumn, DbtConstraint, DbtDataTest, DbtManifest, DbtModel } from './dbt-manifest';
import { readSchemaVersion } from './dbt-schema-version';

const record = z.record(z.string(), z.unknown());
const constraintSchema = z.looseObject({
  type: z.string(),
  expression: z.string().nullish(),
  columns: z.array(z.string()).nullish(),
});
const columnSchema = z.looseObject({
  name: z.string(),
  data_type: z.string().nullish(),
  constraints: z.array(constraintSchema).nullish(),
});
const modelSchema = z.looseObject({
  unique_id: z.string().optional(),
  name: z.string(),
  alias: z.string().nullish(),
  database: z.string().nullish(),
  schema: z.string().nullish(),
  package_name: z.string().nullish(),
  version: z.union([z.string(), z.number()]).nullish(),
  meta: record.nullish(),
  config: z.looseObject({
    enabled: z.boolean().nullish(),
    materialized: z.string().nullish(),
    meta: record.nullish(),
    contract: z.looseObject({ enforced: z.boolean().nullish() }).nullish(),
  }),
  columns: z.record(z.string(), columnSchema),
  constraints: z.array(constraintSchema).nullish(),
});
const testSchema = z.looseObject({
  config: z.looseObject({ enabled: z.boolean().nullish() }).nullish(),
  column_name: z.string().nullish(),
  attached_node: z.string().nullish(),
  depends_on: z.looseObject({ nodes: z.array(z.string()).nullish() }).nullish(),
  test_metadata: z
    .looseObject({ name: z.string(), namespace: z.string().nullish(), kwargs: record.nullish() })
    .nullish(),
});
const manifestSchema = z.looseObject({
  metadata: z.looseObject({
    dbt_schema_version: z.string(),
    dbt_version: z.string().nullish(),
    adapter_type: z.string().nullish(),
    project_name: z.string().nullish(),
  }),
  nodes: z.record(z.string(), z.looseObject({ resource_type: z.string() })),
});

/**
 * Reads a dbt manifest (`target/manifest.json`, schema v10–v12) from its text: the models with their columns,
 * declared data types, constraints, contract enforcement, meta and attached generic tests. Not JSON, not a manifest
 * (another artifact, a missing section) or a manifest of another dbt version: a DbtInputError naming what is wrong.
 */
export function parseDbtManifest(text: string, options: { source?: string } = {}): DbtManifest {
  const source = options.source ?? 'the manifest';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DbtInputError('dbt-manifest-not-json', `${source} is not JSON: ${(error as Error).message}`, { source });
  }
  const metadata = (value as { metadata?: { dbt_schema_version?: unknown } } | null)?.metadata;
  const schemaVersion = readSchemaVersion(
    typeof value === 'object' && value !== null ? metadata?.dbt_schema_version : undefined,
    'manifest',
    source,
  );
  const manifest = parseOrThrow(manifestSchema, value, source, '');
  const models: DbtModel[] = [];
  const tests = new Map<string, DbtDataTest[]>();
  for (const [uniqueId, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type === 'model') {
      const model = parseOrThrow(modelSchema, node, source, `/nodes/${uniqueId}`);
      if (model.config.enabled !== false) models.push(readModel(uniqueId, model));
    } else if (node.resource_type === 'test') {
      const test = parseOrThrow(testSchema, node, source, `/nodes/${uniqueId}`);
      const attached = readTest(uniqueId, test);
      if (attached) tests.set(attached.model, [...(tests.get(attached.model) ?? []), attached.test]);
    }
  }
  for (const model of models) model.tests = tests.get(model.uniqueId) ?? [];
  const { metadata: meta } = manifest;
  return {
    schemaVersion,
    ...(meta.dbt_version ? { dbtVersion: meta.dbt_version } : {}),
    ...(meta.adapter_type ? { adapter: meta.adapter_type } : {}),
    ...(meta.project_name ? { projectName: meta.project_name } : {}),
    models: models.sort((a, b) => a.uniqueId.localeCompare(b.uniqueId)),
  };
}

function readModel(uniqueId: string, node: z.infer<typeof modelSchema>): DbtModel {
  const version = node.version === null || node.version === undefined ? undefined : String(node.version);
  const columns: DbtColumn[] = Object.values(node.columns).map((column) => ({
    name: column.name,
    ...(column.data_type ? { dataType: column.data_type } : {}),
    constraints: (column.constraints ?? []).map(readConstraint),
  }));
  return {
    uniqueId: node.unique_id ?? uniqueId,
    name: node.name,
    label: version === undefined ? node.name : `${node.name}.v${version}`,
    ...(version === undefined ? {} : { version }),
    ...(node.alias ? { alias: node.alias } : {}),
    ...(node.database ? { database: node.database } : {}),
    ...(node.schema ? { schema: node.schema } : {}),
    ...(node.package_name ? { packageName: node.package_name } : {}),
    ...(node.config.materialized ? { materialized: node.config.materialized } : {}),
    contractEnforced: node.config.contract?.enforced === true,
    meta: { ...(node.meta ?? {}), ...(node.config.meta ?? {}) },
    columns,
    constraints: (node.constraints ?? []).map(readConstraint),
    tests: [],
  };
}

function readConstraint(constraint: z.infer<typeof constraintSchema>): DbtConstraint {
  return {
    type: constraint.type,
    ...(constraint.columns && constraint.columns.length > 0 ? { columns: constraint.columns } : {}),
    ...(constraint.expression ? { expression: constraint.expression } : {}),
  };
}

/** A generic test and the one model it is attached to; singular tests and disabled ones are not. */
function readTest(
  uniqueId: string,
  node: z.infer<typeof testSchema>,
): { model: string; test: DbtDataTest } | undefined {
  if (!node.test_metadata || node.config?.enabled === false) return undefined;
  const models = (node.depends_on?.nodes ?? []).filter((id) => id.startsWith('model.'));
  const model = node.attached_node ?? (models.length === 1 ? models[0] : undefined);
  if (!model) return undefined;
  const kwargs = node.test_metadata.kwargs ?? {};
  const column = node.column_name ?? (typeof kwargs.column_name === 'string' ? kwargs.column_name : undefined);
  return {
    model,
    test: {
      uniqueId,
      name: node.test_metadata.name,
      ...(node.test_metadata.namespace ? { namespace: node.test_metadata.namespace } : {}),
      ...(column ? { column } : {}),
      kwargs,
    },
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, source: string, at: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = `${at}/${issue.path.map(String).join('/')}`;
  throw new DbtInputError('dbt-manifest-invalid', `${source} is not a valid dbt manifest: ${path}: ${issue.message}`, {
    source,
    path,
  });
}
