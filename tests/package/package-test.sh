#!/usr/bin/env bash
# The Debian packages and `make install`: builds the packages (make package), checks what they
# declare and hold, extracts them into a scratch root and runs the binary from there (it must serve
# the web app installed under that root), builds and runs a program of one's own against the SDK
# of livekit-meet-dev there, then checks a DESTDIR installation under another prefix.
# Every wait is bounded; the servers started here are stopped by their pids.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lkm-package-XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; [ $# -lt 2 ] || echo "  $2"; }
# check NAME COMMAND...: runs COMMAND, counts the result.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}
finish() {
  echo "package test: $passed passed, $failed failed"
  if [ "$failed" -eq 0 ]; then exit 0; fi
  exit 1
}

# --- build -------------------------------------------------------------------------------------
# PACKAGE_PRESET (the Makefile's): release by default; `make test` passes dev, whose tree its unit
# tests have built already, so the packaging is checked without compiling everything once more.
preset=${PACKAGE_PRESET:-release}
tree=build-$preset
[ "$preset" = dev ] && tree=build
version=$(sed -n 's/^project(livekit-meet VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
deb="$tree/livekit-meet_${version}_${arch}.deb"
dev_deb="$tree/livekit-meet-dev_${version}_${arch}.deb"
rm -f "$deb" "$dev_deb"
started=$(date +%s)
if ! make --no-print-directory package PACKAGE_PRESET="$preset" >"$scratch/make-package.log" 2>&1; then
  tail -n 40 "$scratch/make-package.log"
  not_ok "make package"
  finish
fi
echo "# make package took $(($(date +%s) - started)) s"
check "make package writes $deb" test -f "$deb"
check "make package writes $dev_deb" test -f "$dev_deb"
[ -f "$deb" ] && [ -f "$dev_deb" ] || finish

# --- control data ------------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
check "Package is livekit-meet" test "$(field Package)" = livekit-meet
check "Version is $version" test "$(field Version)" = "$version"
check "Architecture is $arch" test "$(field Architecture)" = "$arch"
check "Maintainer is set" test -n "$(field Maintainer)"
check "Section is set" test -n "$(field Section)"
check "Description is set" test -n "$(field Description)"

control="$scratch/control"
dpkg-deb -e "$deb" "$control"
expected_conffiles=$'/etc/livekit-meet/livekit-meet.env\n/etc/livekit-meet/livekit-meet.toml'
check "conffiles are the files under /etc/livekit-meet" \
  test "$(sort "$control/conffiles" 2>/dev/null)" = "$expected_conffiles"
for script in postinst prerm postrm; do
  check "$script is an executable shell script" \
    bash -c '[ -x "$1" ] && sh -n "$1"' _ "$control/$script"
done

# --- contents ----------------------------------------------------------------------------------
listing="$scratch/listing"
dpkg-deb -c "$deb" >"$listing"
mode_of() { awk -v p="./$1" '$6 == p { print $1 }' "$listing"; }
check "the binary is usr/bin/livekit-meet, executable" test "$(mode_of usr/bin/livekit-meet)" = -rwxr-xr-x
check "the web app is under usr/share/livekit-meet/web" \
  test "$(mode_of usr/share/livekit-meet/web/index.html)" = -rw-r--r--
check "the unit is usr/lib/systemd/system/livekit-meet.service" \
  test "$(mode_of usr/lib/systemd/system/livekit-meet.service)" = -rw-r--r--
check "the environment file is /etc/livekit-meet/livekit-meet.env, mode 0600" \
  test "$(mode_of etc/livekit-meet/livekit-meet.env)" = -rw-------
check "the settings example is /etc/livekit-meet/livekit-meet.toml" \
  test "$(mode_of etc/livekit-meet/livekit-meet.toml)" = -rw-r--r--
for doc in README.md deploy.md livekit-meet.toml livekit-meet.env.example; do
  check "usr/share/doc/livekit-meet/$doc" test -n "$(mode_of "usr/share/doc/livekit-meet/$doc")"
done
check "the binary is the only program (no test tools)" \
  test "$(awk '$1 ~ /^-..x/ { print $6 }' "$listing")" = ./usr/bin/livekit-meet

root="$scratch/root"
dpkg-deb -x "$deb" "$root"
binary="$root/usr/bin/livekit-meet"

# Every library the binary links directly must come from a package named in Depends.
depends=$(field Depends)
while read -r soname path; do
  # Merged /usr: the package may have registered the file under /lib or /usr/lib.
  real=$(readlink -f "$path")
  owner=
  for candidate in "$path" "$real" "${real#/usr}" "/usr${path}"; do
    owner=$(dpkg -S "$candidate" 2>/dev/null | grep -v '^diversion' | head -n 1 | cut -d: -f1) ||
      owner=
    [ -z "$owner" ] || break
  done
  if [ -z "$owner" ]; then
    not_ok "Depends covers $soname" "no Debian package holds $path"
  elif [[ ", $depends" == *", $owner "* || ", $depends," == *", $owner,"* ]]; then
    ok "Depends covers $soname ($owner)"
  else
    not_ok "Depends covers $soname ($owner)" "Depends: $depends"
  fi
done < <(ldd "$binary" | awk 'NR == FNR { needed[$1] = 1; next } ($1 in needed) { print $1, $3 }' \
  <(objdump -p "$binary" | awk '$1 == "NEEDED" { print $2 }') -)
for package in libsqlite3-0 libpq5 libssl3 libtomlplusplus3; do
  check "Depends names $package" bash -c '[[ ", $1," == *", $2 "* ]]' _ "$depends" "$package"
done

unit="$root/usr/lib/systemd/system/livekit-meet.service"
check "the unit starts /usr/bin/livekit-meet with the settings file" \
  grep -qx 'ExecStart=/usr/bin/livekit-meet serve --config /etc/livekit-meet/livekit-meet.toml' "$unit"
settings="$root/etc/livekit-meet/livekit-meet.toml"
check "the settings file names the state directory" \
  grep -qx 'data-dir = "/var/lib/livekit-meet"' "$settings"
check "config check accepts the shipped settings file" bash -c \
  '"$1" config check --config "$2" | grep -qx "data-dir = \"/var/lib/livekit-meet\"  # config file"' \
  _ "$binary" "$settings"
check "the packaged unit is packaging/livekit-meet.service" cmp -s "$unit" packaging/livekit-meet.service
if command -v systemd-analyze >/dev/null 2>&1; then
  # verify wants the ExecStart binary to exist: point it at the extracted one. Warnings (unknown or
  # malformed settings) do not change its exit code, so any output fails too.
  sed "s#/usr/bin/livekit-meet#$binary#" "$unit" >"$scratch/livekit-meet.service"
  if out=$(systemd-analyze verify "$scratch/livekit-meet.service" 2>&1) && [ -z "$out" ]; then
    ok "systemd-analyze verify accepts the unit"
  else
    not_ok "systemd-analyze verify accepts the unit" "$out"
  fi
else
  echo "ok - systemd-analyze verify # SKIP systemd-analyze is not installed"
fi

# --- livekit-meet-dev -------------------------------------------------------------------------
dev_field() { dpkg-deb -f "$dev_deb" "$1"; }
check "the SDK package is livekit-meet-dev" test "$(dev_field Package)" = livekit-meet-dev
check "its Version is $version" test "$(dev_field Version)" = "$version"
check "its Section is libdevel" test "$(dev_field Section)" = libdevel
check "it has a Description" test -n "$(dev_field Description)"
dev_listing="$scratch/dev-listing"
dpkg-deb -c "$dev_deb" | awk '{ print $6 }' >"$dev_listing"
for file in include/livekit/server_sdk.hpp include/livekit/meet.hpp include/livekit/version.hpp \
  lib/liblivekit-server-sdk.so.$version lib/liblivekit-meet.so.$version \
  lib/cmake/LiveKitServerSDK/LiveKitServerSDKConfig.cmake \
  lib/cmake/LiveKitServerSDK/LiveKitServerSDKConfigVersion.cmake \
  lib/cmake/LiveKitMeet/LiveKitMeetConfig.cmake lib/cmake/LiveKitMeet/LiveKitMeetConfigVersion.cmake \
  lib/pkgconfig/livekit-server-sdk.pc lib/pkgconfig/livekit-meet.pc; do
  check "livekit-meet-dev holds usr/$file" grep -qx "./usr/$file" "$dev_listing"
done
check "livekit-meet holds no headers or libraries" bash -c '! grep -qE "^\./usr/(include|lib/lib)" <(dpkg-deb -c "$1" | awk "{ print \$6 }")' _ "$deb"
dpkg-deb -x "$dev_deb" "$root"
major_minor=${version%.*}
for library in livekit-server-sdk livekit-meet; do
  file="$root/usr/lib/lib$library.so.$version"
  check "lib$library has the SONAME lib$library.so.$major_minor" \
    bash -c 'objdump -p "$1" | grep -qE "SONAME +$2\$"' _ "$file" "lib$library.so.$major_minor"
  exported=$(nm -DC --defined-only "$file" | awk '{ $1 = ""; $2 = ""; print }' | sed 's/^ *//')
  check "lib$library exports only the namespace livekit" \
    test -z "$(grep -vE '^(livekit::|typeinfo for livekit::|typeinfo name for livekit::|vtable for livekit::)' <<<"$exported")"
  check "lib$library needs no Boost at run time (compiled in, hidden)" \
    bash -c '! objdump -p "$1" | grep -E "NEEDED +libboost"' _ "$file"
  # ... and of it only what the public headers declare: nothing of the implementation's own.
  check "lib$library exports none of the SDK's internals" \
    test -z "$(grep -E 'livekit::(sdk::|meet::(load_config|exe_dir|AppAccess|App::Impl))' <<<"$exported")"
done
check "the public headers include only the standard library and each other" bash -c \
  '! grep -h "^#include" "$1"/usr/include/livekit/*.hpp | grep -vE "^#include (<[a-z_]+>|\"livekit/[a-z_]+\.hpp\")"' \
  _ "$root"

# A program of one's own against the package's SDK: the README's contract, built with CMake.
consumer="$scratch/consumer"
mkdir -p "$consumer"
cp examples/meet_contract.cpp "$consumer/main.cpp"
cat >"$consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(LiveKitServerSDK CONFIG REQUIRED)
find_package(LiveKitMeet CONFIG REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE LiveKit::server_sdk LiveKit::meet)
CMAKE
if cmake -S "$consumer" -B "$consumer/build" -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" \
  >"$scratch/consumer.log" 2>&1 && cmake --build "$consumer/build" >>"$scratch/consumer.log" 2>&1; then
  ok "a consumer builds against the extracted livekit-meet-dev"
  # It listens on the fixed port 8080: in a network namespace of its own, with its own loopback.
  run_dir="$scratch/consumer-run"
  mkdir -p "$run_dir"
  out=$(cd "$run_dir" && timeout 60 unshare -rn sh -c '
    ip link set lo up || exit 90
    "$1" >consumer.out 2>&1 &
    pid=$!
    answer=
    for _ in $(seq 1 100); do
      answer=$(curl --silent --max-time 2 "http://127.0.0.1:8080/api/connection-details?roomName=demo&participantName=bob") && [ -n "$answer" ] && break
      sleep 0.1
    done
    kill -TERM "$pid"
    wait "$pid"
    echo "status=$?"
    echo "$answer"' _ "$consumer/build/consumer" 2>&1) || true
  check "the consumer prints the verified claims" grep -qx 'alice Alice demo' "$run_dir/consumer.out"
  check "its embedded server answers /api/connection-details" \
    bash -c '[[ "$1" == *\"participantToken\":\"ey* && "$1" == *\"roomName\":\"demo\"* ]]' _ "$out"
  check "SIGTERM stops it with status 0" grep -qx 'status=0' <<<"$out"
else
  tail -n 30 "$scratch/consumer.log"
  not_ok "a consumer builds against the extracted livekit-meet-dev"
fi

# --- the extracted binary ----------------------------------------------------------------------
# A mark in the extracted index.html shows that the page served is the one under the scratch root.
mark="<!-- served from the extracted package $$ -->"
echo "$mark" >>"$root/usr/share/livekit-meet/web/index.html"
log="$scratch/server.log"
env -i PATH=/usr/bin:/bin LIVEKIT_URL=wss://livekit.example.test LIVEKIT_API_KEY=APIpackagetest \
  LIVEKIT_API_SECRET=package-test-secret-0123456789abcdef \
  "$binary" serve --config "$settings" --host 127.0.0.1 --port 0 --data-dir "$scratch/data" \
  >"$log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  not_ok "the extracted binary starts" "$(cat "$log")"
  finish
fi
ok "the extracted binary starts (port $port)"
check "it found the web app (no warning about it)" bash -c '! grep -q "no web app" "$1"' _ "$log"
get() { curl --silent --show-error --max-time 10 "$@"; }
base="http://127.0.0.1:$port"
check "/healthz answers ok" test "$(get "$base/healthz")" = '{"status":"ok"}'
index=$(get "$base/")
check "/ is the extracted index.html" bash -c '[[ "$1" == *"$2"* ]]' _ "$index" "$mark"
check "/ carries the run-time settings" bash -c '[[ "$1" == *livekit-meet-config* ]]' _ "$index"
asset=$(grep -o 'assets/index-[A-Za-z0-9_-]*\.js' <<<"$index" | head -n 1)
if [ -n "$asset" ] && get -o "$scratch/asset" "$base/$asset" &&
  cmp -s "$scratch/asset" "$root/usr/share/livekit-meet/web/$asset"; then
  ok "the hashed asset $asset is the installed file"
else
  not_ok "a hashed asset of the index page is served" "asset: ${asset:-none}"
fi
kill -HUP "$server_pid"
check "SIGHUP does not stop it" test "$(get "$base/healthz")" = '{"status":"ok"}'
kill -TERM "$server_pid"
stopped=
for _ in $(seq 1 200); do
  if ! kill -0 "$server_pid" 2>/dev/null; then stopped=1; break; fi
  sleep 0.1
done
if [ -n "$stopped" ]; then
  status=0
  wait "$server_pid" || status=$?
  check "SIGTERM stops it with status 0" test "$status" -eq 0
else
  not_ok "SIGTERM stops it within 20 s"
  kill -KILL "$server_pid"
fi
server_pid=

# --- make install ------------------------------------------------------------------------------
destdir="$scratch/destdir"
if make --no-print-directory install PACKAGE_PRESET="$preset" DESTDIR="$destdir" PREFIX=/opt/livekit-meet \
  >"$scratch/make-install.log" 2>&1; then
  ok "make install DESTDIR=... PREFIX=/opt/livekit-meet"
  prefix="$destdir/opt/livekit-meet"
  check "installs bin/livekit-meet" test -x "$prefix/bin/livekit-meet"
  check "installs share/livekit-meet/web" test -f "$prefix/share/livekit-meet/web/index.html"
  check "installs the examples in share/doc/livekit-meet" \
    test -f "$prefix/share/doc/livekit-meet/livekit-meet.env.example"
  check "the installed unit runs the binary under the prefix" grep -qx \
    'ExecStart=/opt/livekit-meet/bin/livekit-meet serve --config /etc/livekit-meet/livekit-meet.toml' \
    "$prefix/lib/systemd/system/livekit-meet.service"
  check "installs the SDK's headers" test -f "$prefix/include/livekit/server_sdk.hpp"
  check "installs the SDK's CMake package files" \
    test -f "$prefix/lib/cmake/LiveKitMeet/LiveKitMeetConfigVersion.cmake"
  check "nothing outside the prefix" test "$(ls -A "$destdir")" = opt
else
  tail -n 40 "$scratch/make-install.log"
  not_ok "make install DESTDIR=... PREFIX=/opt/livekit-meet"
fi

finish
