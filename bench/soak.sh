#!/usr/bin/env bash
# Saturation soak of `recipes serve` (issue 13): SECS (default 60) seconds of
# wrk at CONNS (default 64) connections on /api/resolve with random valid
# builder selections, half of them carrying random junk parameters. Prints
# p50, p99, errors, and the server's RSS every 10 s; fails when the RSS ends
# above 150 MB or grows by more than 25% after the first sample.
#   bench/soak.sh [bin] [shared]
set -euo pipefail
export LC_ALL=C
bin=${1:-build/recipes}
shared=${2:-../shared}
secs=${SECS:-60}
conns=${CONNS:-64}
limit_mb=${LIMIT_MB:-150}
command -v wrk >/dev/null || { echo "soak: wrk not installed (scripts/install-deps.sh)"; exit 0; }
catalog=()
label="embedded catalog"
if [ -d "$shared/reference/catalog" ]; then
  catalog=(--catalog "$shared/reference/catalog")
  label="reference catalog"
fi
tmp=$(mktemp -d)
"$bin" serve "${catalog[@]}" --port 0 >"$tmp/log" 2>&1 &
pid=$!
wrk_pid=""
cleanup() {
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 1 1200); do
  grep -q '^Listening on' "$tmp/log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/log"; exit 1; }
  sleep 0.1
done
base=$(sed -n 's|^Listening on \(http://[^/]*\)/.*|\1|p' "$tmp/log")
[ -n "$base" ] || { echo "soak: server did not start"; cat "$tmp/log"; exit 1; }
rss_mb() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/"$pid"/status; }

# Valid selections: every pill's query on every recipe's default builder view.
curl -s "$base/models.json" | sed -n 's/.*"hf_id": "\([^"]*\)".*/\1/p' > "$tmp/recipes"
while read -r r; do
  { curl -s "$base/api/resolve?recipe=$r" | grep -o '"query":"[^"]*"' || true; } | sed "s|^\"query\":\"\(.*\)\"$|recipe=$r\&\1|; s/&$//"
done < "$tmp/recipes" | sort -u > "$tmp/states"
echo "soak ($label): $(wc -l < "$tmp/recipes") recipes, $(wc -l < "$tmp/states") valid selections, $conns connections, ${secs}s"
cat > "$tmp/soak.lua" <<LUA
local states = {}
for line in io.lines("$tmp/states") do states[#states + 1] = line end
local n = 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init() math.randomseed(os.time() * 100 + id) end
function request()
  local q = states[math.random(#states)]
  if math.random(2) == 1 then
    q = q .. "&junk" .. math.random(1e9) .. "=" .. math.random(1e9)
  end
  return wrk.format("GET", "/api/resolve?" .. q, {["Accept-Encoding"] = "gzip"})
end
LUA
echo "  t=0s RSS $(rss_mb) MB"
wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$tmp/soak.lua" "$base" > "$tmp/wrk" 2>&1 &
wrk_pid=$!
samples=()
for t in $(seq 10 10 "$secs"); do
  sleep 10
  s=$(rss_mb); samples+=("$s")
  echo "  t=${t}s RSS $s MB"
done
wait "$wrk_pid" || true
wrk_pid=""
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000} printf "%.2f\n", v}'; }
p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk" | to_ms)
p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk" | to_ms)
rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk"); non2xx=${non2xx:-0}
sockerr=$(sed -n 's/.*Socket errors: //p' "$tmp/wrk"); sockerr=${sockerr:-none}
hwm=$(awk '/^VmHWM/ {print int($2 / 1024)}' /proc/"$pid"/status)
echo "  $rps req/s  p50 $p50 ms  p99 $p99 ms  non-2xx $non2xx  socket errors: $sockerr  peak RSS $hwm MB"
first=${samples[0]}; last=${samples[-1]}
if [ "$last" -gt "$limit_mb" ] || [ "$last" -gt $((first + first / 4)) ]; then
  echo "soak: FAIL (RSS $first MB -> $last MB; limit $limit_mb MB, growth <= 25%)"; exit 1
fi
echo "soak: RSS flat ($first MB -> $last MB, under $limit_mb MB)"
