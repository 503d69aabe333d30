// Test helper: our embedded catalog as editable files, and catalogs loaded
// from edited copies, for `recipes diff` fixtures built inside the tests.
#ifndef RECIPES_DIFF_TEST_CATALOGS_H_
#define RECIPES_DIFF_TEST_CATALOGS_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/api_builder.h"
#include "api/memory_api_sink.h"
#include "diff/catalog_diff.h"
#include "parse/catalog_loader.h"
#include "parse/embedded_catalog.h"
#include "parse/file_system.h"

namespace recipes::testing {

using Files = std::map<std::string, std::string>;

inline Files OurCatalogFiles() {
  Files files;
  for (const EmbeddedFile& f : EmbeddedCatalogFiles()) files.emplace(f.path, std::string(f.data, f.size));
  return files;
}

/// Replaces the one occurrence of `from` in `files[path]`; fails the test
/// when it is not there exactly once (so a fixture cannot silently rot).
inline void Edit(Files* files, const std::string& path, const std::string& from, const std::string& to) {
  auto it = files->find(path);
  ASSERT_NE(it, files->end()) << path;
  size_t at = it->second.find(from);
  ASSERT_NE(at, std::string::npos) << "not in " << path << ": " << from;
  ASSERT_EQ(it->second.find(from, at + 1), std::string::npos) << "more than once in " << path << ": " << from;
  it->second.replace(at, from.size(), to);
}

/// Loads files; the catalog must load and pass the builder's checks.
inline std::unique_ptr<Catalog> Load(const Files& files) {
  LoadResult r = LoadCatalog(*NewMemoryFileSystem(files));
  for (const Diagnostic& d : r.diagnostics) {
    EXPECT_FALSE(d.is_error()) << d.Render();
  }
  for (const Diagnostic& d : CheckCatalogForApi(*r.catalog)) ADD_FAILURE() << d.Render();
  return std::move(r.catalog);
}

/// The rule `recipes diff`'s API lists follow: exactly the files whose bytes
/// differ between the builder's two trees. Returns how many files differ.
inline size_t ExpectApiListsMatchTrees(const MemoryApiSink::Files& base_tree, const MemoryApiSink::Files& head_tree,
                                       const CatalogDiff& diff, const std::string& label = "") {
  std::vector<std::string> added, removed, changed;
  for (const auto& [p, bytes] : head_tree) {
    auto it = base_tree.find(p);
    if (it == base_tree.end()) {
      added.push_back(p);
    } else if (it->second != bytes) {
      changed.push_back(p);
    }
  }
  for (const auto& [p, bytes] : base_tree) {
    if (!head_tree.count(p)) removed.push_back(p);
  }
  std::vector<std::string> got_changed;
  for (const ApiFileChange& c : diff.api_files_changed) got_changed.push_back(c.path);
  EXPECT_EQ(diff.api_files_added, added) << label;
  EXPECT_EQ(diff.api_files_removed, removed) << label;
  EXPECT_EQ(got_changed, changed) << label;
  return added.size() + removed.size() + changed.size();
}

}  // namespace recipes::testing

#endif  // RECIPES_DIFF_TEST_CATALOGS_H_
