#include "site/selection_flags.h"

#include <algorithm>
#include <type_traits>

#include "render/shell_command.h"

namespace recipes {

namespace {

std::optional<int> Int(const Value* v) {
  if (!v || !v->is_number()) return std::nullopt;
  return static_cast<int>(v->number());
}

// The order the CLI ends up with: defaults, less the switched-off ones, then
// the switched-on ones appended (SelectionRequest::feature_switches).
std::vector<std::string> Switched(std::vector<std::string> features, const std::vector<std::string>& off,
                                  const std::vector<std::string>& on) {
  for (const std::string& f : off) features.erase(std::remove(features.begin(), features.end(), f), features.end());
  for (const std::string& f : on) {
    if (std::find(features.begin(), features.end(), f) == features.end()) features.push_back(f);
  }
  return features;
}

}  // namespace

SelectionRequest SelectionRequestFor(const Recipe& recipe, const Selection& sel) {
  SelectionRequest req;
  req.hardware = sel.hardware;
  if (sel.variant != "default") req.variant = sel.variant;
  req.strategy = sel.strategy;
  if (sel.node_count != 1) req.node_count = sel.node_count;

  // Features: the fewest switches that give the selection's set in its order
  // (the order is the argv's); else every default off, then each one on.
  std::vector<std::string> defaults = DefaultFeatures(recipe, sel.hardware, sel.variant);
  std::vector<std::string> off, on;
  for (const std::string& f : defaults) {
    if (std::find(sel.features.begin(), sel.features.end(), f) == sel.features.end()) off.push_back(f);
  }
  for (const std::string& f : sel.features) {
    if (std::find(defaults.begin(), defaults.end(), f) == defaults.end()) on.push_back(f);
  }
  if (Switched(defaults, off, on) != sel.features) {
    off = defaults;
    on = sel.features;
  }
  for (const std::string& f : off) req.feature_switches.emplace_back(f, false);
  for (const std::string& f : on) req.feature_switches.emplace_back(f, true);
  // Modes of the features that are on (switching one on with KEY=MODE).
  for (const auto& [f, m] : sel.feature_modes) {
    if (std::find(sel.features.begin(), sel.features.end(), f) != sel.features.end()) req.feature_modes.emplace_back(f, m);
  }

  if (sel.pd_nodes.is_object()) {
    for (int r = 0; r < 2; ++r) {
      const Value* pool = sel.pd_nodes.Get(r == 0 ? "prefill" : "decode");
      if (!pool) continue;
      std::optional<int> nodes = pool->is_number() ? Int(pool) : Int(pool->Get("nodes"));
      std::optional<int> rank = pool->is_object() ? Int(pool->Get("rank")) : std::nullopt;
      const Value* mode = pool->is_object() ? pool->Get("parallelism") : nullptr;
      (r == 0 ? req.prefill_nodes : req.decode_nodes) = nodes;
      if (rank && *rank != 0) (r == 0 ? req.prefill_rank : req.decode_rank) = rank;
      if (mode && mode->is_string()) (r == 0 ? req.prefill_mode : req.decode_mode) = mode->str();
    }
  }
  if (sel.kv_offload && !sel.kv_offload->empty()) {
    req.kv_offload = *sel.kv_offload;
    const Value& ki = sel.kv_instances;
    if (ki.is_number()) {
      req.kv_instances = Int(&ki);
    } else if (ki.is_object()) {
      req.kv_instances = Int(ki.Get("count"));
      if (std::optional<int> i = Int(ki.Get("current")); i && *i != 0) req.kv_instance = i;
    }
  }
  req.advanced_args = sel.advanced_args;
  return req;
}

std::vector<std::string> SelectionFlags(const Recipe& recipe, const Selection& sel) {
  SelectionRequest req = SelectionRequestFor(recipe, sel);
  std::vector<std::string> out;
  auto add = [&](const char* flag, const auto& v) {
    if (!v) return;
    out.push_back(flag);
    if constexpr (std::is_same_v<std::decay_t<decltype(*v)>, int>) {
      out.push_back(std::to_string(*v));
    } else {
      out.push_back(*v);
    }
  };
  add("--hardware", req.hardware);
  add("--variant", req.variant);
  add("--strategy", req.strategy);
  add("--nodes", req.node_count);
  auto mode_of = [&](const std::string& f) {
    for (const auto& [k, m] : req.feature_modes) {
      if (k == f) return m;
    }
    return std::string();
  };
  std::vector<std::string> moded;
  for (const auto& [f, on] : req.feature_switches) {
    std::string m = on ? mode_of(f) : "";
    out.insert(out.end(), {on ? "--feature" : "--no-feature", m.empty() ? f : f + "=" + m});
    if (!m.empty()) moded.push_back(f);
  }
  // Modes of features that stay on by default: --feature KEY=MODE keeps them on.
  for (const auto& [f, m] : req.feature_modes) {
    if (std::find(moded.begin(), moded.end(), f) == moded.end()) out.insert(out.end(), {"--feature", f + "=" + m});
  }
  add("--prefill-nodes", req.prefill_nodes);
  add("--prefill-mode", req.prefill_mode);
  add("--prefill-rank", req.prefill_rank);
  add("--decode-nodes", req.decode_nodes);
  add("--decode-mode", req.decode_mode);
  add("--decode-rank", req.decode_rank);
  add("--kv-offload", req.kv_offload);
  add("--kv-instances", req.kv_instances);
  add("--kv-instance", req.kv_instance);
  for (const std::string& a : req.advanced_args) out.push_back("--arg=" + a);
  return out;
}

std::optional<Selection> CliSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection) {
  SelectionOutcome out = DefaultSelection(catalog, recipe, SelectionRequestFor(recipe, selection));
  if (!out.ok()) return std::nullopt;
  return out.selection;
}

std::string ShellJoin(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) out += (out.empty() ? "" : " ") + QuoteShellValue(a);
  return out;
}

}  // namespace recipes
