#!/usr/bin/env bash
# The README's run command: install, build, start the registry on port 8081 (PORT overrides), register the sample
# schemas under contracts/, then keep running until Ctrl-C. With no DATABASE_URL the registry keeps its data in an
# embedded PostgreSQL (PGlite) under .charter/; with no REDIS_URL it caches in process only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_pnpm
install_dependencies
pnpm exec turbo run build --filter=@charter/registry... --filter=@charter/cli... --output-logs=errors-only

export PORT="${PORT:-8081}"
url="http://localhost:${PORT}"
if [ -z "${DATABASE_URL:-}" ]; then say "database: embedded PostgreSQL in ${CHARTER_DATA_DIR:-.charter}/registry-db (set DATABASE_URL for a server)"; fi
if [ -z "${REDIS_URL:-}" ]; then say "cache: in-process (set REDIS_URL to share it between replicas)"; fi

node apps/registry/dist/main.js &
registry=$!
trap 'kill -TERM "$registry" 2>/dev/null; wait "$registry"; exit 0' INT TERM

if ! node scripts/wait-ready.mjs "$url/ready" 60000; then
  say "the registry did not become ready; see its log above"
  kill -TERM "$registry" 2>/dev/null || true
  exit 1
fi
node packages/cli/dist/main.js register contracts --registry "$url" || say "some sample schemas were refused (see above)"
say "registry ready at $url  (API docs: $url/docs, metrics: $url/metrics); Ctrl-C stops it"
wait "$registry"
