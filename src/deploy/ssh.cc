// SSH: one bash script that starts one container per host over ssh (host
// networking, host IPC), heads first, then waits on the entry point's /health.
// Every value is literal per host.
#include "deploy/symbol_binding.h"
#include "deploy/symbols.h"
#include "deploy/targets.h"

namespace recipes {

DeployResult RenderSsh(const DeployPlan& plan, const DeployOptions& opt) {
  DeployResult result;
  int nodes = plan.TotalNodes();
  std::vector<std::string> hosts = opt.hosts;
  if (hosts.empty() && nodes == 1) hosts.push_back("localhost");
  if (static_cast<int>(hosts.size()) < nodes) {
    result.error = "this selection needs " + std::to_string(nodes) + " hosts; --hosts names " +
                   std::to_string(hosts.size()) + " (e.g. --hosts node1,node2)";
    return result;
  }
  std::string name = opt.name.empty() ? DefaultDeployName(plan) : opt.name;
  std::vector<int> first = plan.FirstNodes();
  int current_rank = 0;
  TargetNaming naming;
  naming.address = [&](int g, int rank) -> Bound { return {hosts[first[g] + rank], false}; };
  naming.rank = [&](int, int mult) -> Bound { return {std::to_string(current_rank * mult), false}; };
  naming.self = [&](int g) -> Bound { return {hosts[first[g] + current_rank], false}; };
  naming.iface = {opt.iface.empty() ? "eth0" : opt.iface, false};
  naming.config_path = [](const ConfigFile& c) -> Bound { return {c.path, false}; };

  std::string s = "#!/usr/bin/env bash\n";
  s += "# " + plan.Provenance() + "\n";
  for (const std::string& r : plan.requirements) s += "# The image must provide " + r + "\n";
  s += "# Starts one container per host over ssh, heads first; HF_TOKEN is passed on when set.\n";
  s += "set -euo pipefail\n\n";
  s += "image=" + SingleQuote(plan.image) + "\n";
  s += "health_timeout=${HEALTH_TIMEOUT:-1800}\n\n";
  s += "# run HOST ARGV...: runs ARGV on HOST, each word quoted for the remote shell.\n";
  s += "run() {\n  local host=$1\n  shift\n  ssh -o BatchMode=yes \"$host\" \"$(printf '%q ' \"$@\")\"\n}\n\n";
  for (const ConfigFile& c : plan.configs) {
    std::string content = LiteralToken(plan, 0, c.content, naming, nullptr);
    std::string dir = c.path.substr(0, c.path.rfind('/'));
    for (int h = 0; h < nodes; ++h) {
      s += "printf '%s\\n' " + SingleQuote(content) + " | run " + SingleQuote(hosts[h]) + " sh -c " +
           SingleQuote("mkdir -p " + dir + " && cat > " + c.path) + "\n";
    }
  }
  auto container = [&](int g, int rank, const DeployProcess& p) {
    const DeployGroup& grp = plan.groups[g];
    current_rank = rank;
    std::string host = hosts[grp.nodes > 0 ? first[g] + rank : 0];
    std::string line = "run " + SingleQuote(host) + " docker run -d --name " +
                       SingleQuote(name + "-" + grp.name + (grp.nodes > 1 ? "-" + std::to_string(rank) : "")) +
                       " --network host --ipc=host";
    if (grp.kind == "vllm") {
      if (plan.brand == "nvidia") line += " --gpus all";
      if (plan.brand == "amd") line += " --device /dev/kfd --device /dev/dri --group-add video";
      line += " --shm-size " + SingleQuote(opt.shm_size.empty() ? "16g" : opt.shm_size);
    }
    line += " -v hf-cache:/root/.cache/huggingface";
    for (const ConfigFile& c : plan.configs) line += " -v " + SingleQuote(c.path + ":" + c.path + ":ro");
    line += " -e \"HF_TOKEN=${HF_TOKEN:-}\"";
    for (const auto& [k, v] : p.env) line += " -e " + SingleQuote(k + "=" + LiteralToken(plan, g, v, naming, nullptr));
    // The vLLM image's entrypoint is `vllm serve`; other programs name their own.
    size_t from = 0;
    if (p.argv.size() >= 2 && p.argv[0] == "vllm" && p.argv[1] == "serve") {
      from = 2;
    } else if (!p.argv.empty()) {
      line += " --entrypoint " + SingleQuote(p.argv[0]);
      from = 1;
    }
    line += " \"$image\"";
    for (size_t i = from; i < p.argv.size(); ++i) line += " " + SingleQuote(LiteralToken(plan, g, p.argv[i], naming, nullptr));
    return line + "\n";
  };
  // Helpers the others need first (Mooncake), then each group's head, then followers, then the router.
  std::string helpers, heads, workers, router;
  for (size_t gi = 0; gi < plan.groups.size(); ++gi) {
    const DeployGroup& g = plan.groups[gi];
    int group = static_cast<int>(gi);
    if (g.kind == "mooncake-master" || g.kind == "mooncake-store") helpers += container(group, 0, g.head);
    else if (g.kind == "router") router += container(group, 0, g.head);
    else {
      heads += container(group, 0, g.head);
      for (int r = 1; r < g.nodes && g.worker; ++r) workers += container(group, r, *g.worker);
    }
  }
  s += helpers + heads + workers + router;
  int entry = GroupIndex(plan, "router");
  if (entry < 0) entry = 0;
  const DeployGroup& e = plan.groups[entry];
  std::string url = "http://" + hosts[first[entry]] + ":" + std::to_string(e.port > 0 ? e.port : 8000) + "/health";
  s += "\nurl=" + SingleQuote(url) + "\n";
  s += "for ((waited = 0; waited < health_timeout; waited += 5)); do\n";
  s += "  if curl -fsS -o /dev/null \"$url\"; then\n";
  s += "    echo \"" + name + ": healthy at $url\"\n";
  s += "    exit 0\n";
  s += "  fi\n";
  s += "  sleep 5\n";
  s += "done\n";
  s += "echo \"" + name + ": $url not healthy after $health_timeout s\" >&2\n";
  s += "exit 1\n";
  result.files.push_back({name + "-ssh.sh", s, true});
  return result;
}

}  // namespace recipes
