#!/usr/bin/env bash
# The README's run command. Until the registry lands (issue #3), "Charter" is the schema engine at work on this
# repository's contracts: every subject under contracts/ is checked version by version and the report printed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_pnpm
install_dependencies
pnpm exec turbo run build --filter=@charter/cli... --output-logs=errors-only
say "checking contracts/ (charter check --level ${CHARTER_LEVEL:-BACKWARD_TRANSITIVE})"
node packages/cli/dist/main.js check contracts --level "${CHARTER_LEVEL:-BACKWARD_TRANSITIVE}" "$@"
