import type { LogicalType } from './logical-type-of';
import type { OdcsProperty } from './odcs/odcs-schema-object';

/** A field a contract's schema object declares: one of its `properties`, at any depth. */
export interface DeclaredField {
  /** Property names, nested ones dotted (`shipping_address.city`); an array's item properties under the array's. */
  path: string;
  /** The same path through each property's `physicalName` where it has one (the column as a store names it). */
  physicalPath: string;
  /** JSON pointer of the property in the contract document. */
  pointer: string;
  logicalType?: LogicalType;
  physicalType?: string;
}

/**
 * The fields a schema object declares, parents before their children, each path once (the first declaration wins).
 * `pointer` is the JSON pointer of `properties` itself, e.g. `/schema/0/properties`.
 */
export function readDeclaredFields(properties: readonly OdcsProperty[] | undefined, pointer: string): DeclaredField[] {
  const fields: DeclaredField[] = [];
  collect(properties ?? [], undefined, pointer, new Set(), fields);
  return fields;
}

function collect(
  properties: readonly OdcsProperty[],
  parent: { path: string; physicalPath: string } | undefined,
  pointer: string,
  seen: Set<string>,
  into: DeclaredField[],
): void {
  properties.forEach((property, index) => {
    if (typeof property.name !== 'string') return;
    const physicalName = typeof property.physicalName === 'string' ? property.physicalName : property.name;
    const path = parent ? `${parent.path}.${property.name}` : property.name;
    const physicalPath = parent ? `${parent.physicalPath}.${physicalName}` : physicalName;
    const propertyPointer = `${pointer}/${index}`;
    if (!seen.has(path)) {
      seen.add(path);
      into.push({
        path,
        physicalPath,
        pointer: propertyPointer,
        ...(property.logicalType ? { logicalType: property.logicalType } : {}),
        ...(typeof property.physicalType === 'string' ? { physicalType: property.physicalType } : {}),
      });
    }
    const here = { path, physicalPath };
    if (property.properties) collect(property.properties, here, `${propertyPointer}/properties`, seen, into);
    if (property.items?.properties) {
      collect(property.items.properties, here, `${propertyPointer}/items/properties`, seen, into);
    }
  });
}
