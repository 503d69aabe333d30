#!/usr/bin/env bash
# SSH target: the rendered launch script runs with stub ssh (runs the remote
# command here, noting the host), stub docker (records its argv) and stub curl
# (healthy). compare_ranks.py checks each container's argv and -e env against
# `recipes command` for that host's rank. shellcheck must report nothing on
# the generated ssh and sbatch scripts.
#
# usage: ssh_test.sh RECIPES_BIN
set -euo pipefail
recipes=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
command -v shellcheck >/dev/null || { echo "FAIL: shellcheck is not installed"; exit 1; }
work=$(mktemp -d /tmp/recipes-ssh.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cp "$here/stub_record.sh" "$work/bin/docker"
cat > "$work/bin/ssh" <<'STUB'
#!/usr/bin/env bash
# ssh [-o OPT] HOST COMMAND: runs COMMAND here with RECIPES_SSH_HOST=HOST.
while [ "${1:-}" = "-o" ]; do shift 2; done
host=$1; shift
RECIPES_SSH_HOST=$host exec bash -c "$*"
STUB
printf '#!/bin/sh\nexit 0\n' > "$work/bin/curl"
chmod +x "$work/bin/"*
export PATH="$work/bin:$PATH"

failures=0
check_shell() {
  if ! shellcheck "$1"; then echo "FAIL: shellcheck reports on $(basename "$1")"; failures=$((failures + 1)); fi
}
run_case() {
  local label=$1 hosts=$2; shift 2
  local dir="$work/$label"
  mkdir -p "$dir/records"
  "$recipes" deploy "$@" --target ssh --hosts "$hosts" --iface ens1 --name "rt-$label" --out "$dir" 2>/dev/null
  "$recipes" deploy "$@" --target slurm --name "rt-$label" --out "$dir" 2>/dev/null
  check_shell "$dir/rt-$label-ssh.sh"
  check_shell "$dir/rt-$label.sbatch"
  local image; image=$(sed -n "s/^image='\(.*\)'$/\1/p" "$dir/rt-$label-ssh.sh")
  if ! RECIPES_RECORD_DIR="$dir/records" bash "$dir/rt-$label-ssh.sh" > "$dir/out" 2>&1; then
    echo "FAIL [$label]: the ssh script failed"; cat "$dir/out"; failures=$((failures + 1)); return
  fi
  echo -n "[$label] ssh: "
  if ! python3 "$here/compare_ranks.py" --recipes "$recipes" --records "$dir/records" --addrs "$hosts" \
       --iface ens1 --source docker --image "$image" -- "$@"; then
    failures=$((failures + 1))
  fi
}

run_case eagle3 10.0.0.1 MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa
# Three ranks: pipeline stages (TP 24 would not divide the 128 heads; --nodes refuses it).
run_case mn-pp 10.0.0.1,10.0.0.2,10.0.0.3 deepseek-ai/DeepSeek-R1 --strategy multi_node_tp_pp --nodes 3
run_case mn-dep 10.0.0.1,10.0.0.2 deepseek-ai/DeepSeek-V3.2 --strategy multi_node_dep --nodes 2
run_case pd-1p1d 10.0.0.1,10.0.0.2 MiniMaxAI/MiniMax-M3 --strategy pd_cluster --prefill-nodes 1 --decode-nodes 1
run_case pd-dep 10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4 MiniMaxAI/MiniMax-M3 --strategy pd_cluster \
  --prefill-nodes 2 --decode-nodes 2 --decode-mode dep
run_case mooncake 10.0.0.1,10.0.0.2 MiniMaxAI/MiniMax-M3 --kv-offload kv_store_distributed_mooncake --kv-instances 2
run_case amd 10.0.0.1 MiniMaxAI/MiniMax-M3 --hardware mi300x

if [ "$failures" -ne 0 ]; then echo "ssh: $failures failure(s)"; exit 1; fi
echo "ssh: every case passed; shellcheck clean on every ssh and sbatch script"
