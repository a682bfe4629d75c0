# livekit-meet: `make run` sets up, builds and starts the server; `make test` sets up, builds and
# runs every test suite. Both install only what is missing.
PRESET ?= dev
BUILD_DIR := build
JOBS ?= $(shell nproc)
ARGS ?=
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

WEB_SOURCES := $(shell find web/src web/tools -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/package.json

.PHONY: all setup setup-test build web run test unit-test integration-test e2e-test asan-test \
	format lint clean release install package package-test

all: build

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

# npm writes node_modules/.package-lock.json on every install: a stamp of the lockfile installed.
%/node_modules/.package-lock.json: %/package.json %/package-lock.json
	cd $* && $(NPM_CI)
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent
	@touch $@

web: web/dist/index.html

$(BUILD_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset $(PRESET)

build: setup $(BUILD_DIR)/build.ninja web
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	$(BUILD_DIR)/livekit-meet serve $(ARGS)

# The store tests run against SQLite and against a scratch PostgreSQL server on loopback.
unit-test: setup-test build
	scripts/with-postgres.sh ctest --preset $(PRESET)

integration-test: setup-test build tests/node_modules/.package-lock.json
	cd tests && LKM_BUILD_DIR=$(CURDIR)/$(BUILD_DIR) LKM_REQUIRE_NGINX=1 LKM_REQUIRE_CADDY=1 \
		../scripts/with-postgres.sh \
		node --test --test-concurrency=2 integration/ interop/

e2e-test: setup-test build tests/e2e/node_modules/.package-lock.json
	cd tests/e2e && LKM_BUILD_DIR=$(CURDIR)/$(BUILD_DIR) LKM_REQUIRE_BROWSER=1 \
		node --test --test-concurrency=1

test: setup-test
	$(MAKE) --no-print-directory unit-test
	$(MAKE) --no-print-directory integration-test
	$(MAKE) --no-print-directory e2e-test
	$(MAKE) --no-print-directory package-test

# Installation (packaging/CMakeLists.txt) from the release build: `make install` puts the binary,
# the web app, the systemd unit and example settings under PREFIX (within DESTDIR, if given);
# `make package` writes build-release/livekit-meet_<version>_<arch>.deb (prefix /usr).
PREFIX ?= /usr/local
DESTDIR ?=
RELEASE_DIR := build-release

$(RELEASE_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset release

release: setup $(RELEASE_DIR)/build.ninja web
	cmake --build --preset release -j $(JOBS)

install: release
	DESTDIR="$(DESTDIR)" cmake --install $(RELEASE_DIR) --prefix "$(PREFIX)"

package: release
	cd $(RELEASE_DIR) && cpack -G DEB

# Builds the package, checks its contents and runs the binary extracted from it.
package-test: setup-test
	tests/package/package-test.sh

asan-test: setup
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	scripts/with-postgres.sh ctest --preset asan

# libFuzzer targets (clang, ASan + UBSan; see fuzz/README.md): `make fuzz` runs each one for
# FUZZ_SECONDS, `make fuzz-smoke` for FUZZ_SMOKE_SECONDS. New inputs go to build-fuzz/fuzz-work.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
.PHONY: fuzz fuzz-smoke fuzz-build

fuzz-build: setup-test
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	fuzz/run.sh $(FUZZ_SMOKE_SECONDS)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

lint: build
	git ls-files 'src/*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf build build-asan build-release web/dist

# Benchmarks against a plain Node.js peer and nginx (docs/performance.md). bench/run.sh reads its
# settings from the environment: make bench BENCH_DURATION=3 BENCH_RUNS=1 for a quick look.
.PHONY: bench
bench:
	@scripts/setup.sh --bench
	bench/run.sh
