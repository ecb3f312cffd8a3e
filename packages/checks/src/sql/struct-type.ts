/** One field of a DuckDB STRUCT type: its name and its type as DuckDB spells it. */
export interface StructField {
  name: string;
  type: string;
}

/**
 * The fields of a DuckDB STRUCT type name as DESCRIBE reports it — `STRUCT(line1 VARCHAR, "postal code" VARCHAR,
 * geo STRUCT(lat DOUBLE))` — or undefined when the type is not a STRUCT. Field types are kept as written (nested
 * parentheses included), so a path can be followed level by level.
 */
export function readStructFields(type: string): StructField[] | undefined {
  const match = /^STRUCT\s*\((.*)\)$/is.exec(type.trim());
  if (!match) return undefined;
  const body = match[1]!;
  const fields: StructField[] = [];
  let index = 0;
  while (index < body.length) {
    while (body[index] === ' ' || body[index] === ',') index++;
    if (index >= body.length) break;
    let name = '';
    if (body[index] === '"') {
      index++;
      for (; index < body.length; index++) {
        if (body[index] === '"') {
          if (body[index + 1] === '"') {
            name += '"';
            index++;
            continue;
          }
          index++;
          break;
        }
        name += body[index];
      }
    } else {
      const start = index;
      while (index < body.length && body[index] !== ' ') index++;
      name = body.slice(start, index);
    }
    while (body[index] === ' ') index++;
    const start = index;
    let depth = 0;
    let quoted = false;
    for (; index < body.length; index++) {
      const char = body[index];
      if (char === '"') quoted = !quoted;
      else if (!quoted && char === '(') depth++;
      else if (!quoted && char === ')') depth--;
      else if (!quoted && char === ',' && depth === 0) break;
    }
    fields.push({ name, type: body.slice(start, index).trim() });
  }
  return fields;
}
