#!/usr/bin/env bash
# Helpers shared by scripts/start.sh and scripts/test.sh. Human text goes to stderr.
PNPM_VERSION=12.21.0
# Turbo prints a telemetry notice and phones home unless told not to.
export TURBO_TELEMETRY_DISABLED=1

say() { printf '[charter] %s\n' "$*" >&2; }

# Make `pnpm` (the version package.json pins) available on a machine that has only Node and npm.
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    return
  fi
  say "installing pnpm $PNPM_VERSION with npm"
  if ! npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1; then
    say "global install refused; using npx pnpm@$PNPM_VERSION"
    pnpm() { npx --yes "pnpm@$PNPM_VERSION" "$@"; }
  fi
  hash -r
}

install_dependencies() {
  if [ -n "${CI:-}" ]; then
    pnpm install --frozen-lockfile
  else
    pnpm install
  fi
}

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    say "cannot install $* here (needs root and apt-get); see README 'Services' to point Charter at your own"
    return 1
  fi
  if [ -z "${CHARTER_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    export CHARTER_APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Runs a command with its output kept aside; prints it only when the command fails.
quietly() {
  local log
  log="$(mktemp)"
  if "$@" >"$log" 2>&1; then
    rm -f "$log"
  else
    local status=$?
    cat "$log" >&2
    rm -f "$log"
    return $status
  fi
}
