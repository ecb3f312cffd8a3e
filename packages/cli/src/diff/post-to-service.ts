import { type DiffService, DiffServiceError } from './diff-service-error';

/** How `charter diff` talks to a service: where, with which key (and where that key came from), how long to wait. */
export interface ServiceConnection {
  service: DiffService;
  /** Base URL, no trailing slash. */
  url: string;
  /** The Authorization header, when a key was given. */
  authorization: string | undefined;
  /** Where the key came from, for messages (`CHARTER_API_KEY`, `--key`, `--key-file <path>`); never the key. */
  keySource: string | undefined;
  timeoutMs: number;
}

const NAMES: Record<DiffService, string> = { lineage: 'the lineage service', registry: 'the registry' };
const FLAGS: Record<DiffService, string> = { lineage: '--lineage-url', registry: '--registry-url' };

/**
 * POSTs JSON and gives the status and parsed body of a 2xx or 4xx answer. Throws DiffServiceError: `unreachable`
 * for a refused connection, a timeout, a 5xx or a 429 (too busy, or throttling failed keys); `unauthorized` for
 * 401/403; `bad-answer` for a 404 (no such route: a wrong URL).
 */
export async function postToService(
  connection: ServiceConnection,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { service, url, authorization, keySource, timeoutMs } = connection;
  const where = `${NAMES[service]} at ${url}`;
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DiffServiceError(
      'unreachable',
      service,
      `${where} is unreachable (${describeFailure(error, timeoutMs)})`,
    );
  }
  const text = await response.text().catch(() => '');
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    // not JSON: keep the status, the body says nothing we read
  }
  if (response.status >= 500 || response.status === 429) {
    throw new DiffServiceError('unreachable', service, `${where} answered ${response.status} to POST ${path}`);
  }
  if (response.status === 401 || response.status === 403) {
    const key =
      keySource === undefined
        ? 'no API key was given: set CHARTER_API_KEY, or pass --key or --key-file'
        : `check the key from ${keySource}`;
    const refusal = response.status === 401 ? 'refused the API key' : 'does not let the API key do this';
    throw new DiffServiceError('unauthorized', service, `${where} ${refusal} (${response.status}): ${key}`);
  }
  if (response.status === 404) {
    throw new DiffServiceError(
      'bad-answer',
      service,
      `${where} has no POST ${path} (404): is ${FLAGS[service]} right?`,
    );
  }
  return { status: response.status, body: parsed };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
