import { readFile } from 'node:fs/promises';

export interface PushedEvent {
  index: number;
  status: number;
  /** For refusals: the service's message and, for invalid events, each violation `path code`. */
  error?: string;
}

export interface PushLineageOptions {
  file: string;
  /** The lineage service's base URL, e.g. `http://localhost:5000`. */
  lineageUrl: string;
  headers?: Record<string, string>;
}

/**
 * Sends OpenLineage events from a file (a JSON array, or one event per line) to `POST /api/v1/lineage` in order,
 * one at a time, as an OpenLineage HTTP transport would. A refused event is reported and the rest still go.
 */
export async function pushLineageEvents(options: PushLineageOptions): Promise<PushedEvent[]> {
  const text = await readFile(options.file, 'utf8');
  const trimmed = text.trim();
  const events: unknown[] = trimmed.startsWith('[')
    ? (JSON.parse(trimmed) as unknown[])
    : trimmed
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
  const url = `${options.lineageUrl.replace(/\/+$/, '')}/api/v1/lineage`;
  const results: PushedEvent[] = [];
  for (const [index, event] of events.entries()) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(event),
    });
    const body = (await response.json().catch(() => ({}))) as {
      message?: string;
      violations?: Array<{ path: string; code: string }>;
    };
    results.push(
      response.ok
        ? { index, status: response.status }
        : {
            index,
            status: response.status,
            error: body.violations
              ? body.violations.map((violation) => `${violation.path || '/'} ${violation.code}`).join('; ')
              : (body.message ?? `HTTP ${response.status}`),
          },
    );
  }
  return results;
}
