import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgram } from '../create-program';

const contracts = join(__dirname, '..', '..', '..', '..', 'contracts');
const dir = mkdtempSync(join(tmpdir(), 'charter-profile-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const orders = (count: number, currency: (n: number) => string) =>
  Array.from({ length: count }, (_, n) =>
    JSON.stringify({
      order_id: `o-${n}`,
      amount_cents: 1_000 + ((n * 7919) % 5_000),
      currency: currency(n),
      status: 'PAID',
    }),
  ).join('\n');
const run = (...args: string[]) =>
  createProgram()
    .exitOverride()
    .parseAsync(['node', 'charter', 'profile', '--contracts', contracts, ...args]);

let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
});
afterEach(() => {
  stderr.mockRestore();
  process.exitCode = undefined;
});

describe('charter profile', () => {
  const currencies = ['EUR', 'USD', 'GBP'];
  const baseline = write(
    'baseline.jsonl',
    orders(3_000, (n) => currencies[n % 3]!),
  );
  const profile = join(dir, 'profile.json');

  it('writes a baseline, then passes a like source (exit 0) and flags a shifted one (exit 1)', async () => {
    await run('--source', baseline, '--contract', 'orders', '--out', profile, '--window-records', '1000');
    expect(JSON.parse(readFileSync(profile, 'utf8'))).toMatchObject({
      count: 3_000,
      windows: 3,
      contract: { id: 'orders' },
    });
    await run('--source', baseline, '--contract', 'orders', '--baseline', profile, '--window-records', '1000');
    expect(process.exitCode).toBe(0);
    const shifted = write(
      'shifted.jsonl',
      orders(1_000, (n) => (n % 2 ? 'JPY' : 'EUR')),
    );
    await run('--source', shifted, '--contract', 'orders', '--baseline', profile, '--window-records', '1000');
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.join('')).toContain('DRIFT currency psi');
  });

  // Bad input tried: each is a coded error (main.ts prints it and exits 2), and no profile is written.
  it.each([
    ['a missing file', ['--source', join(dir, 'missing.jsonl')], 'source-not-found'],
    ['a line that is not JSON', ['--source', write('bad.jsonl', '{"a":1}\n{oops\n')], 'invalid-jsonl'],
    ['an empty file', ['--source', write('empty.jsonl', '')], 'empty-source'],
    ['a missing CSV file', ['--source', join(dir, 'orders.csv')], 'source-not-found'],
    ['a file of no known format', ['--source', write('orders.txt', 'a,b\n1,2\n')], 'unsupported-format'],
    [
      'an unreachable postgres server (its password never shown)',
      ['--source', 'postgres://app:s3cret@127.0.0.1:1/shop', '--table', 'orders'],
      'connection-failed',
    ],
    [
      'a postgres URL with neither --table nor --query',
      ['--source', 'postgres://app:s3cret@db/shop'],
      'invalid-option',
    ],
    ['an unknown contract', ['--source', baseline, '--contract', 'nope'], 'contract-not-found'],
  ])('refuses %s', async (_name, args, code) => {
    const out = join(dir, `${code}.json`);
    const error = await run('--contract', 'orders', ...args, '--out', out).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toContain('s3cret');
    expect(() => readFileSync(out)).toThrow();
  });

  it('refuses a baseline that is not a profile, or of another contract', async () => {
    const notProfile = write('not-profile.json', '{"format":"something-else"}');
    await expect(run('--source', baseline, '--contract', 'orders', '--baseline', notProfile)).rejects.toMatchObject({
      code: 'invalid-profile',
    });
    const other = JSON.parse(readFileSync(profile, 'utf8'));
    const otherFile = write('other.json', JSON.stringify({ ...other, contract: { id: 'user-events' } }));
    await expect(run('--source', baseline, '--contract', 'orders', '--baseline', otherFile)).rejects.toMatchObject({
      code: 'invalid-profile',
    });
  });
});
