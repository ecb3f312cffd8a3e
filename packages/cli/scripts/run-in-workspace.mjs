// `pnpm charter <command> [args]` at the repository root: builds the CLI and the workspace packages it needs
// (turbo: a no-op when nothing changed), then runs it with the arguments, working directory and exit status
// unchanged. turbo's output is shown only when the build fails.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dirname(cli));

// `charter pipeline run` starts the pipeline and a registry from their builds: build those too.
const filters = ['--filter=@charter/cli...'];
if (process.argv[2] === 'pipeline') filters.push('--filter=@charter/pipeline...', '--filter=@charter/registry...');
const build = spawnSync(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', ...filters, '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`charter: building the CLI failed${build.error ? ` (${build.error.message})` : ''}\n`);
  process.exit(build.status || 1);
}

// Ctrl-C reaches the CLI directly (same process group): this wrapper must outlive it, so that the CLI's cleanup (a
// drill removing its fault) is not cut off from the terminal and its exit status (130) is passed on.
for (const signal of ['SIGINT', 'SIGHUP']) process.on(signal, () => {});

// pnpm runs root scripts in the root; INIT_CWD is where the command was typed, so relative paths mean the same.
const run = spawnSync(process.execPath, [join(cli, 'dist', 'main.js'), ...process.argv.slice(2)], {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdio: 'inherit',
});
if (run.signal) process.kill(process.pid, run.signal);
process.exit(run.status ?? 1);
