import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countExpected, readPipelineSamples } from '@charter/cli';

const SAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'contracts', 'samples');

describe('contracts/samples', () => {
  it('is exactly what generate-samples.mjs writes (the script is the source; the files are its output)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'charter-samples-'));
    try {
      execFileSync(process.execPath, [path.join(SAMPLES_DIR, 'generate-samples.mjs'), out]);
      const written = readdirSync(out).sort();
      expect(written).toEqual(['manifest.json', 'orders.jsonl', 'user-events.jsonl']);
      for (const name of written) {
        expect(readFileSync(path.join(out, name), 'utf8')).toBe(readFileSync(path.join(SAMPLES_DIR, name), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('holds 1 050 events whose expectations agree with the manifest, every dead-letter class seeded', async () => {
    const files = await readPipelineSamples([
      path.join(SAMPLES_DIR, 'orders.jsonl'),
      path.join(SAMPLES_DIR, 'user-events.jsonl'),
    ]);
    expect(files.map((file) => [file.topic, file.samples.length, file.expectedFrom])).toEqual([
      ['orders', 600, 'manifest'],
      ['user-events', 450, 'manifest'],
    ]);
    expect(files.reduce((sum, file) => sum + file.samples.length, 0)).toBe(1_050);
    for (const file of files) {
      expect(countExpected(file.samples)).toEqual(file.expected);
      // Conservation, as seeded: every sample is refused at the edge, or produced and then stored or dead-lettered.
      const { samples, rejected, produced, stored, deadLettered } = file.expected;
      const refused = Object.values(rejected).reduce((sum, n) => sum + (n ?? 0), 0);
      expect(samples).toBe(refused + produced);
      expect(produced).toBe(stored + Object.values(deadLettered).reduce((sum, n) => sum + n, 0));
      expect(Object.keys(deadLettered).filter((name) => deadLettered[name]! > 0)).toEqual([
        'deserialization',
        'unknown-schema',
        'wrong-subject',
        'contract-violation',
        'handler-error',
      ]);
      // Both edge routes and the raw path carry samples.
      expect(new Set(file.samples.map((sample) => sample.via))).toEqual(new Set(['http', 'http-batch', 'kafka']));
    }
  });
});
