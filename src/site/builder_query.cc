#include "site/builder_query.h"

#include <algorithm>

#include "site/html.h"

namespace recipes {

namespace {

// URL key order (site.md §9.2 table order); unknown keys follow in insertion order.
constexpr std::string_view kKeyOrder[] = {
    "recipe",        "variant",       "hardware",     "strategy",    "nodes",        "features",
    "fmode",         "advanced",      "kv_offload",   "kv_instances", "kv_instance", "prefill_nodes",
    "decode_nodes",  "prefill_mode",  "decode_mode",  "prefill_rank", "decode_rank", "task",
    "pref_hardware", "saved",
};

// Percent-encodes all but unreserved characters; commas and colons stay
// readable in list values (features=a,b; fmode=f:m).
void AppendEncoded(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.' || c == '~' || c == ',' || c == ':';
    if (keep) {
      out->push_back(static_cast<char>(c));
    } else {
      out->push_back('%');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    }
  }
}

size_t KeyRank(std::string_view key) {
  for (size_t i = 0; i < std::size(kKeyOrder); ++i) {
    if (kKeyOrder[i] == key) return i;
  }
  return std::size(kKeyOrder);
}

}  // namespace

std::optional<BuilderParams> BuilderParams::Parse(std::string_view query, std::string* bad_param) {
  BuilderParams out;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view raw_key = part.substr(0, eq);
    std::string_view raw_val = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    auto key = UrlDecode(raw_key, true);
    if (!key || !IsValidUtf8(*key)) {
      if (bad_param) *bad_param = std::string(raw_key);
      return std::nullopt;
    }
    auto val = UrlDecode(raw_val, true);
    if (!val || !IsValidUtf8(*val)) {
      if (bad_param) *bad_param = *key;
      return std::nullopt;
    }
    out.Set(std::move(*key), std::move(*val));
  }
  return out;
}

const std::string* BuilderParams::Get(std::string_view key) const {
  for (const auto& [k, v] : items_) {
    if (k == key) return &v;
  }
  return nullptr;
}

void BuilderParams::Set(std::string key, std::string value) {
  for (auto& [k, v] : items_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  items_.emplace_back(std::move(key), std::move(value));
}

void BuilderParams::Erase(std::string_view key) {
  items_.erase(std::remove_if(items_.begin(), items_.end(), [&](const auto& kv) { return kv.first == key; }),
               items_.end());
}

std::string BuilderParams::ToString() const {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(items_.size());
  for (const auto& kv : items_) sorted.push_back(&kv);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return KeyRank(a->first) < KeyRank(b->first); });
  std::string out;
  for (const auto* kv : sorted) {
    if (!out.empty()) out += '&';
    AppendEncoded(&out, kv->first);
    out += '=';
    AppendEncoded(&out, kv->second);
  }
  return out;
}

std::string NormalizedBuilderQuery(const BuilderParams& params) {
  BuilderParams kept;
  for (std::string_view key : kBuilderInputKeys) {
    if (const std::string* v = params.Get(key)) kept.Set(std::string(key), *v);
  }
  return kept.ToString();
}

std::vector<std::string> SplitCommaList(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinCommaList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

}  // namespace recipes
