import type { EventChecker } from './event-checker';

/** Checks one named facet's own fields, after the BaseFacet rule has passed over it. */
export type FacetChecker = (checker: EventChecker, facet: Record<string, unknown>, path: string) => void;
