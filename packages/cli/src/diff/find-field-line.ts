/**
 * The 1-based line of a field in a schema file's text: where an Avro field's `"name": "<leaf>"` or a JSON Schema
 * property's `"<leaf>":` first appears. Undefined when there is no field or it is not in the text.
 */
export function findFieldLine(text: string, field: string | undefined): number | undefined {
  const leaf = field?.replace(/\[\]$/, '').split('.').pop();
  if (!leaf) return undefined;
  const quoted = JSON.stringify(leaf).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const pattern of [new RegExp(`"name"\\s*:\\s*${quoted}`), new RegExp(`${quoted}\\s*:`)]) {
    const match = pattern.exec(text);
    if (match) return text.slice(0, match.index).split('\n').length;
  }
  return undefined;
}
