import type { Measure } from '../plan';
import { type ColumnTypes, fieldAccess } from './field-access';
import { renderCondition } from './render-condition';
import { DIALECTS, quoteIdentifier, type SqlDialect } from './sql-dialect';

export interface MetricsQuery {
  sql: string;
  /** The column alias of each measure, by measureKey. */
  aliases: Map<string, string>;
}

/** A stable key for a measure: two checks needing the same aggregate share one column of the scan. */
export function measureKey(measure: Measure): string {
  return JSON.stringify(measure);
}

/**
 * ONE aggregate query over the relation computing every measure: `count(*)` (always, as `row_count`), filtered
 * counts for each condition, `count - count(DISTINCT …)` for duplicates, the newest timestamp as epoch seconds.
 * The engine scans the data once; nothing is computed row by row outside it.
 */
export function buildMetricsQuery(options: {
  relation: string;
  measures: Measure[];
  dialect: SqlDialect;
  /** The source's column types: needed to read nested properties (a jsonb column, a STRUCT). */
  columnTypes?: ColumnTypes;
}): MetricsQuery {
  const aliases = new Map<string, string>([[measureKey({ type: 'row-count' }), 'row_count']]);
  const columns = ['count(*) AS row_count'];
  for (const measure of options.measures) {
    const key = measureKey(measure);
    if (aliases.has(key)) continue;
    const alias = `m${aliases.size}`;
    aliases.set(key, alias);
    columns.push(`${renderMeasure(measure, options.dialect, options.columnTypes)} AS ${alias}`);
  }
  return { sql: `SELECT\n  ${columns.join(',\n  ')}\nFROM ${options.relation}`, aliases };
}

function renderMeasure(measure: Measure, dialect: SqlDialect, types: ColumnTypes | undefined): string {
  switch (measure.type) {
    case 'row-count':
      return 'count(*)';
    case 'count-where':
      return `count(*) FILTER (WHERE ${renderCondition(measure.condition, dialect, types)})`;
    case 'duplicates': {
      if (measure.path !== undefined) {
        // A nested value is unique across the rows where it is present, compared as text.
        const text = fieldAccess({ column: measure.columns[0]!, path: measure.path }, dialect, types).text;
        return `count(${text}) - count(DISTINCT ${text})`;
      }
      const [first, ...rest] = measure.columns.map(quoteIdentifier);
      if (rest.length === 0) return `count(${first}) - count(DISTINCT ${first})`;
      const all = [first, ...rest];
      const notNull = all.map((column) => `${column} IS NOT NULL`).join(' AND ');
      const tuple = dialect === 'postgres' ? `ROW(${all.join(', ')})` : `struct_pack(${all.join(', ')})`;
      return `count(*) FILTER (WHERE ${notNull}) - count(DISTINCT ${tuple}) FILTER (WHERE ${notNull})`;
    }
    case 'max-epoch':
      return DIALECTS[dialect].epochSeconds(`max(${quoteIdentifier(measure.column)})`);
  }
}
