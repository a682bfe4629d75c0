#!/usr/bin/env bash
# A bounded soak (docs/performance.md, "Soak"): builds livekit-meet and the web app if needed, then
# runs bench/soak.mjs, which starts the server on 127.0.0.1, sends a fixed rate of mixed requests
# for a fixed time while sampling the server's RSS and open descriptors, and fails when a request
# failed or RSS or descriptors grew beyond their bounds after the warm-up.
#
#   bench/soak.sh                                 500 req/s for 3 minutes
#   SOAK_DURATION=60 SOAK_WARMUP=15 bench/soak.sh a shorter look
#   SOAK_RATE=1000 bench/soak.sh                  another rate
#
# Settings are environment variables, listed at the top of bench/soak.mjs. LKM_SOAK_BINARY names
# another binary (e.g. build-release/livekit-meet); then nothing is built.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z ${LKM_SOAK_BINARY:-} ]]; then
  echo "== livekit-meet and the web app (make build)"
  make --no-print-directory build
fi
exec node bench/soak.mjs
