// DiffRenderings: the renderings of a recipe that `recipes diff` compares
// (the reachable selections of resolve/renderings.h, the walk `recipes check`
// judges), each with a key that names the same choice on both sides.
#ifndef RECIPES_DIFF_DIFF_RENDERINGS_H_
#define RECIPES_DIFF_DIFF_RENDERINGS_H_

#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

struct DiffRendering {
  /// "variant/hardware/strategy[ change]", e.g. "nvfp4/b200/single_node_tp
  /// spec_decoding=eagle3": equal on both sides when the user's choice is.
  std::string key;
  std::string variant;
  std::string hardware;
  std::string strategy;
  /// The choice beyond (variant, hardware, strategy), "" for the defaults,
  /// e.g. "spec_decoding=eagle3_gqa", "-reasoning", "kv_offload=lmcache".
  std::string choice;
  Selection selection;
  /// A vLLM-Omni recipe's rendering: one task's command (strategy "omni",
  /// choice "task=<key>", or "" for the stub of a recipe that declares none).
  bool omni = false;
  std::string omni_task;  // the task key ("" = the stub)
};

/// The reachable selections; for omni recipes, every variant × offered
/// hardware × task (tasks as overridden for that hardware).
std::vector<DiffRendering> EnumerateDiffRenderings(const Catalog& catalog, const Recipe& recipe);

/// The command of one rendering: ResolveCommand, or for an omni rendering
/// the omni resolver's command as a Resolution (output {command, argv, env,
/// modelId}, one process "omni" with provenance).
Resolution ResolveDiffRendering(const Catalog& catalog, const Recipe& recipe, const DiffRendering& rendering,
                                const ResolveOptions& options);

}  // namespace recipes

#endif  // RECIPES_DIFF_DIFF_RENDERINGS_H_
