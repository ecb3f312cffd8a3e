// Test helper: what `dbt parse` makes of a properties YAML — a v12 manifest with the model node (columns, data
// types, constraints, contract config, meta) and one generic test node per data test, attached to the model.
import { parse } from 'yaml';

interface PropertiesModel {
  name: string;
  description?: string;
  config?: { contract?: { enforced?: boolean }; meta?: Record<string, unknown> };
  constraints?: Array<Record<string, unknown>>;
  columns?: Array<{
    name: string;
    description?: string;
    data_type?: string;
    constraints?: Array<Record<string, unknown>>;
    data_tests?: unknown[];
  }>;
}

const CONSTRAINT_DEFAULTS = {
  name: null,
  expression: null,
  warn_unenforced: true,
  warn_unsupported: true,
  to: null,
  to_columns: [],
};

export function manifestFromProperties(
  yamlText: string,
  options: { adapter: string; project?: string },
): Record<string, unknown> {
  const project = options.project ?? 'round_trip';
  const properties = parse(yamlText) as { version: number; models: PropertiesModel[] };
  if (properties.version !== 2) throw new Error('dbt reads properties files of version 2 only');
  const nodes: Record<string, unknown> = {};
  for (const model of properties.models) {
    const uniqueId = `model.${project}.${model.name}`;
    const meta = model.config?.meta ?? {};
    nodes[uniqueId] = {
      database: 'analytics',
      schema: 'marts',
      name: model.name,
      resource_type: 'model',
      package_name: project,
      unique_id: uniqueId,
      fqn: [project, model.name],
      alias: model.name,
      config: {
        enabled: true,
        materialized: 'table',
        meta,
        contract: { enforced: model.config?.contract?.enforced === true, alias_types: true },
      },
      description: model.description ?? '',
      meta,
      columns: Object.fromEntries(
        (model.columns ?? []).map((column) => [
          column.name,
          {
            name: column.name,
            description: column.description ?? '',
            meta: {},
            data_type: column.data_type ?? null,
            constraints: (column.constraints ?? []).map((constraint) => ({ ...CONSTRAINT_DEFAULTS, ...constraint })),
            quote: null,
            tags: [],
            granularity: null,
          },
        ]),
      ),
      contract: { enforced: model.config?.contract?.enforced === true, alias_types: true, checksum: null },
      constraints: (model.constraints ?? []).map((constraint) => ({ ...CONSTRAINT_DEFAULTS, ...constraint })),
      version: null,
      latest_version: null,
    };
    for (const column of model.columns ?? []) {
      for (const test of column.data_tests ?? []) {
        const [testName, args] =
          typeof test === 'string'
            ? [test, {}]
            : (Object.entries(test as Record<string, Record<string, unknown>>)[0] ?? []);
        if (!testName) continue;
        const { config: _config, ...kwargs } = (args ?? {}) as Record<string, unknown>;
        const id = `test.${project}.${testName}_${model.name}_${column.name}.0`;
        nodes[id] = {
          resource_type: 'test',
          name: `${testName}_${model.name}_${column.name}`,
          unique_id: id,
          config: { enabled: true, severity: 'ERROR' },
          column_name: column.name,
          attached_node: uniqueId,
          depends_on: { macros: [`macro.dbt.test_${testName}`], nodes: [uniqueId] },
          test_metadata: { name: testName, namespace: null, kwargs: { ...kwargs, column_name: column.name } },
        };
      }
    }
  }
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: '1.9.1',
      project_name: project,
      adapter_type: options.adapter,
    },
    nodes,
    sources: {},
  };
}
