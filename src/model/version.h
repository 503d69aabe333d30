// The recipes version: one source of truth, CMake's `project(recipes VERSION
// …)`, generated into the build as recipes_version.cc (src/model/
// version.cc.in). `recipes --version` prints it and every deploy artifact's
// header names it.
#ifndef RECIPES_MODEL_VERSION_H_
#define RECIPES_MODEL_VERSION_H_

namespace recipes {

/// "MAJOR.MINOR.PATCH", e.g. "0.12.0".
const char* RecipesVersion();

}  // namespace recipes

#endif  // RECIPES_MODEL_VERSION_H_
