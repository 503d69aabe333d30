// SLURM: one sbatch script. One srun task per node picks its process by
// $SLURM_NODEID; addresses come from `scontrol show hostnames` and each
// node's NodeAddr.
#include <string>

#include "deploy/symbol_binding.h"
#include "deploy/symbols.h"
#include "deploy/targets.h"

namespace recipes {
namespace {

std::string Join(const std::vector<int>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + std::to_string(v[i]);
  return out;
}

}  // namespace

DeployResult RenderSlurm(const DeployPlan& plan, const DeployOptions& opt) {
  DeployResult result;
  std::string name = opt.name.empty() ? DefaultDeployName(plan) : opt.name;
  int nodes = plan.TotalNodes();
  std::vector<int> first = plan.FirstNodes();

  TargetNaming naming;
  naming.address = [&](int g, int rank) -> Bound {
    return {"${addrs[" + std::to_string(first[g] + rank) + "]}", true};
  };
  naming.rank = [&](int g, int mult) -> Bound {
    std::string r = first[g] == 0 ? "SLURM_NODEID" : "(SLURM_NODEID-" + std::to_string(first[g]) + ")";
    if (first[g] == 0 && mult == 1) return {"$SLURM_NODEID", true};
    return {"$((" + r + (mult == 1 ? "" : "*" + std::to_string(mult)) + "))", true};
  };
  naming.self = [](int) -> Bound { return {"${addrs[$SLURM_NODEID]}", true}; };
  naming.iface = {"$iface", true};
  std::string config_dir = "${SLURM_SUBMIT_DIR:-$PWD}/" + name + "-mooncake";
  naming.config_path = [&](const ConfigFile& c) -> Bound { return {"$RECIPES_CONFIG_DIR/" + c.name, true}; };

  std::string s = "#!/bin/bash\n";
  s += "# " + plan.Provenance() + "\n";
  s += "#SBATCH --job-name=" + name + "\n";
  s += "#SBATCH --nodes=" + std::to_string(nodes) + "\n";
  s += "#SBATCH --ntasks-per-node=1\n";
  if (!plan.gpu_resource.empty()) s += "#SBATCH --gres=gpu:" + std::to_string(plan.gpus_per_node) + "\n";
  s += "#SBATCH --exclusive\n";
  if (!opt.partition.empty()) s += "#SBATCH --partition=" + opt.partition + "\n";
  if (!opt.time.empty()) s += "#SBATCH --time=" + opt.time + "\n";
  for (const std::string& r : plan.requirements) s += "# Requires in the environment: " + r + "\n";
  s += "set -euo pipefail\n\n";
  s += "need=" + std::to_string(nodes) + "\n";
  s += "if [ \"${SLURM_JOB_NUM_NODES:-0}\" -lt \"$need\" ]; then\n";
  s += "  echo \"" + name + ": needs $need nodes, the allocation has ${SLURM_JOB_NUM_NODES:-0}\" >&2\n";
  s += "  exit 1\n";
  s += "fi\n\n";
  s += "# Node i of the allocation runs rank i; its address is the node's NodeAddr.\n";
  s += "mapfile -t hosts < <(scontrol show hostnames \"$SLURM_JOB_NODELIST\")\n";
  s += "addrs=()\n";
  s += "for h in \"${hosts[@]}\"; do\n";
  s += "  a=$(scontrol show node \"$h\" | sed -n 's/.*NodeAddr=\\([^ ]*\\).*/\\1/p')\n";
  s += "  addrs+=(\"${a:-$h}\")\n";
  s += "done\n";
  s += "export RECIPES_ADDRS=\"${addrs[*]}\"\n";
  if (!opt.iface.empty()) s += "export RECIPES_IFACE=" + SingleQuote(opt.iface) + "\n";
  if (!plan.configs.empty()) {
    s += "export RECIPES_CONFIG_DIR=\"" + config_dir + "\"\n";
    s += "mkdir -p \"$RECIPES_CONFIG_DIR\"\n";
    s += "# The Mooncake configs, on the submit folder's (shared) file system.\n";
    for (const ConfigFile& c : plan.configs) {
      s += "printf '%s\\n' " + ShellToken(plan, 0, c.content, naming) + " > \"$RECIPES_CONFIG_DIR/" + c.name + "\"\n";
    }
  }
  s += "\n";

  // The per-node task.
  std::string t;
  t += "set -euo pipefail\n";
  t += "read -r -a addrs <<< \"$RECIPES_ADDRS\"\n";
  t += "iface=${RECIPES_IFACE:-$(ip -o route get \"${addrs[0]}\" 2>/dev/null | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p')}\n";
  t += "iface=${iface:-eth0}\n";
  t += "pids=()\n";
  auto launch = [&](int g, const DeployProcess& p, const std::string& indent) {
    std::string line = indent + "env";
    for (const auto& [k, v] : p.env) line += " " + k + "=" + ShellToken(plan, g, v, naming);
    for (const std::string& a : p.argv) line += " " + ShellToken(plan, g, a, naming);
    return line + " &\n" + indent + "pids+=($!)\n";
  };
  t += "case \"$SLURM_NODEID\" in\n";
  // Node 0 also runs every co-located group (PD halves, router, Mooncake helpers).
  for (int node = 0; node < nodes; ++node) {
    std::string body;
    std::vector<int> same;  // workers of one group share a case arm
    for (size_t g = 0; g < plan.groups.size(); ++g) {
      const DeployGroup& grp = plan.groups[g];
      if (grp.nodes == 0 && node == 0) body += launch(static_cast<int>(g), grp.head, "    ");
      if (grp.nodes > 0 && node == first[g]) body += launch(static_cast<int>(g), grp.head, "    ");
    }
    if (!body.empty()) t += "  " + std::to_string(node) + ")\n" + body + "    ;;\n";
  }
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    const DeployGroup& grp = plan.groups[g];
    if (grp.nodes < 2 || !grp.worker) continue;
    std::vector<int> ranks;
    for (int r = 1; r < grp.nodes; ++r) ranks.push_back(first[g] + r);
    t += "  " + Join(ranks, "|") + ")\n" + launch(static_cast<int>(g), *grp.worker, "    ") + "    ;;\n";
  }
  t += "  *)\n    echo \"no process for node $SLURM_NODEID\" >&2\n    exit 1\n    ;;\n";
  t += "esac\n";
  t += "rc=0\n";
  t += "for p in \"${pids[@]}\"; do wait \"$p\" || rc=$?; done\n";
  t += "exit \"$rc\"\n";

  s += "task=$(cat <<'TASK'\n" + t + "TASK\n)\n\n";
  s += "srun --nodes=" + std::to_string(nodes) + " --ntasks=" + std::to_string(nodes) +
       " --ntasks-per-node=1 --kill-on-bad-exit=1 bash -c \"$task\" &\n";
  s += "step=$!\n\n";

  // The HTTP entry point: the router, else the first vLLM head.
  int entry = GroupIndex(plan, "router");
  if (entry < 0) entry = 0;
  std::string port = std::to_string(plan.groups[entry].port > 0 ? plan.groups[entry].port : 8000);
  s += "# Wait (bounded) for the entry point's /health while the step runs.\n";
  s += "url=\"http://${addrs[" + std::to_string(first[entry]) + "]}:" + port + "/health\"\n";
  s += "deadline=$((SECONDS + ${HEALTH_TIMEOUT:-1800}))\n";
  s += "while kill -0 \"$step\" 2>/dev/null; do\n";
  s += "  if curl -fsS -o /dev/null \"$url\" 2>/dev/null; then\n";
  s += "    echo \"" + name + ": healthy at $url\"\n";
  s += "    break\n";
  s += "  fi\n";
  s += "  if [ \"$SECONDS\" -ge \"$deadline\" ]; then\n";
  s += "    echo \"" + name + ": $url not healthy after ${HEALTH_TIMEOUT:-1800} s\" >&2\n";
  s += "    scancel \"$SLURM_JOB_ID\"\n";
  s += "    exit 1\n";
  s += "  fi\n";
  s += "  sleep 5\n";
  s += "done\n";
  s += "wait \"$step\"\n";
  result.files.push_back({name + ".sbatch", s, true});
  return result;
}

}  // namespace recipes
