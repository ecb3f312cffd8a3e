import type { DriftFieldKind, DriftSettings } from '@charter/contracts';

/** A field the profiler reads: its dotted path, the path split once, and how to read it. */
export interface FieldSpec {
  path: string;
  segments: readonly string[];
  kind: DriftFieldKind;
}

interface PropertyLike {
  name?: unknown;
  logicalType?: unknown;
  physicalType?: unknown;
  unique?: unknown;
  primaryKey?: unknown;
  properties?: unknown;
}

/**
 * The fields of a contract's schema object and how to profile each, from its logical type:
 * integer/number → numeric; boolean → boolean; date/timestamp/time → timestamp; a unique or primary-key string → text;
 * any other string → categorical (read as text if it turns out to have more than `maxCategories` values); an object's
 * properties are fields of their own (`shipping_address.city`); arrays are not profiled. The `drift` property's
 * `fields` entries override the kind or leave a field out.
 */
export function fieldSpecsFromContract(
  document: Record<string, unknown>,
  options: { object?: string; drift?: DriftSettings } = {},
): FieldSpec[] {
  const objects = (Array.isArray(document.schema) ? document.schema : []) as Array<PropertyLike>;
  const object = options.object === undefined ? objects[0] : objects.find((entry) => entry.name === options.object);
  if (!object) return [];
  const specs: FieldSpec[] = [];
  collect(object.properties, [], options.drift?.fields ?? {}, specs);
  return specs;
}

function collect(
  properties: unknown,
  parent: readonly string[],
  overrides: NonNullable<DriftSettings['fields']>,
  into: FieldSpec[],
): void {
  if (!Array.isArray(properties)) return;
  for (const property of properties as PropertyLike[]) {
    if (typeof property.name !== 'string') continue;
    const segments = [...parent, property.name];
    const path = segments.join('.');
    const override = Object.hasOwn(overrides, path) ? overrides[path] : undefined;
    if (override?.ignore) continue;
    if (property.logicalType === 'object') {
      collect(property.properties, segments, overrides, into);
      continue;
    }
    const kind = override?.kind ?? kindOf(property);
    if (kind) into.push({ path, segments, kind });
  }
}

function kindOf(property: PropertyLike): DriftFieldKind | undefined {
  switch (property.logicalType) {
    case 'integer':
    case 'number':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'date':
    case 'timestamp':
    case 'time':
      return 'timestamp';
    case 'array':
      return undefined;
    default:
      return property.unique === true || property.primaryKey === true ? 'text' : 'categorical';
  }
}

/** A spec from a dotted path, for callers that name fields themselves. */
export function fieldSpec(path: string, kind: DriftFieldKind): FieldSpec {
  return { path, segments: path.split('.'), kind };
}
