// The omni path (resolution.md §16): recipes whose `meta.tasks` lists `omni`
// are served by vLLM-Omni with one command per generation task instead of the
// strategy/feature machinery of ResolveCommand.
#ifndef RECIPES_RESOLVE_OMNI_H_
#define RECIPES_RESOLVE_OMNI_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

/// True when `meta.tasks` contains "omni".
bool IsOmniServed(const Recipe& recipe);

/// One entry of `omni.tasks`, merged over the built-in task catalog
/// (t2i, i2i, t2v, i2v, ti2v, t2a).
struct OmniTask {
  std::string id;
  std::string key;  // selector; defaults to id
  std::string label;
  std::string endpoint;
  std::string method = "POST";
  std::string model_id;     // "" = the variant's / recipe's
  Value vram_minimum_gb;    // null when not given
  std::string description;
  Value axes;               // null or map axis → option
  std::vector<Value> extra_args;  // YAML elements, positions kept
  Value hardware_overrides;       // the raw per-hardware map
  std::string curl;               // recipe-supplied example ("" = built-in template)
  Pos pos;
};

/// The recipe's tasks in declaration order (unknown ids and entries without an
/// id are skipped). With a non-empty `hardware_id`, that id's override is
/// applied: label, endpoint, model_id, description, curl replaced when
/// non-empty, vram replaced when present, extra_args appended.
std::vector<OmniTask> OmniTasks(const Value& recipe_doc, std::string_view hardware_id = "");

struct OmniResolution {
  std::string command;
  Value argv;  // array: the binary's words, the model, the tokens (for Docker argv)
  Value env;   // map, YAML types kept
  std::string model_id;
  ProcessProvenance provenance;
  std::optional<ResolveError> error;

  bool ok() const { return !error.has_value(); }
  /// {command, env, modelId}
  Value ToValue() const;
};

/// The serve command of `task` (already hardware-overridden, see OmniTasks)
/// for a variant on a hardware id. With no task (a recipe that declares
/// none), the stub `<binary> <model> --omni`.
OmniResolution ResolveOmniCommand(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                                  const OmniTask* task, std::string_view hardware_id);

/// Example request for a task (§16.3): the task's own `curl` verbatim, else a
/// built-in template for its id filled with host, port and the served model.
std::string OmniExampleRequest(const OmniTask& task, std::string_view host, std::string_view port,
                               std::string_view model_id);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_OMNI_H_
