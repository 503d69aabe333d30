// Shared by the commands that take a selection (command, explain, plan, run,
// deploy, detect): the selection options,
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
  /// The request as the user typed it, before words became keys (for
  /// explain's default/chosen/adjusted marks).
  SelectionRequest typed;
  std::optional<std::string> task;  // vLLM-Omni task key
  bool docker = false;
  std::string format = "text";
  std::optional<int> node_rank;  // multi-node: print this node's command only
  std::string out_dir;           // write node_N.sh files here ("" = stdout)
};

/// An error as data: the selection field (or "recipe", "catalog", "usage"),
/// the message, the valid choices, and the full text rendering for stderr
/// ("" = "error: <message>\n").
struct CliError {
  std::string param;
  std::string message;
  std::vector<std::string> valid;
  std::string text;
};

/// Text: "recipes <name>: " + text on stderr. --format json:
/// {"error":{"param","message","valid":[...]}} on stdout (the /api/resolve shape).
void ReportCliError(const std::string& format, const std::string& name, const CliError& error);

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
  std::string checkpoint_variant;    // the recipe was named by this variant's checkpoint id
  SelectionRequest request;          // the request in catalog keys (what the user chose)
};

/// How each selection value came about, for explain: "chosen" (as asked),
/// "adjusted" (asked, or implied, and changed to fit) or "default".
/// Keys: variant, hardware, strategy, nodes, kv_offload, and one per feature.
Value SelectionMarks(const LoadedSelection& loaded);

/// The docker run form of every serve process ({process, command, argv}),
/// multi-node ones on the host network (command_command.cc).
Value DockerForms(const Catalog& catalog, const Recipe& recipe, const Selection& sel, const Value& resolution);

/// Loads the catalog, finds the recipe and computes the selection; prints
/// problems to stderr prefixed with `recipes <name>:`. Returns -1 on success,
/// else the exit code (1).
int LoadSelection(const SelectionCliArgs& args, const std::string& name, LoadedSelection* out);

/// LoadSelection, then the one vllm-serve resolution (no provenance) that
/// plan and run work from: a vLLM-Omni recipe is refused with `omni_hint`,
/// a resolution error is reported at its position. Returns -1 when *res
/// holds the resolution, else the exit code (1).
int LoadAndResolve(const SelectionCliArgs& args, const std::string& name, const std::string& omni_hint,
                   LoadedSelection* loaded, Resolution* res);

}  // namespace recipes

#endif  // RECIPES_CLI_SELECTION_CLI_H_
