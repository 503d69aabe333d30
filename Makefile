# Two commands do everything on a fresh Debian machine (as root):
#   make run    install dependencies, build, and run recipes on the embedded catalog
#   make test   install dependencies, build, and run every test
BUILD ?= build
JOBS ?= $(shell nproc)
SHARED ?= $(abspath ../shared)

.PHONY: all deps build run test bench fuzz clean

all: build

deps:
	./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./scripts/run.sh $(BUILD)/recipes

test: build
	./scripts/install-browser-deps.sh
	./scripts/install-deploy-test-deps.sh
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@# ctest hides passing tests' output; show what the parity suites measured.
	@grep -hE "parity: |SKIPPED|skipped: " $(BUILD)/Testing/Temporary/LastTest.log | sort -u || true
	@# How many tests skipped, and why (without ../shared only parity suites should).
	@awk '/: Skipped$$/ { getline why } /^\[  SKIPPED \] [^ ]+ \([0-9]+ ms\)/ { n++; print "  skipped " $$4 ": " why } \
	  END { print "skipped: " n+0 " tests" }' $(BUILD)/Testing/Temporary/LastTest.log || true

bench: build fuzz
	./scripts/bench.sh $(BUILD)/recipes $(SHARED)

# libFuzzer targets (fuzz/), built with clang and sanitizers in their own folder.
fuzz: deps
	./scripts/install-fuzz-deps.sh
	cmake -S . -B $(BUILD)-fuzz -DRECIPES_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD)-fuzz -j $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD)-fuzz
