# livekit-meet: `make run` sets up, builds the server and the web app it serves (no test
# executables) and starts it; `make test` sets up, builds everything and runs every test suite.
# Both install only what is missing.
PRESET ?= dev
BUILD_DIR := build
JOBS ?= $(shell nproc)
ARGS ?=
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

WEB_SOURCES := $(shell find web/src web/tools -type f ! -name '*.test.*' 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/package.json

.PHONY: all setup setup-test build web run test web-test unit-test integration-test e2e-test \
	asan-build asan-test asan-integration-test format lint clean release install package package-test \
	docs setup-docs sdk-test

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

run: setup $(BUILD_DIR)/build.ninja web
	cmake --build --preset $(PRESET) -j $(JOBS) --target livekit-meet
	$(BUILD_DIR)/livekit-meet serve $(ARGS)

# The web app's own checks: ESLint (with React's hooks rules) and the Vitest unit tests of
# web/src/lib.
web-test: setup-test web/node_modules/.package-lock.json
	cd web && npm run --silent lint && npm run --silent test

# The store tests run against SQLite and against a scratch PostgreSQL server on loopback.
unit-test: setup-test build
	scripts/with-postgres.sh ctest --preset $(PRESET) -j $(JOBS)

integration-test: setup-test build tests/node_modules/.package-lock.json
	cd tests && LKM_BUILD_DIR=$(CURDIR)/$(BUILD_DIR) LKM_REQUIRE_NGINX=1 LKM_REQUIRE_CADDY=1 \
		../scripts/with-postgres.sh \
		node --test --test-concurrency=2 integration/ interop/

# The meeting tests run real browsers through the SFU stand-in (tests/sfu), its own npm package;
# the sign-in tests run the OpenID provider of the integration tests (tests/node_modules).
e2e-test: setup-test build tests/e2e/node_modules/.package-lock.json tests/sfu/node_modules/.package-lock.json \
		tests/node_modules/.package-lock.json
	cd tests/e2e && LKM_BUILD_DIR=$(CURDIR)/$(BUILD_DIR) LKM_REQUIRE_BROWSER=1 \
		node --test --test-concurrency=1

# Besides the suites of the dev build: the packages (built from the dev tree, PACKAGE_PRESET=dev),
# the C++ SDK as a consumer uses it (sdk-test) and its API reference (docs), the unit and
# integration suites again under AddressSanitizer and UndefinedBehaviorSanitizer (preset asan), and
# every fuzz target briefly (fuzz-smoke). Once the dev tree is built and tested, the sanitizer and
# fuzz trees build at the lowest CPU priority behind the suites that wait on browsers and servers
# (scripts/run-suites.sh). Each suite's wall time is printed at the end.
test: setup-test
	MAKE="$(MAKE)" FUZZ_FRESH=1 PACKAGE_PRESET=dev SUITES_BACKGROUND="asan-build fuzz-build" \
		SUITES_BACKGROUND_AFTER=unit-test SUITES_BACKGROUND_BEFORE=asan-test \
		scripts/run-suites.sh web-test unit-test integration-test e2e-test package-test sdk-test \
		docs asan-test asan-integration-test fuzz-smoke

# Installation (packaging/CMakeLists.txt) from the release build: `make install` puts the binary,
# the web app, the systemd unit and example settings under PREFIX (within DESTDIR, if given);
# `make package` writes build-release/livekit-meet_<version>_<arch>.deb (prefix /usr).
# PACKAGE_PRESET=dev installs and packages the dev tree instead (build/, -O1 with line tables):
# `make test`'s package test does, as the unit tests have built that tree already and what it
# checks is the packaging, not the compiler's flags.
PREFIX ?= /usr/local
DESTDIR ?=
PACKAGE_PRESET ?= release
RELEASE_DIR := $(if $(filter dev,$(PACKAGE_PRESET)),$(BUILD_DIR),build-$(PACKAGE_PRESET))

release: setup web
	@[ -f $(RELEASE_DIR)/build.ninja ] || cmake --preset $(PACKAGE_PRESET)
	cmake --build --preset $(PACKAGE_PRESET) -j $(JOBS)

install: release
	DESTDIR="$(DESTDIR)" cmake --install $(RELEASE_DIR) --prefix "$(PREFIX)"

package: release
	cd $(RELEASE_DIR) && cpack -G DEB

# Builds the packages, checks their contents and runs the binary extracted from them, and a
# program of one's own built against livekit-meet-dev.
package-test: setup-test
	tests/package/package-test.sh

# The SDK as a consumer sees it: `make install` into a scratch DESTDIR, then examples/ as a
# separate CMake project against it (and pkg-config), and tests/sdk/ running the examples against
# livekit-server-sdk, the LiveKit stand-in and the embedded Meet server.
SDK_TEST_ROOT := $(BUILD_DIR)/sdk-test-root
sdk-test: setup-test tests/node_modules/.package-lock.json
	rm -rf $(SDK_TEST_ROOT)
	$(MAKE) --no-print-directory install PACKAGE_PRESET=$(PACKAGE_PRESET) \
		DESTDIR=$(CURDIR)/$(SDK_TEST_ROOT) PREFIX=/usr/local
	tests/sdk/sdk-test.sh $(SDK_TEST_ROOT)/usr/local

# Any sanitizer report fails the run: ASan stops at the first error and checks for leaks at exit,
# UBSan is built not to recover (-fno-sanitize-recover) and stops too. The servers and tools the
# integration suite starts write their reports to SANITIZER_LOGS (a report there fails the target
# even when the test that started the process did not look at how it ended).
ASAN_TEST_OPTIONS := halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:strict_init_order=1
UBSAN_TEST_OPTIONS := halt_on_error=1:print_stacktrace=1
SANITIZER_LOGS := $(CURDIR)/build-asan/sanitizer-logs

asan-build: setup
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)

asan-test: setup-test asan-build
	ASAN_OPTIONS=$(ASAN_TEST_OPTIONS) UBSAN_OPTIONS=$(UBSAN_TEST_OPTIONS) \
		scripts/with-postgres.sh ctest --preset asan -j $(JOBS)

# The integration and interoperability suites against build-asan/livekit-meet.
asan-integration-test: setup-test asan-build tests/node_modules/.package-lock.json
	rm -rf $(SANITIZER_LOGS) && mkdir -p $(SANITIZER_LOGS)
	cd tests && LKM_BUILD_DIR=$(CURDIR)/build-asan LKM_SANITIZER_BUILD=1 \
		ASAN_OPTIONS=$(ASAN_TEST_OPTIONS):log_path=$(SANITIZER_LOGS)/asan \
		UBSAN_OPTIONS=$(UBSAN_TEST_OPTIONS):log_path=$(SANITIZER_LOGS)/ubsan \
		../scripts/with-postgres.sh node --test --test-concurrency=2 integration/ interop/
	@if [ -n "$$(ls -A $(SANITIZER_LOGS))" ]; then \
		echo "sanitizer reports from processes the tests started:" >&2; \
		cat $(SANITIZER_LOGS)/* >&2; exit 1; \
	fi

# libFuzzer targets (clang, ASan + UBSan; see fuzz/README.md): `make fuzz` runs each one for
# FUZZ_SECONDS, `make fuzz-smoke` for FUZZ_SMOKE_SECONDS; both replay every seed input first. New
# inputs go to build-fuzz/fuzz-work; with FUZZ_FRESH=1 (as `make test` runs it) fuzz-smoke starts
# from the seeds alone in build-fuzz/fuzz-smoke, so that it takes as long every time.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_FRESH ?= 0
.PHONY: fuzz fuzz-smoke fuzz-build

fuzz-build: setup-test
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)

fuzz: fuzz-build
	ASAN_OPTIONS=$(ASAN_TEST_OPTIONS) UBSAN_OPTIONS=$(UBSAN_TEST_OPTIONS) fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	ASAN_OPTIONS=$(ASAN_TEST_OPTIONS) UBSAN_OPTIONS=$(UBSAN_TEST_OPTIONS) \
		$(if $(filter 1,$(FUZZ_FRESH)),FUZZ_FRESH=1 WORK=build-fuzz/fuzz-smoke) \
		fuzz/run.sh $(FUZZ_SMOKE_SECONDS)

# The C++ SDK's API reference (Doxyfile; docs/sdk.md): build/docs/html/index.html. Doxygen reads
# the public headers and the version header that CMake's configure step writes, so this configures
# the dev tree when needed but builds nothing. Any Doxygen warning (a public name left undocumented)
# fails it.
setup-docs:
	@scripts/setup.sh --docs

$(BUILD_DIR)/include/livekit/version.hpp: include/livekit/version.hpp.in CMakeLists.txt CMakePresets.json
	cmake --preset dev
	@touch $@

docs: setup-docs $(BUILD_DIR)/include/livekit/version.hpp
	LKM_VERSION=$$(sed -n 's/^#define LIVEKIT_SDK_VERSION "\(.*\)"$$/\1/p' \
		$(BUILD_DIR)/include/livekit/version.hpp) doxygen Doxyfile
	@echo "API reference: $(BUILD_DIR)/docs/html/index.html"

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

lint: build
	git ls-files 'src/*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf build build-asan build-release build-fuzz build-bench web/dist

# Benchmarks against a plain Node.js peer and nginx (docs/performance.md). bench/run.sh reads its
# settings from the environment: make bench BENCH_DURATION=3 BENCH_RUNS=1 for a quick look.
.PHONY: bench soak
bench:
	@scripts/setup.sh --bench
	bench/run.sh

# A bounded soak at a fixed request rate, RSS and descriptors sampled (docs/performance.md, "Soak";
# not part of `make test`): make soak SOAK_DURATION=60 SOAK_WARMUP=15 for a short one.
soak:
	bench/soak.sh
