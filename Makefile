# Convenience entry points; the build itself is CMake (CMakeLists.txt).
#   make demo    install what is missing, build, score the seed form, and serve it:
#                the server on SQLite with the seed published and a login per role
#   make check   the whole test suite: unit, vectors, CLI, API, the browser, ASan+UBSan, fuzzers
#   make bench   benchmarks (bench/)

BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 10
SEED = examples/seed-2020-zhuzhou-innovation-centres.yaml
LISTEN ?= 127.0.0.1:8080
DEMO_DB ?= jixiao.db

.PHONY: all deps test-deps web build build-tests demo check test asan fuzz bench clean

all: build

deps:
	scripts/deps.sh

test-deps:
	scripts/deps.sh --test

# The web application (web/dist, embedded into the server by the build):
# Node and npm from Debian when missing, npm ci from the committed lock file,
# vite.  Without a Node new enough for vite the server is built without it
# and serves its own page of published results (scripts/web.sh says why).
web:
	scripts/web.sh

# The program alone: configuring it asks for nothing that only the tests need.
build: deps web
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-tests: test-deps web
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/jixiao score $(SEED)
	@echo
	$(BUILD)/jixiao serve --demo --listen $(LISTEN) --db $(DEMO_DB)

test: build-tests
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

asan: test-deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DJX_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

fuzz: test-deps
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DJX_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

check: test asan fuzz

bench: build
	cmake --build $(BUILD) -j $(JOBS) --target benchmarks
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
