#!/usr/bin/env bash
# compose target: Debian's docker-compose must accept every rendered file
# (`config -q`), with "variable is not set" counted as a failure; the
# entrypoint of each vLLM service, run with a stub vllm and the service's
# environment, must record `recipes command`'s argv and env. Multi-node
# selections must be refused with a pointer to the other targets.
#
# usage: compose_test.sh RECIPES_BIN
set -euo pipefail
recipes=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
command -v docker-compose >/dev/null || { echo "FAIL: docker-compose is not installed"; exit 1; }
work=$(mktemp -d /tmp/recipes-compose.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cp "$here/stub_record.sh" "$work/bin/vllm"
failures=0

run_case() {
  local label=$1; shift
  local dir="$work/$label"
  mkdir -p "$dir/records"
  "$recipes" deploy "$@" --target compose --name "rt-$label" --out "$dir" 2>/dev/null
  local out
  if ! out=$(cd "$dir" && env -u HF_TOKEN docker-compose -f compose.yaml config -q 2>&1); then
    echo "FAIL [$label]: docker-compose config: $out"; failures=$((failures + 1)); return
  fi
  if grep -qi "variable is not set" <<< "$out"; then
    echo "FAIL [$label]: $out"; failures=$((failures + 1)); return
  fi
  # Run each vLLM service's entrypoint as compose resolved it.
  (cd "$dir" && docker-compose -f compose.yaml config) > "$dir/resolved.yaml"
  if ! PATH="$work/bin:$PATH" RECIPES_RECORD_DIR="$dir/records" python3 - "$dir/resolved.yaml" <<'PY'
import subprocess, sys, os, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for name, svc in doc["services"].items():
    entry = svc.get("entrypoint") or []
    if entry[:1] != ["vllm"]:
        continue
    env = dict(os.environ)
    env.update({k: str(v) for k, v in (svc.get("environment") or {}).items()})
    env["SLURM_NODEID"] = "0"
    subprocess.run(entry, env=env, check=True)
PY
  then
    echo "FAIL [$label]: running the entrypoints failed"; failures=$((failures + 1)); return
  fi
  echo -n "[$label] compose config -q clean; "
  python3 "$here/compare_ranks.py" --recipes "$recipes" --records "$dir/records" --addrs 127.0.0.1 \
    --iface lo -- "$@" || failures=$((failures + 1))
}

run_case eagle3 MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa
run_case amd MiniMaxAI/MiniMax-M3 --hardware mi300x
run_case mooncake-1 MiniMaxAI/MiniMax-M3 --kv-offload kv_store_centralized_mooncake --kv-instances 1

if "$recipes" deploy deepseek-ai/DeepSeek-R1 --strategy multi_node_tp --nodes 2 --target compose >/dev/null 2>"$work/err"; then
  echo "FAIL: compose accepted a 2-node selection"; failures=$((failures + 1))
elif ! grep -q "single-node" "$work/err"; then
  echo "FAIL: the 2-node refusal does not explain itself: $(cat "$work/err")"; failures=$((failures + 1))
else
  echo "[multi-node] refused: $(cat "$work/err")"
fi

if [ "$failures" -ne 0 ]; then echo "compose: $failures failure(s)"; exit 1; fi
echo "compose: every case passed"
