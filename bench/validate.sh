#!/usr/bin/env bash
# Validate benchmark: median wall time of `recipes validate` over the whole
# reference catalog (load every file, check every rule, print the report).
# Goal: under 0.1 s. Uses hyperfine when present, else a timed loop.
# usage: bench/validate.sh <recipes binary> <shared dir>
set -euo pipefail
bin=${1:-build/recipes}
shared=${2:-../shared}
catalog="$shared/reference/catalog"
runs=${RUNS:-20}
if [ ! -d "$catalog" ]; then
  echo "validate bench: skipped ($catalog not found)"
  exit 0
fi
cmd="$bin validate --catalog $catalog"
# Exit 0 expected (warnings allowed); fail loudly otherwise.
$cmd > /dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v hyperfine > /dev/null; then
  hyperfine --style none --warmup 3 --runs "$runs" --export-json "$tmp/validate.json" "$cmd" > /dev/null
  median_ms=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"]*1000))' "$tmp/validate.json")
  # CPU time tells the work apart from waiting on a busy machine.
  cpu_ms=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % ((r["user"]+r["system"])*1000))' "$tmp/validate.json")
else
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); $cmd > /dev/null; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | sort -n > "$tmp/us"
  median_ms=$(awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}' "$tmp/us")
  cpu_ms="n/a"
fi
files=$($cmd | tail -1)
echo "validate: median ${median_ms} ms wall (mean CPU ${cpu_ms} ms) over ${runs} runs for the reference catalog (${files}; goal < 100 ms wall)"
