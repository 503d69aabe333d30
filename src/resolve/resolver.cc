#include "resolve/resolver.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "resolve/arg_assembly.h"

namespace recipes {

namespace {

// ---------------------------------------------------------------------------
// Small JS-like helpers over Value.

const Value* Get(const Value* v, std::string_view key) { return v ? v->Get(key) : nullptr; }
bool Truthy(const Value* v) { return v && v->Truthy(); }
bool Present(const Value* v) { return v && !v->is_null(); }
bool IsNonEmptyArray(const Value* v) { return v && v->is_array() && v->size() > 0; }
bool StrEq(const Value* v, std::string_view s) { return v && v->is_string() && v->str() == s; }

bool ArrayContainsStr(const Value* list, std::string_view s) {
  if (!list || !list->is_array()) return false;
  for (const Value& e : list->items()) {
    if (e.is_string() && e.str() == s) return true;
  }
  return false;
}

// JS `a || b` over lookups: the first truthy value, else the last candidate.
const Value* FirstTruthy(std::initializer_list<const Value*> vs) {
  for (const Value* v : vs) {
    if (Truthy(v)) return v;
  }
  return nullptr;
}

std::string Num(double n) { return FormatJsNumber(n); }

// JavaScript Number(token) for the handful of shapes that reach it.
double JsNumber(const Value* v) {
  if (!v) return NAN;
  switch (v->kind()) {
    case Value::Kind::kNumber: return v->number();
    case Value::Kind::kBool: return v->boolean() ? 1 : 0;
    case Value::Kind::kNull: return 0;
    case Value::Kind::kString: {
      std::string s = v->str();
      size_t b = s.find_first_not_of(" \t\n\r\f\v");
      if (b == std::string::npos) return 0;
      size_t e = s.find_last_not_of(" \t\n\r\f\v");
      s = s.substr(b, e - b + 1);
      if (s == "Infinity" || s == "+Infinity") return INFINITY;
      if (s == "-Infinity") return -INFINITY;
      const char* begin = s.c_str();
      char* end = nullptr;
      double d;
      if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        d = static_cast<double>(std::strtoull(begin + 2, &end, 16));
      } else {
        // strtod accepts "inf"/"nan"/hex floats, which Number() does not.
        for (char c : s) {
          if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return NAN;
        }
        d = std::strtod(begin, &end);
      }
      if (end != begin + s.size()) return NAN;
      return d;
    }
    default: return NAN;
  }
}

double Clamp(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }

// ---------------------------------------------------------------------------
// The resolution context: everything derived once from the inputs.

// Sizes that drive loops (GPUs per node, nodes, instances) are bounded so
// that absurd input yields an error instead of a runaway rendering.
constexpr double kMaxCount = 4096;

bool OutOfRange(double v) { return !std::isfinite(v) || v > kMaxCount; }

enum class Role { kNone, kPrefill, kDecode };
enum class NodeRole { kNone, kHead, kWorker };

const char* RoleKey(Role r) { return r == Role::kPrefill ? "prefill" : "decode"; }
const char* RoleUpper(Role r) { return r == Role::kPrefill ? "PREFILL" : "DECODE"; }

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

std::string ProfileGen(const Value* profile) {
  const Value* g = FirstTruthy({Get(profile, "generation"), Get(profile, "gpu_generation")});
  if (!g) return "";
  if (g->is_array()) {
    const Value* first = g->At(0);
    return first && !first->is_null() ? first->ToDisplayString() : "";
  }
  return g->ToDisplayString();
}

// `block[gen]`, or `block.nvidia` for NVIDIA profiles when that is empty.
const Value* GenOverride(const Value* block, const std::string& gen, bool nvidia, std::string* key) {
  if (!block || !block->is_object()) return nullptr;
  const Value* v = gen.empty() ? nullptr : block->Get(gen);
  if (Truthy(v)) {
    *key = gen;
    return v;
  }
  if (nvidia) {
    const Value* n = block->Get("nvidia");
    if (Truthy(n)) {
      *key = "nvidia";
      return n;
    }
  }
  return nullptr;
}

void Resolver::Derive() {
  model_ = doc_.Get("model");
  const Value* variants = doc_.Get("variants");
  variant_ = Get(variants, sel_.variant);
  variant_name_ = sel_.variant;
  if (!Truthy(variant_)) {
    variant_ = Get(variants, "default");
    variant_name_ = "default";
    if (!Truthy(variant_)) variant_ = nullptr;
    if (track_ && sel_.variant != "default") {
      notes_.push_back({"variants." + sel_.variant,
                        variant_ ? "no such variant; the default variant is used" : "no such variant and no default",
                        variants ? variants->pos() : Pos{}});
    }
  }
  strategy_ = catalog_.FindStrategy(sel_.strategy);
  if (!Truthy(strategy_)) {
    strategy_ = nullptr;
    if (track_) notes_.push_back({"strategy " + sel_.strategy, "no such strategy; an empty one is used", {}});
  }
  const Value* dt = Get(strategy_, "deploy_type");
  deploy_type_ = Truthy(dt) ? dt->ToDisplayString() : "";
  profile_ = catalog_.FindHardware(sel_.hardware);
  if (!Truthy(profile_)) {
    profile_ = nullptr;
    if (track_) notes_.push_back({"hardware " + sel_.hardware, "no such hardware profile; an empty one (1 GPU) is used", {}});
  }
  gen_ = ProfileGen(profile_);
  const Value* brand = Get(profile_, "brand");
  brand_ = brand && brand->is_string() ? brand->str() : "";
  nvidia_ = brand_ == "NVIDIA";
  const Value* gc = Get(profile_, "gpu_count");
  gpu_count_ = gc && gc->is_number() ? gc->number() : 1;
  total_gpus_ = gpu_count_ * std::max(1, sel_.node_count);
  const Value* mid = FirstTruthy({Get(variant_, "model_id"), Get(model_, "model_id")});
  model_id_ = mid ? mid->ToDisplayString() : "unknown";

  so_ = Get(doc_.Get("strategy_overrides"), sel_.strategy);
  std::string unused;
  strategy_gen_ho_ = GenOverride(Get(so_, "hardware_overrides"), gen_, nvidia_, &strategy_gen_ho_key_);
  recipe_gen_ho_ = GenOverride(doc_.Get("hardware_overrides"), gen_, nvidia_, &recipe_gen_ho_key_);
  variant_gen_ho_ = GenOverride(Get(variant_, "hardware_overrides"), gen_, nvidia_, &variant_gen_ho_key_);
  variant_exact_ho_ = Get(Get(variant_, "hardware_overrides"), sel_.hardware);
  so_exact_ho_ = Get(Get(so_, "hardware_overrides"), sel_.hardware);
  is_pd_ = deploy_type_ == "pd_cluster";

  // KV offload: a taxonomy option, or a kv-store deployment.
  if (sel_.kv_offload && !sel_.kv_offload->empty()) {
    const Value* options = Get(&catalog_.taxonomy, "kv_offload");
    const Value* option = Get(options, *sel_.kv_offload);
    if (Truthy(option)) {
      kv_option_ = option;
      if (!KvOptionActive(&kv_option_skip_reason_)) kv_option_ = nullptr;
    }
    const Value* store = catalog_.FindStrategy(*sel_.kv_offload);
    if (StrEq(Get(store, "deploy_type"), "kv_store_lb")) {
      kvstore_ = store;
      composing_ = !is_pd_;
    }
  }
  if (kvstore_) {
    const Value* ki = &sel_.kv_instances;
    const Value* count = ki->is_object() ? ki->Get("count") : ki;
    if (count && count->is_number() && count->number() >= 1) {
      instances_ = std::floor(count->number());
    } else {
      const Value* def = kvstore_->Get("default_instances");
      instances_ = Truthy(def) && def->is_number() ? def->number() : 2;
    }
    const Value* cur = ki->is_object() ? ki->Get("current") : nullptr;
    double c = cur && cur->is_number() ? cur->number() : 0;
    current_instance_ = Clamp(c, 0, instances_ - 1);
    if (composing_ && instances_ > 1 && !symbolic_) master_addr_ = "$VLLM_INSTANCE_" + Num(current_instance_ + 1);
  }
  single_tp_ = SingleNodeTp();
  if (is_pd_) pool_modes_ = PdPoolModes(doc_);

  if (OutOfRange(gpu_count_)) {
    const Value* gc = Get(profile_, "gpu_count");
    error_ = ResolveError{gc ? gc->pos() : Pos{}, "gpu_count of hardware " + sel_.hardware + " is out of range"};
  } else if (sel_.node_count > kMaxCount) {
    error_ = ResolveError{{}, "node_count " + std::to_string(sel_.node_count) + " is out of range"};
  } else if (kvstore_ && OutOfRange(instances_)) {
    error_ = ResolveError{{}, "kv_instances count is out of range"};
  }
}

double Resolver::SingleNodeTp() const {
  if (sel_.strategy != "single_node_tp") return gpu_count_;
  bool is_cpu = StrEq(Get(profile_, "generation"), "cpu");
  auto pick = [&](const Value* tp) -> std::optional<double> {
    const Value* v = tp && tp->is_number() ? tp : HardwareKeyedLookup(tp, sel_.hardware, profile_);
    if (v && v->is_number() && v->number() > 0) return is_cpu ? v->number() : std::min(v->number(), gpu_count_);
    return std::nullopt;
  };
  if (auto v = pick(Get(variant_, "tp"))) return *v;
  if (auto v = pick(Get(Get(doc_.Get("strategy_overrides"), "single_node_tp"), "tp"))) return *v;
  const Value* vram = Get(profile_, "vram_gb");
  double per_gpu = Truthy(vram) && vram->is_number() ? vram->number() / gpu_count_ : 0;
  const Value* need_v = Get(variant_, "vram_minimum_gb");
  double need = Truthy(need_v) && need_v->is_number() ? need_v->number() : 0;
  if (need == 0 || !(per_gpu > 0)) return gpu_count_;
  return need <= per_gpu ? 1 : gpu_count_;
}

bool Resolver::KvOptionActive(std::string* why) const {
  const std::string& key = *sel_.kv_offload;
  if (deploy_type_ == "pd_cluster" || deploy_type_ == "kv_store_lb") {
    *why = "KV offload options do not compose with " + deploy_type_;
    return false;
  }
  const Value* strategies = kv_option_->Get("strategies");
  if (IsNonEmptyArray(strategies) && !ArrayContainsStr(strategies, sel_.strategy)) {
    *why = "not offered for strategy " + sel_.strategy;
    return false;
  }
  const Value* support = Get(doc_.Get("kv_offload_support"), key);
  if (StrEq(support, "unsupported")) {
    *why = "kv_offload_support marks it unsupported";
    return false;
  }
  if (Truthy(kv_option_->Get("requires_opt_in")) && !StrEq(support, "verified")) {
    *why = "requires_opt_in and the recipe does not mark it verified";
    return false;
  }
  const Value* brands = kv_option_->Get("brands");
  if (IsNonEmptyArray(brands) && !ArrayContainsStr(brands, brand_)) {
    *why = "not offered for brand " + brand_;
    return false;
  }
  return true;
}

std::optional<std::string> Resolver::ResolveMode(const std::string& feature_key, const Value& feature) const {
  const Value* modes = feature.Get("modes");
  if (!modes || !modes->is_object()) return std::nullopt;
  std::vector<std::string_view> allowed;
  for (const auto& [key, mode] : modes->members()) {
    const Value* variants = mode.Get("variants");
    if (IsNonEmptyArray(variants) && !ArrayContainsStr(variants, sel_.variant)) continue;
    const Value* hw = mode.Get("hardware");
    if (hw && hw->is_object()) {
      if (StrEq(hw->Get(gen_), "unsupported") || StrEq(hw->Get(sel_.hardware), "unsupported")) continue;
    }
    allowed.push_back(key);
  }
  if (allowed.empty()) return std::nullopt;
  auto is_allowed = [&](const Value* v) {
    if (!Truthy(v)) return false;
    std::string s = v->ToDisplayString();
    return std::find(allowed.begin(), allowed.end(), s) != allowed.end();
  };
  for (const auto& [f, m] : sel_.feature_modes) {
    if (f == feature_key) {
      if (!m.empty() && std::find(allowed.begin(), allowed.end(), m) != allowed.end()) return m;
      break;
    }
  }
  const Value* vdm = Get(Get(variant_, "default_modes"), feature_key);
  if (is_allowed(vdm)) return vdm->ToDisplayString();
  const Value* fdm = feature.Get("default_mode");
  if (is_allowed(fdm)) return fdm->ToDisplayString();
  return std::string(allowed.front());
}

void Resolver::EmitFeatures(ArgList& a, std::vector<SkippedSource>* skipped) {
  const Value* features = doc_.Get("features");
  for (const std::string& key : sel_.features) {
    const Value* f = Get(features, key);
    if (!Truthy(f)) {
      if (skipped) skipped->push_back({"features." + key, "the recipe has no such feature", {}});
      continue;
    }
    const Value* strategies = f->Get("strategies");
    if (IsNonEmptyArray(strategies) && !ArrayContainsStr(strategies, sel_.strategy)) {
      if (skipped) skipped->push_back({"features." + key, "not allowed for strategy " + sel_.strategy, f->pos()});
      continue;
    }
    if (composing_ && Truthy(Get(f->Get("companion"), "command"))) {
      if (skipped) skipped->push_back({"features." + key, "its companion process does not run under a Mooncake deployment", f->pos()});
      continue;
    }
    if (Truthy(f->Get("modes"))) {
      std::optional<std::string> mode = ResolveMode(key, *f);
      if (!mode) {
        if (skipped) skipped->push_back({"features." + key, "no mode is available for this variant and hardware", f->pos()});
        continue;
      }
      const Value* m = f->Get("modes")->Get(*mode);
      const Value* ho = HardwareKeyedLookup(Get(m, "hardware_overrides"), sel_.hardware, profile_);
      const Value* ho_args = Get(ho, "args");
      if (Present(ho_args)) {
        a.AddList(ho_args, [&] { return "features." + key + ".modes." + *mode + ".hardware_overrides.args"; });
      } else {
        a.AddList(Get(m, "args"), [&] { return "features." + key + ".modes." + *mode + ".args"; });
      }
      continue;
    }
    std::string ho_key;
    const Value* ho = GenOverride(f->Get("hardware_overrides"), gen_, nvidia_, &ho_key);
    const Value* ho_args = Get(ho, "args");
    if (Present(ho_args)) {
      a.AddList(ho_args, [&] { return "features." + key + ".hardware_overrides." + ho_key + ".args"; });
    } else {
      a.AddList(f->Get("args"), [&] { return "features." + key + ".args"; });
    }
  }
}

Pool Resolver::MakePool(Role role) {
  Pool p;
  const char* rk = RoleKey(role);
  const Value* raw = sel_.pd_nodes.is_object() ? sel_.pd_nodes.Get(rk) : nullptr;
  if (raw && raw->is_number()) {
    p.has_nodes = true;
    p.pd_nodes_num = raw->number();
  } else if (raw && raw->is_object()) {
    p.pd_role = raw;
    const Value* n = raw->Get("nodes");
    if (n && n->is_number()) {
      p.has_nodes = true;
      p.pd_nodes_num = n->number();
    }
    const Value* r = raw->Get("rank");
    if (r && r->is_number()) {
      p.rank = r->number();
      p.rank_truthy = r->Truthy();
    }
  }
  p.role_cfg = Get(strategy_, rk);
  p.so_role = Get(so_, rk);
  p.nodes = p.has_nodes ? p.pd_nodes_num : (sel_.node_count > 1 ? 1 : 0);
  p.gpus = p.nodes == 0 ? std::floor(gpu_count_ / 2) : p.nodes * gpu_count_;
  const Value* par = FirstTruthy({Get(p.pd_role, "parallelism"), Get(p.so_role, "parallelism"),
                                  Get(p.role_cfg, "parallelism")});
  p.parallelism = par ? par->ToDisplayString() : "tp";
  p.snapped = p.parallelism;
  if (std::find(pool_modes_.begin(), pool_modes_.end(), p.snapped) == pool_modes_.end() && !pool_modes_.empty()) {
    p.snapped = pool_modes_.front();
  }
  if (p.parallelism == "dep") {
    const Value* tp = FirstTruthy({Get(p.so_role, "tp"), Get(p.role_cfg, "tp")});
    p.meta_tp = tp && tp->is_number() ? tp->number() : (tp ? JsNumber(tp) : 1);
    p.dp_local = std::max(1.0, std::floor(gpu_count_ / p.meta_tp));
    p.dp_size = std::max(1.0, p.nodes) * p.dp_local;
  } else {
    p.meta_tp = p.gpus;
    p.dp_local = 0;
    p.dp_size = 1;
  }
  p.current_node = Clamp(p.rank, 0, std::max(1.0, p.nodes) - 1);
  p.start_rank = p.current_node * p.dp_local;
  if (OutOfRange(p.nodes) && !error_) {
    error_ = ResolveError{{}, std::string("pd_nodes.") + rk + " is out of range"};
  }
  return p;
}

void Resolver::EmitParallelism(ArgList& a, Role role, NodeRole nr, int follower_rank, const Pool* pool) {
  uint32_t layer = a.track ? a.Layer("parallelism") : 0;
  if (role != Role::kNone) {
    const Pool& p = *pool;
    std::string upper = RoleUpper(role);
    if (p.snapped == "dep") {
      double nodes_in_pool = std::max(1.0, p.nodes);
      const Value* tp_explicit = Present(Get(p.so_role, "tp")) ? Get(p.so_role, "tp")
                                 : Present(Get(p.role_cfg, "tp")) ? Get(p.role_cfg, "tp")
                                                                   : nullptr;
      double role_tp = tp_explicit ? JsNumber(tp_explicit) : 1;
      double dp_local = std::max(1.0, std::floor(gpu_count_ / role_tp));
      double dp_size = nodes_in_pool * dp_local;
      double node_index = Clamp(p.rank, 0, nodes_in_pool - 1);
      if (tp_explicit) {
        a.Add("--tensor-parallel-size", layer);
        a.Add(tp_explicit->is_number() ? Num(tp_explicit->number()) : tp_explicit->ToDisplayString(), layer);
      }
      a.Add("--data-parallel-size", layer);
      a.Add(Num(dp_size), layer);
      a.Add("--data-parallel-size-local", layer);
      a.Add(Num(dp_local), layer);
      a.Add("--data-parallel-start-rank", layer);
      a.Add(RankTok(node_index, dp_local), layer);
      a.Add("--data-parallel-address", layer);
      a.Add("$" + upper + "_NODE_1", layer);
      a.Add("--data-parallel-rpc-port", layer);
      a.Add("$" + upper + "_DP_RPC_PORT", layer);
      if (nodes_in_pool > 1) a.Add("--data-parallel-hybrid-lb", layer);
      a.Add("--enable-expert-parallel", layer);
      return;
    }
    const Value* flag = FirstTruthy({Get(p.so_role, "parallel_flag"), Get(p.role_cfg, "parallel_flag"),
                                     Get(strategy_, "parallel_flag")});
    a.Add(flag ? flag->ToDisplayString() : "--tensor-parallel-size", layer);
    a.Add(Num(std::max(1.0, p.gpus)), layer);
    if (p.snapped == "tep") a.Add("--enable-expert-parallel", layer);
    if (p.nodes > 1) {
      double node_index = Clamp(p.rank, 0, p.nodes - 1);
      a.Add("--nnodes", layer);
      a.Add(Num(p.nodes), layer);
      a.Add("--node-rank", layer);
      a.Add(RankTok(node_index, 1), layer);
      a.Add("--master-addr", layer);
      a.Add("$" + upper + "_NODE_1", layer);
      if (node_index > 0) a.Add("--headless", layer);
    }
    return;
  }
  const Value* flag_v = Get(strategy_, "parallel_flag");
  std::string flag = Truthy(flag_v) ? flag_v->ToDisplayString() : "--tensor-parallel-size";
  bool is_multi = deploy_type_ == "multi_node" && sel_.node_count > 1;
  double rank = nr == NodeRole::kWorker ? std::max(1, follower_rank) : 0;
  std::string nodes = std::to_string(sel_.node_count);
  if (!is_multi) {
    a.Add(flag, layer);
    a.Add(Num(single_tp_), layer);
    return;
  }
  const Value* parallelism = Get(strategy_, "parallelism");
  if (flag == "--data-parallel-size") {
    // The per-node DP width may be pinned by an override pair.
    double dp_local = gpu_count_;
    const Value* found = nullptr;
    bool seen = false;
    auto scan = [&](const Value* list) {
      if (!list || !list->is_array()) return;
      const ArrayItems& items = list->items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (StrEq(&items[i], "--data-parallel-size-local")) {
          seen = true;
          found = i + 1 < items.size() ? &items[i + 1] : nullptr;
        }
      }
    };
    scan(Get(so_, "vllm_args"));
    scan(Get(so_, "extra_args"));
    scan(Get(strategy_gen_ho_, "extra_args"));
    scan(Get(so_exact_ho_, "extra_args"));
    if (seen) dp_local = JsNumber(found);
    a.Add("--data-parallel-size", layer);
    a.Add(Num(total_gpus_), layer);
    a.Add("--data-parallel-size-local", layer);
    a.Add(Num(gpu_count_), layer);
    a.Add("--data-parallel-address", layer);
    a.Add(master_addr_, layer);
    if (nr == NodeRole::kWorker) {
      a.Add("--data-parallel-start-rank", layer);
      a.Add(RankTok(rank, dp_local), layer);
    }
    return;
  }
  if (StrEq(parallelism, "tp_pp")) {
    a.Add("--tensor-parallel-size", layer);
    a.Add(Num(gpu_count_), layer);
    a.Add("--pipeline-parallel-size", layer);
    a.Add(nodes, layer);
    a.Add("--nnodes", layer);
    a.Add(nodes, layer);
    a.Add("--node-rank", layer);
    a.Add(RankTok(rank, 1), layer);
    a.Add("--master-addr", layer);
    a.Add(master_addr_, layer);
    if (rank > 0) a.Add("--headless", layer);
    return;
  }
  if (StrEq(parallelism, "tp_dp")) {
    a.Add("--tensor-parallel-size", layer);
    a.Add(Num(gpu_count_), layer);
    a.Add("--data-parallel-size", layer);
    a.Add(nodes, layer);
    a.Add("--data-parallel-size-local", layer);
    a.Add("1", layer);
    a.Add("--data-parallel-address", layer);
    a.Add(master_addr_, layer);
    if (nr == NodeRole::kWorker) {
      a.Add("--data-parallel-start-rank", layer);
      a.Add(RankTok(rank, 1), layer);
    }
    return;
  }
  a.Add("--tensor-parallel-size", layer);
  a.Add(Num(total_gpus_), layer);
  a.Add("--nnodes", layer);
  a.Add(nodes, layer);
  a.Add("--node-rank", layer);
  a.Add(RankTok(rank, 1), layer);
  a.Add("--master-addr", layer);
  a.Add(master_addr_, layer);
  if (rank > 0) a.Add("--headless", layer);
}

ArgList Resolver::BuildArgs(Role role, NodeRole nr, int follower_rank, const Pool* pool,
                            std::vector<SkippedSource>* skipped) {
  ArgList a;
  a.track = track_;
  a.quote_all = quote_all_;
  a.toks.reserve(48);
  if (skipped) skipped->insert(skipped->end(), notes_.begin(), notes_.end());
  const std::string& s = sel_.strategy;
  const std::string& hw = sel_.hardware;
  const char* rk = role == Role::kNone ? "" : RoleKey(role);

  a.AddList(Get(model_, "base_args"), [] { return std::string("model.base_args"); });
  a.AddList(Get(variant_, "extra_args"), [&] { return "variants." + variant_name_ + ".extra_args"; });
  a.AddList(Get(variant_exact_ho_, "extra_args"),
            [&] { return "variants." + variant_name_ + ".hardware_overrides." + hw + ".extra_args"; });
  if (role == Role::kNone) {
    a.AddList(Get(strategy_, "vllm_args"), [&] { return "strategy " + s + " vllm_args"; });
  } else {
    a.AddList(Get(Get(strategy_, rk), "vllm_args"), [&] { return "strategy " + s + " " + rk + ".vllm_args"; });
  }
  EmitParallelism(a, role, nr, follower_rank, pool);
  if (role != Role::kNone) {
    const Value* so_role = Get(so_, rk);
    a.AddList(Get(so_role, "extra_args"),
              [&] { return "strategy_overrides." + s + "." + rk + ".extra_args"; });
    a.AddList(Get(so_role, "vllm_args"), [&] { return "strategy_overrides." + s + "." + rk + ".vllm_args"; });
  } else {
    a.AddList(Get(so_, "extra_args"), [&] { return "strategy_overrides." + s + ".extra_args"; });
    a.AddList(Get(so_, "vllm_args"), [&] { return "strategy_overrides." + s + ".vllm_args"; });
  }
  if (strategy_gen_ho_) {
    a.AddList(Get(strategy_gen_ho_, "extra_args"), [&] {
      return "strategy_overrides." + s + ".hardware_overrides." + strategy_gen_ho_key_ + ".extra_args";
    });
    if (skipped && (recipe_gen_ho_ || variant_gen_ho_)) {
      skipped->push_back({"hardware_overrides." + strategy_gen_ho_key_,
                          "replaced by strategy_overrides." + s + ".hardware_overrides." + strategy_gen_ho_key_,
                          recipe_gen_ho_ ? recipe_gen_ho_->pos() : variant_gen_ho_->pos()});
    }
  } else {
    a.AddList(Get(recipe_gen_ho_, "extra_args"),
              [&] { return "hardware_overrides." + recipe_gen_ho_key_ + ".extra_args"; });
    a.AddList(Get(variant_gen_ho_, "extra_args"), [&] {
      return "variants." + variant_name_ + ".hardware_overrides." + variant_gen_ho_key_ + ".extra_args";
    });
  }
  a.AddList(Get(so_exact_ho_, "extra_args"),
            [&] { return "strategy_overrides." + s + ".hardware_overrides." + hw + ".extra_args"; });
  if (role != Role::kNone) {
    a.AddList(Get(Get(Get(Get(so_, rk), "hardware_overrides"), hw), "extra_args"), [&] {
      return "strategy_overrides." + s + "." + rk + ".hardware_overrides." + hw + ".extra_args";
    });
  }
  if (!sel_.advanced_args.empty()) {
    uint32_t layer = a.track ? a.Layer("advanced") : 0;
    for (const std::string& t : sel_.advanced_args) a.Add(t, layer);
  }
  EmitFeatures(a, skipped);
  if (kv_option_) {
    a.AddList(kv_option_->Get("args"), [&] { return "taxonomy.kv_offload." + *sel_.kv_offload + ".args"; });
  } else if (skipped && !kv_option_skip_reason_.empty()) {
    skipped->push_back({"taxonomy.kv_offload." + *sel_.kv_offload, kv_option_skip_reason_, {}});
  }
  if (composing_) {
    a.AddList(Get(kvstore_->Get("vllm"), "vllm_args"),
              [&] { return "kv_store " + *sel_.kv_offload + " vllm.vllm_args"; });
  }
  if (role != Role::kNone && kvstore_) {
    a.AddList(Get(Get(kvstore_->Get("pd"), rk), "args"),
              [&] { return "kv_store " + *sel_.kv_offload + " pd." + rk + ".args"; });
  }
  return a;
}

EnvBuilder Resolver::BuildEnv(Role role, const Pool* pool) {
  EnvBuilder e;
  e.track = track_;
  if (argv_only_) return e;  // env never changes an argv
  const std::string& s = sel_.strategy;
  const std::string& hw = sel_.hardware;
  const char* rk = role == Role::kNone ? "" : RoleKey(role);
  e.Merge(Get(model_, "base_env"), [] { return std::string("model.base_env"); });
  e.Merge(Get(variant_, "extra_env"), [&] { return "variants." + variant_name_ + ".extra_env"; });
  e.Merge(Get(variant_exact_ho_, "extra_env"),
          [&] { return "variants." + variant_name_ + ".hardware_overrides." + hw + ".extra_env"; });
  if (role == Role::kNone) {
    e.Merge(Get(strategy_, "env"), [&] { return "strategy " + s + " env"; });
  } else {
    e.Merge(Get(Get(strategy_, rk), "env"), [&] { return "strategy " + s + " " + rk + ".env"; });
  }
  if (kv_option_) {
    e.Merge(kv_option_->Get("env"), [&] { return "taxonomy.kv_offload." + *sel_.kv_offload + ".env"; });
  }
  if (composing_ || (role != Role::kNone && kvstore_ && Truthy(kvstore_->Get("pd")))) {
    e.Merge(Get(kvstore_->Get("vllm"), "env"), [&] { return "kv_store " + *sel_.kv_offload + " vllm.env"; });
  }
  if (role != Role::kNone) {
    const Pool& p = *pool;
    std::string layer = "GPU pinning (" + std::string(rk) + " pool)";
    if (p.nodes >= 1) {
      std::string devs;
      for (int i = 0; i < static_cast<int>(gpu_count_); ++i) {
        if (i) devs += ',';
        devs += std::to_string(i);
      }
      e.Set("CUDA_VISIBLE_DEVICES", Value::String(devs), &layer);
      if (p.nodes >= 2) {
        e.Set("GLOO_SOCKET_IFNAME", Value::String("$IFACE_NAME"), &layer);
        e.Set("NCCL_SOCKET_IFNAME", Value::String("$IFACE_NAME"), &layer);
      }
    } else {
      int half = static_cast<int>(std::floor(gpu_count_ / 2));
      if (half > 0) {
        int lo = role == Role::kPrefill ? 0 : half;
        int hi = role == Role::kPrefill ? half : static_cast<int>(gpu_count_);
        std::string devs;
        for (int i = lo; i < hi; ++i) {
          if (i > lo) devs += ',';
          devs += std::to_string(i);
        }
        e.Set("CUDA_VISIBLE_DEVICES", Value::String(devs), &layer);
      }
    }
  }
  e.Merge(Get(so_, "env"), [&] { return "strategy_overrides." + s + ".env"; });
  if (role != Role::kNone) {
    e.Merge(Get(Get(so_, rk), "env"), [&] { return "strategy_overrides." + s + "." + rk + ".env"; });
  } else {
    e.Merge(Get(so_, "extra_env"), [&] { return "strategy_overrides." + s + ".extra_env"; });
  }
  if (strategy_gen_ho_) {
    e.Merge(Get(strategy_gen_ho_, "extra_env"), [&] {
      return "strategy_overrides." + s + ".hardware_overrides." + strategy_gen_ho_key_ + ".extra_env";
    });
  } else {
    e.Merge(Get(recipe_gen_ho_, "extra_env"),
            [&] { return "hardware_overrides." + recipe_gen_ho_key_ + ".extra_env"; });
    e.Merge(Get(variant_gen_ho_, "extra_env"), [&] {
      return "variants." + variant_name_ + ".hardware_overrides." + variant_gen_ho_key_ + ".extra_env";
    });
  }
  e.Merge(Get(so_exact_ho_, "extra_env"),
          [&] { return "strategy_overrides." + s + ".hardware_overrides." + hw + ".extra_env"; });
  if (role != Role::kNone) {
    e.Merge(Get(Get(Get(Get(so_, rk), "hardware_overrides"), hw), "extra_env"), [&] {
      return "strategy_overrides." + s + "." + rk + ".hardware_overrides." + hw + ".extra_env";
    });
    if (hw != "gb200" && hw != "gb300") {
      static constexpr const char* kNvl4Only[] = {"VLLM_USE_NCCL_SYMM_MEM", "NCCL_CUMEM_ENABLE",
                                                  "NCCL_MNNVL_ENABLE", "NCCL_NVLS_ENABLE", "UCX_NET_DEVICES"};
      for (const char* k : kNvl4Only) e.Erase(k, "NVL4-only setting removed for PD on hardware other than gb200/gb300");
    }
    const Pool& p = *pool;
    if (p.parallelism == "dep" && p.rank_truthy && p.rank > 0) {
      std::string from = "$" + std::string(RoleUpper(role)) + "_NODE_1";
      std::string to = "$" + std::string(RoleUpper(role)) + "_NODE_" + (symbolic_worker_ ? "SELF" : Num(p.rank + 1));
      for (const auto& [k, v] : e.items) {
        if (v.is_string() && v.str() == from) {
          std::string layer = "per-node host rewrite (rank " + Num(p.rank) + ")";
          e.Set(k, Value::String(to, v.pos()), &layer);
        }
      }
    }
  }
  return e;
}

bool Resolver::Render(const std::string& process, const ArgList& a, const EnvBuilder* env,
                      std::vector<SkippedSource> skipped, Value* command, Value* argv) {
  std::optional<ResolveError> err;
  if (argv_only_) {
    ProcessArgv pa;
    if (!RenderServeArgv("vllm serve", model_id_, a, &pa, &err)) {
      if (!error_) error_ = std::move(err);
      return false;
    }
    pa.process = process;
    argvs_.push_back(std::move(pa));
    return true;
  }
  ProcessProvenance p;
  if (!RenderServe("vllm serve", model_id_, a, command, argv, &p, &err)) {
    if (!error_) error_ = std::move(err);
    return false;
  }
  if (track_) {
    p.process = process;
    if (env) {
      p.env = env->OrderedProv();
      for (const SkippedSource& s : env->skipped) skipped.push_back(s);
    }
    p.skipped = std::move(skipped);
    processes_.push_back(std::move(p));
  }
  return true;
}

Value Resolver::Companions() const {
  ArrayItems out;
  const Value* features = doc_.Get("features");
  for (const std::string& key : sel_.features) {
    const Value* f = Get(features, key);
    const Value* comp = Get(f, "companion");
    const Value* cmd = Get(comp, "command");
    if (!Truthy(cmd)) continue;
    const Value* strategies = f->Get("strategies");
    if (IsNonEmptyArray(strategies) && !ArrayContainsStr(strategies, sel_.strategy)) continue;
    std::string c = cmd->ToDisplayString();
    c.erase(c.find_last_not_of(" \t\n\r\f\v") + 1);
    const Value* label = Get(comp, "label");
    const Value* desc = Get(comp, "description");
    ObjectItems o;
    o.Set("feature", Value::String(key));
    o.Set("label", Truthy(label) ? *label : Value::String(key));
    o.Set("description", Truthy(desc) ? *desc : Value::String(""));
    o.Set("command", Value::String(c, cmd->pos()));
    out.push_back(Value::Object(std::move(o)));
  }
  if (kv_option_) {
    const Value* comp = kv_option_->Get("companion");
    const Value* cmd = Get(comp, "command");
    if (Truthy(comp) && cmd) {
      const std::string& key = *sel_.kv_offload;
      const Value* label = Get(comp, "label");
      const Value* desc = Get(comp, "description");
      const Value* install = kv_option_->Get("install");
      std::string d;
      if (Truthy(desc)) d = desc->ToDisplayString();
      if (Truthy(install)) {
        if (!d.empty()) d += ' ';
        d += "Requires: " + install->ToDisplayString();
      }
      std::string c = Truthy(cmd) ? cmd->ToDisplayString() : "";
      c.erase(c.find_last_not_of(" \t\n\r\f\v") + 1);
      ObjectItems o;
      o.Set("feature", Value::String("kv_offload:" + key));
      o.Set("label", Truthy(label) ? *label : Value::String(key));
      o.Set("description", Value::String(d));
      o.Set("command", Value::String(c, cmd->pos()));
      out.push_back(Value::Object(std::move(o)));
    }
  }
  if (out.empty()) return Value();
  return Value::Array(std::move(out));
}

Resolution Resolver::Single() {
  Resolution r;
  std::vector<SkippedSource> skipped;
  ArgList a = BuildArgs(Role::kNone, NodeRole::kNone, 0, nullptr, track_ ? &skipped : nullptr);
  EnvBuilder env = BuildEnv(Role::kNone, nullptr);
  Value command, argv;
  if (!Render("serve", a, &env, std::move(skipped), &command, &argv) || argv_only_) return r;
  ObjectItems o;
  o.Set("deployType", Value::String(deploy_type_.empty() ? "single_node" : deploy_type_));
  o.Set("command", std::move(command));
  o.Set("argv", std::move(argv));
  o.Set("env", Value::Object(std::move(env.items)));
  Value companions = Companions();
  if (!companions.is_null()) o.Set("companions", std::move(companions));
  r.output = Value::Object(std::move(o));
  return r;
}

Resolution Resolver::MultiNode() {
  Resolution r;
  EnvBuilder env = BuildEnv(Role::kNone, nullptr);
  std::vector<SkippedSource> skipped;
  ArgList head = BuildArgs(Role::kNone, NodeRole::kHead, 0, nullptr, track_ ? &skipped : nullptr);
  Value head_cmd, head_argv;
  if (!Render("head", head, &env, std::move(skipped), &head_cmd, &head_argv)) return r;
  ArrayItems cmds, argvs;
  symbolic_worker_ = symbolic_;
  for (int rank = 1; rank < (symbolic_ ? 2 : sel_.node_count); ++rank) {
    ArgList w = BuildArgs(Role::kNone, NodeRole::kWorker, rank, nullptr, nullptr);
    Value c, v;
    if (!Render("worker " + std::to_string(rank), w, &env, {}, &c, &v)) return r;
    cmds.push_back(std::move(c));
    argvs.push_back(std::move(v));
  }
  symbolic_worker_ = false;
  if (argv_only_) return r;
  ObjectItems o;
  o.Set("deployType", Value::String("multi_node"));
  o.Set("nodeCount", Value::Number(sel_.node_count));
  o.Set("headCommand", head_cmd);
  o.Set("workerCommand", cmds.empty() ? Value() : cmds[0]);
  Value worker_argv = argvs.empty() ? Value() : argvs[0];
  o.Set("workerCommands", Value::Array(std::move(cmds)));
  o.Set("headArgv", head_argv);
  o.Set("workerArgv", worker_argv);
  o.Set("workerArgvs", Value::Array(std::move(argvs)));
  o.Set("env", Value::Object(std::move(env.items)));
  r.output = Value::Object(std::move(o));
  return r;
}

Value Resolver::MooncakeMaster() const {
  const Value* m = kvstore_->Get("mooncake_master");
  const Value* cmd = Get(m, "command");
  const Value* desc = Get(m, "description");
  ObjectItems o;
  o.Set("command", Truthy(cmd) ? *cmd : Value::String("mooncake_master"));
  o.Set("description", Truthy(desc) ? *desc : Value::String(""));
  return Value::Object(std::move(o));
}

Value Resolver::MooncakeStore() const {
  const Value* s = kvstore_->Get("mooncake_store_config");
  if (!Truthy(s)) return Value();
  ObjectItems o;
  const Value* cmd = s->Get("command");
  if (cmd) o.Set("command", *cmd);
  const Value* desc = s->Get("description");
  o.Set("description", Truthy(desc) ? *desc : Value::String(""));
  const Value* config = s->Get("config");
  o.Set("config", Truthy(config) ? *config : Value());
  const Value* note = s->Get("note");
  o.Set("note", Truthy(note) ? *note : Value::String(""));
  return Value::Object(std::move(o));
}

Value Resolver::MooncakeInstall() const {
  const Value* install = Get(kvstore_->Get("vllm"), "install");
  if (!Truthy(install)) return Value();
  if (install->is_object()) {
    const Value* v = nullptr;
    if (brand_ == "AMD") v = install->Get("amd");
    else if (nvidia_) v = install->Get("nvidia");
    return v ? *v : Value();
  }
  return *install;
}

Resolution Resolver::Mooncake() {
  Resolution r;
  EnvBuilder env = BuildEnv(Role::kNone, nullptr);
  bool multi = deploy_type_ == "multi_node" && sel_.node_count > 1;
  std::vector<SkippedSource> skipped;
  ArgList head = BuildArgs(Role::kNone, multi ? NodeRole::kHead : NodeRole::kNone, 0, nullptr,
                           track_ ? &skipped : nullptr);
  Value head_cmd, head_argv;
  if (!Render(multi ? "vllm head" : "vllm", head, &env, std::move(skipped), &head_cmd, &head_argv)) return r;
  if (argv_only_ && !multi) return r;
  ObjectItems vllm;
  vllm.Set("command", head_cmd);
  vllm.Set("argv", head_argv);
  if (multi) {
    ArrayItems cmds, argvs;
    symbolic_worker_ = symbolic_;
    for (int rank = 1; rank < (symbolic_ ? 2 : sel_.node_count); ++rank) {
      ArgList w = BuildArgs(Role::kNone, NodeRole::kWorker, rank, nullptr, nullptr);
      Value c, v;
      if (!Render("vllm worker " + std::to_string(rank), w, &env, {}, &c, &v)) return r;
      cmds.push_back(std::move(c));
      argvs.push_back(std::move(v));
    }
    symbolic_worker_ = false;
    if (argv_only_) return r;
    vllm.Set("workerCommand", cmds.empty() ? Value() : cmds[0]);
    vllm.Set("workerArgv", argvs.empty() ? Value() : argvs[0]);
    vllm.Set("workerCommands", Value::Array(std::move(cmds)));
    vllm.Set("workerArgvs", Value::Array(std::move(argvs)));
  }
  vllm.Set("env", Value::Object(std::move(env.items)));
  vllm.Set("install", MooncakeInstall());

  Value router;
  if (instances_ > 1) {
    const Value* rc = kvstore_->Get("router");
    const Value* policy = Get(rc, "policy");
    const Value* port = Get(kvstore_->Get("vllm"), "port");
    std::string vport = Truthy(port) ? port->ToDisplayString() : "8000";
    std::string cmd = "vllm-router --policy " + (Truthy(policy) ? policy->ToDisplayString() : "cache_aware");
    for (int i = 1; i <= static_cast<int>(instances_); ++i) {
      cmd += " \\\n    --backend-url http://$VLLM_INSTANCE_" + std::to_string(i) + ":" + vport;
    }
    cmd += " \\\n    --host $ROUTER_HOST \\\n    --port $ROUTER_PORT \\\n    --cache-threshold 0.5"
           " \\\n    --balance-abs-threshold 4 \\\n    --balance-rel-threshold 1.1";
    const Value* install = Get(rc, "install");
    const Value* rport = Get(rc, "port");
    ObjectItems ro;
    ro.Set("command", Value::String(cmd));
    ro.Set("install", Truthy(install) ? *install : Value::String("uv pip install vllm-router"));
    ro.Set("port", Truthy(rport) ? *rport : Value::Number(30080));
    router = Value::Object(std::move(ro));
  }
  const Value* mvc = kvstore_->Get("mooncake_vllm_config");
  const Value* tmpl = Get(mvc, "template");
  const Value* note = Get(mvc, "note");

  ObjectItems o;
  o.Set("deployType", Value::String("kv_store_lb"));
  o.Set("servingStrategy", Value::String(sel_.strategy));
  o.Set("nodeCount", Value::Number(sel_.node_count));
  o.Set("instances", Value::Number(instances_));
  o.Set("currentInstance", Value::Number(current_instance_));
  o.Set("master", MooncakeMaster());
  o.Set("store", MooncakeStore());
  o.Set("vllm", Value::Object(std::move(vllm)));
  o.Set("router", std::move(router));
  o.Set("mooncakeConfig", Truthy(tmpl) ? *tmpl : Value::Object({}));
  o.Set("mooncakeConfigNote", Truthy(note) ? *note : Value::String(""));
  r.output = Value::Object(std::move(o));
  return r;
}

Resolution Resolver::Pd() {
  Resolution r;
  Pool pools[2] = {MakePool(Role::kPrefill), MakePool(Role::kDecode)};
  if (error_) return r;
  Value roles[2];
  for (int i = 0; i < 2; ++i) {
    Role role = i == 0 ? Role::kPrefill : Role::kDecode;
    Pool p = pools[i];
    if (symbolic_) {  // the head here; the follower below
      p.rank = 0;
      p.rank_truthy = false;
    }
    std::vector<SkippedSource> skipped;
    ArgList a = BuildArgs(role, NodeRole::kNone, 0, &p, track_ ? &skipped : nullptr);
    EnvBuilder env = BuildEnv(role, &p);
    Value command, argv;
    if (!Render(RoleKey(role), a, &env, std::move(skipped), &command, &argv)) return r;
    if (argv_only_ && !(symbolic_ && p.nodes > 1)) continue;
    ObjectItems o;
    o.Set("command", std::move(command));
    o.Set("argv", std::move(argv));
    o.Set("env", Value::Object(std::move(env.items)));
    if (symbolic_ && p.nodes > 1) {
      Pool w = p;
      w.rank = 1;
      w.rank_truthy = true;
      symbolic_worker_ = true;
      ArgList wa = BuildArgs(role, NodeRole::kNone, 0, &w, nullptr);
      EnvBuilder wenv = BuildEnv(role, &w);
      Value wc, wv;
      bool ok = Render(std::string(RoleKey(role)) + " worker", wa, &wenv, {}, &wc, &wv);
      symbolic_worker_ = false;
      if (!ok) return r;
      o.Set("workerArgv", std::move(wv));
      o.Set("workerEnv", Value::Object(std::move(wenv.items)));
    }
    o.Set("nodes", Value::Number(p.nodes));
    o.Set("parallelism", Value::String(p.parallelism));
    o.Set("tp", Value::Number(p.meta_tp));
    o.Set("dpLocal", Value::Number(p.dp_local));
    o.Set("dpSize", Value::Number(p.dp_size));
    o.Set("poolGpus", Value::Number(p.gpus));
    o.Set("currentNode", Value::Number(p.current_node));
    o.Set("startRank", Value::Number(p.start_rank));
    roles[i] = Value::Object(std::move(o));
  }
  if (argv_only_) return r;
  const Value* rcfg = Get(strategy_, "router");
  const Value* policy = Get(rcfg, "policy");
  std::string cmd = "vllm-router --policy " + (Truthy(policy) ? policy->ToDisplayString() : "round_robin") +
                    " \\\n    --vllm-pd-disaggregation";
  for (int i = 0; i < 2; ++i) {
    const Pool& p = pools[i];
    int endpoints = p.parallelism == "dep" ? static_cast<int>(std::max(1.0, p.nodes)) : 1;
    std::string upper = i == 0 ? "PREFILL" : "DECODE";
    const char* flag = i == 0 ? "--prefill" : "--decode";
    const char* port = i == 0 ? "8001" : "8002";
    for (int n = 1; n <= endpoints; ++n) {
      cmd += std::string(" \\\n    ") + flag + " http://$" + upper + "_NODE_" + std::to_string(n) + ":" + port;
    }
  }
  const Value* intra = Get(Get(so_, "router"), "intra_node_data_parallel_size");
  std::string intra_s = Present(intra) ? intra->ToDisplayString()
                                       : Num(std::max({pools[0].dp_local, pools[1].dp_local, 1.0}));
  cmd += " \\\n    --host $ROUTER_HOST \\\n    --port $ROUTER_PORT \\\n    --intra-node-data-parallel-size " + intra_s;

  ObjectItems o;
  o.Set("deployType", Value::String("pd_cluster"));
  o.Set("nodeCount", Value::Number(sel_.node_count));
  if (kvstore_) {
    const Value* mvc = kvstore_->Get("mooncake_vllm_config");
    const Value* tmpl = Get(mvc, "template");
    const Value* note = Get(mvc, "note");
    ObjectItems m;
    m.Set("master", MooncakeMaster());
    m.Set("store", MooncakeStore());
    m.Set("config", Truthy(tmpl) ? *tmpl : Value::Object({}));
    m.Set("configNote", Truthy(note) ? *note : Value::String(""));
    m.Set("install", MooncakeInstall());
    o.Set("mooncake", Value::Object(std::move(m)));
  }
  o.Set("prefill", roles[0]);
  o.Set("decode", roles[1]);
  ObjectItems router;
  router.Set("command", Value::String(cmd));
  router.Set("install", Value::String("uv pip install vllm-router"));
  o.Set("router", Value::Object(std::move(router)));
  if (Truthy(rcfg)) {
    o.Set("routerConfig", *rcfg);
  } else {
    ObjectItems rc;
    rc.Set("policy", Value::String("round_robin"));
    o.Set("routerConfig", Value::Object(std::move(rc)));
  }
  r.output = Value::Object(std::move(o));
  return r;
}

Resolution Resolver::Run() {
  Derive();
  Resolution r;
  if (error_) {
    // Bad sizes: nothing is rendered.
  } else if (is_pd_) {
    r = Pd();
  } else if (composing_) {
    r = Mooncake();
  } else if (deploy_type_ == "multi_node" && sel_.node_count > 1) {
    r = MultiNode();
  } else {
    r = Single();
  }
  r.model_id = model_id_;
  if (error_) {
    r.output = Value();
    r.error = error_;
  }
  r.processes = std::move(processes_);
  r.argvs = std::move(argvs_);
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------

const Value* HardwareKeyedLookup(const Value* map, const std::string& hardware_id, const Value* profile) {
  if (!map || !map->is_object()) return nullptr;
  const Value* v = map->GetNonNull(hardware_id);
  if (v) return v;
  std::string gen = ProfileGen(profile);
  if (!gen.empty() && (v = map->GetNonNull(gen))) return v;
  const Value* brand = Get(profile, "brand");
  if (brand && brand->is_string()) {
    std::string lower = brand->str();
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((v = map->GetNonNull(lower))) return v;
  }
  return map->GetNonNull("default");
}

std::string ProfileGeneration(const Value* profile) { return ProfileGen(profile); }

std::vector<std::string> PdPoolModes(const Value& doc) {
  std::vector<std::string> ids;
  const Value* compat = doc.Get("compatible_strategies");
  if (compat && compat->is_array()) {
    for (const Value& e : compat->items()) {
      if (e.is_string()) ids.push_back(e.str());
    }
  }
  const Value* sh = doc.Get("strategy_hardware");
  if (sh && sh->is_object()) {
    for (const auto& [k, m] : sh->members()) {
      if (std::find(ids.begin(), ids.end(), k) != ids.end()) continue;
      if (!m.is_object()) continue;
      for (const auto& [hk, hv] : m.members()) {
        if (hv.is_string() && hv.str() == "supported") {
          ids.push_back(k);
          break;
        }
      }
    }
  }
  auto ends = [](const std::string& id, std::string_view suffix) {
    if (id == suffix) return true;
    return id.size() > suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0 &&
           id[id.size() - suffix.size() - 1] == '_';
  };
  bool tp = false, tep = false, dep = false;
  for (const std::string& id : ids) {
    if (id == "pd_cluster") continue;
    if (ends(id, "dep")) dep = true;
    else if (ends(id, "tep")) tep = true;
    else if (ends(id, "tp") || ends(id, "tp_pp") || ends(id, "tp_dp")) tp = true;
  }
  std::vector<std::string> modes;
  if (tp) modes.push_back("tp");
  if (tep) modes.push_back("tep");
  if (dep) modes.push_back("dep");
  if (modes.empty()) modes.push_back("tp");
  const Value* narrow = Get(Get(doc.Get("strategy_overrides"), "pd_cluster"), "pool_modes");
  if (IsNonEmptyArray(narrow)) {
    std::vector<std::string> kept;
    for (const std::string& m : modes) {
      if (ArrayContainsStr(narrow, m)) kept.push_back(m);
    }
    if (!kept.empty()) modes = std::move(kept);
  }
  return modes;
}

Resolution ResolveCommand(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                          const ResolveOptions& options) {
  Resolver r(catalog, recipe, selection, options);
  return r.Run();
}

// ---------------------------------------------------------------------------
// Selection <-> JSON

bool Selection::FromJson(const Value& in, Selection* out, std::string* err) {
  if (!in.is_object()) {
    *err = "input must be an object";
    return false;
  }
  Selection s;
  auto str = [&](const char* key, std::string* dst) {
    const Value* v = in.Get(key);
    if (!v || v->is_null()) return true;
    if (!v->is_string()) {
      *err = std::string("input.") + key + " must be a string";
      return false;
    }
    *dst = v->str();
    return true;
  };
  if (!str("variant", &s.variant) || !str("strategy", &s.strategy) || !str("hardware", &s.hardware)) return false;
  auto list = [&](const char* key, std::vector<std::string>* dst) {
    const Value* v = in.Get(key);
    if (!v || v->is_null()) return true;
    if (!v->is_array()) {
      *err = std::string("input.") + key + " must be a list of strings";
      return false;
    }
    for (const Value& e : v->items()) {
      if (!e.is_string()) {
        *err = std::string("input.") + key + " must be a list of strings";
        return false;
      }
      dst->push_back(e.str());
    }
    return true;
  };
  if (!list("features", &s.features) || !list("advanced_args", &s.advanced_args)) return false;
  if (const Value* n = in.Get("node_count"); n && !n->is_null()) {
    if (!n->is_number() || !std::isfinite(n->number()) || n->number() != std::floor(n->number()) ||
        std::fabs(n->number()) > kMaxCount) {
      *err = "input.node_count must be an integer up to 4096";
      return false;
    }
    s.node_count = static_cast<int>(n->number());
  }
  if (const Value* pd = in.Get("pd_nodes")) s.pd_nodes = *pd;
  if (const Value* fm = in.Get("feature_modes"); fm && !fm->is_null()) {
    if (!fm->is_object()) {
      *err = "input.feature_modes must be a map";
      return false;
    }
    for (const auto& [k, v] : fm->members()) {
      s.feature_modes.emplace_back(k, v.is_string() ? v.str() : v.is_null() ? "" : v.ToDisplayString());
    }
  }
  if (const Value* kv = in.Get("kv_offload"); kv && !kv->is_null()) {
    if (!kv->is_string()) {
      *err = "input.kv_offload must be a string or null";
      return false;
    }
    s.kv_offload = kv->str();
  }
  if (const Value* ki = in.Get("kv_instances")) s.kv_instances = *ki;
  *out = std::move(s);
  return true;
}

Value Selection::ToJson() const {
  ObjectItems o;
  o.Set("variant", Value::String(variant));
  o.Set("strategy", Value::String(strategy));
  o.Set("hardware", Value::String(hardware));
  ArrayItems f;
  for (const std::string& x : features) f.push_back(Value::String(x));
  o.Set("features", Value::Array(std::move(f)));
  ArrayItems a;
  for (const std::string& x : advanced_args) a.push_back(Value::String(x));
  o.Set("advanced_args", Value::Array(std::move(a)));
  o.Set("node_count", Value::Number(node_count));
  o.Set("pd_nodes", pd_nodes);
  ObjectItems fm;
  for (const auto& [k, v] : feature_modes) fm.Set(k, Value::String(v));
  o.Set("feature_modes", Value::Object(std::move(fm)));
  o.Set("kv_offload", kv_offload ? Value::String(*kv_offload) : Value());
  o.Set("kv_instances", kv_instances);
  return Value::Object(std::move(o));
}

}  // namespace recipes
