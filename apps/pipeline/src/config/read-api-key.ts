import { readFile } from 'node:fs/promises';
import { API_KEY, type ApiKeySource, splitKey } from './pipeline-config';

/**
 * The API key, reading it from its file when the configuration names one (at start: `npm start`'s registry writes
 * `.charter/admin.key` on its first start, before the pipeline's). A file that cannot be read or does not hold
 * `<keyId>:<secret>` stops the start; the message names the variable, never the content.
 */
export async function readApiKey(source: ApiKeySource): Promise<{ keyId: string; secret: string } | undefined> {
  if (source === undefined || !('file' in source)) return source;
  let text: string;
  try {
    text = (await readFile(source.file, 'utf8')).trim();
  } catch (error) {
    throw new Error(`CHARTER_API_KEY_FILE ${source.file} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (!API_KEY.test(text)) throw new Error(`CHARTER_API_KEY_FILE ${source.file} does not hold <keyId>:<secret>`);
  return splitKey(text);
}
