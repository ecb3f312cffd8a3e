import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Credentials, generateCredentials, readAuthorization } from './api-key-credentials';

/**
 * First start: makes an admin key with `createFirstAdmin` (which refuses when an active admin key exists) and
 * leaves `<keyId>:<secret>` in `file`, readable by its owner only (mode 0600). The file is written before the key
 * exists and renamed into place after: a key is never stored that no one can read back (a full disk or a read-only
 * directory fails the start instead of locking the admin out). Returns whether a key was made. The secret goes to
 * the file only, never to a log.
 */
export async function writeFirstAdminKey(
  file: string,
  createFirstAdmin: (credentials: Credentials) => Promise<boolean>,
): Promise<boolean> {
  const credentials = generateCredentials();
  const pending = `${file}.${process.pid}.tmp`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(pending, `${credentials.keyId}:${credentials.secret}\n`, { mode: 0o600 });
  try {
    await chmod(pending, 0o600);
    const made = await createFirstAdmin(credentials);
    if (made) await rename(pending, file);
    return made;
  } finally {
    await rm(pending, { force: true });
  }
}

/** Reads a key file written at first start: `<keyId>:<secret>`. */
export async function readKeyFile(file: string): Promise<Credentials | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const reading = readAuthorization(text === undefined ? undefined : `Bearer ${text.trim()}`);
  return reading.kind === 'credentials' ? reading.credentials : undefined;
}
