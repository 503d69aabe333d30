// Test helper: writes files (relative path → text) under a folder, creating
// the folders they need. Used by *_test.cc only.
#ifndef RECIPES_PARSE_TEST_TREE_H_
#define RECIPES_PARSE_TEST_TREE_H_

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

namespace recipes::testing {

inline void WriteTree(const std::filesystem::path& root, const std::map<std::string, std::string>& files) {
  for (const auto& [rel, text] : files) {
    std::filesystem::path p = root / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << p;
  }
}

}  // namespace recipes::testing

#endif  // RECIPES_PARSE_TEST_TREE_H_
