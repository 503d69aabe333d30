#!/usr/bin/env bash
# Benchmarks (never timed tests). Prints medians.
set -euo pipefail
bin=${1:-build/recipes}
shared=${2:-../shared}
for b in bench/*.sh; do
  [ -e "$b" ] || continue
  "$b" "$bin" "$shared"
done
