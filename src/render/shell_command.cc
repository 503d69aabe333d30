#include "render/shell_command.h"

namespace recipes {

namespace {

bool IsUpperVar(std::string_view v) {
  // ^\$[A-Z_][A-Z0-9_]*$
  if (v.size() < 2 || v[0] != '$') return false;
  char c = v[1];
  if (!((c >= 'A' && c <= 'Z') || c == '_')) return false;
  for (size_t i = 2; i < v.size(); ++i) {
    c = v[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsSafeChar(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '_': case '.': case '/': case '=': case ':': case '@': case ',': case '+': case '%': case '-':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string QuoteShellValue(std::string_view value) {
  if (IsUpperVar(value)) return std::string(value);
  bool safe = !value.empty();
  for (char c : value) {
    if (!IsSafeChar(c)) {
      safe = false;
      break;
    }
  }
  if (safe) return std::string(value);
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string FormatServeCommand(std::string_view binary, std::string_view model_id,
                               const std::vector<std::string>& tokens) {
  std::string out;
  out.reserve(64 + tokens.size() * 24);
  out.append(binary);
  out += ' ';
  out.append(model_id);
  for (size_t i = 0; i < tokens.size(); ++i) {
    out += " \\\n  ";
    const std::string& t = tokens[i];
    bool flag = !t.empty() && t[0] == '-';
    if (flag && i + 1 < tokens.size() && (tokens[i + 1].empty() || tokens[i + 1][0] != '-')) {
      out += t;
      out += ' ';
      out += QuoteShellValue(tokens[i + 1]);
      ++i;
    } else {
      out += t;
    }
  }
  return out;
}

}  // namespace recipes
