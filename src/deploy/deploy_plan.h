// DeployPlan: one selection's processes as a deployment target sees them —
// groups of nodes (a pool, a Mooncake instance) whose head and followers run
// the resolver's symbolic argv (deploy/symbols.h), plus the helpers (router,
// Mooncake master and store) and config files. Pure; targets render it.
#ifndef RECIPES_DEPLOY_DEPLOY_PLAN_H_
#define RECIPES_DEPLOY_DEPLOY_PLAN_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

struct DeployProcess {
  std::vector<std::string> argv;                          // full argv; tokens may hold symbols
  std::vector<std::pair<std::string, std::string>> env;   // values may hold symbols
  bool headless() const;
};

struct DeployGroup {
  std::string name;  // "serve", "prefill", "decode", "vllm-2", "router", "mooncake-master", "mooncake-store"
  std::string kind;  // "vllm", "router", "mooncake-master", "mooncake-store"
  int nodes = 1;     // nodes it spans; 0 = runs beside others on the first node
  int gpus = 0;      // GPUs each of its pods/containers claims (per node)
  DeployProcess head;
  std::optional<DeployProcess> worker;  // ranks 1..nodes-1, NODE_RANK unbound
  int port = 0;      // HTTP port (0 = none)
  int instance = 0;  // Mooncake instance, 1-based, when there are several
};

struct ConfigFile {
  std::string env_var;  // MOONCAKE_CONFIG_PATH
  std::string path;     // where processes read it
  std::string name;     // file name
  std::string content;  // JSON; may hold symbols
};

struct DeployPlan {
  std::string recipe;         // ORG/REPO
  std::string selection;      // the selection as compact JSON
  std::string model_id;
  std::string deploy_type;    // single_node, multi_node, pd_cluster, kv_store_lb
  std::string hardware;
  std::string brand;          // "nvidia", "amd", ... (docker brand key)
  std::string gpu_resource;   // "nvidia.com/gpu" or "amd.com/gpu" ("" for others)
  std::string image;
  int gpus_per_node = 1;
  std::vector<DeployGroup> groups;
  std::vector<ConfigFile> configs;
  std::vector<std::string> requirements;  // install lines the images need (router, Mooncake)

  /// Nodes the deployment occupies (at least 1).
  int TotalNodes() const;
  /// The first node index of each group (co-located groups: 0).
  std::vector<int> FirstNodes() const;
  const DeployGroup* Find(const std::string& name) const;
  /// The header comment's text: recipe, selection, version.
  std::string Provenance() const;
};

/// Resolves `selection` with symbolic ranks and arranges it as a plan.
/// Errors: the resolver's, or a vLLM-Omni recipe (not supported here).
std::optional<DeployPlan> BuildDeployPlan(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                          std::string* error);

/// A rank's literal argv and env as `recipes command` prints them (symbols
/// other than the rank keep their `$NAME` text). For a group of a Mooncake
/// instance i of several, HEAD_IP reads $VLLM_INSTANCE_i.
DeployProcess CommandFormOfRank(const DeployGroup& group, int rank);

/// Splits a helper command text (router, Mooncake) into argv: drops comment
/// lines, joins `\`-continued lines, splits on blanks.
std::vector<std::string> SplitCommandText(const std::string& text);

/// `--port` in argv (the last one), else `fallback`.
int PortOf(const std::vector<std::string>& argv, int fallback);

}  // namespace recipes

#endif  // RECIPES_DEPLOY_DEPLOY_PLAN_H_
