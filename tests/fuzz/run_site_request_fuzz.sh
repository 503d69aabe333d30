#!/usr/bin/env bash
# Builds the libFuzzer target for Site::Handle and runs it for a bounded time
# (default 60 s) on the reference catalog. The project is C++20 built by GCC
# (clang 14 rejects parts of it), so the target is compiled with g++ and
# driven by a small clang-built libFuzzer shim whose only coverage signal is
# the response status and body size (see fuzz_shim.c).
#   tests/fuzz/run_site_request_fuzz.sh [build dir] [seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
secs=${2:-60}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
command -v clang >/dev/null || { echo "clang not installed (apt-get install clang)"; exit 0; }
[ -f "$build/librecipes_core.a" ] || { echo "build the project first ($build/librecipes_core.a missing)"; exit 1; }
flags=$(pkg-config --cflags --libs libmicrohttpd yaml-0.1)
g++ -std=c++20 -O1 -g -I"$here/src" -c "$here/tests/fuzz/site_request_fuzz.cc" -o "$out/target.o"
clang -O1 -g -fsanitize=fuzzer -c "$here/tests/fuzz/fuzz_shim.c" -o "$out/shim.o"
clang++ -fsanitize=fuzzer "$out/shim.o" "$out/target.o" "$build/librecipes_core.a" $flags \
  -lfmt -lcmark-gfm -lcmark-gfm-extensions -lz -lpthread -lstdc++ -o "$out/fuzz"
mkdir -p "$out/corpus"
for t in '/browse?task=text&arch=moe' '/og?title=x&path=/y' '/Qwen/Qwen3-4B?hardware=h200' '/%2e%2e/x' '/browse?q=qwen3%208b'; do
  printf '%s' "$t" > "$out/corpus/$(printf '%s' "$t" | md5sum | cut -c1-8)"
done
catalog="$here/../shared/reference/catalog"
[ -d "$catalog" ] && export RECIPES_FUZZ_CATALOG="$catalog"
"$out/fuzz" -max_total_time="$secs" -max_len=2048 -timeout=5 "$out/corpus"
