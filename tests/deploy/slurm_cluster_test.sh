#!/usr/bin/env bash
# A real 2-node SLURM cluster on this machine (munge, slurmctld, two slurmd
# with their own ports, spool folders and 8 fake GPU device files each; node
# addresses 127.0.0.1 and 127.0.0.2), started and stopped by PID. For each
# selection: the rendered sbatch script passes `sbatch --test-only`, a larger
# allocation fails it, and `sbatch --wait` runs one task per node whose stub
# vllm records the argv that compare_ranks.py checks against `recipes command`.
#
# usage: slurm_cluster_test.sh RECIPES_BIN
set -euo pipefail
recipes=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
for tool in munged slurmctld slurmd sbatch scontrol sinfo; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh installs it)"; exit 1; }
done

work=$(mktemp -d /tmp/recipes-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ctl_port=$(free_port); d_port=$(free_port); n1_port=$(free_port); n2_port=$(free_port)

mkdir -p "$work/munge" "$work/state" "$work/bin" "$work/records"
chmod 700 "$work/munge"
head -c 1024 /dev/urandom > "$work/munge/key"
chmod 400 "$work/munge/key"
munged -F -f --socket="$work/munge/sock" --key-file="$work/munge/key" --pid-file="$work/munge/pid" \
  --seed-file="$work/munge/seed" --log-file="$work/munge/log" > "$work/munge/out" 2>&1 &
pids+=($!)

gres=""
for n in n1 n2; do
  mkdir -p "$work/$n/spool" "$work/$n/dev"
  for i in 0 1 2 3 4 5 6 7; do : > "$work/$n/dev/nvidia$i"; done
  gres+="NodeName=$n Name=gpu File=$work/$n/dev/nvidia[0-7]"$'\n'
done
printf '%s' "$gres" > "$work/gres.conf"
cpus=$(nproc)
cat > "$work/slurm.conf" <<CONF
ClusterName=recipes
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$work/munge/sock
CryptoType=crypto/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/%n/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/%n/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/%n/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
GresTypes=gpu
InactiveLimit=0
MinJobAge=2
KillWait=2
NodeName=n1 NodeAddr=127.0.0.1 NodeHostname=localhost Port=$n1_port CPUs=$cpus RealMemory=1000 Gres=gpu:8 State=UNKNOWN
NodeName=n2 NodeAddr=127.0.0.2 NodeHostname=localhost Port=$n2_port CPUs=$cpus RealMemory=1000 Gres=gpu:8 State=UNKNOWN
PartitionName=debug Nodes=n1,n2 Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
for _ in $(seq 50); do [ -S "$work/munge/sock" ] && break; sleep 0.1; done
slurmctld -D -f "$SLURM_CONF" > "$work/slurmctld.out" 2>&1 &
pids+=($!)
sleep 1
slurmd -D -N n1 -f "$SLURM_CONF" > "$work/n1.out" 2>&1 &
pids+=($!)
slurmd -D -N n2 -f "$SLURM_CONF" > "$work/n2.out" 2>&1 &
pids+=($!)
up=0
for _ in $(seq 60); do
  if [ "$(sinfo -h -N -o '%t' 2>/dev/null | grep -c idle)" = 2 ]; then up=1; break; fi
  sleep 0.5
done
if [ "$up" != 1 ]; then
  echo "FAIL: the 2-node cluster did not come up"; sinfo -N || true
  tail -n 20 "$work/slurmctld.log" "$work/n1/slurmd.log" "$work/n2/slurmd.log" 2>/dev/null || true
  exit 1
fi
echo "cluster: $(sinfo -h -N -o '%N %t %G' | tr '\n' ' ')"

for stub in vllm vllm-router mooncake_master; do cp "$here/stub_record.sh" "$work/bin/$stub"; done
export PATH="$work/bin:$PATH"

failures=0
run_case() {
  local label=$1; shift
  local dir="$work/case-$label"
  mkdir -p "$dir/records"
  "$recipes" deploy "$@" --target slurm --name "rt-$label" --out "$dir" 2>/dev/null
  local script="$dir/rt-$label.sbatch"
  local nodes; nodes=$(sed -n 's/^#SBATCH --nodes=//p' "$script")
  if ! (cd "$dir" && sbatch --test-only "$script" >/dev/null 2>&1); then
    echo "FAIL [$label]: sbatch --test-only rejects the recipe's shape ($nodes nodes)"; failures=$((failures + 1)); return
  fi
  if (cd "$dir" && sbatch --test-only --nodes=3 "$script" >/dev/null 2>&1); then
    echo "FAIL [$label]: sbatch --test-only accepts 3 nodes on a 2-node cluster"; failures=$((failures + 1)); return
  fi
  if (cd "$dir" && sbatch --test-only --gres=gpu:9 "$script" >/dev/null 2>&1); then
    echo "FAIL [$label]: sbatch --test-only accepts 9 GPUs per node"; failures=$((failures + 1)); return
  fi
  if [ "$nodes" -gt 1 ]; then
    # The script's own guard: run on fewer nodes than the recipe needs, it must stop.
    if (cd "$dir" && timeout 60 sbatch --wait --nodes=1 --output="$dir/small.out" "$script" >/dev/null 2>&1); then
      echo "FAIL [$label]: the script ran on 1 node"; failures=$((failures + 1)); return
    fi
    if ! grep -q "needs $nodes nodes" "$dir/small.out"; then
      echo "FAIL [$label]: no allocation guard message"; cat "$dir/small.out"; failures=$((failures + 1)); return
    fi
    rm -rf "$dir/records"; mkdir -p "$dir/records"
  fi
  if ! (cd "$dir" && RECIPES_RECORD_DIR="$dir/records" HEALTH_TIMEOUT=60 timeout 120 \
        sbatch --wait --output="$dir/job.out" "$script" >/dev/null); then
    echo "FAIL [$label]: sbatch --wait failed"; cat "$dir/job.out" 2>/dev/null; failures=$((failures + 1)); return
  fi
  local tasks; tasks=$(find "$dir/records" -name '*-vllm-*.argv' -printf '%f\n' | cut -d- -f1 | sort -u | wc -l)
  echo "[$label] sbatch --test-only: $nodes-node shape accepted, 3 nodes and 9 GPUs refused; sbatch --wait: vllm ran on $tasks node(s)$([ "$nodes" -gt 1 ] && echo "; on 1 node the guard stopped it")"
  if ! python3 "$here/compare_ranks.py" --recipes "$recipes" --records "$dir/records" --addrs 127.0.0.1,127.0.0.2 \
       --iface lo --config-dir "$dir/rt-$label-mooncake" -- "$@"; then
    failures=$((failures + 1))
  fi
}

run_case eagle3 MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa
run_case mn-tp deepseek-ai/DeepSeek-R1 --strategy multi_node_tp --nodes 2
run_case mn-dep deepseek-ai/DeepSeek-V3.2 --strategy multi_node_dep --nodes 2
run_case pd-1p1d MiniMaxAI/MiniMax-M3 --strategy pd_cluster --prefill-nodes 1 --decode-nodes 1
run_case pd-default MiniMaxAI/MiniMax-M3 --strategy pd_cluster
run_case mooncake MiniMaxAI/MiniMax-M3 --kv-offload kv_store_distributed_mooncake --kv-instances 2

if [ "$failures" -ne 0 ]; then echo "slurm: $failures case(s) failed"; exit 1; fi
echo "slurm: every case passed"
