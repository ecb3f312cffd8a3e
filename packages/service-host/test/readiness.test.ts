import { Readiness } from '../src/operations/readiness';

describe('Readiness', () => {
  it('is ready when every critical dependency is up, and reports the others as they are', async () => {
    const readiness = new Readiness([
      { name: 'database', critical: true, check: async () => 'up' },
      { name: 'cache', critical: false, check: () => 'redis-down' },
    ]);
    await expect(readiness.check()).resolves.toEqual({ status: 'ready', database: 'up', cache: 'redis-down' });
  });

  it('is unavailable when a critical dependency fails, throws or hangs', async () => {
    const failing = new Readiness([{ name: 'database', critical: true, check: () => Promise.reject(new Error('x')) }]);
    await expect(failing.check()).resolves.toEqual({ status: 'unavailable', database: 'down' });

    const degraded = new Readiness([{ name: 'store', critical: true, check: () => 'read-only' }]);
    await expect(degraded.check()).resolves.toMatchObject({ status: 'unavailable', store: 'read-only' });

    const tolerant = new Readiness([
      { name: 'store', critical: true, check: () => 'read-only', healthy: ['up', 'read-only'] },
    ]);
    await expect(tolerant.check()).resolves.toMatchObject({ status: 'ready' });

    const hanging = new Readiness(
      [{ name: 'database', critical: true, check: () => new Promise<string>(() => undefined) }],
      100,
    );
    const started = Date.now();
    await expect(hanging.check()).resolves.toEqual({ status: 'unavailable', database: 'down' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('says stopping once marked, and carries warnings', async () => {
    const readiness = new Readiness([{ name: 'database', critical: true, check: () => 'up' }]);
    readiness.warn({ code: 'unparseable-schemas', message: 'm', schemaIds: [7] });
    readiness.markStopping();
    await expect(readiness.check()).resolves.toEqual({
      status: 'stopping',
      database: 'up',
      warnings: [{ code: 'unparseable-schemas', message: 'm', schemaIds: [7] }],
    });
  });
});
