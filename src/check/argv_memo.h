// ArgvMemo: CheckServeArgv over many argv and several versions, remembering
// results per argv segment, so that a catalog's thousands of renderings cost
// about as much as their distinct segments.
#ifndef RECIPES_CHECK_ARGV_MEMO_H_
#define RECIPES_CHECK_ARGV_MEMO_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "check/argv_check.h"
#include "check/flag_table.h"

namespace recipes {

/// CheckServeArgv for many argv and several versions at once, remembering
/// results per argv segment (an option and the items after it that are not
/// options; a dotted key with its value): argparse reads each segment on its
/// own, so an argv's findings are its segments' findings. Argv where that
/// does not hold (an item with a space that starts with '-', a flag that
/// another flag's check depends on, other programs) are checked whole.
/// Not thread-safe: one per thread.
class ArgvMemo {
 public:
  ArgvMemo(const VllmTables& tables, std::vector<size_t> versions);
  /// One ArgvCheck per version, as CheckServeArgv would return them.
  std::vector<ArgvCheck> Check(const std::vector<std::string>& argv);

 private:
  const std::vector<std::vector<ArgFinding>>& Segment(const std::vector<std::string>& argv, size_t begin,
                                                      size_t end);
  const VllmTables& tables_;
  std::vector<size_t> versions_;
  std::vector<std::string> context_flags_;  // flags whose presence changes another flag's verdict
  std::unordered_map<std::string, std::vector<std::vector<ArgFinding>>> segments_;
  std::vector<std::unordered_map<std::string, std::string>> hints_;  // per version
};

}  // namespace recipes

#endif  // RECIPES_CHECK_ARGV_MEMO_H_
