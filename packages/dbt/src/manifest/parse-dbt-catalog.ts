import { z } from 'zod';
import { DbtInputError } from '../dbt-errors';
import type { DbtCatalog } from './dbt-manifest';
import { readSchemaVersion } from './dbt-schema-version';

const catalogSchema = z.looseObject({
  nodes: z.record(
    z.string(),
    z.looseObject({
      columns: z.record(z.string(), z.looseObject({ name: z.string(), type: z.string() })),
    }),
  ),
});

/**
 * Reads a dbt catalog (`target/catalog.json`, from `dbt docs generate`): the column types of each built node as the
 * warehouse reports them, by node unique id and lower-cased column name (Snowflake reports names in upper case).
 */
export function parseDbtCatalog(text: string, options: { source?: string } = {}): DbtCatalog {
  const source = options.source ?? 'the catalog';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DbtInputError('dbt-catalog-not-json', `${source} is not JSON: ${(error as Error).message}`, { source });
  }
  const metadata = (value as { metadata?: { dbt_schema_version?: unknown } } | null)?.metadata;
  readSchemaVersion(
    typeof value === 'object' && value !== null ? metadata?.dbt_schema_version : undefined,
    'catalog',
    source,
  );
  const parsed = catalogSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DbtInputError(
      'dbt-catalog-invalid',
      `${source} is not a valid dbt catalog: /${issue.path.map(String).join('/')}: ${issue.message}`,
      { source },
    );
  }
  return new Map(
    Object.entries(parsed.data.nodes).map(([uniqueId, node]) => [
      uniqueId,
      new Map(Object.values(node.columns).map((column) => [column.name.toLowerCase(), column])),
    ]),
  );
}
