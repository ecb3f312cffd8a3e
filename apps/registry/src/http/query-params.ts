import { RegistryErrors } from '../errors/registry.errors';
import { parseSchemaId } from '../registry/version-id';

/** A boolean query parameter as Confluent reads it: `true` in any case is true, anything else is false. */
export function queryFlag(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'true';
}

/** An integer query parameter; absent or empty gives the default, anything but digits is refused (422). */
export function queryInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^-?\d{1,10}$/.test(value)) {
    throw RegistryErrors.invalidRequest(`Query parameter ${name} must be an integer`);
  }
  return Number(value);
}

export function queryText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * An `{id}` path parameter. Text that is not a 32-bit integer is a path the route does not match (404, as
 * Confluent answers `/schemas/ids/invalid`); an integer no schema can have is a schema not found (40403).
 */
export function schemaIdParam(text: string): number {
  const id = parseSchemaId(text);
  if (id === undefined) throw RegistryErrors.routeNotFound('GET', `/schemas/ids/${text}`);
  if (id < 1) throw RegistryErrors.schemaNotFound(text);
  return id;
}
