#!/usr/bin/env bash
# `recipes serve` at 1x and 10x the catalog (issue 14): time until /healthz
# answers, RSS after start, and RSS after 1,000 requests for random API files
# and pages. The 10x catalog is made with ../shared/tools/scale_catalog.py
# from ../shared/reference/catalog (or from our catalog/ when ../shared is
# absent). Prints medians of RUNS start-ups.
#   bench/serve_scale.sh [bin] [shared]     (RUNS=3 REQUESTS=1000)
set -euo pipefail
export LC_ALL=C
bin=${1:-build/recipes}
shared=${2:-../shared}
runs=${RUNS:-3}
requests=${REQUESTS:-1000}
src=catalog
[ -d "$shared/reference/catalog" ] && src="$shared/reference/catalog"
scale="$shared/tools/scale_catalog.py"
[ -f "$scale" ] || { echo "serve_scale bench: skipped ($scale missing)"; exit 0; }
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
python3 "$scale" "$src" "$tmp/cat10" 10 >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
rss_mb() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/"$pid"/status; }
for label in 1x 10x; do
  cat_dir=$src; [ "$label" = 10x ] && cat_dir="$tmp/cat10"
  : > "$tmp/ready"; : > "$tmp/rss0"; : > "$tmp/rss1"
  for run in $(seq 1 "$runs"); do
    t0=$(date +%s%N)
    "$bin" serve --catalog "$cat_dir" --port 0 > "$tmp/log" 2>&1 &
    pid=$!
    base=""
    for _ in $(seq 1 6000); do
      base=$(sed -n 's|^Listening on \(http://[^/]*\)/.*|\1|p' "$tmp/log")
      if [ -n "$base" ] && curl -sf -o /dev/null "$base/healthz"; then break; fi
      kill -0 "$pid" 2>/dev/null || { cat "$tmp/log"; exit 1; }
      sleep 0.02
    done
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 ))" >> "$tmp/ready"
    rss_mb >> "$tmp/rss0"
    if [ "$run" = 1 ]; then
      # Random API files and pages: recipe pages, recipe JSON, per-hardware JSON.
      curl -s "$base/models.json" | sed -n 's/.*"url": "\([^"]*\)".*/\1/p' | sort -u > "$tmp/ids"
      shuf -n "$((requests / 4))" -r "$tmp/ids" --random-source=<(yes) > "$tmp/pick"
      : > "$tmp/urls"
      while read -r id; do
        echo "$base$id" >> "$tmp/urls"
        echo "$base$id.json" >> "$tmp/urls"
        hw=$(curl -s "$base$id.json" | grep -o '"/[^"]*/hw/[^"]*\.json"' | tr -d '"' | shuf -n 2 || true)
        for h in $hw; do echo "$base$h" >> "$tmp/urls"; done
      done < "$tmp/pick"
      head -n "$requests" "$tmp/urls" > "$tmp/urls1"
      n=$(wc -l < "$tmp/urls1")
      xargs -n 1 -P 4 curl -s -o /dev/null --compressed < "$tmp/urls1" || true
      rss_mb >> "$tmp/rss1"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
  printf '  serve %-4s ready %6s ms (median of %d)  RSS after start %4s MB  after %s random API/page requests %4s MB\n' \
    "$label" "$(median < "$tmp/ready")" "$runs" "$(median < "$tmp/rss0")" "$n" "$(cat "$tmp/rss1")"
done
