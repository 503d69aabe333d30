#!/usr/bin/env bash
# recipes check benchmark: median wall and CPU time of checking every
# reachable rendering of the reference catalog against all five vLLM versions
# (target: under 1 s), and of the embedded catalog on the newest version.
# Prints the number of renderings checked.
# usage: bench/check.sh <recipes binary> <shared dir>
set -euo pipefail
bin=${1:-build/recipes}
shared=${2:-../shared}
runs=${RUNS:-7}

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }

measure() {  # label, args...
  local label=$1
  shift
  local walls=() cpus=()
  TIMEFORMAT='%R %U %S'
  for _ in $(seq "$runs"); do
    t=$( { time "$bin" "$@" > /dev/null || true; } 2>&1 )
    read -r real user sys <<< "$t"
    walls+=("$(awk -v r="$real" 'BEGIN { print r * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }')")
  done
  printf '  %-60s %8s ms wall, %8s ms CPU\n' "$label" "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)"
}

renderings() { "$bin" "$@" --format json | sed -n 's/^  "renderings": \([0-9]*\),*$/\1/p' | head -1; }

echo "check: median of $runs runs"
measure "check (embedded catalog, newest vLLM; $(renderings check) renderings)" check
if [ -d "$shared/reference/catalog" ]; then
  n=$(renderings check --catalog "$shared/reference/catalog" --vllm all || true)
  measure "check --catalog reference --vllm all ($n renderings x 5 versions)" \
    check --catalog "$shared/reference/catalog" --vllm all
else
  echo "  (skipped the reference catalog: $shared/reference/catalog is absent)"
fi
