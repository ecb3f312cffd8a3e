import { LRUCache } from 'lru-cache';
import {
  type Credentials,
  formatToken,
  generateCredentials,
  generateSecret,
  hashSecret,
  readAuthorization,
  secretMatches,
} from '../auth/api-key-credentials';
import { type Actor, describeRole, type Principal, type Role } from '../auth/principal';
import type { TieredCache } from '../cache/tiered-cache';
import { GovernanceErrors } from '../errors/governance.errors';
import type { ApiKeyRecord, ApiKeyRepository } from '../storage/api-key.repository';
import { auditEntry } from './audit.service';

/** What the cache keeps about a key: enough to authenticate, dates as epoch milliseconds. */
interface CachedKey {
  role: Role;
  team: string | null;
  secretHash: string;
  revokedAt: number | null;
  expiresAt: number | null;
  /** No key has this id: kept like a key (with a hash no secret matches), so unknown ids cost what wrong secrets do. */
  missing?: true;
}

/** A hash of a random secret thrown away at start: what an unknown key id's secret is compared with. */
const NO_SECRET_HASH = hashSecret(generateSecret());
const MISSING_KEY: CachedKey = {
  role: 'reader',
  team: null,
  secretHash: NO_SECRET_HASH,
  revokedAt: null,
  expiresAt: null,
  missing: true,
};

export interface KeyView {
  id: string;
  name: string;
  role: string;
  createdBy: string | null;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

export interface IssuedKey extends KeyView {
  /** Shown once, never stored. */
  secret: string;
  /** `Authorization: Bearer <token>`; Basic takes the id as user and the secret as password. */
  token: string;
}

/** POST /keys, as `http/keys.dto.ts` reads it. */
export interface NewKeyRequest {
  name: string;
  role: Pick<Principal, 'role' | 'team'>;
  expiresAt?: Date;
}

const keyScope = (id: string) => `key:${id}`;

/** A header already verified against one cached key record: reused only while that very record is still cached. */
interface VerifiedHeader {
  keyId: string;
  key: CachedKey;
  principal: Principal;
}

/** API keys: issue, rotate, revoke, and authenticate requests. Every change is audited; no secret is ever logged. */
export class ApiKeysService {
  /**
   * Authorization headers verified recently, by the header itself, so a client's every request does not decode and
   * hash again. An entry counts only while the cache still holds the same key record it was verified against:
   * rotation and revocation replace that record (on every replica, through the cache's invalidation).
   */
  private readonly verified = new LRUCache<string, VerifiedHeader>({ max: 1_000 });

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly cache: TieredCache,
  ) {}

  /**
   * The principal an Authorization header names; throws 401 when it is missing, malformed, unknown, revoked or
   * expired. Synchronous when the key is in this process's cache (the usual case), so the per-request check costs
   * no promise; otherwise it reads the key through Redis or Postgres.
   */
  authenticate(header: string | undefined): Principal | Promise<Principal> {
    const known = header === undefined ? undefined : this.verified.get(header);
    if (known && this.cache.peekMemory<CachedKey>(`apikey:${known.keyId}`, keyScope(known.keyId)) === known.key) {
      if (known.key.expiresAt === null || known.key.expiresAt > Date.now()) return known.principal;
    }
    const reading = readAuthorization(header);
    if (reading.kind === 'none') throw GovernanceErrors.unauthenticated('an API key is required (Basic or Bearer)');
    if (reading.kind === 'malformed') throw GovernanceErrors.unauthenticated(reading.reason);
    const { keyId, secret } = reading.credentials;
    const cacheKey = `apikey:${keyId}`;
    const remember = (key: CachedKey | undefined): Principal => {
      const principal = verifyKey(keyId, secret, key);
      this.verified.set(header!, { keyId, key: key!, principal });
      return principal;
    };
    const cached = this.cache.peekMemory<CachedKey>(cacheKey, keyScope(keyId));
    if (cached) return remember(cached);
    return this.cache
      .read<CachedKey>(cacheKey, keyScope(keyId), 'mutable', async () => {
        const record = await this.repository.findById(keyId);
        return record ? toCached(record) : MISSING_KEY;
      })
      .then(remember);
  }

  async create(actor: Actor, request: NewKeyRequest): Promise<IssuedKey> {
    const credentials = generateCredentials();
    const record = await this.repository.insert(
      {
        id: credentials.keyId,
        name: request.name,
        role: request.role.role,
        team: request.role.team ?? null,
        secretHash: hashSecret(credentials.secret),
        createdBy: actor.principal.keyId,
        expiresAt: request.expiresAt ?? null,
      },
      (row) => auditEntry(actor, { action: 'key.create', targetType: 'key', target: row.id, after: presentKey(row) }),
    );
    // A failed attempt with this id before it existed left a "no such key" entry in the cache.
    await this.cache.invalidate([keyScope(credentials.keyId)]);
    return issued(presentKey(record), credentials);
  }

  async list(): Promise<KeyView[]> {
    return (await this.repository.list()).map(presentKey);
  }

  async get(id: string): Promise<KeyView> {
    const record = await this.repository.findById(id);
    if (!record) throw GovernanceErrors.keyNotFound(id);
    return presentKey(record);
  }

  /** A new secret for the key; the old one stops working at once (on every replica, through the cache scope). */
  async rotate(actor: Actor, id: string): Promise<IssuedKey> {
    const before = await this.get(id);
    const secret = generateSecret();
    const record = await this.repository.rotate(id, hashSecret(secret), (row) =>
      auditEntry(actor, { action: 'key.rotate', targetType: 'key', target: id, before, after: presentKey(row) }),
    );
    if (!record) throw GovernanceErrors.keyNotFound(id);
    await this.cache.invalidate([keyScope(id)]);
    return issued(presentKey(record), { keyId: id, secret });
  }

  async revoke(actor: Actor, id: string): Promise<KeyView> {
    const before = await this.get(id);
    const record = await this.repository.revoke(id, (row) =>
      auditEntry(actor, { action: 'key.revoke', targetType: 'key', target: id, before, after: presentKey(row) }),
    );
    if (!record) throw GovernanceErrors.keyNotFound(id);
    await this.cache.invalidate([keyScope(id)]);
    return presentKey(record);
  }

  /** Makes a key with a known id and secret (CHARTER_ADMIN_KEY), if that id does not exist yet. */
  async ensureKey(credentials: Credentials, name: string): Promise<boolean> {
    if (await this.repository.findById(credentials.keyId)) return false;
    await this.repository.insert({
      id: credentials.keyId,
      name,
      role: 'admin',
      team: null,
      secretHash: hashSecret(credentials.secret),
      createdBy: 'bootstrap',
      expiresAt: null,
    });
    return true;
  }

  /** First start: the first admin key, unless an active admin key exists (then false). */
  async createFirstAdmin(credentials: Credentials): Promise<boolean> {
    return this.repository.insertFirstAdmin({
      id: credentials.keyId,
      name: 'bootstrap admin',
      secretHash: hashSecret(credentials.secret),
    });
  }
}

function verifyKey(keyId: string, secret: string, key: CachedKey | undefined): Principal {
  // One answer, and the same work, for unknown keys and wrong secrets: neither tells which key ids exist.
  const matches = secretMatches(secret, key?.secretHash ?? NO_SECRET_HASH);
  if (!key || key.missing || !matches) throw GovernanceErrors.unauthenticated('invalid API key');
  if (key.revokedAt !== null) throw GovernanceErrors.unauthenticated(`API key ${keyId} is revoked`);
  if (key.expiresAt !== null && key.expiresAt <= Date.now()) {
    throw GovernanceErrors.unauthenticated(`API key ${keyId} has expired`);
  }
  return key.role === 'team' ? { keyId, role: 'team', team: key.team ?? '' } : { keyId, role: key.role };
}

function toCached(record: ApiKeyRecord): CachedKey {
  return {
    role: record.role as Role,
    team: record.team,
    secretHash: record.secretHash,
    revokedAt: record.revokedAt?.getTime() ?? null,
    expiresAt: record.expiresAt?.getTime() ?? null,
  };
}

function presentKey(record: ApiKeyRecord): KeyView {
  return {
    id: record.id,
    name: record.name,
    role: describeRole({ role: record.role as Role, team: record.team ?? undefined }),
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    rotatedAt: record.rotatedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}

function issued(view: KeyView, credentials: Credentials): IssuedKey {
  return { ...view, secret: credentials.secret, token: formatToken(credentials) };
}
