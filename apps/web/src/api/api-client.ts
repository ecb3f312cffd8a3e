import { ApiError, CONSOLE_ERRORS, type Service, toApiError } from './api-error';

/** Where each service is, relative to the console's origin (the console server proxies them). */
export const API_BASE: Record<Service, string> = {
  registry: '/api/registry',
  lineage: '/api/lineage',
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** The key to send instead of the signed-in one (sign-in verifies a key before keeping it). */
  key?: string;
}

/** The one way the console talks to Charter's APIs: JSON in and out, the key as a header, errors as ApiError. */
export class ApiClient {
  constructor(
    private readonly getKey: () => string | undefined,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  get<T>(service: Service, path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(service, path, { ...options, method: 'GET' });
  }

  post<T>(service: Service, path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return this.request<T>(service, path, { ...options, method: 'POST', body });
  }

  async request<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = options.key ?? this.getKey();
    if (key) headers.authorization = `Bearer ${key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(buildUrl(service, path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(service, 0, CONSOLE_ERRORS.network, 'the console server cannot be reached');
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (!response.ok) throw toApiError(service, response.status, undefined);
      throw new ApiError(service, response.status, CONSOLE_ERRORS.badResponse, `${service} answered with non-JSON`);
    }
    if (!response.ok) throw toApiError(service, response.status, body);
    return body as T;
  }
}

/** `/api/<service><path>?query`, each path segment the caller interpolated already encoded by {@link segment}. */
export function buildUrl(service: Service, path: string, query?: RequestOptions['query']): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.set(name, String(value));
  }
  const suffix = search.size > 0 ? `?${search.toString()}` : '';
  return `${API_BASE[service]}${path}${suffix}`;
}

/** One path segment, encoded (subject names may hold `/`, `?`, `#`, `<`…). */
export const segment = (value: string | number) => encodeURIComponent(String(value));
