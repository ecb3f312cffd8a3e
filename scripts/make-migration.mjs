#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
// Generate prisma/migrations/<timestamp>_<name>/migration.sql from prisma/schema.prisma
// with Prisma's WebAssembly schema engine (no native engine, no Prisma CLI). Run it from an app's directory
// (e.g. `pnpm --filter @charter/registry db:migration add_x`): the engine packages are resolved from there.
//
//   node scripts/make-migration.mjs <name> [--schema prisma/schema.prisma] [--migrations prisma/migrations] [--pglite]
//
// No previous migrations: diff from `empty`.
// Previous migrations: the engine replays them into a shadow database and diffs that against the schema.
// Either DATABASE_URL points to a Postgres server where the user may CREATE DATABASE (a throw-away
// prisma_shadow_<uuid> is created and dropped), or --pglite uses in-memory PGlite (no server needed).
// Either way the engine opens a connection at start-up, even for a diff from `empty`.
// Writes nothing (exit 0) when the schema has no changes.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// Resolve the engine and adapters from the app being migrated (pnpm installs them there, not at the root).
const require = createRequire(path.join(process.cwd(), 'package.json'));
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    schema: { type: 'string', default: 'prisma/schema.prisma' },
    migrations: { type: 'string', default: 'prisma/migrations' },
    pglite: { type: 'boolean', default: false }, // use in-memory PGlite instead of DATABASE_URL
  },
});
const name = (positionals[0] ?? '').replace(/[^A-Za-z0-9_]/g, '_');
if (!name) {
  console.error('usage: node make-migration.mjs <name> [--schema file] [--migrations dir] [--pglite]');
  process.exit(64);
}
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

// ---- 1. Load the wasm engine by hand -------------------------------------------------------------
// The package's entry does `import * as wasm from "./schema_engine_bg.wasm"` (ESM wasm integration),
// which Node 20 cannot load. Instantiate the .wasm ourselves against the JS glue module.
// The glue calls global.PRISMA_WASM_PANIC_REGISTRY.set_message(msg) on a Rust panic: define it first.
let lastPanic = '';
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(m) {
    lastPanic = `RuntimeError: ${m}`;
  },
};
const bg = await import(pathToFileURL(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')).href);
const wasmPath = path.join(
  path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
  'schema_engine_bg.wasm',
);
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), { './schema_engine_bg.js': bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

// ---- 2. A migration-aware driver adapter factory ------------------------------------------------
const pg = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');

// adapter-pg throws "Unsupported column type char" on Postgres's internal "char" type (OID 18),
// which the engine's introspection queries return (pg_class.relkind, pg_constraint.contype, ...).
// Report it to the adapter as text (OID 25). Must patch the same `pg` module instance adapter-pg uses.
for (const pgMod of process.env.NO_CHAR_FIX
  ? []
  : new Set([pg, createRequire(require.resolve('@prisma/adapter-pg'))('pg')])) {
  const addFields = pgMod.Result.prototype.addFields;
  if (addFields.__charPatched) continue;
  pgMod.Result.prototype.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return addFields.call(this, fields);
  };
  pgMod.Result.prototype.addFields.__charPatched = true;
}

// PrismaPg's own connectToShadowDb is broken when configured with a connectionString: it builds
// `new Pool({ connectionString, database: shadow })` and pg lets the connection string win, so the
// "shadow" is the real database: migrations get replayed INTO DATABASE_URL's database (tables left
// behind, next run fails with 'relation "Schema" already exists'). Supply our own: create
// prisma_shadow_<uuid>, hand back an adapter for it, drop it on dispose.
// (USE_PRISMAPG_SHADOW=1 / NO_CHAR_FIX=1 switch the workarounds off, to reproduce the failures.)
function migrationAwareFactory(url) {
  const base = new PrismaPg({ connectionString: url });
  if (process.env.USE_PRISMAPG_SHADOW) return base; // reproduces the bug above
  return {
    provider: 'postgres',
    adapterName: base.adapterName,
    connect: () => base.connect(),
    async connectToShadowDb() {
      const db = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${db}"`);
      const u = new URL(url);
      u.pathname = `/${db}`;
      const adapter = await new PrismaPg({ connectionString: u.toString() }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
        await admin.end();
      };
      return adapter;
    },
  };
}

// ---- 3. Build the engine and diff ---------------------------------------------------------------
const schemaPath = path.resolve(opts.schema);
const schemaFiles = [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }];
const migrationsDir = path.resolve(opts.migrations);
const lockPath = path.join(migrationsDir, 'migration_lock.toml');
const existing = fs.existsSync(migrationsDir)
  ? fs
      .readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];
const filters = { externalTables: [], externalEnums: [] };

const log = (msg) => {
  if (process.env.DEBUG_SCHEMA_ENGINE) console.error('[engine]', msg);
};
// SchemaEngine.new connects right away (even for a diff from `empty`), so the database must be reachable.
let factory;
if (opts.pglite) {
  // No server at all: an in-memory PGlite as the "dev" database; pglite-prisma-adapter's
  // connectToShadowDb() gives a fresh in-memory PGlite as the shadow database.
  const { PGlite } = require('@electric-sql/pglite');
  const { PrismaPGlite } = require('pglite-prisma-adapter');
  factory = new PrismaPGlite(new PGlite());
} else {
  factory = migrationAwareFactory(DATABASE_URL);
}
const engine = await bg.SchemaEngine.new(
  { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
  log,
  bindMigrationAwareSqlAdapterFactory(factory),
);

const from =
  existing.length === 0
    ? { tag: 'empty' }
    : {
        tag: 'migrations',
        baseDir: migrationsDir,
        lockfile: { path: lockPath, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
        shadowDbInitScript: '',
        migrationDirectories: existing.map((dir) => {
          const file = path.join(migrationsDir, dir, 'migration.sql');
          return {
            path: dir,
            migrationFile: {
              path: 'migration.sql',
              content: fs.existsSync(file)
                ? { tag: 'ok', value: fs.readFileSync(file, 'utf8') }
                : { tag: 'error', value: 'missing migration.sql' },
            },
          };
        }),
      };

let result;
try {
  result = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: schemaFiles },
    script: true,
    exitCode: true,
    filters,
  });
} catch (e) {
  console.error('diff failed:', e?.message ?? e, lastPanic);
  process.exit(1);
} finally {
  engine.free();
}

// exitCode: 0 = no difference, 2 = difference (because we passed exitCode: true)
if (result.exitCode === 0) {
  console.log('No schema changes; no migration written.');
  process.exit(0);
}
const ts = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS (UTC), like Prisma
const dir = path.join(migrationsDir, `${ts}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), result.stdout);
if (!fs.existsSync(lockPath)) {
  fs.writeFileSync(
    lockPath,
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
}
console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}`);
process.exit(0);
