#include "check/argv_memo.h"

#include <algorithm>
#include <cstddef>

#include "check/value_kinds.h"

namespace recipes {

ArgvMemo::ArgvMemo(const VllmTables& tables, std::vector<size_t> versions)
    : tables_(tables), versions_(std::move(versions)), hints_(versions_.size()) {
  for (const FlagTable& t : tables_.versions()) {
    for (const DeprecatedValues& d : t.deprecated_values) {
      if (!d.error_unless.empty()) context_flags_.push_back(d.error_unless);
    }
  }
}

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsDottedItem(const std::string& a) {
  if (a.size() < 2 || a[0] != '-') return false;
  size_t eq = a.find('=');
  return a.substr(0, eq).find('.') != std::string::npos || (eq == std::string::npos && a.find('.') != std::string::npos);
}

}  // namespace

const std::vector<std::vector<ArgFinding>>& ArgvMemo::Segment(const std::vector<std::string>& argv, size_t begin,
                                                              size_t end) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    key += argv[i];
    key += '\0';
  }
  auto it = segments_.find(key);
  if (it != segments_.end()) return it->second;
  std::vector<std::string> mini = {"vllm", "serve", "m"};
  mini.insert(mini.end(), argv.begin() + static_cast<ptrdiff_t>(begin), argv.begin() + static_cast<ptrdiff_t>(end));
  std::vector<std::vector<ArgFinding>> per_version;
  for (size_t v = 0; v < versions_.size(); ++v) {
    per_version.push_back(CheckServeArgv(mini, tables_, versions_[v], &hints_[v]).findings);
  }
  return segments_.emplace(std::move(key), std::move(per_version)).first->second;
}

std::vector<ArgvCheck> ArgvMemo::Check(const std::vector<std::string>& argv) {
  bool whole = argv.size() < 3 || argv[0] != "vllm" || argv[1] != "serve" || argv[2].empty() || argv[2][0] == '-';
  for (size_t i = 3; i < argv.size() && !whole; ++i) {
    const std::string& a = argv[i];
    if (a == "--omni" || (a.size() > 1 && a[0] == '-' && a.find(' ') != std::string::npos)) whole = true;
    std::string_view name(a.data(), std::min(a.size(), a.find('=')));
    for (const std::string& f : context_flags_) {
      if (name.size() > 2 && StartsWith(f, name)) whole = true;
    }
  }
  std::vector<ArgvCheck> out(versions_.size());
  if (whole) {
    for (size_t v = 0; v < versions_.size(); ++v) out[v] = CheckServeArgv(argv, tables_, versions_[v], &hints_[v]);
    return out;
  }
  auto boundary = [](const std::string& a) {
    return a.size() > 1 && a[0] == '-' && (!IsNegativeNumber(a) || a.find('.') != std::string::npos);
  };
  for (size_t begin = 3; begin < argv.size();) {
    size_t end = begin + 1;
    if (IsDottedItem(argv[begin]) && argv[begin].find('=') == std::string::npos && end < argv.size()) ++end;
    while (end < argv.size() && !boundary(argv[end])) ++end;
    const std::vector<std::vector<ArgFinding>>& found = Segment(argv, begin, end);
    int shift = static_cast<int>(begin) - 3;
    for (size_t v = 0; v < versions_.size(); ++v) {
      for (ArgFinding f : found[v]) {
        f.item += shift;
        if (f.value_item >= 0) f.value_item += shift;
        out[v].findings.push_back(std::move(f));
      }
    }
    begin = end;
  }
  return out;
}

}  // namespace recipes
