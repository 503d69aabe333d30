// The JSON API side of `recipes diff`: both catalogs' trees built by the real
// API builder (api/api_builder.h) into memory, compared byte for byte, and
// for each changed file the JSON paths whose values differ.
#ifndef RECIPES_DIFF_API_TREE_DIFF_H_
#define RECIPES_DIFF_API_TREE_DIFF_H_

#include <string>
#include <string_view>
#include <set>
#include <vector>

#include "api/memory_api_sink.h"
#include "diff/catalog_diff.h"
#include "model/catalog.h"

namespace recipes {

/// The tree `recipes build` would write for `catalog`, path (relative to the
/// API root) → bytes. False with *err set when the builder refuses.
bool BuildApiTree(const Catalog& catalog, int threads, MemoryApiSink::Files* files, std::string* err);

/// Both sides' trees, for a diff: equal where the two builds agree, and
/// rendered only where they can differ. When the shared inputs (taxonomy,
/// platforms, strategies, kv stores) are equal, only the recipes whose text
/// differs, plus every recipe that shares an output id with them (its own id
/// or a promoted variant's, nested ids included), are built — on both sides,
/// so their files come out as in the full builds — and models.json is
/// composed for the whole catalog (ModelsJson). Otherwise both are built in
/// full. Files outside the built recipes are left out of both trees.
bool BuildApiTreesForDiff(const Catalog& base, const Catalog& head, int threads, MemoryApiSink::Files* base_files,
                          MemoryApiSink::Files* head_files, std::string* err);

/// models.json as BuildApi writes it: every recipe in walk order, then the
/// promoted variants (those not colliding with a recipe id whose default
/// hardware renders), without rendering anything else.
/// With `render_only`, only those recipes' (paths') promotions are checked
/// by rendering; the others count as promoted. That is not the builder's
/// file, but two catalogs that agree on those recipes and on the shared
/// inputs compare exactly as their real files do (same entries either way).
std::string ModelsJson(const Catalog& catalog, const std::set<std::string>* render_only = nullptr);

struct ApiTreeDiff {
  std::vector<std::string> added, removed;  // byte order
  std::vector<ApiFileChange> changed;       // byte order of paths
};

/// Files only in `head`, only in `base`, and in both with different bytes.
/// JSON paths are worked out for the first 24 MB of changed files; later
/// ones carry none, with json_paths_truncated set. The paths are worked out
/// on `threads` threads.
ApiTreeDiff DiffApiTrees(const MemoryApiSink::Files& base, const MemoryApiSink::Files& head,
                         size_t max_json_paths = 20, int threads = 1);

/// The paths ("a.b[3].c", `["odd key"]` for keys that are not plain words) at
/// which two JSON documents differ, in document order, at most `max`
/// (*truncated set when there were more). Arrays of scalars that differ are
/// named once, as a whole. Text that does not parse is the path "$".
std::vector<std::string> ChangedJsonPaths(std::string_view before, std::string_view after, size_t max,
                                          bool* truncated);

}  // namespace recipes

#endif  // RECIPES_DIFF_API_TREE_DIFF_H_
