#include "api/memory_api_sink.h"

namespace recipes {

bool MemoryApiSink::Stage(std::string_view path, std::string_view bytes, bool /*exclusive*/, StagedFile* staged,
                          std::string* /*err*/) {
  *staged = StagedFile();
  staged->path.assign(path);
  staged->size = bytes.size();
  staged->held = true;
  staged->bytes.assign(bytes);
  return true;
}

void MemoryApiSink::Record(StagedFile staged) {
  auto it = files_.find(staged.path);
  if (it != files_.end()) {
    it->second = std::move(staged.bytes);
  } else {
    files_.emplace(std::move(staged.path), std::move(staged.bytes));
  }
}

void MemoryApiSink::RemoveDir(std::string_view prefix) {
  std::string lo = std::string(prefix) + "/";
  auto first = files_.lower_bound(lo);
  auto last = first;
  while (last != files_.end() && last->first.compare(0, lo.size(), lo) == 0) ++last;
  files_.erase(first, last);
}

}  // namespace recipes
