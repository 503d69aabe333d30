// Reading a model's config.json (and its safetensors index) from disk, and
// finding a model in the local Hugging Face cache. The I/O edge of
// `recipes plan --config`.
#ifndef RECIPES_CLI_MODEL_CONFIG_FILES_H_
#define RECIPES_CLI_MODEL_CONFIG_FILES_H_

#include <optional>
#include <string>

#include "model/value.h"

namespace recipes {

struct ModelConfigFiles {
  Value config;                          // config.json
  std::optional<double> total_size;      // model.safetensors.index.json metadata.total_size
  std::string config_path;
};

/// `path` is a config.json or a folder holding one (and maybe
/// model.safetensors.index.json). Returns false with *err on failure.
bool ReadModelConfigFiles(const std::string& path, ModelConfigFiles* out, std::string* err);

/// The snapshot folder of `org/repo` in the local Hugging Face cache
/// ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub;
/// models--ORG--REPO/snapshots/*/ holding config.json; refs/main first).
/// "" when absent. *searched names the cache folder looked in.
std::string FindInHfCache(const std::string& model_id, std::string* searched);

}  // namespace recipes

#endif  // RECIPES_CLI_MODEL_CONFIG_FILES_H_
