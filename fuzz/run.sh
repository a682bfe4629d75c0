#!/usr/bin/env bash
# Runs the libFuzzer targets one after the other, each for SECONDS, on a scratch copy of the seed
# corpus (new inputs go to $WORK/corpus/<target>, never to fuzz/corpus). Exits non-zero when a
# target finds a crash, leak, sanitizer report or timeout, or the server logs an error; the input
# is left in $WORK/artifacts/.
#   fuzz/run.sh SECONDS [TARGET...]        targets: token_verifier base64url query http_session
# Environment: BUILD_DIR (build-fuzz), WORK (BUILD_DIR/fuzz-work), FUZZ_ARGS (extra libFuzzer flags).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(token_verifier base64url query http_session)
build=${BUILD_DIR:-build-fuzz}
work=${WORK:-$build/fuzz-work}

# Per target: the longest input worth trying, and a dictionary of the format's words. The HTTP
# session's server threads allocate on their own schedule, so libFuzzer's per-input leak check
# (malloc and free counts around each input) would fire on every input: that target is checked
# for leaks once, when the run ends and the server has been stopped.
declare -A options=(
  [token_verifier]="-max_len=9000 -dict=fuzz/dict/token.dict"
  [base64url]="-max_len=4096"
  [query]="-max_len=4096"
  [http_session]="-max_len=16384 -dict=fuzz/dict/http.dict -detect_leaks=0"
)

failed=()
for target in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$target
  if [[ ! -x $binary ]]; then
    echo "fuzz: $binary is missing (cmake --preset fuzz && cmake --build --preset fuzz)" >&2
    exit 2
  fi
  mkdir -p "$work/corpus/$target" "$work/artifacts"
  log=$work/$target.log
  echo "fuzz: $target for ${seconds}s (log: $log)"
  # shellcheck disable=SC2086
  "$binary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target-" ${options[$target]:-} ${FUZZ_ARGS:-} \
    "$work/corpus/$target" "fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  # The server's own log: an error line means a handler or a connection failed.
  if grep -qE '^[0-9T:.-]+Z error ' "$log"; then
    grep -E '^[0-9T:.-]+Z error ' "$log" | head -5 >&2
    status=1
  fi
  grep -E '^(#[0-9]+\s+DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" |
    sed "s/^/  /"
  if [[ $status -ne 0 ]]; then
    echo "fuzz: $target FAILED (exit $status); end of $log:" >&2
    tail -n 40 "$log" >&2
    failed+=("$target")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in: ${failed[*]} (inputs in $work/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no findings"
