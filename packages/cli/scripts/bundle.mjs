// Bundles the charter command into bundle/main.js for `pnpm pack`: the workspace packages it uses
// (@charter/contracts, @charter/schema) are private, so the packed CLI carries them, and every third-party
// dependency with them, in one file that needs nothing installed beside it.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = dirname(dirname(fileURLToPath(import.meta.url)));
const packages = dirname(cli);
const outdir = join(cli, 'bundle');

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(cli, 'src', 'main.ts')],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Built from the workspace packages' sources, so a stale or missing dist/ cannot end up in the tarball.
  alias: {
    '@charter/contracts/node': join(packages, 'contracts', 'src', 'node', 'index.ts'),
    '@charter/chaos': join(packages, 'chaos', 'src', 'index.ts'),
    '@charter/checks/node': join(packages, 'checks', 'src', 'node', 'index.ts'),
    '@charter/checks': join(packages, 'checks', 'src', 'index.ts'),
    '@charter/enforcement/kafka': join(packages, 'enforcement', 'src', 'kafka', 'index.ts'),
    '@charter/enforcement': join(packages, 'enforcement', 'src', 'index.ts'),
    '@charter/contracts': join(packages, 'contracts', 'src', 'index.ts'),
    '@charter/drift/node': join(packages, 'drift', 'src', 'node', 'index.ts'),
    '@charter/drift': join(packages, 'drift', 'src', 'index.ts'),
    '@charter/errors': join(packages, 'errors', 'src', 'index.ts'),
    '@charter/schema': join(packages, 'schema', 'src', 'index.ts'),
    '@charter/notify': join(packages, 'notify', 'src', 'index.ts'),
    '@charter/runbook/node': join(packages, 'runbook', 'src', 'node', 'index.ts'),
    '@charter/runbook': join(packages, 'runbook', 'src', 'index.ts'),
    '@charter/sla/node': join(packages, 'sla', 'src', 'node', 'index.ts'),
    '@charter/sla': join(packages, 'sla', 'src', 'index.ts'),
  },
  // The test broker is for `charter pipeline run` inside the repository only (it starts the apps from their builds);
  // the packed CLI says so before it would load it.
  // DuckDB is a native addon that cannot be inlined: `charter checkpoint` on a file loads it when asked and, if it is
  // not installed beside the packed CLI, says how to install it (Postgres sources need nothing). pg's optional native
  // binding is never used.
  external: ['@charter/testkit', '@duckdb/node-api', 'pg-native'],
  legalComments: 'eof',
  logLevel: 'warning',
});
