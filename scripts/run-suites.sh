#!/usr/bin/env bash
# Runs the given make targets one after the other, stops at the first that fails, and prints the
# wall time of each at the end (also after a failure): `make test` uses it for its suites.
set -uo pipefail
cd "$(dirname "$0")/.."

make_cmd=${MAKE:-make}
names=()
seconds=()
status=0

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
  start=$(date +%s)
  "$make_cmd" --no-print-directory "$target"
  status=$?
  names+=("$target")
  seconds+=($(($(date +%s) - start)))
  if [ "$status" -ne 0 ]; then
    names[-1]="$target (failed)"
    break
  fi
done

report
exit "$status"
