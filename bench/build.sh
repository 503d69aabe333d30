#!/usr/bin/env bash
# `recipes build` on the reference catalog: medians of a full build into a
# fresh /dev/shm folder, of `cp -r` of the produced tree (the floor), of a
# rebuild with nothing changed, of a rebuild after one recipe changed, and of
# `--check`; plus the peak RSS of a full build.
#
# usage: bench/build.sh <recipes binary> <shared folder> [runs (default 7)]
set -euo pipefail
bin=$(realpath "${1:-build/recipes}")
shared=$(realpath "${2:-../shared}")
runs=${3:-7}
catalog=$shared/reference/catalog
if [ ! -d "$catalog" ]; then
  echo "bench/build.sh: no reference catalog at $catalog; skipped"
  exit 0
fi
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$base/bench_build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

now_ns() { date +%s%N; }
# Prints the wall time of "$@" in seconds; fails the bench when it fails.
timed() {
  local s e
  s=$(now_ns)
  if ! "$@" >/dev/null 2>"$tmp/stderr"; then
    echo "bench/build.sh: failed: $*" >&2
    cat "$tmp/stderr" >&2
    exit 1
  fi
  e=$(now_ns)
  echo "$(( (e - s) / 1000 ))"
}
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m / 1e6}'; }
# The fastest run: on a shared machine, the closest to an idle one.
fastest() { sort -n | head -1 | awk '{printf "%.3f", $1 / 1e6}'; }

full=() copy=() same=() one=() check=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$tmp/out" "$tmp/copy"
  full+=("$(timed "$bin" build --catalog "$catalog" --out "$tmp/out")")
  copy+=("$(timed cp -r "$tmp/out" "$tmp/copy")")
done
files=$(find "$tmp/out" -type f -name '*.json' | wc -l)
bytes=$(du -sb "$tmp/out" | cut -f1)

# Nothing changed: no file may be written.
touch "$tmp/stamp"
sleep 0.01
for ((i = 0; i < runs; i++)); do
  same+=("$(timed "$bin" build --catalog "$catalog" --out "$tmp/out")")
done
touched=$(find "$tmp/out" -newer "$tmp/stamp" | wc -l)

# One recipe's text touched up, alternating between two versions.
cp -r "$catalog" "$tmp/catalog"
recipe=$(find "$tmp/catalog/models" -name '*.yaml' | sort | head -1)
cp "$recipe" "$tmp/recipe.orig"
sed '0,/description: /s//description: (edited) /' "$tmp/recipe.orig" > "$tmp/recipe.edit"
"$bin" build --catalog "$tmp/catalog" --out "$tmp/out" >/dev/null 2>&1
for ((i = 0; i < runs; i++)); do
  if ((i % 2 == 0)); then cp "$tmp/recipe.edit" "$recipe"; else cp "$tmp/recipe.orig" "$recipe"; fi
  one+=("$(timed "$bin" build --catalog "$tmp/catalog" --out "$tmp/out")")
done
changed_line=$(tail -1 "$tmp/stderr")

for ((i = 0; i < runs; i++)); do
  check+=("$(timed "$bin" build --catalog "$catalog" --check)")
done

# Peak RSS of a full build (GNU time's %M, in KB; its line comes last on stderr).
rss=$(/usr/bin/time -f '%M' "$bin" build --catalog "$catalog" --out "$tmp/out-rss" 2>&1 >/dev/null | tail -1)

full_m=$(printf '%s\n' "${full[@]}" | median)
copy_m=$(printf '%s\n' "${copy[@]}" | median)
full_f=$(printf '%s\n' "${full[@]}" | fastest)
copy_f=$(printf '%s\n' "${copy[@]}" | fastest)
both() { local xs=("$@"); printf '%6s s (fastest %s s)' "$(printf '%s\n' "${xs[@]}" | median)" "$(printf '%s\n' "${xs[@]}" | fastest)"; }
echo "build: reference catalog, $files files, $((bytes / 1000000)) MB, $runs runs each: median (fastest); load $(cut -d' ' -f1 /proc/loadavg)"
printf '  full build (fresh /dev/shm folder)  %s   goal <= 1.3x copy: %.2fx median, %.2fx fastest\n' \
  "$(both "${full[@]}")" "$(echo "$full_m / $copy_m" | bc -l)" "$(echo "$full_f / $copy_f" | bc -l)"
printf '  cp -r of the tree (floor)           %s\n' "$(both "${copy[@]}")"
printf '  rebuild, nothing changed            %s   goal <= 0.150 s; files touched: %s (goal 0)\n' \
  "$(both "${same[@]}")" "$touched"
printf '  rebuild, one recipe changed         %s   goal <= 0.150 s (%s)\n' "$(both "${one[@]}")" "$changed_line"
printf '  build --check                       %s   goal <= 0.100 s\n' "$(both "${check[@]}")"
printf '  peak RSS, full build                %6s MB  goal <= 100 MB\n' "$((rss / 1024))"
