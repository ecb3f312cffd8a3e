#!/usr/bin/env bash
# The README's run command: install, build, start the registry on port 8081 (PORT overrides) and the lineage service
# on 5000 (CHARTER_LINEAGE_PORT), apply contracts/ (ownership, schemas, contracts) with the admin key the first start
# writes, load the sample lineage flow, then keep running until Ctrl-C. With no DATABASE_URL the registry keeps its data in an
# embedded PostgreSQL (PGlite) under .charter/; with no REDIS_URL it caches in process only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_pnpm
install_dependencies
pnpm exec turbo run build --filter=@charter/registry... --filter=@charter/lineage... --filter=@charter/cli... --output-logs=errors-only

export PORT="${PORT:-8081}"
url="http://localhost:${PORT}"
if [ -z "${DATABASE_URL:-}" ]; then say "database: embedded PostgreSQL in ${CHARTER_DATA_DIR:-.charter}/registry-db (set DATABASE_URL for a server)"; fi
if [ -z "${REDIS_URL:-}" ]; then say "cache: in-process (set REDIS_URL to share it between replicas)"; fi

export CHARTER_LINEAGE_PORT="${CHARTER_LINEAGE_PORT:-5000}"
lineage_url="http://localhost:${CHARTER_LINEAGE_PORT}"
# The registry keeps its caches within CHARTER_MEMORY_BUDGET_MB (default 1024); V8's heap gets half of it.
registry_heap_mb=$(( ${CHARTER_MEMORY_BUDGET_MB:-1024} / 2 ))
CHARTER_LINEAGE_URL="${CHARTER_LINEAGE_URL:-http://localhost:${CHARTER_LINEAGE_PORT}}" \
  node --max-old-space-size="$registry_heap_mb" apps/registry/dist/main.js &
registry=$!
CHARTER_REGISTRY_URL="$url" node apps/lineage/dist/main.js &
lineage=$!
trap 'kill -TERM "$registry" "$lineage" 2>/dev/null; wait "$registry" "$lineage"; exit 0' INT TERM

for service in "registry $url" "lineage $lineage_url"; do
  set -- $service
  if ! node scripts/wait-ready.mjs "$2/ready" 60000; then
    say "the $1 service did not become ready; see its log above"
    kill -TERM "$registry" "$lineage" 2>/dev/null || true
    exit 1
  fi
done
key_file="${CHARTER_ADMIN_KEY_FILE:-${CHARTER_DATA_DIR:-.charter}/admin.key}"
key_args=()
if [ "${CHARTER_AUTH:-on}" = "off" ]; then
  say "authentication is OFF (CHARTER_AUTH=off): local development only"
elif [ -n "${CHARTER_ADMIN_KEY:-}" ]; then
  key_args=(--key "$CHARTER_ADMIN_KEY")
elif [ -f "$key_file" ]; then
  key_args=(--key-file "$key_file")
  say "admin API key: $key_file  (keyId:secret; e.g. curl -u \"\$(cat $key_file)\" $url/subjects)"
else
  say "no admin key file at $key_file (an admin key already existed); set CHARTER_ADMIN_KEY to apply contracts/"
fi
node packages/cli/dist/main.js apply contracts --registry "$url" "${key_args[@]}" || say "contracts/ was not fully applied (see above)"
node packages/cli/dist/main.js lineage-push contracts/lineage/sample-flow.json --lineage "$lineage_url" "${key_args[@]}" \
  || say "the sample lineage was not fully loaded (see above)"
say "registry ready at $url  (API docs: $url/docs, metrics: $url/metrics)"
say "lineage ready at $lineage_url  (OpenLineage: POST $lineage_url/api/v1/lineage; impact: POST $lineage_url/impact); Ctrl-C stops both"
wait "$registry" "$lineage"
