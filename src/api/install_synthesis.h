// Install synthesis (json-api.md §6.2 step 2): the `model.install` block the
// JSON API publishes for a recipe, with default pip and docker commands filled
// in from `min_vllm_version`, `nightly_required` and `model.docker_image`.
#ifndef RECIPES_API_INSTALL_SYNTHESIS_H_
#define RECIPES_API_INSTALL_SYNTHESIS_H_

#include <optional>

#include "model/value.h"

namespace recipes {

/// `{pip?, docker?, extras?}` for the recipe document, or nullopt when none of
/// the three applies (both turned off with `false` and no dependencies).
std::optional<Value> SynthesizeInstall(const Value& recipe_doc);

/// The image `docker pull` names by default: `model.docker_image` only, NVIDIA
/// view, CUDA 13.0 first, ignoring `nightly_required`.
std::string DefaultPullImage(const Value& recipe_doc);

}  // namespace recipes

#endif  // RECIPES_API_INSTALL_SYNTHESIS_H_
