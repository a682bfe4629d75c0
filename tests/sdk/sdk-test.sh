#!/usr/bin/env bash
# The installed SDK as a consumer sees it: builds examples/ against an installation (a tree made by
# `cmake --install` or by extracting the -dev package) through its CMake package files, checks its
# pkg-config files by compiling one example by hand, then runs tests/sdk/*.test.mjs against the
# built examples.
#
#   tests/sdk/sdk-test.sh <prefix>      e.g. tests/sdk/sdk-test.sh /tmp/lkm-sdk-prefix
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 <install prefix holding include/ and lib/>" >&2
  exit 2
fi
prefix=$(cd "$1" && pwd)
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lkm-sdk-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
started=$(date +%s)

step() { echo "# $*"; }
die() {
  echo "not ok - $1" >&2
  [ $# -lt 2 ] || echo "$2" >&2
  exit 1
}

# The library directory is lib/ or lib/<multiarch>/ (GNUInstallDirs): the one with the .pc files.
pc_file=$(find "$prefix" -path '*/pkgconfig/livekit-meet.pc' -print -quit)
[ -n "$pc_file" ] || die "livekit-meet.pc under $prefix"
pkgconfig_dir=$(dirname "$pc_file")
libdir=$(dirname "$pkgconfig_dir")
step "SDK in $prefix, libraries in $libdir"

# --- the examples through find_package ----------------------------------------------------------
build="$scratch/build"
step "configuring examples/ into $build"
if ! cmake -S "$repo/examples" -B "$build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  >"$scratch/configure.log" 2>&1; then
  die "cmake configures examples/" "$(cat "$scratch/configure.log")"
fi
# The packages must come from the prefix, not from a copy installed elsewhere on the machine.
for package in LiveKitServerSDK LiveKitMeet; do
  found=$(sed -n "s/^${package}_DIR:PATH=//p" "$build/CMakeCache.txt")
  case "$found" in
    "$prefix"/*) ;;
    *) die "find_package($package) finds the prefix's package" "found: $found" ;;
  esac
done
if ! cmake --build "$build" >"$scratch/build.log" 2>&1; then
  die "examples/ builds with -Wall -Wextra -Wpedantic -Werror" "$(cat "$scratch/build.log")"
fi
echo "ok - examples/ configures and builds against the installed SDK"

# --- pkg-config ---------------------------------------------------------------------------------
export PKG_CONFIG_PATH="$pkgconfig_dir"
flags=$(pkg-config --cflags --libs livekit-meet) || die "pkg-config --cflags --libs livekit-meet"
# The .pc files name their directories relative to themselves (${pcfiledir}): they must lead back
# into this prefix.
includedir=$(pkg-config --variable=includedir livekit-meet)
[ "$(realpath "$includedir")" = "$prefix/include" ] ||
  die "pkg-config's includedir is the prefix's include/" "$includedir"
[ "$(realpath "$(pkg-config --variable=libdir livekit-server-sdk)")" = "$(realpath "$libdir")" ] ||
  die "pkg-config's libdir is $libdir" "$(pkg-config --variable=libdir livekit-server-sdk)"
echo "ok - pkg-config livekit-meet: $flags"
# shellcheck disable=SC2086  # the flags are words
if ! g++ -std=c++20 -Wall -Wextra -Wpedantic -Werror "$repo/examples/mint_token.cpp" \
  -o "$scratch/mint_token" $flags 2>"$scratch/g++.log"; then
  die "g++ compiles and links examples/mint_token.cpp with pkg-config's flags" "$(cat "$scratch/g++.log")"
fi
# Built by hand, it has no run path to the libraries: the loader must be told where they are.
token=$(env -i LD_LIBRARY_PATH="$libdir" LIVEKIT_API_KEY=APIsdkTest \
  LIVEKIT_API_SECRET=sdk-test-secret-0123456789-abcdefghijkl \
  "$scratch/mint_token" --room demo --identity ada) || die "the hand-built mint_token runs"
[[ "$token" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] ||
  die "the hand-built mint_token prints a JWT" "$token"
echo "ok - mint_token built with pkg-config's flags prints a token"

# --- the tests ----------------------------------------------------------------------------------
# CMake gives the programs it builds a RUNPATH to the imported libraries. That covers the
# libraries a program needs itself, not those its libraries need (a RUNPATH is not inherited), so
# the loader is asked (ldd) and LD_LIBRARY_PATH set only if it finds nothing for some library.
for program in mint_token verify_token webhook_cgi room_service embedded_meet meet_contract; do
  step "$program: $(readelf -d "$build/$program" | sed -n 's/.*(RUNPATH) *//p')"
  resolved=$(ldd "$build/$program")
  if [[ "$resolved" == *"not found"* ]]; then
    export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    step "$program does not find every library by itself: LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    break
  fi
done

cd "$repo/tests"
status=0
LKM_EXAMPLES_DIR="$build" node --test --test-concurrency=1 sdk/ || status=$?
echo "# sdk test took $(($(date +%s) - started)) s"
exit "$status"
