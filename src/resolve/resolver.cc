#include "resolve/resolver.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "resolve/arg_assembly.h"
#include "resolve/resolver_impl.h"

namespace recipes {

namespace resolver_impl {

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

}  // namespace resolver_impl

using resolver_impl::ArrayContainsStr;
using resolver_impl::Get;
using resolver_impl::IsNonEmptyArray;
using resolver_impl::ProfileGen;

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
  resolver_impl::Resolver r(catalog, recipe, selection, options);
  return r.Run();
}

}  // namespace recipes
