#include "check/option_match.h"

#include "check/value_kinds.h"

namespace recipes {

OptMatch MatchOption(const FlagTable& t, const std::string& s) {
  OptMatch m;
  if (s.empty() || s[0] != '-') return m;
  auto exact = [&](const std::string& opt, std::optional<std::string> arg) {
    m.kind = OptMatch::kExact;
    m.spec = t.FindOption(opt);
    m.option = opt;
    m.explicit_arg = std::move(arg);
  };
  if (t.FindOption(s)) {
    exact(s, std::nullopt);
    return m;
  }
  if (s.size() == 1) return m;
  size_t eq = s.find('=');
  if (eq != std::string::npos && t.FindOption(s.substr(0, eq))) {
    exact(s.substr(0, eq), s.substr(eq + 1));
    return m;
  }
  // argparse's prefix matching (allow_abbrev).
  std::vector<std::pair<std::string, std::optional<std::string>>> tuples;
  if (s.starts_with("--")) {
    std::string prefix = eq == std::string::npos ? s : s.substr(0, eq);
    std::optional<std::string> arg;
    if (eq != std::string::npos) arg = s.substr(eq + 1);
    for (auto it = t.options.lower_bound(prefix); it != t.options.end() && it->first.starts_with(prefix); ++it) {
      tuples.push_back({it->first, arg});
    }
  } else if (s[1] != '-') {
    std::string short_prefix = s.substr(0, 2);
    for (const auto& [opt, name] : t.options) {
      if (opt == short_prefix) {
        tuples.push_back({opt, s.substr(2)});
      } else if (opt.starts_with(s)) {
        tuples.push_back({opt, std::nullopt});
      }
    }
  }
  if (tuples.size() > 1) {
    m.kind = OptMatch::kAmbiguous;
    for (auto& [opt, arg] : tuples) m.candidates.push_back(opt);
    return m;
  }
  if (tuples.size() == 1) {
    m.kind = OptMatch::kPrefix;
    m.option = tuples[0].first;
    m.spec = t.FindOption(m.option);
    m.explicit_arg = tuples[0].second;
    return m;
  }
  if (IsNegativeNumber(s)) return m;
  if (s.find(' ') != std::string::npos) return m;
  m.kind = OptMatch::kUnknown;
  return m;
}

}  // namespace recipes
