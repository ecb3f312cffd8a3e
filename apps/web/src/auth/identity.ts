/** What the registry's GET /whoami says about a key. */
export interface Identity {
  keyId: string;
  /** `admin`, `ci`, `reader` or `team:<name>`. */
  role: string;
  team: string | null;
}

/** A key as the console takes it: `<keyId>:<secret>`, as the admin key file and `charter keys create` print it. */
const KEY_SHAPE = /^[A-Za-z0-9_-]{1,128}:[^\s:]{1,512}$/;

/** Why a typed key cannot be a key, or undefined when its shape is right (the registry still decides). */
export function checkKeyShape(value: string): string | undefined {
  const key = value.trim();
  if (key === '') return 'Enter your API key.';
  if (!KEY_SHAPE.test(key)) return 'An API key looks like <keyId>:<secret> (the admin key file holds one).';
  return undefined;
}

export type RoleName = 'admin' | 'team' | 'ci' | 'reader';

/** The role's kind, without the team. */
export function roleOf(identity: Identity): RoleName {
  const kind = identity.role.split(':')[0];
  return kind === 'admin' || kind === 'team' || kind === 'ci' ? kind : 'reader';
}

/** What the console offers a key (the server still enforces every one). */
export function permissionsOf(identity: Identity) {
  const role = roleOf(identity);
  return {
    /** Register schemas, request approvals. */
    canWrite: role === 'admin' || role === 'team' || role === 'ci',
    /** Approve or reject a request (a team key for its own team's approvals, or an admin). */
    canApprove: role === 'admin' || role === 'team',
    canAdminister: role === 'admin',
    /** The audit log is the admin's. */
    canReadAudit: role === 'admin',
  };
}

export type Permissions = ReturnType<typeof permissionsOf>;
