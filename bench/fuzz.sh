#!/usr/bin/env bash
# Bounded libFuzzer runs (issue 13): each target of `make fuzz` (build-fuzz/)
# runs for FUZZ_SECS seconds (default 60) from its committed seed corpus
# (fuzz/corpus/<name>, copied, so the repository is not written). Reports
# executions, time and new corpus entries; a crash fails the bench and leaves
# the reproducer under build-fuzz/crashes/.
#   bench/fuzz.sh [bin] [shared]      (the arguments are unused; FUZZ_DIR=build-fuzz)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${FUZZ_DIR:-$here/build-fuzz}
secs=${FUZZ_SECS:-60}
if [ ! -x "$dir/catalog_fuzzer" ] || [ ! -x "$dir/query_fuzzer" ]; then
  echo "fuzz bench: no fuzz targets in $dir (run 'make fuzz'); skipped"
  exit 0
fi
mkdir -p "$dir/crashes"
status=0
for name in catalog query; do
  work=$(mktemp -d)
  cp "$here/fuzz/corpus/$name"/* "$work/"
  seeds=$(ls "$work" | wc -l)
  log="$dir/$name-fuzz.log"
  if "$dir/${name}_fuzzer" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$dir/crashes/$name-" "$work" >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log and $dir/crashes/)"
    status=1
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
  echo "fuzz $name: $result; ${execs:-?} executions in ${secs} s (${rate:-?}/s); corpus $seeds seeds -> $(ls "$work" | wc -l)"
  rm -rf "$work"
done
exit $status
