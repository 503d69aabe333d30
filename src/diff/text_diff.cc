#include "diff/text_diff.h"

#include <algorithm>
#include <vector>

namespace recipes {

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

struct Op {
  char tag;  // ' ', '-', '+'
  size_t a, b;  // line indices (a in before, b in after)
};

// Longest common subsequence on the lines between a common prefix and
// suffix (guides are short; the table stays small).
std::vector<Op> Script(const std::vector<std::string>& x, const std::vector<std::string>& y) {
  size_t pre = 0;
  while (pre < x.size() && pre < y.size() && x[pre] == y[pre]) ++pre;
  size_t suf = 0;
  while (suf < x.size() - pre && suf < y.size() - pre && x[x.size() - 1 - suf] == y[y.size() - 1 - suf]) ++suf;
  size_t n = x.size() - pre - suf, m = y.size() - pre - suf;
  std::vector<Op> ops;
  for (size_t i = 0; i < pre; ++i) ops.push_back({' ', i, i});
  if (n * m > 4'000'000) {  // too large for the table: everything in between replaced
    for (size_t i = 0; i < n; ++i) ops.push_back({'-', pre + i, pre});
    for (size_t j = 0; j < m; ++j) ops.push_back({'+', pre + n, pre + j});
  } else {
    std::vector<std::vector<uint32_t>> t(n + 1, std::vector<uint32_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        t[i][j] = x[pre + i] == y[pre + j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[pre + i] == y[pre + j]) {
        ops.push_back({' ', pre + i, pre + j});
        ++i, ++j;
      } else if (i < n && (j == m || t[i + 1][j] >= t[i][j + 1])) {
        ops.push_back({'-', pre + i, pre + j});
        ++i;
      } else {
        ops.push_back({'+', pre + i, pre + j});
        ++j;
      }
    }
  }
  for (size_t k = 0; k < suf; ++k) ops.push_back({' ', x.size() - suf + k, y.size() - suf + k});
  return ops;
}

}  // namespace

std::string UnifiedDiff(const std::string& before, const std::string& after, int context, size_t max_lines) {
  if (before == after) return "";
  std::vector<std::string> x = Lines(before), y = Lines(after);
  std::vector<Op> ops = Script(x, y);
  std::string out;
  size_t lines = 0, skipped = 0;
  size_t k = 0;
  const size_t ctx = static_cast<size_t>(std::max(0, context));
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].tag == ' ') ++k;
    if (k == ops.size()) break;
    // A hunk: from ctx lines before this change to ctx lines after the last
    // change that is within 2*ctx lines of the previous one.
    size_t start = k >= ctx ? k - ctx : 0;
    size_t end = k;
    while (true) {
      while (end < ops.size() && ops[end].tag != ' ') ++end;
      size_t next = end;
      while (next < ops.size() && ops[next].tag == ' ') ++next;
      if (next < ops.size() && next - end <= 2 * ctx) {
        end = next;
        continue;
      }
      end = std::min(ops.size(), end + ctx);
      break;
    }
    size_t a0 = ops[start].a, b0 = ops[start].b, na = 0, nb = 0;
    for (size_t i = start; i < end; ++i) {
      if (ops[i].tag != '+') ++na;
      if (ops[i].tag != '-') ++nb;
    }
    std::vector<std::string> hunk;
    hunk.push_back("@@ -" + std::to_string(na ? a0 + 1 : a0) + "," + std::to_string(na) + " +" +
                   std::to_string(nb ? b0 + 1 : b0) + "," + std::to_string(nb) + " @@");
    for (size_t i = start; i < end; ++i) {
      const std::string& text = ops[i].tag == '+' ? y[ops[i].b] : x[ops[i].a];
      hunk.push_back(std::string(1, ops[i].tag) + text);
    }
    for (const std::string& l : hunk) {
      if (lines < max_lines) {
        out += l + "\n";
        ++lines;
      } else {
        ++skipped;
      }
    }
    k = end;
  }
  if (skipped) out += "… " + std::to_string(skipped) + " more diff lines left out\n";
  return out;
}

}  // namespace recipes
