import { describeRole, type Principal } from './principal';

/**
 * What a route asks of its caller. The table below names one for every route; a route missing from it is
 * admin-only, so a new route fails closed until someone decides who may call it.
 */
export type Access =
  /** Probes, metrics and API docs: no key. */
  | 'public'
  /** Any valid key. */
  | 'read'
  /** Test compatibility or request an approval: admin, team and ci keys (not readers). */
  | 'propose'
  /** Change one subject (`:subject`): admin, or the team whose ownership prefixes cover the subject. */
  | 'subject-write'
  /** Admin or a team key; the service checks what the team may do (its own contracts, approvals it may decide). */
  | 'team-write'
  | 'admin'
  /** No key: the request carries an HMAC signature the service verifies. */
  | 'signed';

export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /metrics': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/assets/:file': 'public',

  'GET /': 'read',
  'GET /schemas': 'read',
  'GET /schemas/types': 'read',
  'GET /schemas/ids/:id': 'read',
  'GET /schemas/ids/:id/schema': 'read',
  'GET /schemas/ids/:id/subjects': 'read',
  'GET /schemas/ids/:id/versions': 'read',
  'GET /subjects': 'read',
  'POST /subjects/:subject': 'read',
  'GET /subjects/:subject/versions': 'read',
  'GET /subjects/:subject/versions/:version': 'read',
  'GET /subjects/:subject/versions/:version/schema': 'read',
  'GET /subjects/:subject/versions/:version/referencedby': 'read',
  'GET /subjects/:subject/diff': 'read',
  'GET /catalog/subjects': 'read',
  'POST /subjects/:subject/versions': 'subject-write',
  'DELETE /subjects/:subject': 'subject-write',
  'DELETE /subjects/:subject/versions/:version': 'subject-write',

  'POST /compatibility/subjects/:subject/versions': 'propose',
  'POST /compatibility/subjects/:subject/versions/:version': 'propose',

  'GET /config': 'read',
  'PUT /config': 'admin',
  'DELETE /config': 'admin',
  'GET /config/:subject': 'read',
  'PUT /config/:subject': 'subject-write',
  'DELETE /config/:subject': 'subject-write',
  'GET /mode': 'read',
  'PUT /mode': 'admin',
  'DELETE /mode': 'admin',
  'GET /mode/:subject': 'read',
  'PUT /mode/:subject': 'subject-write',
  'DELETE /mode/:subject': 'subject-write',

  'GET /contracts': 'read',
  'GET /contracts/:id': 'read',
  'PUT /contracts/:id': 'team-write',
  'GET /contracts/:id/versions': 'read',
  'GET /contracts/:id/versions/:version': 'read',
  'GET /contracts/:id/checks': 'read',
  'GET /contracts/:id/drift-events': 'read',
  'POST /checks': 'team-write',
  'GET /checks/:runId': 'read',
  'POST /drift-events': 'team-write',
  'POST /incidents': 'team-write',
  'GET /incidents': 'read',
  'GET /incidents/:id': 'read',
  'POST /incidents/:id/timeline': 'team-write',
  'POST /incidents/:id/ack': 'team-write',
  'POST /incidents/:id/close': 'team-write',
  'GET /ownership': 'read',
  'PUT /ownership': 'admin',

  'GET /keys': 'admin',
  'POST /keys': 'admin',
  'GET /keys/:id': 'admin',
  'POST /keys/:id/rotate': 'admin',
  'DELETE /keys/:id': 'admin',
  'GET /audit': 'admin',
  'GET /whoami': 'read',

  'GET /approvals': 'read',
  'POST /approvals': 'propose',
  'POST /approvals/lookup': 'read',
  'GET /approvals/:id': 'read',
  'POST /approvals/:id/approve': 'team-write',
  'POST /approvals/:id/reject': 'team-write',
  'POST /approvals/:id/callback': 'signed',
};

export function routeAccess(method: string, url: string): Access {
  return ROUTE_ACCESS[`${method} ${url}`] ?? 'admin';
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AccessDecision = { allowed: true };

/**
 * Whether `principal` may call a route with this access. `subjectOwner` is the team owning the route's subject
 * (only consulted for `subject-write`).
 */
export function decideAccess(
  principal: Principal,
  access: Access,
  target: { subject?: string; subjectOwner?: string },
): AccessDecision {
  const { role } = principal;
  if (access === 'public' || access === 'signed' || role === 'admin') return ALLOWED;
  switch (access) {
    case 'read':
      return ALLOWED;
    case 'propose':
      return role === 'reader' ? deny(principal, 'may only read') : ALLOWED;
    case 'team-write':
      return role === 'team' ? ALLOWED : deny(principal, 'may not change governance records');
    case 'subject-write':
      if (role !== 'team') return deny(principal, `may not write subject ${target.subject}`);
      if (target.subjectOwner === principal.team) return ALLOWED;
      return deny(
        principal,
        target.subjectOwner === undefined
          ? `may not write subject ${target.subject}: no team owns it`
          : `may not write subject ${target.subject}: it is owned by team ${target.subjectOwner}`,
      );
    case 'admin':
      return deny(principal, 'needs the admin role');
  }
}

function deny(principal: Principal, what: string): AccessDecision {
  return { allowed: false, reason: `Key ${principal.keyId} (${describeRole(principal)}) ${what}` };
}
