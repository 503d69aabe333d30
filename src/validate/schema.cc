#include "validate/schema.h"

#include <algorithm>
#include <deque>

namespace recipes {

const Field* Shape::FindField(const std::string& key) const {
  for (const Field& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::string Shape::Describe() const {
  switch (type) {
    case ShapeType::kAny: return "any value";
    case ShapeType::kString: return "a string";
    case ShapeType::kNumber: return "a number";
    case ShapeType::kBool: return "true or false";
    case ShapeType::kDate: return "a date";
    case ShapeType::kScalar: return "a string, number or boolean";
    case ShapeType::kArg: return "a string";
    case ShapeType::kList: {
      std::string e = element ? element->Describe() : "";
      if (e == "a string" || e == "a map" || e == "a number") return "a list of " + e.substr(2) + "s";
      return "a list";
    }
    case ShapeType::kRecord:
    case ShapeType::kMap: return "a map";
    case ShapeType::kDockerImage: return "an image string or a map of images by brand or CUDA build";
    case ShapeType::kInstallTab: return "false or a map {command, note}";
    case ShapeType::kOneOf: {
      std::string out;
      for (size_t i = 0; i < alternatives.size(); ++i) {
        if (i > 0) out += i + 1 == alternatives.size() ? " or " : ", ";
        out += alternatives[i]->Describe();
      }
      return out;
    }
  }
  return "a value";
}

namespace {

// Owns the shapes; helpers keep the table below readable.
class Builder {
 public:
  const Shape* Make(Shape s) { return &store_.emplace_back(std::move(s)); }

  const Shape* Any() { return Make({.type = ShapeType::kAny}); }
  const Shape* Str(Vocab v = Vocab::kNone, std::vector<std::string> values = {}) {
    return Make({.type = ShapeType::kString, .vocab = v, .values = std::move(values)});
  }
  const Shape* Num(bool positive = false) { return Make({.type = ShapeType::kNumber, .positive = positive}); }
  const Shape* Bool() { return Make({.type = ShapeType::kBool}); }
  const Shape* Date() { return Make({.type = ShapeType::kDate}); }
  const Shape* List(const Shape* element) { return Make({.type = ShapeType::kList, .element = element}); }
  const Shape* Map(Vocab keys, const Shape* element) {
    return Make({.type = ShapeType::kMap, .vocab = keys, .element = element});
  }
  const Shape* Record(std::vector<Field> fields, Extra extra = Extra::kWarn) {
    return Make({.type = ShapeType::kRecord, .fields = std::move(fields), .extra = extra});
  }
  const Shape* OneOf(std::vector<const Shape*> alts) {
    return Make({.type = ShapeType::kOneOf, .alternatives = std::move(alts)});
  }
  const Shape* Args() { return List(Make({.type = ShapeType::kArg})); }
  const Shape* Env() { return Map(Vocab::kNone, Make({.type = ShapeType::kScalar})); }

 private:
  std::deque<Shape> store_;
};

// Field helpers: S = consumed (errors), P = passed through / UI only
// (warnings), R = checked by a dedicated rule.
Field S(std::string key, const Shape* shape, std::string meaning) {
  return Field{std::move(key), shape, true, false, std::move(meaning)};
}
Field P(std::string key, const Shape* shape, std::string meaning) {
  return Field{std::move(key), shape, false, false, std::move(meaning)};
}
Field R(std::string key, const Shape* shape, std::string meaning) {
  return Field{std::move(key), shape, true, true, std::move(meaning)};
}

CatalogSchema Build(Builder& b) {
  const Shape* str = b.Str();
  const Shape* num = b.Num();
  const Shape* boolean = b.Bool();
  const Shape* args = b.Args();
  const Shape* env = b.Env();
  const Shape* str_list = b.List(str);
  const Shape* tp = b.OneOf({b.Num(true), b.Map(Vocab::kHardwareKeyed, b.Num(true))});
  const Shape* args_override = b.Record({S("args", args, "replaces the args on this hardware")});
  const Shape* companion = b.Record({
      P("label", str, "tab label"),
      P("description", str, "shown above the command"),
      S("command", str, "helper process started next to vllm serve"),
  });

  // ---- recipe: meta (recipe-format.md §4)
  const Shape* platform_ref = b.OneOf({
      b.Str(Vocab::kPlatform),
      b.Record({S("id", b.Str(Vocab::kPlatform), "platforms.yaml entry to override")}, Extra::kAllow),
  });
  const Shape* meta = b.Record({
      P("title", str, "display name, copied into models.json"),
      P("slug", str, "legacy kebab-case slug"),
      P("provider", str, "provider label, copied into models.json"),
      P("description", str, "one-line summary"),
      P("date_added", b.Date(), "first catalog addition"),
      P("date_updated", b.Date(), "last material change"),
      P("difficulty", str, "beginner / intermediate / advanced"),
      S("tasks", b.List(b.Str(Vocab::kTask)), "task vocabulary; `omni` selects the omni path"),
      P("performance_headline", str, "card tagline"),
      P("related_recipes", str_list, "<org>/<repo> of related recipes"),
      S("hardware", b.Map(Vocab::kHardware, b.Str(Vocab::kNone, {"verified", "supported", "unsupported"})),
        "declares hardware; `unsupported` removes it"),
      S("default_hardware", b.Str(Vocab::kHardware), "preferred landing hardware"),
      P("platforms", b.List(platform_ref), "self-hosting platforms for the Deploy dialog"),
  });

  // ---- recipe: model (§5)
  const Shape* install = b.Record({
      S("pip", b.Make({.type = ShapeType::kInstallTab}), "pip tab: false hides it, {command, note} overrides it"),
      S("docker", b.Make({.type = ShapeType::kInstallTab}), "docker tab: false hides it, {command, note} overrides it"),
  });
  const Shape* docker_image = b.Make({.type = ShapeType::kDockerImage});
  const Shape* model = b.Record({
      S("model_id", str, "served checkpoint"),
      P("min_vllm_version", str, "minimum vLLM release (quote it: 0.10 would become the number 0.1)"),
      S("nightly_required", boolean, "only `true` switches to nightly images and wheels"),
      S("docker_image", docker_image, "container image override"),
      S("install", install, "install-tab overrides"),
      P("architecture", str, "dense / moe"),
      P("parameter_count", str, "e.g. \"671B\""),
      P("active_parameters", str, "e.g. \"37B\""),
      P("context_length", num, "context window in tokens"),
      S("base_args", args, "flags always emitted first"),
      S("base_env", env, "environment always set first"),
      P("supports_dcp", boolean, "UI: decode-context-parallel preset when true"),
      P("flashinfer_autotune", boolean, "UI: flashinfer autotune preset when true"),
      P("docker_source", b.Record({P("mount_path", str, "not read")}, Extra::kAllow), "not read"),
  });

  // ---- recipe: omni (§13)
  const Shape* omni_hw_override = b.Record({
      P("label", str, "replaces the task label"),
      P("endpoint", str, "replaces the endpoint"),
      S("model_id", str, "replaces the served checkpoint"),
      P("description", str, "replaces the description"),
      P("curl", str, "replaces the example request"),
      P("vram_minimum_gb", num, "replaces the VRAM hint"),
      S("extra_args", args, "appended to the task's extra_args"),
  });
  const Shape* omni_task = b.Record({
      S("id", b.Str(Vocab::kOmniTask), "catalog task id"),
      S("key", str, "selector key when several entries share an id"),
      P("label", str, "UI label"),
      P("endpoint", str, "UI endpoint"),
      P("description", str, "UI description"),
      S("model_id", str, "served checkpoint for this task"),
      P("vram_minimum_gb", num, "UI fit hint"),
      P("axes", b.Map(Vocab::kNone, str), "task selector coordinates"),
      S("extra_args", args, "appended after the variant args"),
      P("curl", str, "example request"),
      S("hardware_overrides", b.Map(Vocab::kHardware, omni_hw_override), "per exact hardware id"),
  });
  const Shape* task_axis = b.Record({
      P("id", str, "axis id"),
      P("label", str, "axis label"),
      P("options", b.List(b.Record({P("id", str, "option id"), P("label", str, "option label")})), "axis options"),
  });
  const Shape* omni = b.Record({
      S("tasks", b.List(b.OneOf({b.Str(Vocab::kOmniTask), omni_task})), "served tasks"),
      P("port", num, "appended as --port (a quoted number renders the same)"),
      S("serve_binary", str, "replaces `vllm serve`"),
      P("task_label", str, "UI"),
      P("task_hint", str, "UI"),
      P("variant_label", str, "UI"),
      P("variant_hint", str, "UI"),
      P("task_axes", b.List(task_axis), "UI two-dimensional task selector"),
  });

  // ---- recipe: dependencies (§14)
  const Shape* dependency = b.Record({
      P("note", str, "shown above the command"),
      P("command", str, "install command"),
      P("optional", boolean, "dimmed, left out of copy-all"),
      P("brand", b.OneOf({b.Str(Vocab::kBrand), b.List(b.Str(Vocab::kBrand))}), "hardware brands it applies to"),
      P("install_modes", b.List(b.Str(Vocab::kNone, {"pip", "docker"})), "install tabs it appears under"),
  });

  // ---- recipe: features (§6)
  const Shape* mode = b.Record({
      P("label", str, "UI"),
      P("description", str, "UI"),
      R("args", args, "flags emitted when the mode is active"),
      R("variants", b.List(str), "variants the mode is offered for"),
      S("hardware", b.Map(Vocab::kModeHardware, b.Str(Vocab::kNone, {"unsupported", "supported", "verified"})),
        "`unsupported` disables the mode on that generation or hardware"),
      S("hardware_overrides", b.Map(Vocab::kHardwareKeyed, args_override), "replaces the mode's args"),
  });
  const Shape* feature = b.Record({
      P("description", str, "UI tooltip"),
      P("label", str, "UI pill label"),
      S("args", args, "flat form: flags emitted when on"),
      S("hardware_overrides", b.Map(Vocab::kGenerationKeyed, args_override), "flat form: replaces args per generation"),
      S("strategies", b.List(b.Str(Vocab::kStrategy)), "strategy allow-list"),
      S("companion", companion, "helper process next to vllm serve"),
      R("default_mode", str, "modal form: preferred mode"),
      R("modes", b.Map(Vocab::kNone, mode), "modal form: single-select alternatives"),
      P("hardware", b.Map(Vocab::kHardware, str), "not read"),
  });

  // ---- recipe: variants (§7)
  const Shape* variant_hw_override = b.Record({
      S("extra_args", args, "extra flags on this hardware"),
      S("extra_env", env, "extra environment on this hardware"),
      S("docker_image", str, "image pin (exact hardware ids only)"),
  });
  const Shape* variant = b.Record({
      S("precision", str, "bf16, fp8, nvfp4, …"),
      S("precision_hardware",
        b.Record({S("brand", b.Str(Vocab::kBrand), "required brand"),
                  S("generation", b.Str(Vocab::kGeneration), "required generation")}),
        "explicit hardware constraint"),
      S("vram_minimum_gb", num, "memory footprint"),
      S("model_id", str, "served checkpoint"),
      P("description", str, "UI"),
      P("label", str, "UI"),
      S("extra_args", args, "flags after base_args"),
      S("extra_env", env, "env after base_env"),
      S("hardware_overrides", b.Map(Vocab::kGenerationOrHardware, variant_hw_override), "per hardware"),
      S("tp", tp, "single_node_tp size"),
      S("supported_hardware", b.List(b.Str(Vocab::kHardware)), "hardware allow-list"),
      S("default_modes", b.Map(Vocab::kNone, str), "preferred mode per modal feature"),
      S("docker_image", docker_image, "variant image override"),
      P("min_vllm_version", str, "UI Install header"),
      P("nightly_required", boolean, "UI Install header"),
  });

  // ---- recipe: strategy keys (§8, §10)
  const Shape* min_gpus_inner = b.OneOf({num, b.Map(Vocab::kMinGpusInner, num)});
  const Shape* min_gpus = b.OneOf({num, b.Map(Vocab::kMinGpusKey, min_gpus_inner)});
  const Shape* gen_override = b.Record({
      S("extra_args", args, "extra flags for this generation"),
      S("extra_env", env, "extra environment for this generation"),
      P("install_note", str, "not read"),
  });
  const Shape* exact_override = b.Record({
      S("extra_args", args, "extra flags on this hardware"),
      S("extra_env", env, "extra environment on this hardware"),
  });
  const Shape* pd_role = b.Record({
      S("parallelism", b.Str(Vocab::kPoolMode), "pool mode: tp, tep or dep"),
      S("tp", num, "TP width per DP rank for dep"),
      P("nodes", b.OneOf({num, b.Map(Vocab::kHardwareOrDefault, num)}), "UI default pool size"),
      S("extra_args", args, "role flags"),
      S("vllm_args", args, "role flags"),
      S("env", env, "role environment"),
      S("parallel_flag", str, "flag carrying the pool size"),
      S("hardware_overrides", b.Map(Vocab::kHardware, exact_override), "per exact hardware id"),
  });
  const Shape* strategy_override = b.Record({
      S("extra_args", args, "flags after the strategy's"),
      S("vllm_args", args, "flags after extra_args"),
      S("env", env, "env after the strategy's"),
      S("extra_env", env, "env after env"),
      S("tp", tp, "single_node_tp size"),
      S("hardware_overrides", b.Map(Vocab::kGenerationOrHardware, exact_override), "per generation or hardware"),
      S("prefill", pd_role, "pd_cluster prefill pool"),
      S("decode", pd_role, "pd_cluster decode pool"),
      S("router", b.Record({S("intra_node_data_parallel_size", num, "pins the router's value")}), "pd_cluster router"),
      S("pool_modes", b.List(b.Str(Vocab::kPoolMode)), "narrows the PD pool modes"),
  });
  const Shape* hardware_note = b.Record({
      P("title", str, "callout title"),
      P("body", str, "callout text"),
      P("link", b.Record({P("href", str, "link target"), P("label", str, "link text")}), "callout link"),
  });

  // ---- recipe: architecture (config.json facts for `recipes plan`, src/plan/)
  const Shape* count = b.Num(true);
  const Shape* num_list = b.List(num);
  const Shape* architecture = b.Record(
      {
          P("architectures", str_list, "config.json model classes"),
          P("model_type", str, "config.json model type"),
          S("num_hidden_layers", count, "decoder layers"),
          S("hidden_size", count, "model width"),
          S("num_attention_heads", count, "query heads"),
          S("num_key_value_heads", count, "KV heads (GQA); split by TP, at least one per rank"),
          S("head_dim", count, "per-head width"),
          S("vocab_size", count, "vocabulary (embeddings, LM head, sampler logits)"),
          S("intermediate_size", count, "dense MLP width"),
          S("tie_word_embeddings", boolean, "the LM head reuses the embeddings"),
          S("max_position_embeddings", count, "longest context; vLLM's default --max-model-len"),
          S("torch_dtype", str, "unquantized weight and KV dtype"),
          S("q_lora_rank", num, "MLA query rank"),
          S("kv_lora_rank", count, "MLA latent rank (the cached width)"),
          S("qk_rope_head_dim", num, "MLA rotary width (cached)"),
          S("qk_nope_head_dim", num, "MLA non-rotary width"),
          S("v_head_dim", num, "MLA value width"),
          S("index_head_dim", num, "sparse-attention indexer key width (cached)"),
          S("sparse_attention_config", b.Record({S("use_sparse_attention", boolean, "MSA on"),
                                                 S("sparse_index_dim", num, "indexer key width (cached)")},
                                                Extra::kAllow),
            "MiniMax-M3 sparse attention"),
          S("sliding_window", num, "sliding-window length in tokens"),
          S("layer_types", str_list, "per-layer kind: full_attention, sliding_attention, linear_attention, …"),
          S("global_head_dim", num, "full-attention layers' head width when it differs"),
          S("num_global_key_value_heads", num, "full-attention layers' KV heads when they differ"),
          S("full_attention_interval", num, "every Nth layer is full attention, the rest linear"),
          S("linear_num_key_heads", num, "Gated DeltaNet key heads"),
          S("linear_num_value_heads", num, "Gated DeltaNet value heads"),
          S("linear_key_head_dim", num, "Gated DeltaNet key width"),
          S("linear_value_head_dim", num, "Gated DeltaNet value width"),
          S("linear_conv_kernel_dim", num, "Gated DeltaNet convolution kernel"),
          S("linear_attn_config", b.Record({S("full_attn_layers", num_list, "1-based full-attention layers"),
                                            S("num_heads", num, "KDA heads"), S("head_dim", num, "KDA head width"),
                                            S("short_conv_kernel_size", num, "KDA convolution kernel")},
                                           Extra::kAllow),
            "Kimi linear-attention layout"),
          S("mamba_num_heads", num, "Mamba-2 heads"),
          S("mamba_head_dim", num, "Mamba-2 head width"),
          S("ssm_state_size", num, "Mamba-2 state size"),
          S("n_groups", num, "Mamba-2 groups"),
          S("conv_kernel", num, "Mamba-2 convolution kernel"),
          S("hybrid_override_pattern", str, "Nemotron-H layer pattern (M, *, -)"),
          S("attn_type_list", num_list, "per-layer 0 = linear, 1 = softmax attention"),
          S("layers_block_type", str_list, "per-layer attention or mamba"),
          S("num_local_experts", num, "routed experts"),
          S("n_routed_experts", num, "routed experts"),
          S("num_experts", num, "routed experts"),
          S("num_experts_per_tok", num, "experts per token"),
          S("num_experts_per_token", num, "experts per token"),
          S("moe_intermediate_size", num, "expert width"),
          S("routed_expert_hidden_size", num, "routed experts' input width (latent MoE)"),
          S("n_shared_experts", num, "shared experts"),
          S("num_shared_experts", num, "shared experts"),
          S("shared_intermediate_size", num, "width of each shared expert"),
          S("shared_expert_intermediate_size", num, "total width of the shared experts"),
          S("first_k_dense_replace", num, "leading dense layers"),
          S("mlp_only_layers", num_list, "dense layers"),
          S("num_nextn_predict_layers", num, "MTP layers (loaded for MTP drafting)"),
          S("mtp_num_hidden_layers", num, "MTP layers (loaded for MTP drafting)"),
          S("quantization_config", b.Record({S("quant_method", str, "checkpoint quantization"),
                                             S("quant_algo", str, "ModelOpt algorithm"),
                                             S("format", str, "compressed-tensors format"), S("fmt", str, "fp8 format")},
                                            Extra::kAllow),
            "the checkpoint's quantization summary"),
          S("checkpoint_bytes", count, "exact weight bytes of the recipe's own checkpoint"),
          S("draft_models", b.Map(Vocab::kNone, b.Record({S("num_hidden_layers", count, "draft decoder layers"),
                                                          S("num_key_value_heads", count, "draft KV heads"),
                                                          S("head_dim", count, "draft head width")},
                                                         Extra::kWarnIfClose)),
            "speculative draft heads by model id"),
      },
      Extra::kWarnIfClose);

  const Shape* recipe = b.Record(
      {
          S("meta", meta, "descriptive metadata (required)"),
          S("model", model, "served model, base flags, install tabs"),
          S("omni", omni, "vLLM-Omni serving block"),
          P("dependencies", b.List(dependency), "extra install steps"),
          S("features", b.Map(Vocab::kNone, feature), "optional flag bundles"),
          S("opt_in_features", b.List(b.Str(Vocab::kFeature)), "features off by default"),
          S("hardware_opt_in_features", b.Map(Vocab::kHardware, b.List(b.Str(Vocab::kFeature))),
            "features off by default on one hardware"),
          S("variants", b.Map(Vocab::kNone, variant), "checkpoints and precisions"),
          S("compatible_strategies", b.List(b.Str(Vocab::kStrategy)), "serving strategies offered"),
          S("default_strategy", b.Str(Vocab::kStrategy), "preferred strategy"),
          S("strategy_hardware",
            b.Map(Vocab::kStrategy, b.Map(Vocab::kHardwareKeyed, b.Str(Vocab::kNone, {"supported", "unsupported"}))),
            "per-hardware strategy gate"),
          S("strategy_min_gpus", min_gpus, "GPU floor per strategy or hardware"),
          S("hardware_overrides", b.Map(Vocab::kGenerationKeyed, gen_override), "per-generation flags"),
          S("strategy_overrides", b.Map(Vocab::kStrategy, strategy_override), "per-strategy tweaks"),
          S("kv_offload_support", b.Map(Vocab::kKvOffload, b.Str(Vocab::kNone, {"verified", "unsupported", "supported"})),
            "gate for taxonomy kv offload options"),
          S("kv_cache_strategy_hardware",
            b.Map(Vocab::kKvStore, b.Map(Vocab::kHardware, b.Str(Vocab::kNone, {"unsupported", "supported"}))),
            "per-hardware opt-out of Mooncake deployments"),
          P("hardware_notes", b.Map(Vocab::kHardware, hardware_note), "callout per hardware"),
          P("guide", str, "long-form Markdown guide"),
          S("architecture", architecture, "config.json facts for the memory planner (not in the JSON API)"),
      },
      Extra::kWarnIfClose);

  // ---- strategies/*.yaml (§16)
  const Shape* strategy_role = b.Record({
      S("vllm_args", args, "role flags"),
      S("env", env, "role environment"),
      S("parallelism", b.Str(Vocab::kPoolMode), "default pool mode"),
      S("tp", num, "TP width per DP rank"),
      S("parallel_flag", str, "flag carrying the pool size"),
  });
  const Shape* strategy = b.Record({
      S("name", str, "strategy id"),
      S("deploy_type", b.Str(Vocab::kNone, {"single_node", "multi_node", "pd_cluster"}), "deployment shape"),
      P("display_name", str, "UI"),
      P("description", str, "UI"),
      P("orientation", str, "UI"),
      P("label", str, "UI"),
      P("hardware_match", b.Record({P("min_gpus", num, "informational"), P("max_gpus", num, "informational"),
                                    P("multi_node", boolean, "informational"), P("architecture", str, "informational")}),
        "informational"),
      S("vllm_args", args, "strategy flags"),
      S("parallel_flag", str, "flag carrying the parallel size"),
      S("parallelism", b.Str(Vocab::kNone, {"tp_pp", "tp_dp"}), "multi-node layout"),
      S("env", env, "strategy environment"),
      S("prefill", strategy_role, "PD prefill role"),
      S("decode", strategy_role, "PD decode role"),
      S("router", b.Record({S("policy", str, "PD router policy")}, Extra::kAllow), "PD router"),
  });

  // ---- kv_store/*.yaml (§17)
  const Shape* kv_store = b.Record({
      S("name", str, "deployment id"),
      S("deploy_type", b.Str(Vocab::kNone, {"kv_store_lb"}), "marks a kv-store deployment"),
      P("display_name", str, "UI"),
      P("label", str, "UI"),
      P("order", num, "UI order"),
      P("description", str, "UI"),
      S("router", b.Record({S("policy", str, "router policy"), S("install", str, "router install command"),
                            S("port", num, "router port")}),
        "cache-aware router"),
      S("vllm",
        b.Record({S("vllm_args", args, "connector flags"), S("env", env, "instance environment"),
                  S("install", b.OneOf({str, b.Map(Vocab::kNone, str)}), "extra pip dependency"),
                  S("port", num, "instance port")}),
        "per-instance settings"),
      S("pd",
        b.Record({S("prefill", b.Record({S("args", args, "prefill connector flags")}), "prefill role"),
                  S("decode", b.Record({S("args", args, "decode connector flags")}), "decode role")}),
        "composition with pd_cluster"),
      S("mooncake_master", b.Record({S("command", str, "master command"), P("description", str, "UI")}),
        "metadata master"),
      S("mooncake_store_config",
        b.Record({S("command", str, "store command"), P("description", str, "UI"), P("note", str, "UI"),
                  S("config", b.Map(Vocab::kNone, b.Any()), "store config")}),
        "standalone store"),
      S("mooncake_vllm_config",
        b.Record({S("mode", str, "store mode"), P("note", str, "UI"),
                  S("template", b.Map(Vocab::kNone, b.Any()), "instance config")}),
        "instance config"),
      S("min_vllm_version", str, "echoed as kv_min_vllm_version"),
      S("default_instances", num, "instance count when not chosen"),
  });

  // ---- taxonomy.yaml (§18)
  const Shape* generation = b.OneOf({str, b.List(str)});
  const Shape* profile = b.Record({
      S("brand", str, "NVIDIA, AMD, Google, Intel, Huawei"),
      S("generation", generation, "hopper, blackwell, …"),
      S("gpu_generation", generation, "alias of generation"),
      P("display_name", str, "UI"),
      P("description", str, "UI"),
      S("gpu_count", num, "GPUs per node"),
      S("vram_gb", num, "node memory in GB"),
      P("multi_node", boolean, "legacy, not read"),
      S("scalable", boolean, "false: cannot be clustered"),
      S("restricted", boolean, "offered only when a recipe declares it"),
  });
  const Shape* kv_offload = b.Record({
      P("display_name", str, "UI"),
      P("label", str, "UI"),
      P("order", num, "UI"),
      P("description", str, "UI"),
      P("docs_url", str, "UI"),
      P("group", b.Str(Vocab::kKvOffloadGroup), "UI group"),
      S("args", args, "appended at the end of the serve args"),
      S("env", env, "merged after the strategy env"),
      S("strategies", b.List(b.Str(Vocab::kStrategy)), "strategy allow-list"),
      S("brands", b.List(b.Str(Vocab::kBrand)), "brand allow-list"),
      S("requires_opt_in", boolean, "needs `verified` in kv_offload_support"),
      S("install", str, "extra pip dependency"),
      S("companion", companion, "helper process"),
  });
  const Shape* taxonomy = b.Record({
      S("hardware_profiles", b.Map(Vocab::kNone, profile), "hardware profiles"),
      P("tasks", b.List(b.Record({P("id", str, "task id"), P("display_name", str, "UI"), P("description", str, "UI")})),
        "task vocabulary"),
      P("strategies", b.List(b.Str(Vocab::kStrategy)), "strategy vocabulary"),
      P("kv_offload_groups",
        b.Map(Vocab::kNone, b.Record({P("display_name", str, "UI"), P("label", str, "UI"), P("order", num, "UI"),
                                      P("sub_row_label", str, "UI"), P("docs_url", str, "UI"),
                                      P("tooltip", str, "UI"), P("description", str, "UI")})),
        "UI groups of kv offload options"),
      S("kv_offload", b.Map(Vocab::kNone, kv_offload), "composing kv offload options"),
  });

  // ---- platforms.yaml (§19)
  const Shape* platforms = b.Record({
      P("platforms",
        b.List(b.Record({P("id", str, "platform id"), P("name", str, "UI"), P("url", str, "UI"),
                         P("blurb", str, "UI"), P("install", str, "UI")},
                        Extra::kWarnIfClose)),
        "self-hosting platforms"),
  });

  return CatalogSchema{recipe, strategy, kv_store, taxonomy, platforms};
}

const char* VocabPlaceholder(Vocab v) {
  switch (v) {
    case Vocab::kNone: return "<key>";
    case Vocab::kStrategy: return "<strategy>";
    case Vocab::kKvStore: return "<kv store>";
    case Vocab::kHardware: return "<hardware id>";
    case Vocab::kHardwareOrDefault: return "<hardware id|default>";
    case Vocab::kHardwareKeyed: return "<hardware id|generation|brand|default>";
    case Vocab::kGenerationKeyed: return "<generation|nvidia>";
    case Vocab::kGenerationOrHardware: return "<generation|nvidia|hardware id>";
    case Vocab::kModeHardware: return "<generation|hardware id>";
    case Vocab::kMinGpusKey: return "<strategy|pool mode|hardware id>";
    case Vocab::kMinGpusInner: return "<strategy|pool mode>";
    case Vocab::kFeature: return "<feature>";
    case Vocab::kKvOffload: return "<kv offload option>";
    case Vocab::kKvOffloadGroup: return "<kv offload group>";
    case Vocab::kTask: return "<task>";
    case Vocab::kPlatform: return "<platform>";
    case Vocab::kOmniTask: return "<omni task>";
    case Vocab::kBrand: return "<brand>";
    case Vocab::kGeneration: return "<generation>";
    case Vocab::kPoolMode: return "<pool mode>";
  }
  return "<key>";
}

// Lists the keys below `shape` (reached at `path`).
void DescribeBelow(const Shape& shape, const std::string& path, std::string* out);

void DescribeField(const std::string& path, const Field& f, std::string* out) {
  std::string shape = f.shape->Describe();
  if (f.shape->type == ShapeType::kString && f.shape->vocab != Vocab::kNone) {
    shape = std::string("a string naming ") + VocabPlaceholder(f.shape->vocab);
  }
  std::string line = path;
  line.resize(std::max<size_t>(line.size() + 1, 56), ' ');
  line += (f.consumed ? "read   " : "shown  ") + shape + " — " + f.meaning + "\n";
  *out += line;
  DescribeBelow(*f.shape, path, out);
}

void DescribeBelow(const Shape& shape, const std::string& path, std::string* out) {
  switch (shape.type) {
    case ShapeType::kRecord:
      for (const Field& f : shape.fields) DescribeField(path.empty() ? f.key : path + "." + f.key, f, out);
      return;
    case ShapeType::kMap:
      DescribeBelow(*shape.element, path + "." + VocabPlaceholder(shape.vocab), out);
      return;
    case ShapeType::kList: DescribeBelow(*shape.element, path + "[]", out); return;
    case ShapeType::kOneOf:
      for (const Shape* a : shape.alternatives) DescribeBelow(*a, path, out);
      return;
    default: return;
  }
}

}  // namespace

std::string DescribeCatalogSchema() {
  const CatalogSchema& s = GetCatalogSchema();
  std::string out;
  const std::pair<const char*, const Shape*> docs[] = {
      {"models/<org>/<repo>.yaml", s.recipe}, {"strategies/*.yaml", s.strategy}, {"kv_store/*.yaml", s.kv_store},
      {"taxonomy.yaml", s.taxonomy},          {"platforms.yaml", s.platforms},
  };
  for (const auto& [file, shape] : docs) {
    out += std::string(out.empty() ? "" : "\n") + file + "\n";
    DescribeBelow(*shape, "", &out);
  }
  return out;
}

const CatalogSchema& GetCatalogSchema() {
  // Built once on first use and never changed afterwards.
  static Builder* builder = new Builder();
  static const CatalogSchema schema = Build(*builder);
  return schema;
}

}  // namespace recipes
