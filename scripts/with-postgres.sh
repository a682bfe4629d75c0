#!/usr/bin/env bash
# Runs a command beside a scratch PostgreSQL server on 127.0.0.1, for the store tests:
#   scripts/with-postgres.sh <command> [args...]
# The server gets a fresh cluster in a temporary directory, a free loopback port, password
# authentication only, and is stopped (and the directory removed) when the command ends. The
# command sees LKM_TEST_DATABASE_URL (a superuser URL, password included: it stays in the
# environment, never on a command line) and LKM_REQUIRE_POSTGRES=1.
set -euo pipefail

pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pg_bin/initdb" ]; then
  echo "with-postgres: no PostgreSQL server in $pg_bin (scripts/setup.sh --test installs it)" >&2
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lkm-pg-XXXXXX")
chmod 755 "$scratch"
# initdb and pg_ctl refuse to run as root: then the cluster belongs to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$scratch"
  as_owner=(runuser -u postgres --)
fi

password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
umask 077
printf '%s\n' "$password" >"$scratch/pwfile"
if [ ${#as_owner[@]} -gt 0 ]; then chown postgres: "$scratch/pwfile"; fi

cleanup() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$scratch/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$scratch/data" -U lkm --pwfile="$scratch/pwfile" \
  --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$scratch/initdb.log" 2>&1 || {
  cat "$scratch/initdb.log" >&2
  exit 1
}
rm -f "$scratch/pwfile"

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

started=0
for _ in 1 2 3 4 5; do
  port=$(free_port)
  if "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$scratch/data" -l "$scratch/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$scratch -c fsync=off -c max_connections=200" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ "$started" -ne 1 ]; then
  echo "with-postgres: the PostgreSQL server did not start; its log:" >&2
  cat "$scratch/server.log" >&2 || true
  exit 1
fi

export LKM_TEST_DATABASE_URL="postgresql://lkm:$password@127.0.0.1:$port/postgres"
export LKM_REQUIRE_POSTGRES=1
"$@"
