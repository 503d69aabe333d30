#!/usr/bin/env bash
# Scale benchmark (issue 14's table): the catalog at 1x and at 10x, made with
# ../shared/tools/scale_catalog.py from ../shared/reference/catalog (or from our
# own catalog/ when ../shared is absent). For each size it reports medians of:
#   validate; build, fresh; build, nothing changed (and files written);
#   build, one recipe changed (and files written); serve, ready (until the
#   first answer, /healthz when the server has it); serve, memory (RSS when
#   ready and after 1,000 requests for random API files and pages, and the peak);
#   and check, plan --all and diff (against a copy with one recipe edited)
#   when this binary has those subcommands; the last column is 10x over 1x.
# Each cell: median wall seconds over RUNS runs (default 5), peak RSS in MB.
#   bench/scale.sh [bin] [shared] [runs]      SCALES="1 10" by default
set -euo pipefail
export LC_ALL=C
bin=$(realpath "${1:-build/recipes}")
shared=${2:-../shared}
runs=${3:-${RUNS:-5}}
scales=${SCALES:-1 10}
here=$(cd "$(dirname "$0")/.." && pwd)

src="$shared/reference/catalog"
[ -d "$src" ] || src="$here/catalog"
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$base/bench_scale.XXXXXX")
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# The shared tool when present; otherwise the same transformation, our own way.
scale_catalog() {  # src dst n
  if [ -f "$shared/tools/scale_catalog.py" ]; then
    python3 "$shared/tools/scale_catalog.py" "$1" "$2" "$3" >/dev/null
    return
  fi
  python3 - "$1" "$2" "$3" <<'EOF'
import pathlib, re, shutil, sys
src, dst, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
(dst / "models").mkdir(parents=True)
for item in ("strategies", "kv_store", "taxonomy.yaml", "platforms.yaml"):
    p = src / item
    if p.is_dir(): shutil.copytree(p, dst / item)
    elif p.exists(): shutil.copy(p, dst / item)
for copy in range(n):
    for recipe in sorted((src / "models").glob("*/*.y*ml")):
        org = recipe.parent.name if copy == 0 else f"{recipe.parent.name}-x{copy}"
        text = recipe.read_text(encoding="utf-8")
        if copy:  # rename checkpoint ids the same way, so promotions stay distinct
            text = re.sub(r'(model_id:\s*["\']?)([\w.-]+)/', lambda m: f"{m.group(1)}{m.group(2)}-x{copy}/", text)
        (dst / "models" / org).mkdir(exist_ok=True)
        (dst / "models" / org / recipe.name).write_text(text, encoding="utf-8")
EOF
}

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "n/a"; exit} m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m / 1e6}'; }
# Runs "$@" once; prints "<wall us> <peak RSS KB>". Fails the bench when it fails.
measure() {
  local s e rss
  s=$(now_us)
  if ! /usr/bin/time -o "$tmp/time" -f '%M' "$@" >/dev/null 2>"$tmp/stderr"; then
    echo "bench/scale.sh: failed: $*" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  e=$(now_us)
  rss=$(tail -1 "$tmp/time")
  echo "$((e - s)) $rss"
}
# Runs "$@" RUNS times (a `setup` command before each, when given); prints "<median s> <max RSS MB>".
series() {  # setup-command-or-: cmd...
  local setup=$1; shift
  local walls=() rss=0 r
  for ((i = 0; i < runs; i++)); do
    $setup
    r=$(measure "$@")
    walls+=("${r% *}")
    (( ${r#* } > rss )) && rss=${r#* }
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $((rss / 1024))"
}
has_cmd() { "$bin" "$1" --help >/dev/null 2>&1; }

declare -A cell
for n in $scales; do
  cat="$tmp/cat$n"
  scale_catalog "$src" "$cat" "$n"
  recipes=$(find "$cat/models" -name '*.y*ml' | wc -l)
  out="$tmp/out$n"
  cell[$n,recipes]=$recipes

  cell[$n,validate]=$(series : "$bin" validate --catalog "$cat")
  fresh_setup() { rm -rf "$out"; }
  cell[$n,fresh]=$(series fresh_setup "$bin" build --catalog "$cat" --out "$out")
  cell[$n,files]=$(find "$out" -type f -not -name '.*' | wc -l)
  cell[$n,mb]=$(( $(du -sb "$out" | cut -f1) / 1000000 ))

  touch "$tmp/stamp"; sleep 0.01
  cell[$n,same]=$(series : "$bin" build --catalog "$cat" --out "$out")
  cell[$n,same_written]=$(find "$out" -newer "$tmp/stamp" -type f | wc -l)

  # One recipe's text edited, alternating between two versions.
  recipe=$(find "$cat/models" -name '*.yaml' | sort | awk 'NR == 1')
  cp "$recipe" "$tmp/recipe.orig"
  sed '0,/description: /s//description: (edited) /' "$tmp/recipe.orig" >"$tmp/recipe.edit"
  flip=0
  one_setup() {
    if ((flip % 2 == 0)); then cp "$tmp/recipe.edit" "$recipe"; else cp "$tmp/recipe.orig" "$recipe"; fi
    flip=$((flip + 1))
    touch "$tmp/stamp"; sleep 0.01
  }
  cell[$n,one]=$(series one_setup "$bin" build --catalog "$cat" --out "$out")
  cell[$n,one_written]=$(find "$out" -newer "$tmp/stamp" -type f -not -name '.*' | wc -l)
  cp "$tmp/recipe.orig" "$recipe"

  # check and plan exit 1 when they have findings; that is not a failure here.
  if has_cmd check; then cell[$n,check]=$(series : bash -c '"$0" check --catalog "$1"; [ $? -le 1 ]' "$bin" "$cat"); fi
  # plan --all plans the recipes that carry architecture facts: ours do, the
  # reference's do not, so this row scales our catalog (by 10n, so that 1x
  # and 10x hold about as many recipes as the other rows).
  if "$bin" plan --help 2>&1 | grep -q -- '--all'; then
    scale_catalog "$here/catalog" "$tmp/plan$n" "$((10 * n))"
    cell[$n,plan]=$(series : bash -c '"$0" plan --catalog "$1" --all; [ $? -le 1 ]' "$bin" "$tmp/plan$n")
    cell[$n,planned]=$("$bin" plan --catalog "$tmp/plan$n" --all 2>/dev/null | wc -l || true)
    rm -rf "$tmp/plan$n"
  fi
  # diff: this catalog against a copy with one recipe's text edited.
  if has_cmd diff; then
    cp -r "$cat" "$tmp/base$n"
    cp "$tmp/recipe.edit" "$tmp/base$n/${recipe#"$cat"/}"
    cell[$n,diff]=$(series : "$bin" diff "$tmp/base$n" "$cat" --exit-zero)
    rm -rf "$tmp/base$n"
  fi

  # serve: time to the first answer (/healthz when it exists, else /), RSS.
  ready=() rss_ready=0 rss_after=0 hwm=0
  for ((i = 0; i < runs; i++)); do
    log="$tmp/serve.log"
    s=$(now_us)
    "$bin" serve --catalog "$cat" --port 0 >"$log" 2>&1 &
    serve_pid=$!
    url=
    for _ in $(seq 1 1200); do
      url=$(sed -n 's|^Listening on \(http://[^/]*\)/.*|\1|p' "$log")
      if [ -n "$url" ]; then
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz" || true)
        # Any HTTP answer (a binary from before /healthz answers 404).
        [ "$code" != 000 ] && [ "$code" != 503 ] && break
      fi
      kill -0 "$serve_pid" 2>/dev/null || { cat "$log"; exit 1; }
      sleep 0.02
    done
    e=$(now_us)
    ready+=("$((e - s))")
    r=$(awk '/^VmRSS/ {print $2}' /proc/$serve_pid/status)
    ((r > rss_ready)) && rss_ready=$r
    if ((i == 0)); then
      # 1,000 requests for random API files and pages (recipe JSON and recipe
      # pages of models.json), in one keep-alive curl.
      curl -s "$url/models.json" | grep -o '"json": *"[^"]*"' | cut -d'"' -f4 >"$tmp/paths.all" || true
      shuf -r -n 500 --random-source=<(yes) "$tmp/paths.all" >"$tmp/paths" || true
      awk -v b="$url" '{ page = $0; sub(/\.json$/, "", page)
        printf "url = \"%s%s\"\noutput = \"/dev/null\"\nurl = \"%s%s\"\noutput = \"/dev/null\"\n", b, $0, b, page }' \
        "$tmp/paths" >"$tmp/curl.cfg"
      requests=$(grep -c '^url' "$tmp/curl.cfg" || true)
      curl -s --compressed -K "$tmp/curl.cfg" || true
      rss_after=$(awk '/^VmRSS/ {print $2}' /proc/$serve_pid/status)
      hwm=$(awk '/^VmHWM/ {print $2}' /proc/$serve_pid/status)
    fi
    kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
    serve_pid=
  done
  cell[$n,ready]="$(printf '%s\n' "${ready[@]}" | median) $((rss_ready / 1024))"
  cell[$n,serve_mem]="$((rss_ready / 1024)) MB ready, $((rss_after / 1024)) MB after $requests requests, $((hwm / 1024)) MB peak"
  rm -rf "$out"
done

fmt() {  # "<s> <MB>" → "0.123 s, 45 MB"
  local v=${1:-}
  [ -z "$v" ] && { echo "-"; return; }
  echo "${v% *} s, ${v#* } MB"
}
echo "scale bench: $src, medians of $runs runs (peak RSS over the runs); load $(cut -d' ' -f1 /proc/loadavg)"
set -- $scales
printf '  %-32s' "command"
for n in "$@"; do printf ' | %-34s' "${n}x (${cell[$n,recipes]} recipes)"; done
[ $# -gt 1 ] && printf ' | %s' "ratio"
echo
# The last scale's median over the first's (issue 14: at most 12 at 10x).
ratio() {  # key
  local a b
  a=${cell[$1,$2]:-}; b=${cell[$3,$2]:-}
  [ -z "$a" ] || [ -z "$b" ] && { echo "-"; return; }
  awk -v a="${a% *}" -v b="${b% *}" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'
}
row() {  # label key [suffix-key]
  printf '  %-32s' "$1"
  local n first last
  for n in $scales; do
    local v
    v=$(fmt "${cell[$n,$2]:-}")
    [ -n "${3:-}" ] && v="$v, ${cell[$n,$3]} ${4:-written}"
    printf ' | %-34s' "$v"
    first=${first:-$n}; last=$n
  done
  [ "$first" != "$last" ] && printf ' | %s' "$(ratio "$first" "$2" "$last")"
  echo
}
row validate validate
[ -n "${cell[$1,check]:-}" ] && row "check" check
[ -n "${cell[$1,plan]:-}" ] && row "plan --all (ours, x10 scale)" plan planned planned
[ -n "${cell[$1,diff]:-}" ] && row "diff, one recipe changed" diff
row "build, fresh" fresh
row "build, nothing changed" same same_written
row "build, one recipe changed" one one_written
row "serve, ready" ready
printf '  %-32s' "serve, memory"
for n in $scales; do printf ' | %s' "${cell[$n,serve_mem]}"; done
echo
for n in $scales; do echo "  ${n}x tree: ${cell[$n,files]} files, ${cell[$n,mb]} MB"; done
