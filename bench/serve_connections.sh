#!/usr/bin/env bash
# /api/resolve under 8, 32 and 1,000 concurrent connections (issue 13's
# table): wrk -t2 for SECS seconds per level over 24 builder states of one
# recipe in rotation, with gzip as browsers ask. Prints medians of RUNS runs
# of req/s, p50 and p99. The load comes from one loopback address, so the
# per-address connection limit is lifted for the run.
#   bench/serve_connections.sh [bin] [shared]    (RUNS=3 SECS=5 LEVELS="8 32 1000")
set -euo pipefail
export LC_ALL=C
bin=${1:-build/recipes}
shared=${2:-../shared}
runs=${RUNS:-3}
secs=${SECS:-5}
levels=${LEVELS:-8 32 1000}
command -v wrk >/dev/null || { echo "serve_connections bench: wrk not installed"; exit 0; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
catalog=()
[ -d "$shared/reference/catalog" ] && catalog=(--catalog "$shared/reference/catalog")
tmp=$(mktemp -d)
extra=()
"$bin" serve --help 2>/dev/null | grep -q -- --max-connections-per-ip && extra=(--max-connections-per-ip 100000)
"$bin" serve "${catalog[@]}" "${extra[@]}" --no-api --port 0 >"$tmp/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 600); do
  grep -q '^Listening on' "$tmp/log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/log"; exit 1; }
  sleep 0.1
done
base=$(sed -n 's|^Listening on \(http://[^/]*\)/.*|\1|p' "$tmp/log")
[ -n "$base" ] || { echo "serve_connections bench: server did not start"; exit 1; }
cat > "$tmp/rotate.lua" <<'LUA'
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
  return wrk.format("GET", "/api/resolve?recipe=MiniMaxAI/MiniMax-M3" .. (s ~= "" and "&" .. s or ""),
                    {["Accept-Encoding"] = "gzip"})
end
LUA
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000} printf "%.2f\n", v}'; }
# warm the memoised states once
wrk -t1 -c1 -d1s -s "$tmp/rotate.lua" "$base" >/dev/null 2>&1 || true
echo "serve_connections ($("$bin" serve --help 2>/dev/null | grep -q -- --threads && echo 'libmicrohttpd' || echo 'cpp-httplib'), load $(cut -d' ' -f1 /proc/loadavg)):"
for c in $levels; do
  : > "$tmp/runs"
  for _ in $(seq 1 "$runs"); do
    wrk -t2 -c"$c" -d"${secs}s" --timeout 10s --latency -s "$tmp/rotate.lua" "$base" > "$tmp/wrk" 2>&1 || true
    rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk")
    p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk" | to_ms)
    p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk" | to_ms)
    err=$(sed -n 's/.*Socket errors: //p' "$tmp/wrk" | tr -d ' ')
    echo "${rps:-0} ${p50:-0} ${p99:-0} ${err:-none}" >> "$tmp/runs"
  done
  printf '  /api/resolve %5s conns: %9s req/s  p50 %8s ms  p99 %8s ms  (median of %d x %ss; socket errors %s)\n' "$c" \
    "$(cut -d' ' -f1 "$tmp/runs" | median)" "$(cut -d' ' -f2 "$tmp/runs" | median)" \
    "$(cut -d' ' -f3 "$tmp/runs" | median)" "$runs" "$secs" "$(cut -d' ' -f4 "$tmp/runs" | tail -1)"
done
