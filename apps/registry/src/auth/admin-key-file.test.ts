import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readKeyFile, writeFirstAdminKey } from './admin-key-file';
import type { Credentials } from './api-key-credentials';

describe('the first admin key file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'charter-admin-key-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('holds the key that was made, readable by its owner only', async () => {
    const file = path.join(directory, 'nested', 'admin.key');
    const made: Credentials[] = [];
    const created = await writeFirstAdminKey(file, async (credentials) => {
      made.push(credentials);
      return true;
    });
    expect(created).toBe(true);
    expect(await readKeyFile(file)).toEqual(made[0]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['admin.key']);
  });

  it('is not written when an admin key already exists, nor when storing the key fails', async () => {
    const file = path.join(directory, 'admin.key');
    expect(await writeFirstAdminKey(file, async () => false)).toBe(false);
    await expect(
      writeFirstAdminKey(file, async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await readdir(directory)).toEqual([]);
    expect(await readKeyFile(file)).toBeUndefined();
  });

  it('exists before the key is stored (a key no one can read back is never made)', async () => {
    const file = path.join(directory, 'admin.key');
    await writeFirstAdminKey(file, async () => {
      const [pending] = await readdir(directory);
      expect(pending).toMatch(/^admin\.key\.\d+\.tmp$/);
      expect((await stat(path.join(directory, pending!))).mode & 0o777).toBe(0o600);
      return true;
    });
  });
});
