#!/usr/bin/env bash
# Runs the libFuzzer targets, FUZZ_JOBS at a time (one per core by default). Each target first
# replays every input of its seed corpus (fuzz/corpus/<target>/, whole: the regression inputs may be
# longer than the fuzzing length limit), then fuzzes for SECONDS on a scratch copy of the seeds (new inputs go to
# $WORK/corpus/<target>, never to fuzz/corpus). Exits non-zero when a target finds a crash, leak,
# sanitizer report or timeout, or the server logs an error; the input is left in $WORK/artifacts/.
#   fuzz/run.sh SECONDS [TARGET...]        targets: token_verifier base64url query http_session
#                                        jwks id_token
# Environment: BUILD_DIR (build-fuzz), WORK (BUILD_DIR/fuzz-work), FUZZ_ARGS (extra libFuzzer flags),
# FUZZ_JOBS (targets at a time), FUZZ_FRESH=1 (start from the seeds alone: empties $WORK first, for a run of bounded length).
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

# One target: its seeds replayed, then fuzzed; what it prints goes to $work/<target>.console.
run_target() {
  local target=$1
  local binary=$build/fuzz/fuzz_$target
  mkdir -p "$work/corpus/$target" "$work/artifacts"
  local seeds=(fuzz/corpus/"$target"/*)
  local log=$work/$target-replay.log
  echo "fuzz: $target: replaying ${#seeds[@]} seed inputs (log: $log)"
  # shellcheck disable=SC2086
  "$binary" -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/$target-" \
    ${common[$target]:-} ${FUZZ_ARGS:-} "${seeds[@]}" >"$log" 2>&1
  local status=$?
  server_errors "$log" && status=1
  if [[ $status -ne 0 ]]; then
    echo "fuzz: $target FAILED on a seed input (exit $status); end of $log:"
    tail -n 40 "$log"
    return 1
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
    echo "fuzz: $target FAILED (exit $status); end of $log:"
    tail -n 40 "$log"
    return 1
  fi
}

for target in "${targets[@]}"; do
  if [[ ! -x $build/fuzz/fuzz_$target ]]; then
    echo "fuzz: $build/fuzz/fuzz_$target is missing (cmake --preset fuzz && cmake --build --preset fuzz)" >&2
    exit 2
  fi
done

# FUZZ_JOBS targets at a time (default: one per core); each prints its part when it is done.
jobs=${FUZZ_JOBS:-$(nproc)}
mkdir -p "$work"
failed=()
pids=()
names=()
finish_one() {
  local i=$1
  if ! wait "${pids[$i]}"; then failed+=("${names[$i]}"); fi
  cat "$work/${names[$i]}.console"
}
next=0
for target in "${targets[@]}"; do
  # The oldest running target is waited for once every lane is busy (they run equally long).
  while [[ $((${#pids[@]} - next)) -ge $jobs ]]; do
    finish_one "$next"
    next=$((next + 1))
  done
  run_target "$target" >"$work/$target.console" 2>&1 &
  pids+=($!)
  names+=("$target")
done
while [[ $next -lt ${#pids[@]} ]]; do
  finish_one "$next"
  next=$((next + 1))
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in: ${failed[*]} (inputs in $work/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no findings"
