#!/usr/bin/env bash
# `recipes diff` on reference-size catalogs: medians of (1) the reference
# catalog against itself, (2) against a copy with one recipe's text changed,
# (3) against a copy with a taxonomy edit that reaches every recipe (every
# rendering and API file rebuilt on both sides), (4) against a copy with one
# hardware-override flag changed (renderings differ).
#
# usage: bench/diff.sh <recipes binary> <shared folder> [runs (default 7)]
set -euo pipefail
bin=$(realpath "${1:-build/recipes}")
shared=$(realpath "${2:-../shared}")
runs=${3:-7}
catalog=$shared/reference/catalog
if [ ! -d "$catalog" ]; then
  echo "bench/diff.sh: no reference catalog at $catalog; skipped"
  exit 0
fi
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$base/bench_diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cp -r "$catalog" "$tmp/one"
recipe=$(find "$tmp/one/models" -name '*.yaml' | sort | head -40 | tail -1)
sed -i '0,/description: /s//description: (edited) /' "$recipe"
cp -r "$catalog" "$tmp/taxonomy"
sed -i 's/^\(    description: "\)/\1(reviewed) /' "$tmp/taxonomy/taxonomy.yaml"
cp -r "$catalog" "$tmp/flag"
flagged=$(grep -l -- '--attention-backend' "$tmp/flag/models"/*/*.yaml | head -1 || true)
[ -n "$flagged" ] && sed -i '0,/"--attention-backend"/s//"--attention-backend-x"/' "$flagged"

now_ns() { date +%s%N; }
timed() {
  local s e rc
  s=$(now_ns)
  set +e
  "$@" >/dev/null 2>"$tmp/stderr"
  rc=$?
  set -e
  e=$(now_ns)
  if [ "$rc" -gt 1 ]; then
    echo "bench/diff.sh: failed ($rc): $*" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  echo "$(( (e - s) / 1000 ))"
}
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m / 1e6}'; }
fastest() { sort -n | head -1 | awk '{printf "%.3f", $1 / 1e6}'; }
both() { local xs=("$@"); printf '%6s s (fastest %s s)' "$(printf '%s\n' "${xs[@]}" | median)" "$(printf '%s\n' "${xs[@]}" | fastest)"; }

same=() one=() tax=() flag=()
for ((i = 0; i < runs; i++)); do
  same+=("$(timed "$bin" diff "$catalog" "$catalog")")
  one+=("$(timed "$bin" diff "$catalog" "$tmp/one")")
  tax+=("$(timed "$bin" diff "$catalog" "$tmp/taxonomy" --format json)")
  flag+=("$(timed "$bin" diff "$catalog" "$tmp/flag" --format markdown)")
done
echo "diff: reference catalog, $runs runs each: median (fastest); load $(cut -d' ' -f1 /proc/loadavg)"
printf '  catalog against itself              %s   goal < 1 s\n' "$(both "${same[@]}")"
printf '  one recipe changed (%s)  %s   goal < 0.3 s\n' "$(basename "$recipe")" "$(both "${one[@]}")"
printf '  taxonomy edit, every recipe         %s   goal < 1 s\n' "$(both "${tax[@]}")"
printf '  one flag renamed (%s)  %s\n' "$(basename "${flagged:-none}")" "$(both "${flag[@]}")"
