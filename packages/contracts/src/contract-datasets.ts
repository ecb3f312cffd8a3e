import type { Contract, LineageDataset } from './contract';

/** Where a dataset a contract governs is described: an index into `schema[]` and that object's name. */
export interface DatasetObject {
  dataset: LineageDataset;
  objectIndex: number;
  objectName: string;
}

/**
 * The schema object describing an OpenLineage dataset the contract governs (its `customProperties.lineage`, matched
 * on namespace and name exactly, as OpenLineage names datasets): the one the lineage entry names with `schema`;
 * else the contract's only schema object; else the one object whose `physicalName` or `name` is the dataset's name
 * or its last dotted part (`raw.orders` → `orders`), ignoring case. Undefined when the contract does not govern the
 * dataset or no single object fits.
 */
export function findDatasetObject(
  contract: Pick<Contract, 'lineage' | 'document'>,
  dataset: { namespace: string; name: string },
): DatasetObject | undefined {
  const governed = contract.lineage.find(
    (entry) => entry.namespace === dataset.namespace && entry.name === dataset.name,
  );
  if (!governed) return undefined;
  const objects = (Array.isArray(contract.document.schema) ? contract.document.schema : []) as Array<{
    name?: unknown;
    physicalName?: unknown;
  }>;
  const found = (objectIndex: number): DatasetObject | undefined =>
    objectIndex < 0 ? undefined : { dataset: governed, objectIndex, objectName: String(objects[objectIndex]!.name) };
  if (governed.schema !== undefined) return found(objects.findIndex((object) => object.name === governed.schema));
  if (objects.length === 1) return found(0);
  const names = new Set([dataset.name.toLowerCase(), dataset.name.split('.').at(-1)!.toLowerCase()]);
  const matches = objects.flatMap((object, index) =>
    [object.physicalName, object.name].some((name) => typeof name === 'string' && names.has(name.toLowerCase()))
      ? [index]
      : [],
  );
  return matches.length === 1 ? found(matches[0]!) : undefined;
}
