// The view model's configuration rows (site.md §9.11), except KV offload.
#include "site/builder_internal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "render/docker.h"
#include "render/json_writer.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"

namespace recipes::builder_detail {

// ---------------------------------------------------------------------------
// Rows

void Builder::HardwareRow() {
  BuilderRow row;
  row.key = "hardware";
  row.label = "Hardware";
  row.hint = "The GPU or accelerator node you deploy on. A green dot marks hardware the recipe author verified.";
  // Brand lines: NVIDIA, AMD, then others alphabetically.
  static constexpr const char* kNvidiaOrder[] = {"h100",         "h200",          "b200",           "gb200",
                                                 "b300",         "gb300",         "rtx_pro_5000",   "rtx_pro_6000",
                                                 "dgx_spark_gb10", "rtx_4090_2x", "rtx_5090_2x",    "dgx_station_gb300"};
  static constexpr const char* kAmdOrder[] = {"mi300x", "mi325x", "mi355x"};
  std::vector<std::string> all = rules_.AllHardware();
  std::vector<std::string> brands;
  for (const auto& hw : all) {
    if (!rules_.Offered(hw)) continue;
    std::string b = rules_.Brand(hw);
    if (!Contains(brands, b)) brands.push_back(b);
  }
  std::sort(brands.begin(), brands.end(), [](const std::string& a, const std::string& b) {
    auto rank = [](const std::string& x) { return x == "NVIDIA" ? 0 : x == "AMD" ? 1 : 2; };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  for (const auto& brand : brands) {
    std::vector<std::string> ids;
    for (const auto& hw : all) {
      if (rules_.Offered(hw) && rules_.Brand(hw) == brand) ids.push_back(hw);
    }
    auto fixed_rank = [&](const std::string& id) -> int {
      const auto* begin = brand == "NVIDIA" ? std::begin(kNvidiaOrder) : std::begin(kAmdOrder);
      const auto* end = brand == "NVIDIA" ? std::end(kNvidiaOrder) : std::end(kAmdOrder);
      if (brand != "NVIDIA" && brand != "AMD") return 1000;
      for (const auto* it = begin; it != end; ++it) {
        if (id == *it) return static_cast<int>(it - begin);
      }
      return 1000;
    };
    std::stable_sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
      int ra = fixed_rank(a), rb = fixed_rank(b);
      if (ra != rb) return ra < rb;
      return rules_.NodeVram(a) < rules_.NodeVram(b);
    });
    std::vector<BuilderPill> pills;
    for (const auto& hw : ids) {
      BuilderPill p;
      p.id = hw;
      p.label = rules_.DisplayName(hw);
      p.detail = rules_.PerDeviceLabel(hw);
      p.verified = rules_.Status(hw) == "verified";
      p.active = hw == s_.hw;
      const Value* prof = rules_.Profile(hw);
      std::string desc = prof ? Str(prof->Get("description")) : "";
      std::string fit = rules_.FittingVariant(hw);
      if (RecipeMarksUnsupported(rules_.recipe(), hw)) {
        p.disabled = true;
        p.tooltip = Sentence(CheckHardware(cat_, rules_.recipe(), s_.variant, hw).reason);
      } else if (fit.empty()) {
        p.disabled = true;
        std::string why = rules_.WhyNot(s_.variant, hw);
        p.tooltip = "No variant of this model runs on " + p.label + "." + (why.empty() ? "" : "\n\n" + why);
      } else if (!rules_.RunsOn(s_.variant, hw)) {
        p.tooltip = desc + "\n\nSelecting " + p.label + " also switches Variant to " + rules_.VariantLabel(fit) + ".";
      } else {
        p.tooltip = desc;
      }
      if (p.verified && !p.disabled) p.tooltip += "\n\nVerified: the recipe author tested this hardware end to end.";
      if (!p.disabled) p.query = HardwareClick(hw);
      pills.push_back(std::move(p));
    }
    row.lines.emplace_back(brand, std::move(pills));
  }
  v_.rows.push_back(std::move(row));
}

void Builder::VariantRow() {
  BuilderRow row;
  row.key = "variant";
  row.label = "Variant";
  row.hint =
      "The figure is the minimum memory to load the weights plus runtime overhead (about parameters × bytes per "
      "parameter × 1.2). Long contexts or large batches typically need 1.5–2× more for KV cache.";
  std::vector<BuilderPill> pills;
  for (const auto& k : rules_.VariantKeys()) {
    BuilderPill p;
    p.id = k;
    p.label = rules_.VariantLabel(k);
    double vram = rules_.VariantVram(k);
    if (vram > 0) p.detail = Fmt(vram) + " GB";
    p.active = k == s_.variant;
    const Value* v = rules_.Variant(k);
    std::string desc = v ? Str(v->Get("description")) : "";
    if (!VariantRunsAnywhere(cat_, rules_.recipe(), k)) {
      p.disabled = true;
      p.tooltip = "No currently supported hardware can run this variant.";
    } else {
      p.tooltip = desc;
      if (!p.active && !rules_.Compatible(k, s_.hw)) {
        // Selecting it moves to the nearest hardware that runs it (§9.11.2).
        p.tooltip += (desc.empty() ? "" : "\n\n") + rules_.WhyNot(k, s_.hw) + " Selecting it moves Hardware to " +
                     rules_.DisplayName(NearestHardware(k)) + ".";
      }
      if (vram > 0) {
        p.tooltip += (p.tooltip.empty() ? "" : "\n\n") + std::string("Min ") + Fmt(vram) +
                     " GB to load; add room for KV cache, and scale out with multi-node when one node is not enough.";
      }
      p.query = VariantClick(k);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  const Value* v = rules_.Variant(s_.variant);
  row.note = v ? Str(v->Get("description")) : "";
  row.link = "https://huggingface.co/" + rules_.VariantModelId(s_.variant);
  row.link_text = rules_.VariantModelId(s_.variant);
  v_.rows.push_back(std::move(row));
}

void Builder::StrategyRow() {
  BuilderRow row;
  row.key = "strategy";
  row.label = "Strategy";
  row.hint = "How the model is split across GPUs. The sparkle marks the recommended strategy.";
  std::vector<BuilderPill> pills;
  for (const StrategyOption& o : StrategyOptions(cat_, rules_.recipe(), s_.hw, s_.nodes)) {
    const std::string& id = o.id;
    BuilderPill p;
    p.id = id;
    p.label = rules_.StrategyName(id);
    p.active = id == s_.strategy;
    p.recommended = o.recommended;
    const Value* doc = cat_.FindStrategy(id);
    if (!o.supported) {
      p.disabled = true;
      p.tooltip = Sentence(o.reason);
    } else {
      p.tooltip = FirstLine(doc ? Str(doc->Get("description")) : "");
      BuilderParams q = Url();
      if (o.recommended) q.Erase("strategy");
      else q.Set("strategy", id);
      if (o.deploy_type == "multi_node" && o.nodes_needed > s_.nodes) q.Set("nodes", std::to_string(o.nodes_needed));
      p.query = Q(q);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  const Value* doc = cat_.FindStrategy(s_.strategy);
  row.note = FirstLine(doc ? Str(doc->Get("description")) : "");
  if (IsMooncake(s_.kv) && DeployTypeOf(cat_, s_.strategy) != "pd_cluster") {
    row.note += " Every Mooncake instance runs this strategy.";
  }
  std::string orientation = doc ? Str(doc->Get("orientation")) : "";
  if (doc) {
    row.badge_kind = orientation == "latency" ? "latency"
                     : orientation == "balanced" ? "balanced"
                     : orientation == "production" ? "production"
                                                   : "throughput";
    row.badge = orientation == "latency" ? "Latency oriented"
                : orientation == "balanced" ? "Balanced"
                : orientation == "production" ? "Production deployment"
                                              : "Throughput oriented";
  }
  v_.rows.push_back(std::move(row));
}

void Builder::NodesRow() {
  if (DeployTypeOf(cat_, s_.strategy) == "pd_cluster") {
    BuilderRow row;
    row.key = "nodes";
    row.label = "Nodes";
    row.hint = "Prefill and decode pools size independently, each with its own parallelism; total = prefill + "
               "decode nodes.";
    std::vector<std::string> modes = rules_.PdModes(s_.hw);
    std::array<PdPoolState, 2> pools = PdPools();
    int gpus = rules_.GpuCount(s_.hw);
    for (int r = 0; r < 2; ++r) {
      std::vector<BuilderPill> pills;
      if (modes.size() > 1) {
        for (const auto& m : modes) {
          BuilderPill p;
          p.id = m;
          p.label = UpperAscii(m);
          p.active = m == pools[r].mode;
          p.tooltip = m == "tp"    ? "Tensor parallel across the pool's GPUs."
                      : m == "tep" ? "Tensor parallel with expert parallelism for MoE layers."
                                   : "Data parallel attention with expert parallelism: one vllm serve per node.";
          BuilderParams q = Url();
          std::string role = kRoles[r];
          if (m == pools[r].def_mode) q.Erase(role + "_mode");
          else q.Set(role + "_mode", m);
          q.Erase(role + "_rank");
          int need = rules_.NodesNeeded(m, s_.hw);
          if (need > pools[r].nodes) q.Set(role + "_nodes", std::to_string(need));
          p.query = Q(q);
          pills.push_back(std::move(p));
        }
      }
      row.lines.emplace_back(r == 0 ? "Prefill" : "Decode", std::move(pills));
    }
    int total = pools[0].nodes + pools[1].nodes;
    row.note = "total " + std::to_string(total * gpus) + " GPUs · " + std::to_string(total) +
               (total == 1 ? " node" : " nodes");
    v_.rows.push_back(std::move(row));
    return;  // the node-count inputs come with the resolution (Tabs).
  }
  BuilderRow row;
  row.key = "nodes";
  bool mooncake = IsMooncake(s_.kv);
  row.label = mooncake ? "Nodes / Instance" : "Nodes";
  row.hint = mooncake ? "Nodes per Mooncake instance; total nodes = instances × this."
                      : "One node, or several nodes joined into one deployment.";
  std::string hw = rules_.DisplayName(s_.hw);
  int gpus = rules_.GpuCount(s_.hw);
  std::string multi_block = MultiNodeBlocker(cat_, rules_.recipe(), s_.hw);
  if (!multi_block.empty()) multi_block = Sentence(multi_block);
  std::vector<BuilderPill> pills;
  for (int k : NodePillValues()) {
    BuilderPill p;
    p.id = std::to_string(k);
    p.active = s_.nodes == k;
    if (k == 1) {
      p.label = "Single-node";
      if (!rules_.Fits(s_.variant, s_.hw)) {
        p.disabled = true;
        p.tooltip = "Single-node can't fit this variant on " + hw + " (" + Fmt(rules_.VariantVram(s_.variant)) +
                    "GB > " + Fmt(rules_.NodeVram(s_.hw)) + "GB). Use multi-node.";
      } else {
        p.tooltip = "A single-node deployment (one box).";
      }
    } else {
      p.label = "Multi-node (example: " + std::to_string(k) + ")";
      if (!multi_block.empty()) {
        p.disabled = true;
        p.tooltip = multi_block;
      } else {
        p.detail = std::to_string(k * gpus) + "×GPU";
        p.tooltip = std::to_string(k) + " nodes × " + std::to_string(gpus) + " GPUs = " + std::to_string(k * gpus) +
                    " GPUs total. Scale further by replicating the follower command with higher ranks.";
      }
    }
    if (!p.disabled) {
      BuilderParams q = Url();
      if (k == 1) q.Erase("nodes");
      else q.Set("nodes", std::to_string(k));
      q.Erase("strategy");
      p.query = Q(q);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  v_.rows.push_back(std::move(row));
}

void Builder::FeatureRows() {
  std::vector<std::string> keys = rules_.FeatureKeys();
  if (keys.empty()) return;
  BuilderRow row;
  row.key = "features";
  row.label = "Features";
  row.hint = "Optional serving features; each adds its own flags to the command.";
  const Value* feats = rules_.doc().Get("features");
  bool mooncake = IsMooncake(s_.kv);
  std::vector<BuilderPill> pills;
  for (const auto& k : keys) {
    const Value* f = feats->Get(k);
    BuilderPill p;
    p.id = k;
    p.label = rules_.FeatureLabel(k);
    if (k == "spec_decoding") {
      p.icon = "bolt";
      p.detail = "(for low latency & small batch size)";
    } else if (k == "tool_calling") {
      p.icon = "wrench";
    } else if (k == "reasoning") {
      p.icon = "brain";
    }
    bool on = Contains(s_.features, k);
    const Value* comp = f->Get("companion");
    if (std::string why = FeatureStrategyBlocker(rules_.recipe(), k, s_.strategy); !why.empty()) {
      p.disabled = true;
      p.tooltip = Sentence(why);
    }
    if (!p.disabled && mooncake && comp && !Str(comp->Get("command")).empty()) {
      p.disabled = true;
      p.tooltip = "Needs its companion process, which isn't rendered inside a Mooncake deployment; set KV Offload to Off.";
    }
    p.active = on && !p.disabled;
    if (!p.disabled) {
      p.tooltip = Str(f->Get("description"));
      std::vector<std::string> next;
      for (const auto& x : s_.features) {
        if (x != k) next.push_back(x);
      }
      if (!on) {
        next.push_back(k);
        std::string other = k == "text_only" ? "encoder_parallel" : k == "encoder_parallel" ? "text_only" : "";
        if (!other.empty()) next.erase(std::remove(next.begin(), next.end(), other), next.end());
      }
      BuilderParams q = Url();
      WriteFeatures(&q, next, s_.hw, s_.variant);
      p.query = Q(q);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  v_.rows.push_back(std::move(row));

  // Method rows.
  for (const auto& k : s_.features) {
    const Value* f = feats->Get(k);
    if (!f || !f->Get("modes") || !f->Get("modes")->is_object()) continue;
    bool allowed = true;
    for (const auto& p : v_.rows.back().lines[0].second) {
      if (p.id == k) allowed = !p.disabled;
    }
    std::vector<std::string> for_variant = rules_.AllowedModes(k, s_.variant, "");
    std::string user;
    for (const auto& [fk, m] : s_.user_modes) {
      if (fk == k) user = m;
    }
    std::string eff = rules_.EffectiveMode(k, s_.variant, s_.hw, user);
    if (k == "spec_decoding" && allowed && eff == "dspark") {
      v_.mode_note =
          "DSpark drafts greedily (temperature 0). At chat temperatures (0.6–1.0) probabilistic drafting usually "
          "accepts more tokens, at a slightly higher memory cost.";
    }
    if (!allowed || for_variant.size() < 2) continue;
    BuilderRow mrow;
    mrow.key = "mode_" + k;
    mrow.label = k == "spec_decoding" ? "Spec method" : rules_.FeatureLabel(k) + " method";
    mrow.nested = true;
    std::vector<std::string> on_hw = rules_.AllowedModes(k, s_.variant, s_.hw);
    std::string vdef = rules_.EffectiveMode(k, s_.variant, s_.hw, "");
    std::vector<BuilderPill> pills2;
    for (const auto& m : for_variant) {
      const Value* mv = f->Get("modes")->Get(m);
      BuilderPill p;
      p.id = m;
      p.label = Str(mv->Get("label"));
      if (p.label.empty()) {
        p.label = m;
        p.label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p.label[0])));
      }
      p.active = m == eff;
      if (!Contains(on_hw, m)) {
        p.disabled = true;
        p.tooltip = Sentence(ModeBlocker(cat_, rules_.recipe(), k, m, s_.variant, s_.hw));
      } else {
        p.tooltip = Str(mv->Get("description"));
        std::vector<std::string> pairs;
        for (const auto& [fk, um] : s_.user_modes) {
          if (fk != k) pairs.push_back(fk + ":" + um);
        }
        if (m != vdef) pairs.push_back(k + ":" + m);
        BuilderParams q = Url();
        if (pairs.empty()) q.Erase("fmode");
        else q.Set("fmode", JoinCommaList(pairs));
        p.query = Q(q);
      }
      pills2.push_back(std::move(p));
    }
    mrow.lines.emplace_back("", std::move(pills2));
    v_.rows.push_back(std::move(mrow));
  }
}

void Builder::AdvancedRow() {
  for (const auto& d : AdvancedDefs()) {
    if (!d.shown) continue;
    BuilderAdvanced a;
    a.id = d.id;
    a.label = d.label;
    a.description = d.description;
    a.checked = Contains(s_.advanced, d.id);
    std::vector<std::string> next;
    for (const auto& x : s_.advanced) {
      if (x != d.id) next.push_back(x);
    }
    if (!a.checked) next.push_back(d.id);
    BuilderParams q = Url();
    if (next.empty()) q.Erase("advanced");
    else q.Set("advanced", JoinCommaList(next));
    a.query = Q(q);
    v_.advanced_options.push_back(std::move(a));
  }
}

void Builder::Rows() {
  HardwareRow();
  VariantRow();
  StrategyRow();
  KvRows();
  NodesRow();
  FeatureRows();
  AdvancedRow();
}

}  // namespace recipes::builder_detail
