// Test helper: the browser tests run against the built console (what users get), rebuilt when its sources changed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const WEB_DIR = path.resolve(__dirname, '..');
export const APP_DIR = path.join(WEB_DIR, 'dist', 'app');
const LOCK_DIR = path.join(WEB_DIR, 'dist', '.build-lock');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.mts', 'package.json'];

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, child)));
  return newest;
}

function isFresh(): boolean {
  const index = path.join(APP_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((source) => newestChange(path.join(WEB_DIR, source)) <= built);
}

/**
 * Builds apps/web/dist/app with Vite unless it is newer than every source. Test files in parallel workers take a
 * lock directory, so one builds while the others wait for it.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!isFresh()) {
    mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
    let locked = false;
    try {
      mkdirSync(LOCK_DIR);
      locked = true;
    } catch {
      // another worker is building; a lock older than two minutes is a crashed build's
      if (Date.now() - statSync(LOCK_DIR, { throwIfNoEntry: false })!.mtimeMs > 120_000)
        rmSync(LOCK_DIR, { force: true, recursive: true });
    }
    if (locked) {
      try {
        if (!isFresh()) {
          execFileSync(
            process.execPath,
            [path.join(WEB_DIR, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
            {
              cwd: WEB_DIR,
              stdio: ['ignore', 'ignore', 'pipe'],
              // Jest sets NODE_ENV=test, which libraries read to compile code out: build what users get.
              env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
            },
          );
        }
      } finally {
        rmSync(LOCK_DIR, { force: true, recursive: true });
      }
      return;
    }
    if (Date.now() > deadline) throw new Error('waited two minutes for another test worker to build the console');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
