#include "plan/architecture.h"

#include <algorithm>
#include <cmath>

namespace recipes {
namespace {

// Looks a key up at the top level, then under text_config (VLM configs keep
// the language model's facts there).
class ConfigView {
 public:
  explicit ConfigView(const Value& root) : root_(root) {
    const Value* t = root.Get("text_config");
    text_ = t && t->is_object() ? t : nullptr;
  }
  const Value* Get(std::string_view key) const {
    const Value* v = root_.is_object() ? root_.Get(key) : nullptr;
    if ((!v || v->is_null()) && text_) v = text_->Get(key);
    return v && !v->is_null() ? v : nullptr;
  }
  int64_t Int(std::string_view key, int64_t fallback = 0) const {
    const Value* v = Get(key);
    return v && v->is_number() ? static_cast<int64_t>(std::llround(v->number())) : fallback;
  }
  std::string Str(std::string_view key) const {
    const Value* v = Get(key);
    return v && v->is_string() ? v->str() : std::string();
  }
  bool Bool(std::string_view key, bool fallback) const {
    const Value* v = Get(key);
    return v && v->is_bool() ? v->boolean() : fallback;
  }
  const Value* List(std::string_view key) const {
    const Value* v = Get(key);
    return v && v->is_array() ? v : nullptr;
  }

 private:
  const Value& root_;
  const Value* text_ = nullptr;
};

int64_t FirstInt(const ConfigView& c, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (int64_t v = c.Int(k)) return v;
  }
  return 0;
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Per-layer kinds from whichever layout key the config uses.
void ReadLayerKinds(const ConfigView& c, Architecture* a) {
  const int n = a->layers;
  std::vector<LayerKind> kinds(static_cast<size_t>(std::max(n, 0)), LayerKind::kFull);
  bool any = false;
  if (const Value* types = c.List("layer_types")) {
    for (size_t i = 0; i < kinds.size() && i < types->size(); ++i) {
      std::string t = types->At(i)->is_string() ? Lower(types->At(i)->str()) : "";
      if (t.find("sliding") != std::string::npos || t == "chunked_attention") {
        kinds[i] = LayerKind::kSliding;
      } else if (t.find("linear") != std::string::npos || t.find("mamba") != std::string::npos ||
                 t.find("conv") != std::string::npos) {
        kinds[i] = LayerKind::kLinear;
      }
    }
    any = true;
  } else if (const Value* blocks = c.List("layers_block_type")) {
    for (size_t i = 0; i < kinds.size() && i < blocks->size(); ++i) {
      std::string t = blocks->At(i)->is_string() ? Lower(blocks->At(i)->str()) : "";
      if (t != "attention") kinds[i] = LayerKind::kLinear;
    }
    any = true;
  } else if (std::string p = c.Str("hybrid_override_pattern"); !p.empty()) {
    // Nemotron-H: M = Mamba, * = attention, - = MLP only (no cache).
    std::vector<LayerKind> k;
    int attn = 0, mamba = 0;
    for (char ch : p) {
      if (ch == 'M') ++mamba;
      if (ch == '*') ++attn;
    }
    k.insert(k.end(), static_cast<size_t>(attn), LayerKind::kFull);
    k.insert(k.end(), static_cast<size_t>(mamba), LayerKind::kLinear);
    a->layer_kinds = std::move(k);
    return;
  } else if (const Value* list = c.List("attn_type_list")) {
    // MiniMax-M1/Text-01: 0 = lightning (linear) attention, 1 = softmax.
    for (size_t i = 0; i < kinds.size() && i < list->size(); ++i) {
      if (list->At(i)->is_number() && list->At(i)->number() == 0) kinds[i] = LayerKind::kLinear;
    }
    any = true;
  } else if (const Value* lac = c.Get("linear_attn_config"); lac && lac->is_object()) {
    // Kimi linear: 1-based layer numbers of the full-attention layers.
    const Value* full = lac->Get("full_attn_layers");
    std::fill(kinds.begin(), kinds.end(), LayerKind::kLinear);
    if (full && full->is_array()) {
      for (const Value& v : full->items()) {
        int idx = v.is_number() ? static_cast<int>(v.number()) - 1 : -1;
        if (idx >= 0 && idx < n) kinds[static_cast<size_t>(idx)] = LayerKind::kFull;
      }
    }
    any = true;
  } else if (int64_t every = c.Int("full_attention_interval"); every > 0) {
    for (int i = 0; i < n; ++i) kinds[static_cast<size_t>(i)] = (i + 1) % every == 0 ? LayerKind::kFull : LayerKind::kLinear;
    any = true;
  }
  if (!any && a->sliding_window > 0 && c.Bool("use_sliding_window", true)) {
    std::fill(kinds.begin(), kinds.end(), LayerKind::kSliding);  // Mistral-style: every layer
  }
  a->layer_kinds = std::move(kinds);
}

void ReadLinearState(const ConfigView& c, Architecture* a) {
  if (a->CountKind(LayerKind::kLinear) == 0) return;
  LinearState& s = a->linear;
  const int64_t h = a->hidden;
  if (const Value* lac = c.Get("linear_attn_config"); lac && lac->is_object()) {
    // Kimi Delta Attention: q, k, v short convolutions and a head_dim² state per head.
    auto num = [&](const char* k) {
      const Value* v = lac->Get(k);
      return v && v->is_number() ? static_cast<int64_t>(v->number()) : 0;
    };
    int64_t heads = num("num_heads"), dim = num("head_dim"), kernel = num("short_conv_kernel_size");
    s.kind = "kda";
    s.conv_elems = 3 * heads * dim * std::max<int64_t>(kernel - 1, 0);
    s.state_elems = heads * dim * dim;
    s.params_per_layer = h * heads * dim * 5 + heads * dim * h;  // q, k, v, gates; output
  } else if (int64_t kh = c.Int("linear_num_key_heads"); kh > 0) {
    // Gated DeltaNet (Qwen3-Next / Qwen3.5).
    int64_t vh = c.Int("linear_num_value_heads", kh), kd = c.Int("linear_key_head_dim"),
            vd = c.Int("linear_value_head_dim"), kernel = c.Int("linear_conv_kernel_dim", 4);
    s.kind = "gated_deltanet";
    s.conv_elems = (2 * kh * kd + vh * vd) * std::max<int64_t>(kernel - 1, 0);
    s.state_elems = vh * kd * vd;
    s.params_per_layer = h * (2 * kh * kd + 2 * vh * vd + 2 * vh) + vh * vd * h;
  } else if (int64_t mh = c.Int("mamba_num_heads"); mh > 0) {
    // Mamba-2: conv over x, B, C; SSM state heads × head_dim × state.
    int64_t hd = c.Int("mamba_head_dim"), st = c.Int("ssm_state_size"), g = c.Int("n_groups", 1),
            kernel = c.Int("conv_kernel", 4);
    int64_t inner = mh * hd;
    s.kind = "mamba2";
    s.conv_elems = (inner + 2 * g * st) * std::max<int64_t>(kernel - 1, 0);
    s.state_elems = mh * hd * st;
    s.params_per_layer = h * (2 * inner + 2 * g * st + mh) + inner * h;
  } else {
    // Lightning attention (MiniMax-M1): a head_dim² state per head.
    s.kind = "lightning";
    s.state_elems = static_cast<int64_t>(a->heads) * a->head_dim * a->head_dim;
    s.params_per_layer = 4 * h * a->heads * a->head_dim;
  }
}

void ReadMoe(const ConfigView& c, Architecture* a) {
  a->num_experts = static_cast<int>(FirstInt(c, {"num_local_experts", "n_routed_experts", "num_experts"}));
  if (a->num_experts <= 1) {
    a->num_experts = 0;
    return;
  }
  a->experts_per_tok = static_cast<int>(FirstInt(c, {"num_experts_per_tok", "experts_per_token", "num_experts_per_token", "top_k_experts"}));
  a->moe_intermediate = FirstInt(c, {"moe_intermediate_size", "expert_intermediate_size"});
  if (a->moe_intermediate == 0) a->moe_intermediate = a->intermediate;
  a->expert_hidden = c.Int("routed_expert_hidden_size");
  a->shared_experts = static_cast<int>(FirstInt(c, {"n_shared_experts", "num_shared_experts"}));
  if (int64_t total = c.Int("shared_expert_intermediate_size")) {
    a->shared_intermediate = total;
    if (a->shared_experts == 0) a->shared_experts = 1;
  } else if (int64_t each = c.Int("shared_intermediate_size")) {
    a->shared_intermediate = each * std::max(a->shared_experts, 1);
  } else {
    a->shared_intermediate = a->moe_intermediate * a->shared_experts;
  }
  // Dense layers: first_k_dense_replace, mlp_only_layers, or zeros in moe_layer_freq.
  int dense = static_cast<int>(c.Int("first_k_dense_replace"));
  if (const Value* only = c.List("mlp_only_layers")) dense = std::max(dense, static_cast<int>(only->size()));
  if (const Value* freq = c.List("moe_layer_freq")) {
    int zeros = 0;
    for (const Value& v : freq->items()) zeros += v.is_number() && v.number() == 0 ? 1 : 0;
    dense = std::max(dense, zeros);
  }
  a->dense_layers = std::min(dense, a->layers);
}

std::string QuantSummary(const Value* q) {
  if (!q || !q->is_object()) return {};
  auto s = [&](const char* k) {
    const Value* v = q->Get(k);
    return v && v->is_string() ? Lower(v->str()) : std::string();
  };
  std::string m = s("quant_method");
  for (const char* extra : {"quant_algo", "format", "fmt"}) {
    if (!s(extra).empty()) m += ":" + s(extra);
  }
  if (const Value* bits = q->Get("bits"); bits && bits->is_number()) m += ":w" + std::to_string(static_cast<int>(bits->number()));
  return m;
}

}  // namespace

int Architecture::CountKind(LayerKind k) const {
  return static_cast<int>(std::count(layer_kinds.begin(), layer_kinds.end(), k));
}

Architecture ArchitectureFromConfig(const Value& config, std::vector<std::string>* problems) {
  Architecture a;
  if (!config.is_object()) {
    if (problems) problems->push_back("the architecture facts are not a map");
    return a;
  }
  ConfigView c(config);
  a.model_type = c.Str("model_type");
  if (const Value* arch = c.List("architectures")) {
    for (const Value& v : arch->items()) {
      if (v.is_string()) a.architectures.push_back(v.str());
    }
  }
  a.layers = static_cast<int>(FirstInt(c, {"num_hidden_layers", "n_layer", "num_layers"}));
  a.hidden = FirstInt(c, {"hidden_size", "d_model", "n_embd"});
  a.heads = static_cast<int>(FirstInt(c, {"num_attention_heads", "n_head"}));
  a.kv_heads = static_cast<int>(FirstInt(c, {"num_key_value_heads", "num_kv_heads"}));
  if (a.kv_heads == 0) a.kv_heads = a.heads;
  a.head_dim = static_cast<int>(c.Int("head_dim"));
  if (a.head_dim == 0 && a.heads > 0) a.head_dim = static_cast<int>(a.hidden / a.heads);
  a.vocab = c.Int("vocab_size");
  a.intermediate = FirstInt(c, {"intermediate_size", "ffn_dim"});
  a.tie_embeddings = c.Bool("tie_word_embeddings", false);
  a.max_position_embeddings = FirstInt(c, {"max_position_embeddings", "max_sequence_length", "seq_length"});
  a.dtype = c.Str("torch_dtype");
  if (a.dtype.empty()) a.dtype = c.Str("dtype");
  // vLLM derives the default max_model_len through RoPE scaling (yarn,
  // dynamic, linear): the original window times the factor.
  if (const Value* rope = c.Get("rope_scaling"); rope && rope->is_object() && a.max_position_embeddings > 0) {
    const Value* t = rope->Get("rope_type");
    if (!t || !t->is_string()) t = rope->Get("type");
    std::string type = t && t->is_string() ? Lower(t->str()) : "";
    const Value* factor = rope->Get("factor");
    const Value* original = rope->Get("original_max_position_embeddings");
    if (factor && factor->is_number() && factor->number() > 1 && !type.empty() && type != "su" &&
        type != "longrope" && type != "llama3" && type != "default" && type != "mrope") {
      double base = type == "yarn" && original && original->is_number() ? original->number()
                                                                        : static_cast<double>(a.max_position_embeddings);
      a.max_position_embeddings = std::max<int64_t>(a.max_position_embeddings, std::llround(base * factor->number()));
    }
  }

  a.q_lora_rank = static_cast<int>(c.Int("q_lora_rank"));
  a.kv_lora_rank = static_cast<int>(c.Int("kv_lora_rank"));
  a.qk_rope_head_dim = static_cast<int>(c.Int("qk_rope_head_dim"));
  a.qk_nope_head_dim = static_cast<int>(c.Int("qk_nope_head_dim"));
  a.v_head_dim = static_cast<int>(c.Int("v_head_dim"));
  a.index_head_dim = static_cast<int>(c.Int("index_head_dim"));
  if (const Value* sparse = c.Get("sparse_attention_config"); sparse && sparse->is_object()) {
    const Value* dim = sparse->Get("sparse_index_dim");
    const Value* on = sparse->Get("use_sparse_attention");
    if (dim && dim->is_number() && (!on || on->Truthy())) a.index_head_dim = static_cast<int>(dim->number());
  }

  a.sliding_window = c.Int("sliding_window");
  a.global_head_dim = static_cast<int>(c.Int("global_head_dim"));
  a.global_kv_heads = static_cast<int>(c.Int("num_global_key_value_heads"));
  ReadLayerKinds(c, &a);
  ReadLinearState(c, &a);
  ReadMoe(c, &a);
  a.mtp_layers = static_cast<int>(FirstInt(c, {"num_nextn_predict_layers", "mtp_num_hidden_layers"}));
  a.quant_method = QuantSummary(c.Get("quantization_config"));
  if (const Value* b = c.Get("checkpoint_bytes"); b && b->is_number() && b->number() > 0) a.checkpoint_bytes = b->number();
  if (problems) {
    std::string why;
    if (!ArchitectureUsable(a, &why)) problems->push_back(why);
  }
  return a;
}

bool ArchitectureUsable(const Architecture& a, std::string* why) {
  std::string missing;
  auto need = [&](bool ok, const char* key) {
    if (!ok) missing += std::string(missing.empty() ? "" : ", ") + key;
  };
  need(a.layers > 0, "num_hidden_layers");
  need(a.hidden > 0, "hidden_size");
  need(a.heads > 0, "num_attention_heads");
  need(a.mla() || a.head_dim > 0, "head_dim");
  need(a.vocab > 0, "vocab_size");
  if (missing.empty()) return true;
  if (why) *why = "the architecture lacks " + missing;
  return false;
}

}  // namespace recipes
