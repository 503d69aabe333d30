#include "deploy/targets.h"

namespace recipes {

DeployResult RenderTarget(const std::string& target, const DeployPlan& plan, const DeployOptions& options) {
  if (target == "k8s") return RenderKubernetes(plan, options);
  if (target == "slurm") return RenderSlurm(plan, options);
  if (target == "compose") return RenderCompose(plan, options);
  if (target == "ssh") return RenderSsh(plan, options);
  DeployResult r;
  r.error = "unknown target '" + target + "' (k8s, slurm, compose, ssh)";
  return r;
}

std::string DefaultDeployName(const DeployPlan& plan) {
  std::string id = plan.recipe.substr(plan.recipe.find('/') == std::string::npos ? 0 : plan.recipe.find('/') + 1);
  std::string out;
  for (char c : id) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok) out += l;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.size() > 40) out.resize(40);
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || !(out[0] >= 'a' && out[0] <= 'z')) out = "vllm-" + out;
  return out;
}

int DpRpcPort(const std::string& name) { return name.rfind("DECODE", 0) == 0 ? 13346 : 13345; }

}  // namespace recipes
