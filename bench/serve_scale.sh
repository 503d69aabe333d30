#!/usr/bin/env bash
# `recipes serve` at 1x and 10x the catalog (issue 14). For each size: time
# until the server first answers (/healthz; any HTTP status counts, so a
# binary from before /healthz existed is measured too), RSS after start, the
# wait for the first /models.json, and RSS after REQUESTS random API files
# and pages. At 10x the served bytes are also compared with `recipes build`'s
# tree: a sample with every kind of file (each fetched plain and gzip'd) plus
# the random API files. Fails on any difference, or when RSS after the
# requests reaches RSS_LIMIT_MB.
# The 10x catalog is made with ../shared/tools/scale_catalog.py from
# ../shared/reference/catalog (or from our catalog/ when ../shared is absent).
# Prints medians of RUNS start-ups.
#   bench/serve_scale.sh [bin] [shared]     (RUNS=3 REQUESTS=1000 RSS_LIMIT_MB=200)
set -euo pipefail
export LC_ALL=C
bin=$(realpath "${1:-build/recipes}")
shared=${2:-../shared}
runs=${RUNS:-3}
requests=${REQUESTS:-1000}
rss_limit=${RSS_LIMIT_MB:-200}
src=catalog
[ -d "$shared/reference/catalog" ] && src="$shared/reference/catalog"
scale="$shared/tools/scale_catalog.py"
[ -f "$scale" ] || { echo "serve_scale bench: skipped ($scale missing)"; exit 0; }
base_dir=/dev/shm
[ -d "$base_dir" ] && [ -w "$base_dir" ] || base_dir=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$base_dir/bench_serve_scale.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
python3 "$scale" "$src" "$tmp/cat10" 10 >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else print a[int((NR+1)/2)]}'; }
rss_mb() { awk '/^VmRSS/ {print int($2 / 1024)}' /proc/"$pid"/status; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts the server on $1; sets pid and base once it answers.
start() {
  "$bin" serve --catalog "$1" --port 0 > "$tmp/log" 2>&1 &
  pid=$!
  base=""
  for _ in $(seq 1 6000); do
    base=$(sed -n 's|^Listening on \(http://[^/]*\)/.*|\1|p' "$tmp/log")
    if [ -n "$base" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || true)
      [ "$code" != 000 ] && [ "$code" != 503 ] && return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/log"; exit 1; }
    sleep 0.02
  done
  echo "serve_scale bench: the server did not answer" >&2
  exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# Fetches every path listed in $1 (one per line, leading '/') into $2/<path>
# in one curl process (keep-alive); extra curl options follow.
fetch_all() {
  local list=$1 dir=$2; shift 2
  awk -v b="$base" -v d="$dir" '{print "url = \"" b $0 "\""; print "output = \"" d $0 "\""}' "$list" > "$tmp/curl.cfg"
  curl -s --create-dirs "$@" -K "$tmp/curl.cfg" || true
}

for label in 1x 10x; do
  cat_dir=$src; [ "$label" = 10x ] && cat_dir="$tmp/cat10"
  : > "$tmp/ready"; : > "$tmp/rss0"; : > "$tmp/models"
  rss1=n/a n=0 compared=""
  for run in $(seq 1 "$runs"); do
    t0=$(now_ms)
    start "$cat_dir"
    t1=$(now_ms)
    echo "$((t1 - t0))" >> "$tmp/ready"
    rss_mb >> "$tmp/rss0"
    curl -s -o "$tmp/models.json" "$base/models.json"
    echo "$(($(now_ms) - t1))" >> "$tmp/models"
    if [ "$run" = 1 ]; then
      # Random API files and pages: recipe pages, recipe JSON, per-hardware
      # and per-strategy JSON, promoted variants, provider pages.
      out=""
      if [ "$label" = 10x ]; then
        out="$tmp/out10"
        "$bin" build --catalog "$cat_dir" --out "$out" >/dev/null 2>&1
      fi
      python3 - "$tmp" "$requests" "${out:-}" <<'EOF'
import json, os, random, sys
tmp, requests, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(14)
models = json.load(open(os.path.join(tmp, "models.json")))
pages = sorted({m["url"] for m in models})
providers = sorted({u.split("/")[1] for u in pages})
api, kinds = [], {}
if out:
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.startswith("."):
                continue
            p = "/" + os.path.relpath(os.path.join(root, f), out)
            api.append(p)
            depth = p.count("/")
            kind = ("hw strategy" if "/hw/" in p and "/strategies/" in p else "hw" if "/hw/" in p else
                    "recipe strategy" if "/strategies/" in p and depth > 2 else
                    "top" if depth == 1 else "vocabulary item" if p.startswith(("/strategies/", "/kv_store/")) else
                    "recipe")
            kinds.setdefault(kind, []).append(p)
    api.sort()
    sample = []
    for kind in sorted(kinds):
        paths = sorted(kinds[kind])
        sample += paths if kind == "top" else rng.sample(paths, min(5, len(paths)))
    sample += [m["json"] for m in models if "derived_from" in m][:5]  # promoted variants
    open(os.path.join(tmp, "kinds"), "w").write("\n".join(sorted(set(sample))) + "\n")
    print(f"  serve 10x: sample of every file kind: {', '.join(f'{k} ({len(v)})' for k, v in sorted(kinds.items()))}")
else:
    api = [m["json"] for m in models]
urls = []
while len(urls) < requests:
    r = rng.random()
    urls.append(rng.choice(api) if r < 0.7 else rng.choice(pages) if r < 0.95 else "/" + rng.choice(providers))
open(os.path.join(tmp, "urls"), "w").write("\n".join(urls) + "\n")
open(os.path.join(tmp, "api_urls"), "w").write("\n".join(sorted({u for u in urls if u.endswith(".json")})) + "\n")
EOF
      n=$(wc -l < "$tmp/urls")
      # Every request, in order (pages are fetched into throwaway names).
      awk '{print "url = \"'"$base"'" $0 "\""; print "output = \"/dev/null\""}' "$tmp/urls" > "$tmp/curl.cfg"
      curl -s --compressed -K "$tmp/curl.cfg" || true
      rss1=$(rss_mb)
      if [ -n "$out" ]; then
        rm -rf "$tmp/got" "$tmp/got_plain"
        fetch_all "$tmp/api_urls" "$tmp/got" --compressed
        fetch_all "$tmp/kinds" "$tmp/got_plain"
        sort -u "$tmp/api_urls" "$tmp/kinds" > "$tmp/compare"
        fetch_all "$tmp/kinds" "$tmp/got" --compressed
        bad=0 total=0
        while read -r p; do
          total=$((total + 1))
          cmp -s "$out$p" "$tmp/got$p" || { bad=$((bad + 1)); echo "  differs (gzip): $p" >&2; }
        done < "$tmp/compare"
        while read -r p; do
          total=$((total + 1))
          cmp -s "$out$p" "$tmp/got_plain$p" || { bad=$((bad + 1)); echo "  differs (plain): $p" >&2; }
        done < "$tmp/kinds"
        compared="$((total - bad))/$total served files equal to recipes build's"
        rm -rf "$out"
      fi
    fi
    stop
  done
  printf '  serve %-4s ready %6s ms (median of %d)  first /models.json %5s ms  RSS after start %4s MB  after %s random API/page requests %4s MB\n' \
    "$label" "$(median < "$tmp/ready")" "$runs" "$(median < "$tmp/models")" "$(median < "$tmp/rss0")" "$n" "$rss1"
  if [ -n "$compared" ]; then
    echo "  serve $label: $compared"
    [ "$bad" = 0 ] || { echo "serve_scale bench: FAIL: served bytes differ from the built tree" >&2; exit 1; }
  fi
  if [ "$rss1" != n/a ] && [ "$rss1" -ge "$rss_limit" ]; then
    echo "serve_scale bench: FAIL: RSS after $n requests is $rss1 MB (limit $rss_limit MB)" >&2
    exit 1
  fi
done
