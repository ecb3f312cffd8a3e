import { ActionFailedError } from '../builtin-actions';

/** A Charter service an action calls: its base URL and the Authorization header (never logged). */
export interface ServiceEndpoint {
  url: string;
  authorization?: string;
}

export interface ServiceAnswer<T> {
  status: number;
  body: T;
}

/**
 * One JSON request to a Charter service, under the step's signal. A non-2xx answer becomes an ActionFailedError
 * naming the service, the status and the service's own error code and message (never the key); `accept` lists
 * statuses the caller handles itself (a 404 meaning "not set").
 */
export async function callService<T = unknown>(
  service: ServiceEndpoint & { name: string },
  request: {
    method: string;
    path: string;
    body?: unknown;
    signal: AbortSignal;
    accept?: number[];
    headers?: Record<string, string>;
  },
): Promise<ServiceAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (service.authorization) headers.authorization = service.authorization;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${service.url}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason ?? error;
    throw new ActionFailedError(`${service.name} unreachable: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  if (response.ok || request.accept?.includes(response.status)) return { status: response.status, body: body as T };
  const wire = body as { error_code?: number; message?: string; code?: string } | undefined;
  throw new ActionFailedError(
    `${service.name} answered ${request.method} ${request.path} with ${response.status}` +
      (wire?.error_code !== undefined || wire?.code !== undefined
        ? ` (${wire.error_code ?? wire.code}): ${wire.message ?? ''}`
        : ''),
    { status: response.status, errorCode: wire?.error_code ?? wire?.code ?? null },
  );
}
