#include "check/guide_commands.h"

#include <cctype>

namespace recipes {

namespace {

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

bool IsFence(std::string_view line) {
  std::string_view t = TrimLeft(line);
  return t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~";
}

// Where guide line `line` (0-based), byte `col` (0-based) sits in the YAML file.
struct LineMap {
  bool exact = false;
  Pos node;
  uint32_t first_line = 0;  // file line of guide line 0
  uint32_t indent = 0;

  Pos At(uint32_t line, uint32_t col) const {
    if (!exact) return node;
    return Pos{node.source, first_line + line, indent + col + 1};
  }
};

LineMap MapLines(std::string_view guide, const Pos& pos) {
  LineMap m;
  m.node = pos;
  if (!pos.known()) return m;
  std::string_view key_line = pos.source->Line(pos.line);
  if (pos.col == 0 || pos.col > key_line.size() || (key_line[pos.col - 1] != '|')) return m;
  m.first_line = pos.line + 1;
  // The block's indentation: that of its first non-empty line.
  size_t nl = guide.find('\n');
  std::string_view first = guide.substr(0, nl);
  uint32_t l = m.first_line;
  for (size_t off = 0; first.empty() && nl != std::string_view::npos;) {
    off = nl + 1;
    nl = guide.find('\n', off);
    first = guide.substr(off, nl == std::string_view::npos ? std::string_view::npos : nl - off);
    ++l;
  }
  std::string_view src = pos.source->Line(l);
  if (src.size() < first.size() || src.substr(src.size() - first.size()) != first) return m;
  m.indent = static_cast<uint32_t>(src.size() - first.size());
  m.exact = true;
  return m;
}

// Where the writer cut the command short ("..." for more flags) or the
// Markdown fence landed on the command's line: the command ends there.
bool Elided(std::string_view tok) {
  return tok == "..." || tok == "\xE2\x80\xA6" || tok.find("```") != std::string_view::npos;
}

struct Token {
  std::string text;
  uint32_t line, col;
  bool op = false;  // a shell control operator or redirection
};

// Tokenizes one logical command: physical lines joined by backslash-newline
// or by a quote left open. *used is the number of lines it spans.
std::vector<Token> Tokenize(const std::vector<std::string_view>& lines, uint32_t first, uint32_t* used) {
  std::vector<Token> out;
  Token cur;
  bool in_tok = false;
  auto flush = [&] {
    if (in_tok) out.push_back(cur);
    cur = Token();
    in_tok = false;
  };
  char quote = 0;
  for (uint32_t li = 0; li < lines.size(); ++li) {
    std::string_view s = lines[li];
    bool continued = false;
    for (uint32_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      auto start = [&] {
        if (!in_tok) {
          in_tok = true;
          cur.line = first + li;
          cur.col = i;
        }
      };
      if (quote == '\'') {
        if (c == '\'') quote = 0; else cur.text += c;
        continue;
      }
      if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < s.size() && std::string_view("\"\\$`").find(s[i + 1]) != std::string_view::npos) {
          cur.text += s[++i];
        } else {
          cur.text += c;
        }
        continue;
      }
      if (c == '\\') {
        if (i + 1 == s.size()) {
          continued = true;
          break;
        }
        start();
        cur.text += s[++i];
        continue;
      }
      if (c == ' ' || c == '\t') {
        flush();
        continue;
      }
      if (c == '#' && !in_tok) break;
      if (c == '<' && !in_tok) {
        size_t close = s.find('>', i);
        if (close != std::string_view::npos && s.substr(i, close - i).find_first_of(" \t") == std::string_view::npos) {
          start();
          cur.text += std::string(s.substr(i, close - i + 1));  // a <placeholder> word
          i = static_cast<uint32_t>(close);
          continue;
        }
      }
      if (c == '|' || c == ';' || c == '&' || c == '>' || c == '<') {
        flush();
        out.push_back({std::string(1, c), first + li, i, true});
        continue;
      }
      start();
      if (c == '\'' || c == '"') {
        quote = c;
        continue;
      }
      cur.text += c;
    }
    *used = li + 1;
    if (quote) {
      cur.text += '\n';  // a quoted newline stays in the token
    } else if (!continued) {
      break;
    }
  }
  flush();
  return out;
}

}  // namespace

std::vector<GuideCommand> GuideServeCommands(std::string_view guide, const Pos& guide_pos) {
  std::vector<GuideCommand> out;
  LineMap map = MapLines(guide, guide_pos);
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= guide.size();) {
    size_t nl = guide.find('\n', start);
    if (nl == std::string_view::npos) nl = guide.size();
    lines.push_back(guide.substr(start, nl - start));
    start = nl + 1;
  }
  bool in_code = false;
  for (uint32_t i = 0; i < lines.size(); ++i) {
    if (IsFence(lines[i])) {
      in_code = !in_code;
      continue;
    }
    if (!in_code || lines[i].find("vllm") == std::string_view::npos) continue;
    // The logical command: this line and its continuation lines, up to the fence.
    std::vector<std::string_view> rest;
    for (uint32_t j = i; j < lines.size() && !IsFence(lines[j]); ++j) rest.push_back(lines[j]);
    uint32_t used = 1;
    std::vector<Token> toks = Tokenize(rest, i, &used);
    std::vector<std::string_view> logical(rest.begin(), rest.begin() + used);
    uint32_t j = i + used - 1;
    for (size_t k = 0; k + 1 < toks.size(); ++k) {
      std::string_view bin = toks[k].text;
      bool is_vllm = !toks[k].op && (bin == "vllm" || (bin.size() > 5 && bin.substr(bin.size() - 5) == "/vllm"));
      if (!is_vllm || toks[k + 1].op || toks[k + 1].text != "serve") continue;
      GuideCommand cmd;
      for (size_t t = k; t < toks.size() && !toks[t].op && !Elided(toks[t].text); ++t) {
        cmd.argv.push_back(t == k ? "vllm" : toks[t].text);
        cmd.pos.push_back(map.At(toks[t].line, toks[t].col));
      }
      for (size_t l = 0; l < logical.size(); ++l) {
        cmd.text += (l ? "\n" : "") + std::string(logical[l]);
      }
      out.push_back(std::move(cmd));
      break;
    }
    i = j;
  }
  return out;
}

std::vector<GuideCommand> RecipeGuideCommands(const Recipe& recipe) {
  const Value* guide = recipe.doc.Get("guide");
  if (!guide || !guide->is_string()) return {};
  return GuideServeCommands(guide->str(), guide->pos());
}

}  // namespace recipes
