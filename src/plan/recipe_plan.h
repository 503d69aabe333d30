// Plan inputs from the catalog: a recipe's `architecture:` facts, the
// resolved serve argv (parallelism, context, cache and scheduler flags,
// speculative decoding) and the selected hardware profile's memory. Pure.
#ifndef RECIPES_PLAN_RECIPE_PLAN_H_
#define RECIPES_PLAN_RECIPE_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "plan/memory_plan.h"
#include "resolve/resolver.h"

namespace recipes {

/// Per-GPU memory as CUDA reports it, from a profile's node `vram_gb` and
/// `gpu_count` (marketing GB; an 80 GB H100 reports 79.18 GiB). 0 if unknown.
double ProfileGpuMemoryGib(const Value* profile);
int ProfileGpusPerNode(const Value* profile);

/// Reads the vLLM flags the planner needs from a serve argv (tokens after
/// `vllm serve MODEL`, or the whole argv) into *in. Both `--flag value` and
/// `--flag=value`, dashes or underscores.
void ApplyServeArgs(const std::vector<std::string>& argv, PlanInput* in);

/// The serve argv of a resolution's main process (single node, head node,
/// decode pool or Mooncake instance).
std::vector<std::string> MainServeArgv(const Value& resolution_output);

/// The recipe declares architecture facts usable for planning.
bool RecipeHasArchitecture(const Recipe& recipe);

struct RecipePlanInput {
  std::optional<PlanInput> input;
  std::string error;  // why no plan (no facts, unknown GPU memory, …)
  int gpus_per_node = 0;
};

/// Everything PlanMemory needs for a resolved selection.
RecipePlanInput PlanInputForSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                      const Resolution& resolution);

/// The one-sentence verdict for a resolved selection (PlanAdvice), or ""
/// when the recipe has no usable architecture facts.
std::string PlanSentenceForSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                     const Resolution& resolution);

}  // namespace recipes

#endif  // RECIPES_PLAN_RECIPE_PLAN_H_
