import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
// As typed in a shell: Jest's NODE_ENV=test would change turbo's hash and rebuild what is already built.
const { NODE_ENV: _jestNodeEnv, KAFKA_BROKERS: _brokers, ...shellEnv } = process.env;

function charter(args: string[], env: Record<string, string | undefined> = shellEnv) {
  const result = spawnSync('pnpm', ['--silent', 'charter', ...args], { cwd: root, encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `pnpm charter pipeline run` as a new user types it, with nothing running: it builds what it needs, starts the
 * embedded broker, a private registry with contracts/ and the pipeline, pushes the samples and checks the manifest.
 */
describe('charter pipeline run, self-contained', () => {
  it('accounts for all 1 050 samples exactly as the manifest says, and exits 0', () => {
    const run = charter(['pipeline', 'run', '--json'], { ...shellEnv, KAFKA_BROKERS: process.env.KAFKA_BROKERS });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      pipeline: string;
      ok: boolean;
      streams: Array<{ topic: string; stored: number; produced: number; deadLettered: Record<string, number> }>;
    };
    const manifest = JSON.parse(readFileSync(join(root, 'contracts', 'samples', 'manifest.json'), 'utf8')) as {
      files: Record<string, { stored: number; produced: number; deadLettered: Record<string, number> }>;
    };
    expect(report.ok).toBe(true);
    expect(report.pipeline).toContain('a private registry');
    for (const stream of report.streams) {
      const expected = manifest.files[`${stream.topic}.jsonl`]!;
      expect(stream).toMatchObject({ stored: expected.stored, produced: expected.produced });
      expect(stream.deadLettered).toEqual(expected.deadLettered);
    }
  }, 300_000);

  it('says how to point it at Kafka when the embedded broker cannot run, and exits 2', () => {
    const run = charter(['pipeline', 'run'], { ...shellEnv, CHARTER_MOCK_KAFKA_BIN: join(root, 'no-such-mock-kafka') });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no Kafka');
    expect(run.stderr).toContain('KAFKA_BROKERS');
  }, 120_000);
});
