#!/usr/bin/env bash
# Runs the given make targets one after the other, stops at the first that fails, and prints the
# wall time of each at the end (also after a failure): `make test` uses it for its suites.
#
# SUITES_BACKGROUND (make targets), SUITES_BACKGROUND_AFTER and SUITES_BACKGROUND_BEFORE (suite
# names): once the suite named by _AFTER has passed, the background targets build at the lowest
# priority while the next suites run, on the cycles those leave idle (browsers and servers waiting
# on one another); the suite named by _BEFORE waits for them first. The build runs in a session of
# its own (one process group to end together), which the scheduler's autogroups treat as a group
# of its own: so the group's nice value is raised to 19, not only the processes', and its disk
# access is of the idle class. Its output goes to build/background.log; a failure there is left to
# the suite that needs the build, which makes the same target again in the foreground. A build
# left over by an earlier run that was killed (build/background.pid) is ended first.
set -uo pipefail
cd "$(dirname "$0")/.."

make_cmd=${MAKE:-make}
background=${SUITES_BACKGROUND:-}
background_after=${SUITES_BACKGROUND_AFTER:-}
background_before=${SUITES_BACKGROUND_BEFORE:-}
background_pid=
background_start=0
names=()
seconds=()
status=0

pid_file=build/background.pid

stop_background() {
  if [ -n "$background_pid" ] && kill -0 "$background_pid" 2>/dev/null; then
    # Its own process group (setsid): make and the compilers under it end together.
    kill -TERM -- "-$background_pid" 2>/dev/null
    wait "$background_pid" 2>/dev/null
  fi
  rm -f "$pid_file"
}
trap stop_background EXIT

# A leftover of a killed run: its process group, if it still is one of this tree's builds.
if [ -f "$pid_file" ]; then
  old=$(cat "$pid_file")
  if [[ "$old" =~ ^[0-9]+$ ]] && grep -qs "run-suites-background" "/proc/$old/environ"; then
    kill -TERM -- "-$old" 2>/dev/null
  fi
  rm -f "$pid_file"
fi

wait_for_background() {
  [ -n "$background_pid" ] || return 0
  local waited_from
  waited_from=$(date +%s)
  wait "$background_pid"
  local result=$?
  echo "background build ($background): exit $result after $(($(date +%s) - background_start)) s," \
    "waited $(($(date +%s) - waited_from)) s for it"
  background_pid=
  rm -f "$pid_file"
}

report() {
  echo
  echo "suite wall times:"
  local total=0
  for i in "${!names[@]}"; do
    printf '  %-32s %5d s\n' "${names[$i]}" "${seconds[$i]}"
    total=$((total + seconds[i]))
  done
  printf '  %-32s %5d s\n' "total" "$total"
}

for target in "$@"; do
  [ "$target" = "$background_before" ] && wait_for_background
  start=$(date +%s)
  "$make_cmd" --no-print-directory "$target"
  status=$?
  names+=("$target")
  seconds+=($(($(date +%s) - start)))
  if [ "$status" -ne 0 ]; then
    names[-1]="$target (failed)"
    break
  fi
  if [ "$target" = "$background_after" ] && [ -n "$background" ]; then
    mkdir -p build
    background_start=$(date +%s)
    # shellcheck disable=SC2086 # the targets are words
    LKM_BACKGROUND=run-suites-background setsid nice -n 19 ionice -c 3 \
      "$make_cmd" --no-print-directory $background >build/background.log 2>&1 &
    background_pid=$!
    echo "$background_pid" >"$pid_file"
    # The new session's autogroup: at nice 19, it gets only what the suites leave. Written only once
    # the session exists (before, the autogroup would still be this script's own).
    for _ in $(seq 1 100); do
      session=$(awk '{ print $6 }' "/proc/$background_pid/stat" 2>/dev/null) || break
      if [ "$session" = "$background_pid" ]; then
        echo 19 >"/proc/$background_pid/autogroup" 2>/dev/null || true
        break
      fi
      sleep 0.02
    done
  fi
done

report
exit "$status"
