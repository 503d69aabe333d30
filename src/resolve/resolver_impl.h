// The resolver's working state for one resolution (ResolveCommand in
// resolve/resolver.h) and the JS-like helpers it reads the catalog with.
// Internal to resolve/. The steps live in their own files: resolver.cc
// (derivation, rendering, single node, the run), arg_layers.cc (argument and
// env layers, features), multi_node.cc (parallelism flags and ranks),
// pd_disaggregation.cc (PD pools and roles), mooncake.cc (KV-store
// deployments); selection_json.cc has Selection <-> JSON.
#ifndef RECIPES_RESOLVE_RESOLVER_IMPL_H_
#define RECIPES_RESOLVE_RESOLVER_IMPL_H_

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"
#include "resolve/arg_assembly.h"
#include "resolve/resolver.h"

namespace recipes::resolver_impl {

// ---------------------------------------------------------------------------
// Small JS-like helpers over Value.

inline const Value* Get(const Value* v, std::string_view key) { return v ? v->Get(key) : nullptr; }
inline bool Truthy(const Value* v) { return v && v->Truthy(); }
inline bool Present(const Value* v) { return v && !v->is_null(); }
inline bool IsNonEmptyArray(const Value* v) { return v && v->is_array() && v->size() > 0; }
inline bool StrEq(const Value* v, std::string_view s) { return v && v->is_string() && v->str() == s; }

inline bool ArrayContainsStr(const Value* list, std::string_view s) {
  if (!list || !list->is_array()) return false;
  for (const Value& e : list->items()) {
    if (e.is_string() && e.str() == s) return true;
  }
  return false;
}

// JS `a || b` over lookups: the first truthy value, else the last candidate.
inline const Value* FirstTruthy(std::initializer_list<const Value*> vs) {
  for (const Value* v : vs) {
    if (Truthy(v)) return v;
  }
  return nullptr;
}

inline std::string Num(double n) { return FormatJsNumber(n); }

// JavaScript Number(token) for the handful of shapes that reach it.
double JsNumber(const Value* v);

inline double Clamp(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }

// ---------------------------------------------------------------------------
// The resolution context: everything derived once from the inputs.

// Sizes that drive loops (GPUs per node, nodes, instances) are bounded so
// that absurd input yields an error instead of a runaway rendering.
constexpr double kMaxCount = 4096;

inline bool OutOfRange(double v) { return !std::isfinite(v) || v > kMaxCount; }

enum class Role { kNone, kPrefill, kDecode };
enum class NodeRole { kNone, kHead, kWorker };

inline const char* RoleKey(Role r) { return r == Role::kPrefill ? "prefill" : "decode"; }
inline const char* RoleUpper(Role r) { return r == Role::kPrefill ? "PREFILL" : "DECODE"; }

struct Pool {
  const Value* pd_role = nullptr;  // the normalised pd_nodes[role] map, or null
  double pd_nodes_num = 0;
  bool has_nodes = false;
  const Value* role_cfg = nullptr;
  const Value* so_role = nullptr;
  double nodes = 0;
  double gpus = 0;
  std::string parallelism;  // unsnapped
  std::string snapped;
  double rank = 0;  // pdRole.rank or 0
  bool rank_truthy = false;
  // metadata (§8.6)
  double meta_tp = 0, dp_local = 0, dp_size = 1, current_node = 0, start_rank = 0;
};

class Resolver {
 public:
  Resolver(const Catalog& catalog, const Recipe& recipe, const Selection& sel, const ResolveOptions& opt)
      : catalog_(catalog), doc_(recipe.doc), sel_(sel), track_(opt.provenance && !opt.argv_only),
        argv_only_(opt.argv_only), symbolic_(opt.symbolic_ranks), quote_all_(opt.quote_every_token) {}

  Resolution Run();

 private:
  void Derive();
  double SingleNodeTp() const;
  void EmitParallelism(ArgList& a, Role role, NodeRole nr, int follower_rank, const Pool* pool);
  ArgList BuildArgs(Role role, NodeRole nr, int follower_rank, const Pool* pool, std::vector<SkippedSource>* skipped);
  EnvBuilder BuildEnv(Role role, const Pool* pool);
  void EmitFeatures(ArgList& a, std::vector<SkippedSource>* skipped);
  std::optional<std::string> ResolveMode(const std::string& feature_key, const Value& feature) const;
  bool KvOptionActive(std::string* why) const;
  Pool MakePool(Role role);

  // Renders one process; returns false (and sets error_) on a non-string token.
  bool Render(const std::string& process, const ArgList& a, const EnvBuilder* env,
              std::vector<SkippedSource> skipped, Value* command, Value* argv);
  Value Companions() const;
  Value MooncakeMaster() const;
  Value MooncakeStore() const;
  Value MooncakeInstall() const;

  Resolution Single();
  Resolution MultiNode();
  Resolution Mooncake();
  Resolution Pd();

  const Catalog& catalog_;
  const Value& doc_;
  const Selection& sel_;
  bool track_;
  bool argv_only_;  // ResolveOptions::argv_only: processes' argvs and errors only
  bool symbolic_;                 // ResolveOptions::symbolic_ranks
  bool symbolic_worker_ = false;  // rendering the one symbolic follower

  // A rank-derived number: `rank * mult`, or its symbol for the symbolic follower.
  std::string RankTok(double rank, double mult) const {
    if (!symbolic_worker_) return Num(rank * mult);
    return mult == 1 ? std::string("$NODE_RANK") : "$((NODE_RANK*" + Num(mult) + "))";
  }
  bool quote_all_ = false;

  const Value* model_ = nullptr;
  const Value* variant_ = nullptr;
  std::string variant_name_;  // the key actually used, for provenance
  const Value* strategy_ = nullptr;
  std::string deploy_type_;
  const Value* profile_ = nullptr;
  std::string gen_;
  std::string brand_;
  bool nvidia_ = false;
  double gpu_count_ = 1;
  double total_gpus_ = 1;
  std::string model_id_;
  const Value* so_ = nullptr;
  const Value* strategy_gen_ho_ = nullptr;
  std::string strategy_gen_ho_key_;
  const Value* recipe_gen_ho_ = nullptr;
  std::string recipe_gen_ho_key_;
  const Value* variant_gen_ho_ = nullptr;
  std::string variant_gen_ho_key_;
  const Value* variant_exact_ho_ = nullptr;
  const Value* so_exact_ho_ = nullptr;
  bool is_pd_ = false;
  const Value* kv_option_ = nullptr;  // active taxonomy kv_offload option
  std::string kv_option_skip_reason_;
  const Value* kvstore_ = nullptr;   // selected kv-store deployment
  bool composing_ = false;            // Mooncake shape
  double instances_ = 0;
  double current_instance_ = 0;
  std::string master_addr_ = "$HEAD_IP";
  double single_tp_ = 1;
  std::vector<std::string> pool_modes_;

  std::vector<SkippedSource> notes_;  // fallbacks taken in Derive (provenance only)
  std::vector<ProcessProvenance> processes_;
  std::vector<ProcessArgv> argvs_;
  std::optional<ResolveError> error_;
};

/// The profile's generation (`generation`, else `gpu_generation`; first
/// element of a list), or "".
std::string ProfileGen(const Value* profile);

// `block[gen]`, or `block.nvidia` for NVIDIA profiles when that is empty.
const Value* GenOverride(const Value* block, const std::string& gen, bool nvidia, std::string* key);

}  // namespace recipes::resolver_impl

#endif  // RECIPES_RESOLVE_RESOLVER_IMPL_H_
