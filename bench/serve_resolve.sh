#!/usr/bin/env bash
# /api/resolve and recipe page benchmark (loopback only, bounded in time).
# Starts `recipes serve --no-api` on a free port and reports medians of RUNS
# wrk runs (1 thread, 8 connections, DURATION seconds each):
#  (a) one builder state, repeated (the memoised path), gzip as browsers ask;
#  (b) 24 distinct MiniMax-M3 states in rotation (wrk Lua script);
#  (c) the bytes a browser transfers for the MiniMax-M3 page: HTML + CSS + JS,
#      gzip'd as served, and uncompressed.
# usage: bench/serve_resolve.sh <recipes binary> [shared dir]
set -euo pipefail
bin=${1:-build/recipes}
runs=${RUNS:-3}
duration=${DURATION:-5}
if ! command -v wrk >/dev/null; then
  echo "serve_resolve bench: skipped (wrk not installed)"
  exit 0
fi
tmp=$(mktemp -d)
"$bin" serve --port 0 --no-api > "$tmp/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
base=""
for _ in $(seq 1 300); do
  base=$(grep -o 'http://[0-9.]*:[0-9]*' "$tmp/out" | head -1 || true)
  [ -n "$base" ] && break
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "serve_resolve bench: server did not start"; cat "$tmp/out"; exit 1
fi

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
server_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# Prints "<req/s> <p99 ms> <server CPU us per request>" for one wrk run. The
# CPU figure does not depend on what else the machine is doing.
one_run() {
  local t0 t1
  t0=$(server_ticks)
  wrk -t1 -c8 -d"${duration}s" --latency -H 'Accept-Encoding: gzip' "$@" 2>/dev/null > "$tmp/wrk"
  t1=$(server_ticks)
  awk -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
    /Requests\/sec/ {rps=$2}
    / requests in / {n=$1}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s %.1f\n", rps, p99, (n > 0 ? ticks / hz * 1e6 / n : 0)}' "$tmp/wrk"
}
report() {
  local name=$1; shift
  : > "$tmp/runs"
  for _ in $(seq 1 "$runs"); do one_run "$@" >> "$tmp/runs"; done
  printf '%-40s median %8s req/s  p99 %6s ms  server CPU %5s us/req  (%s runs of %ss, load %s)\n' "$name" \
    "$(cut -d' ' -f1 "$tmp/runs" | median)" "$(cut -d' ' -f2 "$tmp/runs" | median)" \
    "$(cut -d' ' -f3 "$tmp/runs" | median)" "$runs" "$duration" "$(cut -d' ' -f1 /proc/loadavg)"
}

q='recipe=MiniMaxAI/MiniMax-M3&variant=nvfp4&hardware=b200&features=tool_calling,reasoning,spec_decoding&fmode=spec_decoding:eagle3_gqa'
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/resolve?$q")
if [ "$code" != 200 ]; then
  echo "serve_resolve bench: /api/resolve answered $code"; exit 1
fi
report "/api/resolve, one state" "$base/api/resolve?$q"

cat > "$tmp/rotate.lua" <<'EOF'
local states = {
  "", "hardware=b200", "hardware=h100", "hardware=b300", "hardware=mi355x", "hardware=mi300x",
  "variant=mxfp8", "variant=nvfp4&hardware=b200", "variant=mxfp4&hardware=mi355x",
  "hardware=h200&nodes=2", "hardware=h200&strategy=single_node_tep", "hardware=h200&strategy=single_node_dep",
  "hardware=h200&strategy=pd_cluster", "hardware=h200&strategy=pd_cluster&decode_mode=dep",
  "features=tool_calling,reasoning,spec_decoding", "features=tool_calling,reasoning,spec_decoding&fmode=spec_decoding:eagle3_gqa",
  "features=none", "advanced=gpu_mem_095", "kv_offload=simple", "kv_offload=lmcache",
  "kv_offload=kv_store_distributed_mooncake", "kv_offload=kv_store_centralized_mooncake&kv_instances=2",
  "hardware=h100&nodes=2&strategy=multi_node_tp_pp", "hardware=b200&variant=nvfp4&nodes=2",
}
local i = 0
request = function()
  i = i % #states + 1
  local s = states[i]
  return wrk.format("GET", "/api/resolve?recipe=MiniMaxAI/MiniMax-M3" .. (s ~= "" and "&" .. s or ""))
end
EOF
report "/api/resolve, 24 states in rotation" -s "$tmp/rotate.lua" "$base"

page="$base/MiniMaxAI/MiniMax-M3"
html_gz=$(curl -s -H 'Accept-Encoding: gzip' "$page" | wc -c)
html_raw=$(curl -s "$page" | wc -c)
total_gz=$html_gz
total_raw=$html_raw
for a in $(curl -s "$page" | grep -o '/assets/[a-z_.-]*\.\(css\|js\)[?v=0-9a-f]*' | sort -u); do
  total_gz=$((total_gz + $(curl -s -H 'Accept-Encoding: gzip' "$base$a" | wc -c)))
  total_raw=$((total_raw + $(curl -s "$base$a" | wc -c)))
done
printf '%-44s %6.1f KB transferred (gzip), %6.1f KB uncompressed; HTML %.1f KB gzip\n' \
  "MiniMax-M3 page (HTML + CSS + JS)" "$(echo "$total_gz/1024" | bc -l)" "$(echo "$total_raw/1024" | bc -l)" \
  "$(echo "$html_gz/1024" | bc -l)"
