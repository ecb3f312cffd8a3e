/**
 * Node ids as Marquez writes them. They are for lookups and for the wire only: namespaces contain `:` (e.g.
 * `kafka://broker:9092`), so an id is never split back into parts; nodes carry namespace, name and field as
 * attributes.
 */
export function datasetNodeId(namespace: string, name: string): string {
  return `dataset:${namespace}:${name}`;
}

export function fieldNodeId(namespace: string, name: string, field: string): string {
  return `datasetField:${namespace}:${name}:${field}`;
}

export function jobNodeId(namespace: string, name: string): string {
  return `job:${namespace}:${name}`;
}
