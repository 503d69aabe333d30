#!/usr/bin/env bash
# Benchmark of `recipes serve` (wrk, loopback only): requests/s and latency
# for the recipe page, other pages and the JSON API, plus startup time,
# resident memory and page weight. Prints medians of RUNS runs.
#   bench/serve.sh [bin] [shared]     (RUNS=3 SECS=3 CONNS=32 by default)
set -euo pipefail
export LC_ALL=C
bin=${1:-build/recipes}
shared=${2:-../shared}
runs=${RUNS:-3}
secs=${SECS:-3}
conns=${CONNS:-32}
command -v wrk >/dev/null || { echo "serve bench: wrk not installed (scripts/install-deps.sh)"; exit 0; }
catalog=()
label="embedded catalog"
if [ -d "$shared/reference/catalog" ]; then
  catalog=(--catalog "$shared/reference/catalog")
  label="reference catalog"
fi
log=$(mktemp)
"$bin" serve "${catalog[@]}" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q '^Listening on' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
base=$(sed -n 's|^Listening on \(http://[^/]*\)/.*|\1|p' "$log")
[ -n "$base" ] || { echo "serve bench: server did not start"; cat "$log"; exit 1; }
echo "serve bench ($label): $(head -1 "$log")"
rss_kb() { awk '/^VmRSS/ {print $2}' /proc/"$pid"/status; }
echo "  RSS after start: $(( $(rss_kb) / 1024 )) MB"

# A recipe page and JSON files that exist in this catalog.
# (awk reads everything: stopping early would SIGPIPE curl under pipefail.)
recipe=$(curl -s "$base/models.json" | awk -F'"' '$2 == "url" && !u {u = $4} END {print u}')
hwjson=$(curl -s "$base$recipe.json" | awk -F'"' '$4 ~ /\/hw\/[^/]*\.json$/ && !u {u = $4} END {print u}')

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000} printf "%.2f\n", v}'; }
bench() {  # name path [header]
  local name=$1 path=$2 hdr=${3:-}
  local rps=() lat=()
  for _ in $(seq 1 "$runs"); do
    local out
    if [ -n "$hdr" ]; then out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "$hdr" "$base$path"); else out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$base$path"); fi
    rps+=("$(echo "$out" | awk '/^Requests\/sec/ {print $2}')")
    lat+=("$(echo "$out" | awk '$1=="50%" {print $2}' | to_ms)")
  done
  printf "  %-34s %10s req/s   p50 %7s ms   (median of %d × %ss, %d conns)\n" "$name" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${lat[@]}" | median)" "$runs" "$secs" "$conns"
}
bench "recipe page $recipe" "$recipe"
bench "recipe page (gzip)" "$recipe" "Accept-Encoding: gzip"
bench "recipe page ?variant=default" "$recipe?variant=default"
bench "home /" "/"
bench "browse ?arch=moe&sort=size_desc" "/browse?arch=moe&sort=size_desc"
bench "API /models.json" "/models.json"
bench "API $recipe.json" "$recipe.json"
[ -n "$hwjson" ] && bench "API ${hwjson}" "$hwjson"
bench "API $recipe.json (gzip)" "$recipe.json" "Accept-Encoding: gzip"
echo "  RSS after load: $(( $(rss_kb) / 1024 )) MB"

# Page weight: the recipe page plus every stylesheet and script it links.
page=$(curl -s "$base$recipe")
total=${#page}
gz=$(printf '%s' "$page" | gzip -9 | wc -c)
for a in $(printf '%s' "$page" | grep -o '/assets/[^"?]*' | sort -u); do
  body=$(curl -s "$base$a")
  total=$((total + ${#body}))
  gz=$((gz + $(printf '%s' "$body" | gzip -9 | wc -c)))
done
echo "  recipe page weight: $((total / 1024)) KB with CSS/JS ($((gz / 1024)) KB gzip'd)"
