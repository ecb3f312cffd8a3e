import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The version in this package's package.json, read when asked. The file sits one directory above this module
 * whether it runs from `src/` (tests), `dist/` (the workspace build) or `bundle/` (the packed CLI).
 */
export function readPackageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('package.json of @charter/cli has no version');
  return manifest.version;
}
