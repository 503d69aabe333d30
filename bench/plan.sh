#!/usr/bin/env bash
# Planner benchmark: median wall and CPU time of planning every LLM recipe of
# the embedded catalog on its default selection in one process (catalog load,
# default selection, resolution and the memory plan of each), and of one
# `recipes plan` for MiniMax-M3. Target: under 50 ms for all recipes.
# usage: bench/plan.sh <recipes binary> <shared dir>
set -euo pipefail
bin=${1:-build/recipes}
runs=${RUNS:-15}

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

n=$("$bin" plan --all | wc -l)
echo "plan: median of $runs runs ($n recipes with architecture facts)"
measure "plan --all (every LLM recipe, default selection)" plan --all
measure "plan --all --format json" plan --all --format json
measure "plan MiniMaxAI/MiniMax-M3 --variant nvfp4 --hardware b200" plan MiniMaxAI/MiniMax-M3 --variant nvfp4 --hardware b200
