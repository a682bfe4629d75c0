#!/usr/bin/env bash
# Installs what livekit-meet needs on Debian bookworm, and only what is missing, through apt-get
# (directly as root, through sudo otherwise).
#   scripts/setup.sh          build and run: compiler, CMake, Boost 1.81, OpenSSL, CLI11, GoogleTest,
#                             SQLite, libpq, toml++, Node.js (builds the web app)
#   scripts/setup.sh --test   also Debian's Chromium (browser tests) and its fonts, the PostgreSQL
#                             server (store tests), clang with libFuzzer and its sanitizer runtimes
#                             (fuzz targets: libclang-rt-14-dev holds libclang_rt.fuzzer), the
#                             sqlite3 shell (integrity checks in the full-disk test), nginx, Caddy
#                             and openssl (reverse-proxy and HTTPS tests), curl and systemd-analyze
#                             (package test), Doxygen (the SDK's API reference, make docs)
#   scripts/setup.sh --docs   also Doxygen (make docs)
#   scripts/setup.sh --bench  also wrk, nginx, Google Benchmark and PostgreSQL (bench/)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libcli11-dev libgtest-dev libgmock-dev libsqlite3-dev libpq-dev libtomlplusplus-dev
)
# Debian's Node.js and npm are used when none is installed.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
case "${1:-}" in
  --test) packages+=(chromium fonts-liberation postgresql clang libclang-rt-14-dev sqlite3 nginx caddy \
    openssl curl systemd doxygen) ;;
  --docs) packages+=(doxygen) ;;
  --bench) packages+=(wrk nginx libbenchmark-dev postgresql) ;;
  "") ;;
  *) echo "setup: unknown option ${1} (use --test, --docs or --bench)" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "setup: run as root or install sudo, to install: ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}"
