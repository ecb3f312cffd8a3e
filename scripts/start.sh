#!/usr/bin/env bash
# The README's run command: install, build, then run the registry (port 8081, PORT overrides), the lineage service
# (5000, CHARTER_LINEAGE_PORT) and the sample pipeline (8090, CHARTER_PIPELINE_PORT; Kafka from KAFKA_BROKERS or the
# embedded broker) with scripts/start-services.mjs, which applies contracts/ and the sample lineage and prints where
# everything is, and the web console (8080, CHARTER_WEB_PORT) in front of both. With no DATABASE_URL the services keep their data in an embedded PostgreSQL (PGlite)
# under .charter/; with no REDIS_URL the registry caches in process only. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_pnpm
say "installing dependencies and building (output shown only if something fails)"
quietly install_dependencies || { say "dependency install failed"; exit 1; }
quietly pnpm exec turbo run build --filter=@charter/registry... --filter=@charter/lineage... --filter=@charter/cli... \
  --filter=@charter/pipeline... --filter=@charter/testkit --filter=@charter/web \
  --output-logs=errors-only || { say "the build failed"; exit 1; }
exec node scripts/start-services.mjs
