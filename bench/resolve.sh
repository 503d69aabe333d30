#!/usr/bin/env bash
# Resolver benchmark: median over several runs of
#  (a) CPU time to resolve all recorded selections, JSON I/O excluded
#      (`recipes resolve --bench-repeat N` parses first, then times only
#      ResolveCommand), without and with provenance;
#  (b) wall time of a whole `recipes resolve` run (load catalog, read the
#      selections, resolve, write JSON Lines).
# usage: bench/resolve.sh <recipes binary> <shared dir>
set -euo pipefail
bin=${1:-build/recipes}
shared=${2:-../shared}
combos="$shared/reference/combos.jsonl.zst"
catalog="$shared/reference/catalog"
runs=${RUNS:-7}
if [ ! -f "$combos" ]; then
  echo "resolve bench: skipped ($combos not found)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zstd -qdc "$combos" > "$tmp/combos.jsonl"
# The whole-run input is what the parity tool sends: recipe and input only.
if command -v python3 >/dev/null; then
  python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    print(json.dumps({"recipe": d["recipe"], "input": d["input"]}, ensure_ascii=False))
' < "$tmp/combos.jsonl" > "$tmp/input.jsonl"
else
  cp "$tmp/combos.jsonl" "$tmp/input.jsonl"
fi
count=$(wc -l < "$tmp/input.jsonl")

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }

cpu=$("$bin" resolve --catalog "$catalog" --bench-repeat "$runs" < "$tmp/input.jsonl" 2>/dev/null | median)
cpu_prov=$("$bin" resolve --catalog "$catalog" --bench-repeat "$runs" --provenance < "$tmp/input.jsonl" 2>/dev/null | median)
# Wall and CPU (user + sys) of whole runs; on a busy machine the wall time
# includes waiting for a core, the CPU time does not.
walls=()
cpus=()
TIMEFORMAT='%R %U %S'
for _ in $(seq "$runs"); do
  t=$( { time "$bin" resolve --catalog "$catalog" < "$tmp/input.jsonl" > "$tmp/out.jsonl"; } 2>&1 )
  read -r real user sys <<< "$t"
  walls+=("$(awk -v r="$real" 'BEGIN { print r * 1000 }')")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }')")
done
wall=$(printf '%s\n' "${walls[@]}" | median)
wall_cpu=$(printf '%s\n' "${cpus[@]}" | median)
echo "resolve: $count selections, median of $runs runs"
echo "  resolution CPU (no provenance):   ${cpu} ms   (goal < 50 ms)"
echo "  resolution CPU (with provenance): ${cpu_prov} ms"
echo "  whole recipes resolve run:        ${wall} ms wall, ${wall_cpu} ms CPU   (goal < 500 ms)"
