import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from './find-free-port';
import { runCommand } from './run-command';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

/** A PostgreSQL server of a test's own, which the test may stop and start (the shared one must never be). */
export interface PrivatePostgres {
  /** An admin URL (`postgres` user, trust auth, database `postgres`). */
  url: string;
  port: number;
  /** Fast shutdown: every client is disconnected and new connections are refused until {@link start}. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory; safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * Creates a throw-away cluster with `initdb` (about half a second) and starts it on a free port. Needs the
 * PostgreSQL server binaries (Debian's `postgresql` package; `CHARTER_PG_BINDIR` names another directory). As root,
 * the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binDir = findPostgresBinaries();
  const root = await mkdtemp(path.join(os.tmpdir(), 'charter-pg-'));
  const dataDir = path.join(root, 'data');
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const { uid, gid } = await postgresUser();
    await chown(root, uid, gid);
  }
  const run = (program: string, args: string[]) =>
    isRoot
      ? runCommand('runuser', ['-u', 'postgres', '--', path.join(binDir, program), ...args])
      : runCommand(path.join(binDir, program), args);

  await run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await findFreePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(root, 'server.log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  await start();
  let running = true;
  let destroyed = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await stop();
      running = false;
    },
    start: async () => {
      await start();
      running = true;
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      if (running) await stop().catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

function findPostgresBinaries(): string {
  const configured = process.env.CHARTER_PG_BINDIR;
  if (configured) return configured;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((name) => existsSync(path.join(base, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new TestkitError(
      TestkitErrorCode.ServiceUnavailable,
      'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql; install the postgresql package or set CHARTER_PG_BINDIR',
    );
  }
  return path.join(base, versions[0]!, 'bin');
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const output = await runCommand('id', ['-u', 'postgres']).catch(() => '');
  const groupOutput = await runCommand('id', ['-g', 'postgres']).catch(() => '');
  const uid = Number(output.trim());
  const gid = Number(groupOutput.trim());
  if (!output.trim() || Number.isNaN(uid)) {
    throw new TestkitError(
      TestkitErrorCode.ServiceUnavailable,
      'running as root, but there is no postgres user to run a private PostgreSQL server as',
    );
  }
  return { uid, gid };
}
