#!/usr/bin/env bash
# Start (or install, then start) the local services the tests need, unless the environment points elsewhere:
#   DATABASE_URL  -> PostgreSQL   REDIS_URL -> Redis   KAFKA_BROKERS -> a Kafka cluster   CHARTER_CHROMIUM -> a browser
# Without KAFKA_BROKERS the testkit runs librdkafka's mock cluster, which needs librdkafka-dev and a C compiler.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 50); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  say "$what did not come up"; return 1
}

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then say "PostgreSQL: using DATABASE_URL"; return; fi
  command -v pg_isready >/dev/null 2>&1 || apt_install postgresql
  if pg_isready -q -h 127.0.0.1 -p 5432; then say "PostgreSQL: running on 127.0.0.1:5432"; return; fi
  [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ] || apt_install postgresql
  say "PostgreSQL: starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  wait_for "PostgreSQL" pg_isready -q -h 127.0.0.1 -p 5432
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then say "Redis: using REDIS_URL"; return; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then say "Redis: running on 127.0.0.1:6379"; return; fi
  say "Redis: starting a local server (keeps nothing on disk)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for "Redis" sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
}

ensure_kafka_toolchain() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then say "Kafka: using KAFKA_BROKERS"; return; fi
  local missing=()
  [ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
  command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  say "Kafka: tests use librdkafka's mock cluster (built by @charter/testkit)"
}

# The web console's browser tests drive Debian's headless Chromium through playwright-core (no browser download).
ensure_chromium() {
  if [ -n "${CHARTER_CHROMIUM:-}" ]; then say "Chromium: using CHARTER_CHROMIUM"; return; fi
  if [ -x /usr/bin/chromium ]; then say "Chromium: /usr/bin/chromium"; return; fi
  apt_install chromium
}

ensure_postgres
ensure_redis
ensure_chromium
ensure_kafka_toolchain
