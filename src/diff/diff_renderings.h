// DiffRenderings: the renderings of a recipe that `recipes diff` compares,
// each with a key that names the same choice on both sides of a diff.
//
// Every variant on every hardware it is offered on (selection.h), with the
// builder's landing choices: on each offered strategy with the default
// features, and on the landing strategy with each feature switched on or off
// alone and each mode of each modal feature.
#ifndef RECIPES_DIFF_DIFF_RENDERINGS_H_
#define RECIPES_DIFF_DIFF_RENDERINGS_H_

#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

struct DiffRendering {
  /// "variant/hardware/strategy[xN][ +feature[=mode]…][ -feature…]":
  /// equal on both sides when the user's choice is the same.
  std::string key;
  std::string variant;
  std::string hardware;
  std::string strategy;
  /// The choice beyond (variant, hardware, strategy), "" for the landing
  /// features, e.g. "+spec_decoding=eagle3_gqa" or "-reasoning".
  std::string choice;
  Selection selection;
};

std::vector<DiffRendering> EnumerateDiffRenderings(const Catalog& catalog, const Recipe& recipe);

}  // namespace recipes

#endif  // RECIPES_DIFF_DIFF_RENDERINGS_H_
