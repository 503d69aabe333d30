#include "cli/node_count_check.h"

#include <algorithm>
#include <cstdlib>

#include "resolve/selection.h"

namespace recipes {
namespace {

int AttentionHeads(const Recipe& recipe) {
  const Value* arch = recipe.doc.Get("architecture");
  const Value* heads = arch ? arch->Get("num_attention_heads") : nullptr;
  if (!heads && arch) {
    if (const Value* text = arch->Get("text_config")) heads = text->Get("num_attention_heads");
  }
  return heads && heads->is_number() ? static_cast<int>(heads->number()) : 0;
}

// The largest --tensor-parallel-size among the rendered processes (1 when
// none is given); 0 when the selection does not resolve.
int TensorParallelSize(const Catalog& catalog, const Recipe& recipe, const Selection& selection) {
  ResolveOptions options;
  options.provenance = false;
  Resolution res = ResolveCommand(catalog, recipe, selection, options);
  if (!res.ok()) return 0;
  int tp = 1;
  auto scan = [&](const Value* argv) {
    if (!argv || !argv->is_array()) return;
    for (size_t i = 0; i + 1 < argv->size(); ++i) {
      const std::string& flag = argv->At(i)->str();
      if (flag == "--tensor-parallel-size" || flag == "-tp") {
        tp = std::max(tp, std::atoi(argv->At(i + 1)->str().c_str()));
      }
    }
  };
  scan(res.output.Get("argv"));
  scan(res.output.Get("headArgv"));
  return tp;
}

}  // namespace

std::vector<int> ValidNodeCounts(const Catalog& catalog, const Recipe& recipe, const Selection& selection) {
  std::string type = DeployTypeOf(catalog, selection.strategy);
  if (type == "single_node") return {1};
  if (type != "multi_node") return {};
  int heads = AttentionHeads(recipe);
  int floor = std::max(2, NodesForStrategy(catalog, recipe, selection.strategy, selection.hardware));
  std::vector<int> valid;
  for (int k = floor; k <= kMaxNodes; ++k) {
    Selection s = selection;
    s.node_count = k;
    int tp = TensorParallelSize(catalog, recipe, s);
    if (tp > 0 && (heads == 0 || heads % tp == 0)) valid.push_back(k);
  }
  return valid;
}

std::string NodeCountProblem(const Catalog& catalog, const Recipe& recipe, const Selection& selection) {
  if (DeployTypeOf(catalog, selection.strategy) != "multi_node") return {};
  std::vector<int> valid = ValidNodeCounts(catalog, recipe, selection);
  if (std::find(valid.begin(), valid.end(), selection.node_count) != valid.end()) return {};
  std::string why = std::to_string(selection.node_count) + " nodes";
  int heads = AttentionHeads(recipe);
  int tp = TensorParallelSize(catalog, recipe, selection);
  if (heads > 0 && tp > 0 && heads % tp != 0) {
    why += " give tensor-parallel size " + std::to_string(tp) + ", which does not divide " + recipe.hf_id + "'s " +
           std::to_string(heads) + " attention heads";
  } else {
    why += " are not a count " + selection.strategy + " runs on " + selection.hardware;
  }
  return why;
}

std::string JoinCounts(const std::vector<int>& counts) {
  std::string out;
  for (int k : counts) out += (out.empty() ? "" : ", ") + std::to_string(k);
  return out;
}

}  // namespace recipes
