// Resolver steps: the argument and env layers (§4, §5) and feature args (§6).
#include "resolve/resolver_impl.h"

namespace recipes::resolver_impl {

namespace {

// The key under which `map` holds `member` (a pointer into it), "" when none.
std::string MemberKey(const Value* map, const Value* member) {
  if (!map || !member || !map->is_object()) return {};
  for (const auto& [k, v] : map->members()) {
    if (&v == member) return k;
  }
  return {};
}

}  // namespace

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
      const Value* ho_map = Get(m, "hardware_overrides");
      const Value* ho = HardwareKeyedLookup(ho_map, sel_.hardware, profile_);
      const Value* ho_args = Get(ho, "args");
      if (Present(ho_args)) {
        const std::string path = "features." + key + ".modes." + *mode;
        const std::string ho_path = path + ".hardware_overrides." + MemberKey(ho_map, ho) + ".args";
        a.AddList(ho_args, [&] { return ho_path; });
        if (skipped && Present(Get(m, "args"))) {
          skipped->push_back({path + ".args", "replaced by " + ho_path, Get(m, "args")->pos()});
        }
      } else {
        a.AddList(Get(m, "args"), [&] { return "features." + key + ".modes." + *mode + ".args"; });
      }
      continue;
    }
    std::string ho_key;
    const Value* ho = GenOverride(f->Get("hardware_overrides"), gen_, nvidia_, &ho_key);
    const Value* ho_args = Get(ho, "args");
    if (Present(ho_args)) {
      const std::string ho_path = "features." + key + ".hardware_overrides." + ho_key + ".args";
      a.AddList(ho_args, [&] { return ho_path; });
      if (skipped && Present(f->Get("args"))) {
        skipped->push_back({"features." + key + ".args", "replaced by " + ho_path, f->Get("args")->pos()});
      }
    } else {
      a.AddList(f->Get("args"), [&] { return "features." + key + ".args"; });
    }
  }
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

}  // namespace recipes::resolver_impl
