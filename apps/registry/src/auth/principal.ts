/** Roles an API key can hold. A `team` key carries the team's name. */
export const ROLES = ['admin', 'team', 'ci', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the key that authenticated the request. */
export interface Principal {
  keyId: string;
  role: Role;
  team?: string;
}

/** Who did something, for the audit log and for approvals (no one approves their own request). */
export interface Actor {
  principal: Principal;
  requestId: string;
  /** The promotion the request belongs to (its `X-Charter-Promotion` header), written on every audit row it makes. */
  promotionId?: string;
}

/** The caller when authentication is explicitly turned off for local development. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({ keyId: 'anonymous', role: 'admin' });

/** Who a request is when no route hook named anyone (never expected): the least privilege, not an admin. */
export const UNIDENTIFIED: Principal = Object.freeze({ keyId: 'unidentified', role: 'reader' });

/** The registry acting on its own (expiry sweeps, bootstrap). */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  principal: Object.freeze({ keyId: 'system', role: 'admin' }),
  requestId: 'system',
});

/** `team:orders`, `admin`: how a role is written in requests and shown in responses. */
export function describeRole(principal: Pick<Principal, 'role' | 'team'>): string {
  return principal.role === 'team' ? `team:${principal.team}` : principal.role;
}

/** Reads `admin`, `ci`, `reader` or `team:<name>`; undefined for anything else. */
export function readRole(value: string): Pick<Principal, 'role' | 'team'> | undefined {
  if (value === 'admin' || value === 'ci' || value === 'reader') return { role: value };
  const match = /^team:([a-z0-9][a-z0-9._-]{0,62})$/.exec(value);
  return match ? { role: 'team', team: match[1]! } : undefined;
}
