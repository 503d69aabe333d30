// Shared by `recipes command` and `recipes explain`: the selection options,
// loading the catalog and recipe, and turning the options into a complete,
// checked Selection (resolve/selection.h).
#ifndef RECIPES_CLI_SELECTION_CLI_H_
#define RECIPES_CLI_SELECTION_CLI_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {

struct SelectionCliArgs {
  std::string recipe_id;
  std::string catalog_dir;  // "" = embedded catalog
  SelectionRequest request;
  std::optional<std::string> task;  // vLLM-Omni task key
  bool docker = false;
  std::string format = "text";
};

/// Parses `args` (args[0] is the subcommand name). Returns -1 when parsing
/// succeeded, else the exit code (0 after --help, 2 for a usage error).
int ParseSelectionCli(const std::vector<std::string>& args, const std::string& name, const std::string& summary,
                      bool with_output_options, SelectionCliArgs* out);

struct LoadedSelection {
  std::unique_ptr<Catalog> catalog;
  const Recipe* recipe = nullptr;
  SelectionOutcome outcome;
  bool omni = false;                 // served by vLLM-Omni (resolution.md §16)
  std::vector<OmniTask> omni_tasks;  // for the selected hardware
  const OmniTask* omni_task = nullptr;  // the picked task (null when the recipe declares none)
};

/// Loads the catalog, finds the recipe and computes the selection; prints
/// problems to stderr prefixed with `recipes <name>:`. Returns -1 on success,
/// else the exit code (1).
int LoadSelection(const SelectionCliArgs& args, const std::string& name, LoadedSelection* out);

}  // namespace recipes

#endif  // RECIPES_CLI_SELECTION_CLI_H_
