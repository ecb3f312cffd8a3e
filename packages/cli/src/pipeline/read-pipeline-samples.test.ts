import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPipelineSamples, SamplesError } from './read-pipeline-samples';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'charter-samples-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sample = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 's', topic: 'orders', via: 'http', expect: 'stored', value: {}, ...overrides });
const write = (name: string, lines: string[]) => {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return join(dir, name);
};

describe('readPipelineSamples', () => {
  it('counts what a run must report from the samples when no manifest lists the file', async () => {
    const file = write('orders.jsonl', [
      sample(),
      sample({ expect: 'stored:duplicate' }),
      sample({ expect: 'rejected:contract' }),
      sample({ via: 'kafka', frame: 'truncated', expect: 'dead-letter:deserialization' }),
    ]);
    const [read] = await readPipelineSamples([file]);
    expect(read).toMatchObject({
      topic: 'orders',
      expectedFrom: 'samples',
      expected: {
        samples: 4,
        rejected: { schema: 0, rule: 0, contract: 1 },
        produced: 3,
        stored: 2,
        duplicates: 1,
        deadLettered: { deserialization: 1, 'handler-error': 0 },
      },
    });
  });

  it('takes the manifest beside the file, and refuses one that disagrees with the samples', async () => {
    const file = write('orders.jsonl', [sample()]);
    const counts = {
      samples: 1,
      rejected: {},
      produced: 1,
      stored: 1,
      duplicates: 0,
      deadLettered: {},
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: { 'orders.jsonl': counts } }));
    expect((await readPipelineSamples([file]))[0]!.expectedFrom).toBe('manifest');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ files: { 'orders.jsonl': { ...counts, stored: 2, produced: 2 } } }),
    );
    await expect(readPipelineSamples([file])).rejects.toThrow(/differ from .*manifest\.json/);
  });

  it.each([
    ['not JSON', ['{']],
    ['an unknown route', [sample({ via: 'smtp' })]],
    ['a Kafka sample without a frame', [sample({ via: 'kafka' })]],
    ['an unknown expectation', [sample({ expect: 'dead-letter:lost' })]],
    ['two topics in one file', [sample(), sample({ topic: 'user-events' })]],
    ['no samples', []],
  ])('refuses %s, naming the file and line', async (_, lines) => {
    const file = write('bad.jsonl', lines);
    await expect(readPipelineSamples([file])).rejects.toBeInstanceOf(SamplesError);
    await expect(readPipelineSamples([file])).rejects.toThrow(file);
  });
});
