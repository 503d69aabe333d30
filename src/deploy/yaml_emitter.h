// YAML text for generated manifests: block maps and lists, every string a
// JSON-style double-quoted scalar (valid YAML), multi-line strings as `|`
// blocks so scripts stay readable.
#ifndef RECIPES_DEPLOY_YAML_EMITTER_H_
#define RECIPES_DEPLOY_YAML_EMITTER_H_

#include <string>

#include "model/value.h"

namespace recipes {

/// One YAML document (no leading `---`), ending in a newline.
std::string EmitYaml(const Value& doc);

}  // namespace recipes

#endif  // RECIPES_DEPLOY_YAML_EMITTER_H_
