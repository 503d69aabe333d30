#include "site/query.h"

#include "site/html.h"

namespace recipes {

std::string QueryError::ToJson() const {
  std::string out = "{\n  \"error\": " + JsonQuote(message) + ",\n  \"parameter\": " + JsonQuote(parameter) +
                    ",\n  \"valid\": [";
  for (size_t i = 0; i < valid.size(); ++i) {
    out += i ? ", " : "";
    out += JsonQuote(valid[i]);
  }
  out += "]\n}\n";
  return out;
}

bool QueryParams::Parse(std::string_view raw, QueryParams* out, QueryError* error) {
  out->pairs_.clear();
  size_t start = 0;
  while (start <= raw.size()) {
    size_t amp = raw.find('&', start);
    if (amp == std::string_view::npos) amp = raw.size();
    std::string_view part = raw.substr(start, amp - start);
    start = amp + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view k = part.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    auto key = UrlDecode(k, true);
    if (!key || !IsValidUtf8(*key) || key->size() > 64) {
      *error = {key && key->size() <= 64 ? *key : std::string("(malformed)"), "malformed query parameter name", {}};
      return false;
    }
    auto value = UrlDecode(v, true);
    if (!value || !IsValidUtf8(*value)) {
      *error = {*key, "malformed value for parameter '" + *key + "' (bad percent-encoding or UTF-8)", {}};
      return false;
    }
    if (value->size() > kMaxValueBytes) {
      *error = {*key, "value of parameter '" + *key + "' is too long (max " + std::to_string(kMaxValueBytes) + " bytes)", {}};
      return false;
    }
    if (out->pairs_.size() >= kMaxParams) {
      *error = {*key, "too many query parameters (max " + std::to_string(kMaxParams) + ")", {}};
      return false;
    }
    out->pairs_.emplace_back(std::move(*key), std::move(*value));
  }
  return true;
}

std::string QueryParams::Joined(std::string_view key) const {
  std::string out;
  bool first = true;
  for (const auto& [k, v] : pairs_) {
    if (k != key) continue;
    if (!first) out += ',';
    out += v;
    first = false;
  }
  return out;
}

bool QueryParams::Has(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return true;
  }
  return false;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

}  // namespace recipes
