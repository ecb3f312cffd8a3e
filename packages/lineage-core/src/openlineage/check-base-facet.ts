import type { EventChecker } from './event-checker';

export interface BaseFacetRule {
  /** Dataset and job facets may carry `_deleted` (a boolean); run, input and output facets do not define it. */
  deletable: boolean;
}

/**
 * BaseFacet: an object with `_producer` and `_schemaURL` (URIs). The official schema requires both even on a facet
 * marked `_deleted: true`: deleting a facet does not exempt it, so Charter does not either.
 */
export function checkBaseFacet(
  checker: EventChecker,
  value: unknown,
  path: string,
  rule: BaseFacetRule,
): Record<string, unknown> | undefined {
  const facet = checker.object(value, path, 'a facet object');
  if (!facet) return undefined;
  checker.string(facet, '_producer', path, { required: true, format: 'uri' });
  checker.string(facet, '_schemaURL', path, { required: true, format: 'uri' });
  if (rule.deletable) checker.boolean(facet, '_deleted', path);
  return facet;
}
