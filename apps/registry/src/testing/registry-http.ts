export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export const SR_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * A thin fetch wrapper for tests: JSON in (as Confluent clients send it), JSON or text out, never throws on 4xx.
 * Sends the given key as HTTP Basic (as Confluent clients do); `undefined` sends no Authorization at all.
 */
export class RegistryHttp {
  constructor(
    readonly url: string,
    readonly key?: { keyId: string; secret: string },
  ) {}

  /** The same registry as another key (or as nobody). */
  as(key: { keyId: string; secret: string } | undefined): RegistryHttp {
    return new RegistryHttp(this.url, key);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const authorization: Record<string, string> = this.key
      ? { authorization: `Basic ${Buffer.from(`${this.key.keyId}:${this.key.secret}`).toString('base64')}` }
      : {};
    const init: RequestInit = { method, headers: { 'content-type': SR_CONTENT_TYPE, ...authorization, ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${this.url}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  put<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }

  delete<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  /** POST /subjects/{s}/versions with an Avro or JSON schema given as an object or text. */
  register(subject: string, schema: unknown, extra: Record<string, unknown> = {}) {
    const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
    return this.post<{ id: number; version: number; error_code?: number; message?: string }>(
      `/subjects/${encodeURIComponent(subject)}/versions`,
      { schema: text, ...extra },
    );
  }
}

/** An Avro record with the given fields (each `[name, type]` or `[name, type, default]`). */
export function avroRecord(name: string, fields: Array<[string, unknown] | [string, unknown, unknown]>) {
  return {
    type: 'record',
    name,
    fields: fields.map(([field, type, ...rest]) =>
      rest.length > 0 ? { name: field, type, default: rest[0] } : { name: field, type },
    ),
  };
}
