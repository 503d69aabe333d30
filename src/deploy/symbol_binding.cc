#include "deploy/symbol_binding.h"

#include "deploy/symbols.h"
#include "deploy/targets.h"

namespace recipes {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int RouterPort(const DeployPlan& plan) {
  const DeployGroup* r = plan.Find("router");
  return r && r->port > 0 ? r->port : 8000;
}

}  // namespace

int GroupIndex(const DeployPlan& plan, const std::string& name) {
  for (size_t i = 0; i < plan.groups.size(); ++i) {
    if (plan.groups[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Bound BindSymbol(const DeployPlan& plan, int group, const Symbol& s, const TargetNaming& n) {
  const std::string& name = s.name;
  if (name == "NODE_RANK") return n.rank(group, s.mult);
  if (name == "HEAD_IP") return n.address(group, 0);
  if (name == "IFACE_NAME") return n.iface;
  if (name == "ROUTER_HOST") return {"0.0.0.0", false};
  if (name == "ROUTER_PORT") return {std::to_string(RouterPort(plan)), false};
  if (EndsWith(name, "_DP_RPC_PORT")) return {std::to_string(DpRpcPort(name)), false};
  if (EndsWith(name, "_NODE_SELF")) return n.self(group);
  for (std::string_view role : {"PREFILL", "DECODE"}) {
    std::string prefix = std::string(role) + "_NODE_";
    if (name.rfind(prefix, 0) == 0) {
      int g = GroupIndex(plan, role == "PREFILL" ? "prefill" : "decode");
      int k = std::atoi(name.c_str() + prefix.size());
      if (g >= 0) return n.address(g, plan.groups[g].nodes > 0 ? k - 1 : 0);
    }
  }
  if (name.rfind("VLLM_INSTANCE_", 0) == 0) {
    int g = GroupIndex(plan, "vllm-" + name.substr(14));
    if (g >= 0) return n.address(g, 0);
  }
  if (name == "MOONCAKE_MASTER_IP") {
    int g = GroupIndex(plan, "mooncake-master");
    if (g >= 0) return n.address(g, 0);
  }
  for (const ConfigFile& c : plan.configs) {
    if (name == c.env_var) return n.config_path(c);
  }
  if (EndsWith(name, "DEVICE_NAME")) return {"", false};  // empty: Mooncake picks the NICs
  return {"$" + name, false};
}

std::string ShellToken(const DeployPlan& plan, int group, std::string_view token, const TargetNaming& naming) {
  std::string out, lit;
  bool any = false;
  auto flush = [&] {
    if (!lit.empty()) out += SingleQuote(lit);
    lit.clear();
  };
  for (const Segment& seg : SplitSymbols(token)) {
    any = true;
    if (!seg.is_symbol) {
      lit += seg.text;
      continue;
    }
    Bound b = BindSymbol(plan, group, seg.symbol, naming);
    if (!b.shell) {
      lit += b.text;
      continue;
    }
    flush();
    out += "\"" + b.text + "\"";
  }
  flush();
  return any && !out.empty() ? out : "''";
}

std::string LiteralToken(const DeployPlan& plan, int group, std::string_view token, const TargetNaming& naming,
                         bool* needs_shell) {
  return BindLiteral(token, [&](const Symbol& s) {
    Bound b = BindSymbol(plan, group, s, naming);
    if (b.shell && needs_shell) *needs_shell = true;
    return b.text;
  });
}

}  // namespace recipes
