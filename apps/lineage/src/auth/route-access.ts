/**
 * Who may call each route, by the route the router matched (its pattern), never by the URL's text: a path spelled
 * another way (`/api/v1/%6cineage`) either matches the same route, and so meets the same rule, or no route at all.
 * A route missing from the table is admin-only, so a new route fails closed until someone decides.
 */
export type LineageAccess =
  /** Probes: no key. */
  | 'public'
  /** Any valid key. */
  | 'read'
  /** Writing lineage: admin, ci and team keys (jobs run as a team), not readers. */
  | 'write'
  | 'admin';

export const ROUTE_ACCESS: Readonly<Record<string, LineageAccess>> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /metrics': 'public',
  'POST /api/v1/lineage': 'write',
  'GET /api/v1/lineage': 'read',
  'GET /api/v1/column-lineage': 'read',
  'POST /impact': 'read',
  'GET /stats': 'read',
  'GET /api/v1/breaches': 'read',
  'GET /api/v1/namespaces/:namespace/datasets/:name/breaches': 'read',
};

export function routeAccess(method: string, url: string): LineageAccess {
  return ROUTE_ACCESS[`${method} ${url}`] ?? 'admin';
}

/** Whether a role may call a route of this access (authentication already done). */
export function isAllowed(role: string, access: LineageAccess): boolean {
  switch (access) {
    case 'public':
    case 'read':
      return true;
    case 'write':
      return role !== 'reader';
    case 'admin':
      return role === 'admin';
  }
}
