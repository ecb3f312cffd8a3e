import { EnforcementError } from '../enforcement.errors';

export type SchemaType = 'AVRO' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A schema as the registry stores it (by id, immutable). */
export interface RegisteredSchema {
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  /** Confluent's data contract rules stored with the schema (`domainRules`, …), if any. */
  ruleSet?: unknown;
}

/** A subject's version: which schema it holds. */
export interface SubjectVersion extends RegisteredSchema {
  subject: string;
  version: number;
}

export type RegistryCredentials = { keyId: string; secret: string } | { bearer: string };

export interface RegistryClientOptions {
  /** The registry's base URL, e.g. http://localhost:8081. */
  url: string;
  /** An API key (sent as HTTP Basic, as Confluent clients do) or a bearer token. */
  credentials?: RegistryCredentials;
  /** Attempts after the first on a network error, a timeout, 429 or 5xx; 4 unless said. */
  retries?: number;
  /** The first retry's delay, doubled each time (with jitter); 100 ms unless said. */
  backoffMs?: number;
  /** Per request; 5 s unless said. */
  timeoutMs?: number;
  /** How long a subject's latest version is used before it is asked again; 30 s unless said. */
  latestTtlMs?: number;
  fetch?: typeof fetch;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** What the registry client's synchronous lookups answer before they have anything to say. */
export const NOT_LOADED: unique symbol = Symbol('not loaded');

/** A contract as the registry serves it (`GET /contracts`): the latest version of each, and the subjects it binds. */
export interface BoundContract {
  id: string;
  version: string;
  subjects: string[];
  document: Record<string, unknown>;
}

interface Cached<T> {
  value: T;
  etag: string | undefined;
  fetchedAt: number;
}

/**
 * What producers and consumers ask a registry. Schemas by id are cached for good (ids are immutable) and requests
 * for the same id share one call; a subject's latest version is cached for `latestTtlMs` and then revalidated
 * (`If-None-Match` when the registry sent an `ETag`). Network errors, timeouts, 429 and 5xx are retried with
 * backoff, then reported as `registry-unavailable` (transient); when the registry is down, whatever was seen before
 * keeps being served from memory, stale latest versions included.
 */
export class RegistryClient {
  private readonly byId = new Map<number, Promise<RegisteredSchema>>();
  private readonly subjectsById = new Map<number, Promise<Array<{ subject: string; version: number }>>>();
  private readonly latestBySubject = new Map<string, Cached<SubjectVersion>>();
  private readonly versions = new Map<string, Promise<SubjectVersion>>();
  private contracts: Cached<BoundContract[]> | undefined;
  private contractsRefresh: Promise<void> | undefined;
  private readonly authorization: string | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RegistryClientOptions) {
    const { credentials } = options;
    this.authorization =
      credentials === undefined
        ? undefined
        : 'bearer' in credentials
          ? `Bearer ${credentials.bearer}`
          : `Basic ${Buffer.from(`${credentials.keyId}:${credentials.secret}`).toString('base64')}`;
    this.fetch = options.fetch ?? fetch;
  }

  /** The schema with this id (cached for good). An unknown id is `unknown-schema`. */
  schemaById(id: number): Promise<RegisteredSchema> {
    let found = this.byId.get(id);
    if (!found) {
      found = this.request<{ schema: string; schemaType?: string; references?: SchemaReference[]; ruleSet?: unknown }>(
        'GET',
        `/schemas/ids/${id}`,
      ).then(({ body }) => ({
        id,
        schemaType: schemaTypeOf(body.schemaType),
        schema: body.schema,
        references: body.references ?? [],
        ...(body.ruleSet ? { ruleSet: body.ruleSet } : {}),
      }));
      this.byId.set(id, found);
      // A failure is not cached: the next record asks again.
      found.catch(() => this.byId.delete(id));
    }
    return found;
  }

  /** Which subjects and versions hold this schema id (cached for good: a version's content never changes). */
  subjectsOf(id: number): Promise<Array<{ subject: string; version: number }>> {
    let found = this.subjectsById.get(id);
    if (!found) {
      found = this.request<Array<{ subject: string; version: number }>>('GET', `/schemas/ids/${id}/versions`).then(
        ({ body }) => body,
      );
      this.subjectsById.set(id, found);
      found.catch(() => this.subjectsById.delete(id));
    }
    return found;
  }

  /** A subject's version (cached for good). */
  version(subject: string, version: number): Promise<SubjectVersion> {
    const key = `${subject}\u0000${version}`;
    let found = this.versions.get(key);
    if (!found) {
      found = this.request<RawSubjectVersion>(
        'GET',
        `/subjects/${encodeURIComponent(subject)}/versions/${version}`,
      ).then(({ body }) => subjectVersionOf(body));
      this.versions.set(key, found);
      found.catch(() => this.versions.delete(key));
    }
    return found;
  }

  /** `latest` from memory while it is fresh (within `latestTtlMs`), else NOT_LOADED: ask `latest`, which revalidates. */
  knownLatest(subject: string): SubjectVersion | typeof NOT_LOADED {
    const cached = this.latestBySubject.get(subject);
    return cached && Date.now() - cached.fetchedAt < (this.options.latestTtlMs ?? 30_000) ? cached.value : NOT_LOADED;
  }

  /** The subject's latest version: cached for `latestTtlMs`, revalidated after, served stale while the registry is down. */
  async latest(subject: string): Promise<SubjectVersion> {
    const cached = this.latestBySubject.get(subject);
    const ttl = this.options.latestTtlMs ?? 30_000;
    if (cached && Date.now() - cached.fetchedAt < ttl) return cached.value;
    try {
      const response = await this.request<RawSubjectVersion>(
        'GET',
        `/subjects/${encodeURIComponent(subject)}/versions/latest`,
        undefined,
        cached?.etag,
      );
      const value = response.status === 304 && cached ? cached.value : subjectVersionOf(response.body);
      this.latestBySubject.set(subject, { value, etag: response.etag, fetchedAt: Date.now() });
      return value;
    } catch (error) {
      if (cached && error instanceof EnforcementError && error.transient) return cached.value;
      throw error;
    }
  }

  /**
   * The contract bound to a subject, if any: the registry's contracts are read together (one request at a time) and
   * cached for `latestTtlMs`. Once that has passed, the next call still answers from memory while the list is read
   * again in the background, so no record waits on it; while the registry is down the last list keeps serving. A new
   * contract version reaches producers within the TTL and one more record.
   */
  async contractFor(subject: string): Promise<BoundContract | undefined> {
    const known = this.knownContractFor(subject);
    if (known !== NOT_LOADED) return known;
    await this.refreshContracts();
    return this.knownContractFor(subject) as BoundContract | undefined;
  }

  /**
   * `contractFor` without waiting: the contract from memory (refreshed in the background once the TTL has passed),
   * or NOT_LOADED before the contracts were first read. For hot paths that must not wait on a promise per record.
   */
  knownContractFor(subject: string): BoundContract | undefined | typeof NOT_LOADED {
    if (!this.contracts) return NOT_LOADED;
    if (Date.now() - this.contracts.fetchedAt >= (this.options.latestTtlMs ?? 30_000)) {
      this.refreshContracts().catch(() => undefined);
    }
    return this.contracts.value.find((contract) => contract.subjects.includes(subject));
  }

  private refreshContracts(): Promise<void> {
    this.contractsRefresh ??= this.request<
      Array<{ id: string; version: string; subjects: string[]; contract: Record<string, unknown> }>
    >('GET', '/contracts')
      .then(({ body }) => {
        const value = body.map((view) => ({
          id: view.id,
          version: view.version,
          subjects: view.subjects,
          document: view.contract,
        }));
        this.contracts = { value, etag: undefined, fetchedAt: Date.now() };
      })
      .finally(() => {
        this.contractsRefresh = undefined;
      });
    return this.contractsRefresh;
  }

  /** The id of this exact schema under the subject, or undefined when the subject does not hold it. */
  async lookup(
    subject: string,
    schema: { schemaType: SchemaType; schema: string },
  ): Promise<SubjectVersion | undefined> {
    try {
      const { body } = await this.request<RawSubjectVersion>('POST', `/subjects/${encodeURIComponent(subject)}`, {
        schemaType: schema.schemaType,
        schema: schema.schema,
      });
      return subjectVersionOf(body);
    } catch (error) {
      if (error instanceof EnforcementError && error.errorClass === 'unknown-schema') return undefined;
      throw error;
    }
  }

  /** Registers the schema under the subject (the registry decides: compatibility, contracts, approvals); its id. */
  async register(subject: string, schema: { schemaType: SchemaType; schema: string }): Promise<number> {
    const { body } = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, {
      schemaType: schema.schemaType,
      schema: schema.schema,
    });
    return body.id;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    etag?: string,
  ): Promise<{ status: number; body: T; etag: string | undefined }> {
    const retries = this.options.retries ?? 4;
    const backoffMs = this.options.backoffMs ?? 100;
    let lastProblem = '';
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(`${this.options.url.replace(/\/+$/, '')}${path}`, {
          method,
          headers: {
            accept: CONTENT_TYPE,
            ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }),
            ...(this.authorization ? { authorization: this.authorization } : {}),
            ...(etag ? { 'if-none-match': etag } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        });
      } catch (error) {
        lastProblem = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
        if (attempt < retries) {
          await pause(backoffMs, attempt);
          continue;
        }
        throw unavailable(method, path, lastProblem, undefined, error);
      }
      const text = await response.text();
      if (response.status === 304) return { status: 304, body: undefined as T, etag: etag };
      if (response.ok) {
        return {
          status: response.status,
          body: JSON.parse(text) as T,
          etag: response.headers.get('etag') ?? undefined,
        };
      }
      if (response.status === 429 || response.status >= 500) {
        lastProblem = `answered ${response.status}`;
        if (attempt < retries) {
          await pause(backoffMs, attempt, Number(response.headers.get('retry-after')) * 1_000);
          continue;
        }
        throw unavailable(method, path, lastProblem, response.status);
      }
      throw refused(method, path, response.status, text);
    }
  }
}

interface RawSubjectVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
  references?: SchemaReference[];
  ruleSet?: unknown;
}

function subjectVersionOf(raw: RawSubjectVersion): SubjectVersion {
  return {
    subject: raw.subject,
    version: raw.version,
    id: raw.id,
    schemaType: schemaTypeOf(raw.schemaType),
    schema: raw.schema,
    references: raw.references ?? [],
    ...(raw.ruleSet ? { ruleSet: raw.ruleSet } : {}),
  };
}

function schemaTypeOf(type: string | undefined): SchemaType {
  if (type === undefined || type === 'AVRO') return 'AVRO';
  if (type === 'JSON') return 'JSON';
  throw new EnforcementError('unknown-schema', `schema type ${type} is not supported (AVRO and JSON are)`);
}

function pause(backoffMs: number, attempt: number, retryAfterMs = 0): Promise<void> {
  const delay = Math.max(retryAfterMs || 0, backoffMs * 2 ** attempt * (0.5 + Math.random() / 2));
  return new Promise((resolve) => setTimeout(resolve, Math.min(delay, 10_000)));
}

function unavailable(method: string, path: string, problem: string, status?: number, cause?: unknown) {
  return new EnforcementError(
    'registry-unavailable',
    `the registry cannot answer ${method} ${path} now (${problem}); retry later`,
    { status },
    { cause },
  );
}

/** A 4xx: not found is `unknown-schema` (permanent for that id); anything else is the registry refusing. */
function refused(method: string, path: string, status: number, text: string) {
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return new EnforcementError(
    status === 404 ? 'unknown-schema' : 'registry-refused',
    `the registry refused ${method} ${path} with ${status}: ${message}`,
    { status },
  );
}
