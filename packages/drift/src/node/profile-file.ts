import { readFile, rename, writeFile } from 'node:fs/promises';
import { InvalidInputError } from '@charter/errors';
import { parseStoredProfile, type StoredProfile } from '../profile/stored-profile';

/** Reads a stored profile (`charter profile --out`): `profile-not-found`, or `invalid-profile` for anything else. */
export async function readProfileFile(file: string): Promise<StoredProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(
      'profile-not-found',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('invalid-profile', `${file} is not JSON: ${(error as Error).message}`);
  }
  return parseStoredProfile(value);
}

/** Writes the profile whole or not at all (a temporary file renamed over the target). */
export async function writeProfileFile(file: string, profile: StoredProfile): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(profile, null, 2)}\n`);
  await rename(temporary, file);
}
