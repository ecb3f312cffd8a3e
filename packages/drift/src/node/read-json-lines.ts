import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidInputError } from '@charter/errors';

/**
 * Streams the records of a JSON Lines file, one parsed value per non-blank line (memory bounded by one line). A line
 * that is not JSON is an `invalid-jsonl` error naming its number; a missing file `source-not-found`.
 */
export async function* readJsonLines(file: string): AsyncGenerator<unknown> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new InvalidInputError(
      'source-not-found',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line);
      } catch (error) {
        throw new InvalidInputError('invalid-jsonl', `${file}:${number}: not JSON (${(error as Error).message})`);
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
