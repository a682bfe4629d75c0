#!/usr/bin/env bash
# Builds what the benchmarks need, then runs them (bench/bench.mjs): the microbenchmarks, and
# livekit-meet, a plain Node.js peer and nginx on 127.0.0.1 under wrk. See docs/performance.md.
#
#   bench/run.sh                                  all cases, 3 runs of 10 s each
#   BENCH_DURATION=3 BENCH_RUNS=1 bench/run.sh    a quick look
#   BENCH_CASES=connection-details bench/run.sh   only the cases whose id matches
#   BENCH_CASES=store bench/run.sh                /healthz with a busy PostgreSQL store, fast and
#                                                 300 ms late (under scripts/with-postgres.sh)
#
# BENCH_CONFIGURE_ARGS is added to the configure step of the release build (e.g. a compiler).
# bench.mjs ends every server it started by its process id, on exit and on SIGINT/SIGTERM/SIGHUP.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in cmake ninja node npm wrk /usr/sbin/nginx; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: ${tool} is missing; run scripts/setup.sh --bench" >&2
    exit 2
  fi
done

echo "== web app (web/dist)"
make --no-print-directory web

echo "== livekit-meet, release build (build-release)"
# shellcheck disable=SC2086  # BENCH_CONFIGURE_ARGS is a list of arguments
cmake --preset release ${BENCH_CONFIGURE_ARGS:-} >/dev/null
cmake --build --preset release

echo "== microbenchmarks (build-bench)"
cmake --preset bench >/dev/null
cmake --build --preset bench

echo "== node peer (bench/node-peer)"
make --no-print-directory bench/node-peer/node_modules/.package-lock.json

echo "== benchmarks"
# The store-* cases (/healthz while a PostgreSQL store is busy, fast or late) need a PostgreSQL
# server: when BENCH_CASES chooses one, bench.mjs runs beside a scratch one (scripts/with-postgres.sh)
# if PostgreSQL is installed (scripts/setup.sh --test), and skips them otherwise.
# shellcheck disable=SC2016  # the script is JavaScript
if node -e 'const re = process.argv[1] ? new RegExp(process.argv[1]) : null;
  process.exit(["store-fast/livekit-meet", "store-slow/livekit-meet"].some((id) => !re || re.test(id)) ? 0 : 1)' \
  "${BENCH_CASES:-}"; then
  if [[ -n ${LKM_TEST_DATABASE_URL:-} ]]; then
    exec node bench/bench.mjs
  elif [ -x "${PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ] && command -v psql >/dev/null 2>&1; then
    exec scripts/with-postgres.sh node bench/bench.mjs
  fi
  echo "bench: no PostgreSQL server installed: the store-* cases are skipped" >&2
fi
exec node bench/bench.mjs
