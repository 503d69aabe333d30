#!/usr/bin/env bash
# recipes deploy: every target (k8s, slurm, compose, ssh) for every recipe's
# default multi-node selection, in one process (catalog load included).
# Budget: under 1 s in total. Prints hyperfine's median.
set -euo pipefail
bin=${1:-build/recipes}
shared=${2:-../shared}
run() {
  local label=$1; shift
  echo "deploy ($label): $("$bin" deploy --every-recipe "$@")"
  hyperfine -N --warmup 2 --runs 15 --export-json /tmp/recipes-bench-deploy.json "$bin deploy --every-recipe $*" >/dev/null
  python3 - "$label" <<'PY'
import json, sys
r = json.load(open("/tmp/recipes-bench-deploy.json"))["results"][0]
print("deploy (%s): median %.1f ms (budget 1000 ms)" % (sys.argv[1], r["median"] * 1000))
PY
  rm -f /tmp/recipes-bench-deploy.json
}
run "embedded catalog"
if [ -d "$shared/reference/catalog" ]; then
  run "reference catalog" --catalog "$shared/reference/catalog"
fi
