import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@charter/service-host';
import { readDriftBaselines } from '../drift/pipeline-drift';
import { loadPipelineConfig } from './pipeline-config';
import { readApiKey } from './read-api-key';

const KEY = 'ck_0123456789abcdef0123:cs_secret';
const problems = (environment: Record<string, string>) => {
  try {
    loadPipelineConfig(environment, '/work');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadPipelineConfig', () => {
  it('needs only Kafka: the rest has local defaults (embedded database, registry on 8081, no lineage)', () => {
    const config = loadPipelineConfig({ KAFKA_BROKERS: 'localhost:9092, other:9092' }, '/work');
    expect(config).toMatchObject({
      port: 8090,
      host: '127.0.0.1',
      database: { kind: 'embedded', dataDir: '/work/.charter/pipeline-db' },
      registry: { url: 'http://127.0.0.1:8081', apiKey: undefined },
      kafka: {
        brokers: ['localhost:9092', 'other:9092'],
        idempotent: true,
        orders: { topic: 'orders', deadLetterTopic: 'orders.dlq', groupId: 'charter-pipeline.orders' },
        userEvents: {
          topic: 'user-events',
          deadLetterTopic: 'user-events.dlq',
          groupId: 'charter-pipeline.user-events',
        },
      },
      ingest: { maxBatch: 500 },
      lineage: undefined,
    });
  });

  it('sends lineage with the same key, naming datasets as the contracts do', () => {
    const config = loadPipelineConfig(
      { KAFKA_BROKERS: 'k:9092', CHARTER_API_KEY: KEY, CHARTER_LINEAGE_URL: 'http://lineage:5000/' },
      '/work',
    );
    expect(config.registry.apiKey).toEqual({ keyId: 'ck_0123456789abcdef0123', secret: 'cs_secret' });
    expect(config.lineage).toEqual({
      url: 'http://lineage:5000',
      timeoutMs: 2_000,
      kafkaNamespace: 'kafka://kafka.charter.local:9092',
      postgresNamespace: 'postgres://staging-db.charter.local:5432',
    });
  });

  it('reads the key from a file at start, as npm start writes it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-config-'));
    try {
      writeFileSync(path.join(dir, 'admin.key'), `${KEY}\n`);
      writeFileSync(path.join(dir, 'bad.key'), 'not a key');
      const config = loadPipelineConfig({ KAFKA_BROKERS: 'k:9092', CHARTER_API_KEY_FILE: 'admin.key' }, dir);
      expect(config.registry.apiKey).toEqual({ file: path.join(dir, 'admin.key') });
      expect(await readApiKey(config.registry.apiKey)).toEqual({
        keyId: 'ck_0123456789abcdef0123',
        secret: 'cs_secret',
      });
      await expect(readApiKey({ file: path.join(dir, 'missing.key') })).rejects.toThrow(/cannot be read \(ENOENT\)/);
      await expect(readApiKey({ file: path.join(dir, 'bad.key') })).rejects.toThrow(/does not hold <keyId>:<secret>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every bad variable at once, never echoing a value', () => {
    const listed = problems({
      CHARTER_API_KEY: 'no-colon-secret',
      CHARTER_PIPELINE_PORT: 'eighty',
      CHARTER_PIPELINE_MAX_BATCH: '0',
      CHARTER_LINEAGE_URL: 'not a url',
    });
    expect(listed.map((problem) => problem.split(':')[0])).toEqual([
      'CHARTER_PIPELINE_PORT',
      'CHARTER_API_KEY',
      'KAFKA_BROKERS',
      'CHARTER_PIPELINE_MAX_BATCH',
      'CHARTER_LINEAGE_URL',
    ]);
    expect(listed.find((problem) => problem.startsWith('KAFKA_BROKERS'))).toContain('npm start');
    expect(listed.join('\n')).not.toContain('no-colon-secret');
  });

  it('profiles for drift unless told not to, with a stored baseline resolved from the working directory', () => {
    expect(loadPipelineConfig({ KAFKA_BROKERS: 'k:9092' }, '/work').drift).toEqual({ baselineFile: undefined });
    expect(loadPipelineConfig({ KAFKA_BROKERS: 'k:9092', CHARTER_PIPELINE_DRIFT: 'off' }, '/work').drift).toBe(
      undefined,
    );
    const withBaseline = loadPipelineConfig(
      { KAFKA_BROKERS: 'k:9092', CHARTER_PIPELINE_DRIFT_BASELINE: 'profiles/orders.json' },
      '/work',
    );
    expect(withBaseline.drift).toEqual({ baselineFile: '/work/profiles/orders.json' });
  });

  // Bad drift settings tried: a value other than on/off, an empty baseline path, a baseline with drift off.
  it('refuses drift settings that cannot both hold, naming the variable', () => {
    expect(problems({ KAFKA_BROKERS: 'k:9092', CHARTER_PIPELINE_DRIFT: 'yes' })).toEqual([
      'CHARTER_PIPELINE_DRIFT: must be on or off',
    ]);
    expect(problems({ KAFKA_BROKERS: 'k:9092', CHARTER_PIPELINE_DRIFT_BASELINE: ' ' })).toEqual([
      'CHARTER_PIPELINE_DRIFT_BASELINE: must name a profile file',
    ]);
    expect(
      problems({ KAFKA_BROKERS: 'k:9092', CHARTER_PIPELINE_DRIFT: 'off', CHARTER_PIPELINE_DRIFT_BASELINE: 'p.json' }),
    ).toEqual(['CHARTER_PIPELINE_DRIFT_BASELINE: is set but CHARTER_PIPELINE_DRIFT is off: unset one of them']);
  });

  // Bad baselines tried: a missing file, a file that is not JSON, JSON that is not a profile.
  it('reads the stored baseline at start, and stops on one it cannot use, naming the variable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-drift-'));
    try {
      writeFileSync(path.join(dir, 'not-json.json'), '{"format":');
      writeFileSync(path.join(dir, 'not-profile.json'), '{"format":"something-else"}');
      expect(await readDriftBaselines(undefined)).toEqual([]);
      for (const [file, code] of [
        ['missing.json', 'profile-not-found'],
        ['not-json.json', 'invalid-profile'],
        ['not-profile.json', 'invalid-profile'],
      ] as const) {
        const failure = await readDriftBaselines(path.join(dir, file)).catch((error: Error) => error);
        expect(failure).toBeInstanceOf(Error);
        expect((failure as Error & { code?: string }).code).toBe(code);
        expect((failure as Error).message).toMatch(/^CHARTER_PIPELINE_DRIFT_BASELINE: /);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
