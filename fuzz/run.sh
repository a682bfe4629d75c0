#!/usr/bin/env bash
# Runs the libFuzzer targets one after the other. Each target first replays every input of its seed
# corpus (fuzz/corpus/<target>/, whole: the regression inputs may be longer than the fuzzing length
# limit), then fuzzes for SECONDS on a scratch copy of the seeds (new inputs go to
# $WORK/corpus/<target>, never to fuzz/corpus). Exits non-zero when a target finds a crash, leak,
# sanitizer report or timeout, or the server logs an error; the input is left in $WORK/artifacts/.
#   fuzz/run.sh SECONDS [TARGET...]        targets: token_verifier base64url query http_session
#                                        jwks id_token
# Environment: BUILD_DIR (build-fuzz), WORK (BUILD_DIR/fuzz-work), FUZZ_ARGS (extra libFuzzer flags),
# FUZZ_FRESH=1 (start from the seeds alone: empties $WORK first, for a run of bounded length).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(token_verifier base64url query http_session jwks id_token)
build=${BUILD_DIR:-build-fuzz}
work=${WORK:-$build/fuzz-work}

# Per target, for fuzzing: the longest input worth trying, and a dictionary of the format's words.
# For every run (common): the HTTP session's server threads allocate on their own schedule, so
# libFuzzer's per-input leak check (malloc and free counts around each input) would fire on every
# input: that target is checked for leaks once, when the run ends and the server has been stopped.
declare -A options=(
  [token_verifier]="-max_len=9000 -dict=fuzz/dict/token.dict"
  [base64url]="-max_len=4096"
  [query]="-max_len=4096"
  [http_session]="-max_len=16384 -dict=fuzz/dict/http.dict"
  [jwks]="-max_len=16384 -dict=fuzz/dict/oidc.dict"
  [id_token]="-max_len=17000 -dict=fuzz/dict/oidc.dict"
)
declare -A common=(
  [http_session]="-detect_leaks=0"
)
[[ ${FUZZ_FRESH:-0} == 1 ]] && rm -rf "$work"

# The server's own log: an error line means a handler or a connection failed.
server_errors() {
  if grep -qE '^[0-9T:.-]+Z error ' "$1"; then
    grep -E '^[0-9T:.-]+Z error ' "$1" | head -5 >&2
    return 0
  fi
  return 1
}

failed=()
for target in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$target
  if [[ ! -x $binary ]]; then
    echo "fuzz: $binary is missing (cmake --preset fuzz && cmake --build --preset fuzz)" >&2
    exit 2
  fi
  mkdir -p "$work/corpus/$target" "$work/artifacts"
  seeds=(fuzz/corpus/"$target"/*)
  log=$work/$target-replay.log
  echo "fuzz: $target: replaying ${#seeds[@]} seed inputs (log: $log)"
  # shellcheck disable=SC2086
  "$binary" -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/$target-" \
    ${common[$target]:-} ${FUZZ_ARGS:-} "${seeds[@]}" >"$log" 2>&1
  status=$?
  server_errors "$log" && status=1
  if [[ $status -ne 0 ]]; then
    echo "fuzz: $target FAILED on a seed input (exit $status); end of $log:" >&2
    tail -n 40 "$log" >&2
    failed+=("$target")
    continue
  fi

  log=$work/$target.log
  echo "fuzz: $target for ${seconds}s (log: $log)"
  # shellcheck disable=SC2086
  "$binary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target-" ${options[$target]:-} ${common[$target]:-} \
    ${FUZZ_ARGS:-} "$work/corpus/$target" "fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  server_errors "$log" && status=1
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
