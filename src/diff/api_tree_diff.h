// The JSON API side of `recipes diff`: both catalogs' trees built by the real
// API builder (api/api_builder.h) into memory, compared byte for byte, and
// for each changed file the JSON paths whose values differ.
#ifndef RECIPES_DIFF_API_TREE_DIFF_H_
#define RECIPES_DIFF_API_TREE_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

#include "api/memory_api_sink.h"
#include "diff/catalog_diff.h"
#include "model/catalog.h"

namespace recipes {

/// The tree `recipes build` would write for `catalog`, path (relative to the
/// API root) → bytes. False with *err set when the builder refuses.
bool BuildApiTree(const Catalog& catalog, int threads, MemoryApiSink::Files* files, std::string* err);

struct ApiTreeDiff {
  std::vector<std::string> added, removed;  // byte order
  std::vector<ApiFileChange> changed;       // byte order of paths
};

/// Files only in `head`, only in `base`, and in both with different bytes.
ApiTreeDiff DiffApiTrees(const MemoryApiSink::Files& base, const MemoryApiSink::Files& head,
                         size_t max_json_paths = 20);

/// The paths ("a.b[3].c", `["odd key"]` for keys that are not plain words) at
/// which two JSON documents differ, in document order, at most `max`
/// (*truncated set when there were more). Arrays of scalars that differ are
/// named once, as a whole. Text that does not parse is the path "$".
std::vector<std::string> ChangedJsonPaths(std::string_view before, std::string_view after, size_t max,
                                          bool* truncated);

}  // namespace recipes

#endif  // RECIPES_DIFF_API_TREE_DIFF_H_
