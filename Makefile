# livekit-meet: `make run` sets up, builds and starts the server; `make test` sets up, builds and
# runs every test suite. Both install only what is missing.
PRESET ?= dev
BUILD_DIR := build
JOBS ?= $(shell nproc)
ARGS ?=

.PHONY: all setup build run test unit-test node-test asan-test format lint clean

all: build

setup:
	@scripts/setup.sh

tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund
	@touch $@

$(BUILD_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset $(PRESET)

build: setup $(BUILD_DIR)/build.ninja
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	$(BUILD_DIR)/livekit-meet serve $(ARGS)

test: build tests/node_modules/.package-lock.json
	ctest --preset $(PRESET)
	cd tests && LKM_BUILD_DIR=$(CURDIR)/$(BUILD_DIR) node --test --test-concurrency=2 \
		integration/ interop/

asan-test: setup
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

lint: build
	git ls-files 'src/*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf build build-asan build-release
