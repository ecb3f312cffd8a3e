import { waitUntil } from '../src/wait-until';

describe('waitUntil', () => {
  it('returns the first value that is done, asking again until then', async () => {
    let asks = 0;
    const value = await waitUntil(
      () => ++asks,
      (count) => count >= 3,
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
    expect(asks).toBe(3);
  });

  it('throws at its deadline, naming what it waited for and the last value seen', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        () => ({ events: 1 }),
        (stats) => stats.events === 2,
        { timeoutMs: 60, intervalMs: 5, what: 'two events' },
      ),
    ).rejects.toThrow('timed out after 60 ms waiting for two events; last saw {"events":1}');
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it('counts a read that throws as not done, and reports its last error', async () => {
    let asks = 0;
    const value = await waitUntil(
      () => {
        asks += 1;
        if (asks < 3) throw new Error('not listening yet');
        return 'up';
      },
      (state) => state === 'up',
      { intervalMs: 1 },
    );
    expect(value).toBe('up');
    await expect(
      waitUntil(
        () => Promise.reject(new Error('connection refused')),
        () => true,
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow('last saw an error: connection refused');
  });
});
