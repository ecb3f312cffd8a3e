import type { SchemaType } from '@charter/schema';
import { PromotionError } from './promotion-error';
import type { ContractVersion, RegistrySnapshot, SchemaReference, SubjectVersion } from './promotion-types';

export const PROMOTION_HEADER = 'x-charter-promotion';
const SR_JSON = 'application/vnd.schemaregistry.v1+json';
const PAGE = 10_000;

export interface RegistryAnswer<T = Record<string, unknown>> {
  status: number;
  body: T & { error_code?: number; message?: string };
}

/** Where an environment's registry is and how to speak to it; the key is only ever a header value. */
export interface RegistryEndpoint {
  environment: string;
  url: string;
  /** The variable the key came from: named in messages, never its value. */
  keyVariable: string;
  authorization: string;
}

/**
 * The registry calls a promotion makes, on one environment. A registry that does not answer is a
 * {@link PromotionError} `unreachable` (exit 3), a refused key `unauthorized` (exit 2); other answers are returned.
 * Every write carries `X-Charter-Promotion` when a promotion id is set.
 */
export class PromotionRegistry {
  constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly promotionId?: string,
  ) {}

  /** The same registry, writing on behalf of a promotion. */
  forPromotion(promotionId: string): PromotionRegistry {
    return new PromotionRegistry(this.endpoint, promotionId);
  }

  /** Every live subject version (paged `GET /schemas`) and every contract version (documents only when asked). */
  async readSnapshot(options: { contractDocuments: boolean }): Promise<RegistrySnapshot> {
    const versions: SubjectVersion[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.read<WireSchema[]>(`/schemas?deleted=false&offset=${offset}&limit=${PAGE}`);
      versions.push(...page.map(toSubjectVersion));
      if (page.length < PAGE) break;
    }
    const latest = await this.read<Array<{ id: string; subjects: string[] }>>('/contracts');
    const contracts: ContractVersion[] = [];
    for (const { id, subjects } of latest) {
      const names = await this.read<string[]>(`/contracts/${encodeURIComponent(id)}/versions`);
      if (!options.contractDocuments) {
        contracts.push(...names.map((version) => ({ id, version, subjects, document: {} })));
        continue;
      }
      for (const version of names) {
        const view = await this.read<{ subjects: string[]; contract: Record<string, unknown> }>(
          `/contracts/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}`,
        );
        contracts.push({ id, version, subjects: view.subjects, document: view.contract });
      }
    }
    const ownership = await this.read<{ teams?: Array<{ name: string }> }>('/ownership');
    return { versions, contracts, teams: (ownership.teams ?? []).map((team) => team.name) };
  }

  register(
    subject: string,
    body: {
      schema: string;
      schemaType: SchemaType;
      references: SchemaReference[];
      id?: number;
      version?: number;
    },
  ): Promise<RegistryAnswer<{ id?: number; version?: number }>> {
    const { schemaType, references, ...rest } = body;
    return this.send('POST', `/subjects/${encodeURIComponent(subject)}/versions`, {
      ...rest,
      ...(schemaType !== 'AVRO' ? { schemaType } : {}),
      ...(references.length > 0 ? { references } : {}),
    });
  }

  /** The subject's own mode, or null when it has none (it follows the registry's). */
  async ownMode(subject: string): Promise<string | null> {
    const answer = await this.send<{ mode?: string }>(
      'GET',
      `/mode/${encodeURIComponent(subject)}?defaultToGlobal=false`,
    );
    if (answer.status === 200 && typeof answer.body.mode === 'string') return answer.body.mode;
    if (answer.status === 404) return null;
    throw refusal(this.endpoint, `reading the mode of ${subject}`, answer);
  }

  /** Sets the subject's own mode (IMPORT is forced: the subject may already hold versions), or removes it (null). */
  async setMode(subject: string, mode: string | null): Promise<void> {
    const path = `/mode/${encodeURIComponent(subject)}`;
    const answer =
      mode === null
        ? await this.send('DELETE', path)
        : await this.send('PUT', `${path}${mode === 'IMPORT' ? '?force=true' : ''}`, { mode });
    if (answer.status !== 200 && !(mode === null && answer.status === 404)) {
      throw refusal(this.endpoint, `setting the mode of ${subject} to ${mode ?? 'its default'}`, answer);
    }
  }

  putContract(id: string, document: Record<string, unknown>): Promise<RegistryAnswer> {
    return this.send('PUT', `/contracts/${encodeURIComponent(id)}`, document, 'application/json');
  }

  requestApproval(body: Record<string, unknown>): Promise<RegistryAnswer<ApprovalView>> {
    return this.send('POST', '/approvals', body, 'application/json');
  }

  async approval(id: string): Promise<ApprovalView | undefined> {
    const answer = await this.send<ApprovalView>('GET', `/approvals/${encodeURIComponent(id)}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw refusal(this.endpoint, `reading approval ${id}`, answer);
    return answer.body;
  }

  async promotionApprovals(promotionId?: string): Promise<ApprovalView[]> {
    const query = promotionId === undefined ? '' : `&promotion=${encodeURIComponent(promotionId)}`;
    return this.read<ApprovalView[]>(`/approvals?kind=promotion&limit=500${query}`);
  }

  async auditedWrites(promotionId: string): Promise<Array<{ action: string; target: string; outcome: string }>> {
    const page = await this.read<{ entries: Array<{ action: string; target: string; outcome: string }> }>(
      `/audit?promotion=${encodeURIComponent(promotionId)}&limit=500`,
    );
    return page.entries;
  }

  private async read<T>(path: string): Promise<T> {
    const answer = await this.send<T>('GET', path);
    if (answer.status !== 200) throw refusal(this.endpoint, `GET ${path}`, answer);
    return answer.body as T;
  }

  async send<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType = SR_JSON,
  ): Promise<RegistryAnswer<T>> {
    const { environment, url, keyVariable, authorization } = this.endpoint;
    const headers: Record<string, string> = { accept: 'application/json', authorization };
    if (body !== undefined) headers['content-type'] = contentType;
    if (method !== 'GET' && this.promotionId !== undefined) headers[PROMOTION_HEADER] = this.promotionId;
    let response: Response;
    try {
      response = await fetch(`${url.replace(/\/+$/, '')}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new PromotionError(
        'unreachable',
        `the ${environment} registry at ${url} did not answer (${cause}); run again to continue where it stopped`,
        { environment },
      );
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new PromotionError(
        'unauthorized',
        `the ${environment} registry at ${url} refused the key in ${keyVariable} (${response.status}) for ${method} ${path.split('?')[0]}`,
        { environment, status: response.status },
      );
    }
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : {};
    } catch {
      parsed = { message: text.slice(0, 500) };
    }
    return { status: response.status, body: parsed as RegistryAnswer<T>['body'] };
  }
}

export interface ApprovalView {
  id: string;
  kind?: string;
  state: string;
  reason: string;
  requestedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  expiresAt: string;
  createdAt: string;
  promotion?: {
    id: string;
    from: string;
    to: string;
    digest: string;
    stepCount: number;
    /** Only on `GET /approvals/{id}`; lists carry the count. */
    steps?: Array<Record<string, unknown>>;
  } | null;
}

interface WireSchema {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  schema: string;
  references?: SchemaReference[];
}

function toSubjectVersion(wire: WireSchema): SubjectVersion {
  return {
    subject: wire.subject,
    version: wire.version,
    id: wire.id,
    schemaType: wire.schemaType ?? 'AVRO',
    schema: wire.schema,
    references: (wire.references ?? []).map(({ name, subject, version }) => ({ name, subject, version })),
  };
}

/** A registry's refusal of something a promotion needs, with its own error code and message (exit 1). */
export function refusal(endpoint: RegistryEndpoint, what: string, answer: RegistryAnswer<unknown>): PromotionError {
  const body = answer.body as { error_code?: number; message?: string };
  return new PromotionError(
    'refused',
    `the ${endpoint.environment} registry refused ${what}: ${body.error_code ?? answer.status} ${body.message ?? ''}`.trim(),
    { environment: endpoint.environment, status: answer.status, errorCode: body.error_code },
  );
}
