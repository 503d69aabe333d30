#include "site/search.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_set>

#include "site/html.h"

namespace recipes {
namespace {

// Accent folding for the Latin-1 supplement (Latin Extended-A is folded in
// SearchStrip); other code points pass through unchanged.
const char* FoldCodePoint(uint32_t cp) {
  static const char* kLatin1[] = {
      // U+00C0..U+00FF
      "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
      "D", "N", "O", "O", "O", "O", "O", nullptr, "O", "U", "U", "U", "U", "Y", "TH", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  return nullptr;
}

bool HasPrefixCi(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

// JavaScript localeCompare approximation: case-insensitive first, then case.
bool LocaleLess(const std::string& a, const std::string& b) {
  std::string la = AsciiLower(a), lb = AsciiLower(b);
  if (la != lb) return la < lb;
  return a > b;  // lower case sorts before upper case in ICU's default order
}

std::vector<std::string> SplitWords(std::string_view q) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : q) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::string JoinStripped(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ' ';
    out += SearchStrip(s);
  }
  return out;
}

}  // namespace

std::string SearchStrip(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    if (c == '-' || c == '_' || c == '.') {
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // Decode one UTF-8 sequence (invalid bytes pass through).
    int n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    if (n == 0 || i + n >= text.size()) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    uint32_t cp = c & (0x3F >> n);
    bool ok = true;
    for (int k = 1; k <= n; ++k) {
      unsigned char d = text[i + k];
      if ((d & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (ok && n == 1 && cp >= 0xC0 && cp <= 0x17F) {
      if (cp >= 0x100) {
        static const char kBase[] =
            "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
        size_t k = cp - 0x100;
        if (k < sizeof(kBase) - 1) {
          out += kBase[k];
          i += n + 1;
          continue;
        }
      } else if (const char* f = FoldCodePoint(cp)) {
        out += f;
        i += n + 1;
        continue;
      }
    }
    if (ok && n == 2 && cp >= 0x300 && cp <= 0x36F) {  // combining marks
      i += n + 1;
      continue;
    }
    out.append(text.substr(i, n + 1));
    i += n + 1;
  }
  return out;
}

int RankWord(std::string_view word, std::string_view value) {
  if (value.empty() || word.size() > value.size()) return 0;
  if (word == value) return 7;
  std::string w = AsciiLower(word), v = AsciiLower(value);
  if (w == v) return 6;
  if (HasPrefixCi(v, w)) return 5;
  if (v.find(" " + w) != std::string::npos) return 4;
  if (v.find(w) != std::string::npos) return 3;
  return 0;
}

Search::Search(const SiteIndex& index) : index_(index) {
  const auto& all = index.recipes();
  for (size_t i = 0; i < all.size(); ++i) {
    const RecipeSummary& r = all[i];
    std::vector<std::string> hw = r.verified_hw;
    auto has = [&](const char* id) { return std::find(r.verified_hw.begin(), r.verified_hw.end(), id) != r.verified_hw.end(); };
    if (has("trillium") || has("ironwood")) hw.push_back("tpu");
    if (has("xeon6") || has("xeon5")) {
      for (const char* s : {"intel", "xeon", "cpu", "x86"}) hw.push_back(s);
    }
    Candidate c{i,
                {SearchStrip(r.repo), SearchStrip(r.org), SearchStrip(r.title), SearchStrip(r.provider),
                 SearchStrip(r.description), JoinStripped(r.tasks), SearchStrip(r.architecture),
                 SearchStrip(r.parameter_count), SearchStrip(r.default_precision), JoinStripped(r.precisions),
                 JoinStripped(hw)}};
    recipes_.push_back(std::move(c));
  }
  const auto& providers = index.providers();
  for (size_t i = 0; i < providers.size(); ++i) {
    if (!providers[i].in_table) continue;
    providers_.push_back({i, {SearchStrip(providers[i].org), SearchStrip(providers[i].display_name)}});
  }
}

std::vector<size_t> Search::Rank(const std::vector<Candidate>& candidates, std::string_view query) const {
  std::vector<std::string> words = SplitWords(query);
  if (words.empty()) return {};
  struct Scored {
    const Candidate* c;
    int rank;
    size_t field;
    const std::string* value;
    size_t pos;
  };
  std::vector<const Candidate*> list;
  for (const Candidate& c : candidates) list.push_back(&c);
  // Words apply right to left; each stage re-sorts the survivors (§6.3 step 7).
  for (auto it = words.rbegin(); it != words.rend(); ++it) {
    std::string word = SearchStrip(*it);
    std::vector<Scored> scored;
    for (size_t pos = 0; pos < list.size(); ++pos) {
      const Candidate* c = list[pos];
      int best = 0;
      size_t field = 0;
      for (size_t f = 0; f < c->fields.size(); ++f) {
        int r = RankWord(word, c->fields[f]);
        if (r > best) {
          best = r;
          field = f;
        }
      }
      if (best >= 3) scored.push_back({c, best, field, &c->fields[field], pos});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
      if (a.rank != b.rank) return a.rank > b.rank;
      if (a.field != b.field) return a.field < b.field;
      if (*a.value != *b.value) return LocaleLess(*a.value, *b.value);
      return a.pos < b.pos;
    });
    list.clear();
    for (const Scored& s : scored) list.push_back(s.c);
  }
  std::vector<size_t> out;
  for (const Candidate* c : list) out.push_back(c->id);
  return out;
}

std::vector<size_t> Search::Recipes(std::string_view query) const { return Rank(recipes_, query); }

std::vector<size_t> Search::Providers(std::string_view query) const {
  std::vector<size_t> ranked = Rank(providers_, query);
  std::vector<size_t> out;
  std::unordered_set<std::string_view> seen;  // a set: providers grow with the catalog
  for (size_t i : ranked) {
    const std::string& name = index_.providers()[i].display_name;
    if (!seen.insert(name).second) continue;
    out.push_back(i);
  }
  return out;
}

std::string Search::IndexJson() const {
  // Fields are shipped normalised so the browser only normalises the query.
  std::string out = "{\"total\":" + std::to_string(index_.recipes().size()) + ",\"recipes\":[";
  const auto& all = index_.recipes();
  for (size_t i = 0; i < recipes_.size(); ++i) {
    const RecipeSummary& r = all[recipes_[i].id];
    if (i) out += ',';
    out += "{\"id\":" + JsonQuote(r.hf_id) + ",\"org\":" + JsonQuote(r.org) + ",\"repo\":" + JsonQuote(r.repo) +
           ",\"task\":" + JsonQuote(r.tasks.empty() ? "" : r.tasks.front()) + ",\"rel\":" + JsonQuote(r.hf_released) + ",\"sub\":" +
           JsonQuote(r.provider + " · " + r.parameter_count + " · " + r.architecture) + ",\"f\":[";
    for (size_t f = 0; f < recipes_[i].fields.size(); ++f) {
      if (f) out += ',';
      out += JsonQuote(recipes_[i].fields[f]);
    }
    out += "]}";
  }
  out += "],\"latest\":[";
  std::vector<size_t> latest = index_.LatestOrder();
  for (size_t i = 0; i < latest.size() && i < 5; ++i) {
    if (i) out += ',';
    out += std::to_string(latest[i]);
  }
  out += "],\"providers\":[";
  for (size_t i = 0; i < providers_.size(); ++i) {
    const ProviderInfo& p = index_.providers()[providers_[i].id];
    if (i) out += ',';
    out += "{\"org\":" + JsonQuote(p.org) + ",\"name\":" + JsonQuote(p.display_name) +
           ",\"count\":" + std::to_string(p.recipes.size()) + ",\"f\":[" + JsonQuote(providers_[i].fields[0]) + "," +
           JsonQuote(providers_[i].fields[1]) + "]}";
  }
  out += "]}";
  return out;
}

}  // namespace recipes
