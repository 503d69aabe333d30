#!/usr/bin/env bash
# CLI latency benchmark: median wall and CPU time of one `recipes command` /
# `recipes explain` run (catalog load + default selection + resolution +
# rendering), on the embedded catalog and on the reference catalog.
# usage: bench/command.sh <recipes binary> <shared dir>
set -euo pipefail
bin=${1:-build/recipes}
shared=${2:-../shared}
catalog="$shared/reference/catalog"
runs=${RUNS:-9}
recipe=MiniMaxAI/MiniMax-M3

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }

measure() {  # label, args...
  local label=$1
  shift
  local walls=() cpus=()
  TIMEFORMAT='%R %U %S'
  for _ in $(seq "$runs"); do
    t=$( { time "$bin" "$@" > /dev/null; } 2>&1 )
    read -r real user sys <<< "$t"
    walls+=("$(awk -v r="$real" 'BEGIN { print r * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }')")
  done
  printf '  %-50s %7s ms wall, %7s ms CPU\n' "$label" "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)"
}

echo "command: median of $runs runs"
measure "command $recipe (embedded)" command "$recipe"
measure "command $recipe --docker (embedded)" command "$recipe" --docker
measure "explain $recipe (embedded)" explain "$recipe"
if [ -d "$catalog" ]; then
  measure "command $recipe (reference catalog)" command "$recipe" --catalog "$catalog"
  measure "command --strategy pd_cluster (reference)" command "$recipe" --catalog "$catalog" --strategy pd_cluster
  measure "explain $recipe (reference catalog)" explain "$recipe" --catalog "$catalog"
else
  echo "  reference catalog: skipped ($catalog not found)"
fi
