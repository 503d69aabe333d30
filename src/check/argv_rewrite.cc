#include "check/argv_rewrite.h"

namespace recipes {

namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

// vLLM's FlexibleArgumentParser.parse_args before argparse runs.
std::vector<ArgvToken> RewriteServeArgv(const std::vector<std::string>& argv, std::vector<ArgFinding>* findings) {
  auto add = [findings](Problem p, std::string flag, int item, std::string message) {
    findings->push_back({p, std::move(flag), item, -1, std::move(message)});
  };
  std::vector<ArgvToken> toks;
  std::vector<ArgvToken> pre;
  for (size_t i = 3; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    int item = static_cast<int>(i);
    if (a.starts_with("--")) {
      size_t eq = a.find('=');
      std::string key = eq == std::string::npos ? a : a.substr(0, eq);
      // '_' → '-' between "--" and the first '.'.
      size_t dot = key.find('.');
      size_t stop = dot == std::string::npos ? key.size() : dot;
      bool underscore = false;
      for (size_t k = 2; k < stop; ++k) {
        if (key[k] == '_') {
          key[k] = '-';
          underscore = true;
        }
      }
      if (underscore && a.find(' ') == std::string::npos) {
        std::string written = eq == std::string::npos ? a : a.substr(0, eq);
        add(Problem::kUnderscore, written, item,
            Quote(written) + " is read as " + Quote(key) + "; write flags with dashes");
      }
      pre.push_back({eq == std::string::npos ? key : key + "=" + a.substr(eq + 1), item});
    } else if (a.starts_with("-O") && a.size() > 2 && a[2] != '.') {
      pre.push_back({"--optimization-level", item});
      pre.push_back({a[2] == '=' ? a.substr(3) : a.substr(2), item});
    } else if (a == "-O" && i + 1 < argv.size() && std::string_view("0123").find(argv[i + 1]) != std::string_view::npos &&
               argv[i + 1].size() == 1) {
      pre.push_back({"--optimization-level", item});
    } else {
      pre.push_back({a, item});
    }
  }
  // Dotted keys: gathered per flag into one JSON object appended at the end.
  std::vector<ArgvToken> dotted;
  std::vector<bool> consumed(pre.size(), false);
  for (size_t i = 0; i < pre.size(); ++i) {
    if (consumed[i]) continue;
    const std::string& a = pre[i].text;
    if (!a.starts_with("-") || a.find('.') == std::string::npos) {
      toks.push_back(pre[i]);
      continue;
    }
    std::string key;
    int value_item;
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      key = a.substr(0, eq);
      if (key.find('.') == std::string::npos) {  // the '.' was in the value
        toks.push_back(pre[i]);
        continue;
      }
      value_item = pre[i].item;
    } else {
      key = a;
      if (i + 1 >= pre.size()) {
        add(Problem::kMissingValue, a, pre[i].item, Quote(a) + " needs a value (the next argv item)");
        continue;
      }
      value_item = pre[i + 1].item;
      consumed[i + 1] = true;
    }
    if (!key.empty() && key.back() == '+') key.pop_back();  // `key+ a,b` appends; its path is what is checked
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
      size_t d = key.find('.', start);
      parts.push_back(key.substr(start, d == std::string::npos ? std::string::npos : d - start));
      if (d == std::string::npos) break;
      start = d + 1;
    }
    std::string base = parts[0];
    std::vector<std::string> path(parts.begin() + 1, parts.end());
    // vLLM merges every dotted key of one flag into one JSON value; each item
    // is checked on its own so every finding points at the item behind it.
    dotted.emplace_back(base, pre[i].item, true);
    dotted.back().dotted_keys.push_back({path, pre[i].item});
    dotted.back().dotted_value_items.push_back(value_item);
  }
  for (ArgvToken& d : dotted) toks.push_back(std::move(d));
  return toks;
}

}  // namespace recipes
