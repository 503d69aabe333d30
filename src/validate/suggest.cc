#include "validate/suggest.h"

#include <algorithm>
#include <cctype>

namespace recipes {

size_t EditDistance(std::string_view a, std::string_view b) {
  // Three rolling rows are enough for the adjacent-swap rule.
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  // Words far longer than any key are not typos; skip the quadratic work.
  if (word.empty() || word.size() > 64) return "";
  size_t limit = word.size() >= 10 ? 3 : word.size() >= 5 ? 2 : 1;
  std::string lower = Lower(word);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c == word) continue;
    size_t d = Lower(c) == lower ? 0 : EditDistance(lower, Lower(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

namespace {

// Lower-cased letters and digits only: "Eagle3-GQA" → "eagle3gqa".
std::string Folded(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Tier * 100 + distance for one spelling of a candidate; lower is better,
// kNoMatch when it does not plausibly match.
constexpr size_t kNoMatch = static_cast<size_t>(-1);

size_t Score(const std::string& lower_word, const std::string& folded_word, std::string_view form, size_t exact_tier) {
  if (form.empty()) return kNoMatch;
  std::string lower = Lower(form);
  if (lower == lower_word) return exact_tier * 100;
  std::string folded = Folded(form);
  if (!folded.empty() && folded == folded_word) return 200;
  size_t limit = lower_word.size() >= 10 ? 3 : lower_word.size() >= 5 ? 2 : 1;
  if (lower_word.size() <= 64 && lower.size() <= 128) {
    size_t d = EditDistance(lower_word, lower);
    if (d <= limit) return 300 + d;
  }
  if (lower_word.size() >= 2 && lower.rfind(lower_word, 0) == 0) return 400 + (lower.size() - lower_word.size()) % 100;
  if (lower_word.size() >= 3 && lower.find(lower_word) != std::string::npos) return 500;
  return kNoMatch;
}

}  // namespace

std::vector<size_t> RankMatches(std::string_view word, const std::vector<Candidate>& candidates) {
  std::vector<std::pair<size_t, size_t>> scored;  // {score, index}
  if (word.empty()) return {};
  std::string lower_word = Lower(word);
  std::string folded_word = Folded(word);
  bool word_has_slash = word.find('/') != std::string_view::npos;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    size_t best = std::min(Score(lower_word, folded_word, c.key, 0), Score(lower_word, folded_word, c.label, 1));
    size_t slash = c.key.find('/');
    if (!word_has_slash && slash != std::string::npos) {
      size_t tail = Score(lower_word, folded_word, std::string_view(c.key).substr(slash + 1), 0);
      if (tail != kNoMatch) best = std::min(best, tail + 1);  // just behind the same tier on the full id
    }
    if (best != kNoMatch) scored.emplace_back(best, i);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<size_t> out;
  for (const auto& s : scored) out.push_back(s.second);
  return out;
}

const Candidate* BestMatch(std::string_view word, const std::vector<Candidate>& candidates) {
  std::vector<size_t> ranked = RankMatches(word, candidates);
  return ranked.empty() ? nullptr : &candidates[ranked.front()];
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string m = ClosestMatch(word, candidates);
  return m.empty() ? "" : " (did you mean '" + m + "'?)";
}

}  // namespace recipes
