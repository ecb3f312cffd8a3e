import { boundCheckRun, type CheckRunDocument } from '@charter/checks';

export interface PostCheckRunOptions {
  registryUrl: string;
  headers: Record<string, string>;
  run: CheckRunDocument;
  fetch?: typeof fetch;
}

/** The registry's answer to `POST /checks`: 201 stored, 200 already stored under this run_id. */
export interface PostedCheckRun {
  status: number;
  id: string;
  /** Results left out to fit the registry's 1 000, passing ones first. */
  omitted: number;
}

/**
 * Keeps a run on the registry (`POST /checks`), bounded as the registry stores runs (boundCheckRun: 1 000 results,
 * failing ones first, 20 examples, 4 096-character messages, statistics recomputed; a run within the bounds is sent
 * as printed). Throws with the registry's message on anything but 200/201.
 */
export async function postCheckRun(options: PostCheckRunOptions): Promise<PostedCheckRun> {
  const url = `${options.registryUrl.replace(/\/+$/, '')}/checks`;
  const { run: body, omitted } = boundCheckRun(options.run);
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new Error(`cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.status !== 200 && response.status !== 201) {
    let message = text.slice(0, 500);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {}
    throw new Error(`POST ${url} answered ${response.status}: ${message}`);
  }
  let id = options.run.run_id;
  try {
    id = (JSON.parse(text) as { id?: string }).id ?? id;
  } catch {}
  return { status: response.status, id, omitted };
}
