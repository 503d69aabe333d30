// Deployment targets: a DeployPlan rendered as the files another system runs
// — Kubernetes manifests (Deployment/Service, LeaderWorkerSet), a SLURM
// sbatch script, a docker compose file, an SSH launch script. Pure.
#ifndef RECIPES_DEPLOY_TARGETS_H_
#define RECIPES_DEPLOY_TARGETS_H_

#include <string>
#include <vector>

#include "deploy/deploy_plan.h"

namespace recipes {

struct DeployOptions {
  std::string name;                 // resource/job name ("" = from the recipe)
  std::string ns = "default";       // Kubernetes namespace
  std::string image;                // "" = the recipe's image
  std::string hf_secret = "hf-token";  // Secret with key HF_TOKEN (optional at run time)
  std::string pvc;                  // HF cache PVC ("" = emptyDir)
  std::string shm_size = "16Gi";
  std::string iface;                // NIC for GLOO/NCCL ("" = eth0 on k8s/ssh, the route to the head on SLURM)
  std::vector<std::string> hosts;   // ssh: one per node
  std::string partition;            // slurm
  std::string time;                 // slurm
};

struct Artifact {
  std::string path;  // file name under --out
  std::string content;
  bool executable = false;
};

struct DeployResult {
  std::vector<Artifact> files;
  std::string error;  // non-empty: nothing rendered
  bool ok() const { return error.empty(); }
};

DeployResult RenderKubernetes(const DeployPlan& plan, const DeployOptions& options);
DeployResult RenderSlurm(const DeployPlan& plan, const DeployOptions& options);
DeployResult RenderCompose(const DeployPlan& plan, const DeployOptions& options);
DeployResult RenderSsh(const DeployPlan& plan, const DeployOptions& options);

/// Dispatch by target name ("k8s", "slurm", "compose", "ssh").
DeployResult RenderTarget(const std::string& target, const DeployPlan& plan, const DeployOptions& options);

/// A DNS-1035 label from the recipe id (lowercase, [a-z0-9-], ≤ 40 chars).
std::string DefaultDeployName(const DeployPlan& plan);

/// Ports every target binds $<ROLE>_DP_RPC_PORT to.
int DpRpcPort(const std::string& symbol_name);

}  // namespace recipes

#endif  // RECIPES_DEPLOY_TARGETS_H_
