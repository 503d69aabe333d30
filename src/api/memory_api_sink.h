// MemoryApiSink: an ApiSink that keeps the built tree in memory, path → bytes
// (what `recipes serve` publishes, without a round trip through the disk).
// Not incremental: every build renders everything.
#ifndef RECIPES_API_MEMORY_API_SINK_H_
#define RECIPES_API_MEMORY_API_SINK_H_

#include <map>
#include <string>
#include <string_view>

#include "api/api_sink.h"

namespace recipes {

class MemoryApiSink : public ApiSink {
 public:
  using Files = std::map<std::string, std::string, std::less<>>;  // relative path → bytes

  bool Stage(std::string_view path, std::string_view bytes, bool exclusive, StagedFile* staged,
             std::string* err) override;
  void Record(StagedFile staged) override;
  void RemoveDir(std::string_view prefix) override;

  const Files& files() const { return files_; }
  /// Hands the tree over; the sink is empty afterwards.
  Files Take() { return std::move(files_); }

 private:
  Files files_;  // ordered, so RemoveDir is a range erase
};

}  // namespace recipes

#endif  // RECIPES_API_MEMORY_API_SINK_H_
