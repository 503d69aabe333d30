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

void AppendQuoted(std::string* out, std::string_view value) {
  bool safe = !value.empty();
  for (char c : value) {
    if (!IsSafeChar(c)) {
      safe = false;
      break;
    }
  }
  if (safe || IsUpperVar(value)) {
    out->append(value);
    return;
  }
  *out += '\'';
  for (char c : value) {
    if (c == '\'') {
      *out += "'\\''";
    } else {
      *out += c;
    }
  }
  *out += '\'';
}

}  // namespace

std::string QuoteShellValue(std::string_view value) {
  std::string out;
  AppendQuoted(&out, value);
  return out;
}

namespace {

template <typename S>
std::string Format(std::string_view binary, std::string_view model_id, const std::vector<S>& tokens,
                   bool quote_all = false) {
  size_t size = binary.size() + model_id.size() + 1;
  for (const S& t : tokens) size += t.size() + 8;
  std::string out;
  out.reserve(size);
  out.append(binary);
  out += ' ';
  if (quote_all) {
    AppendQuoted(&out, model_id);
  } else {
    out.append(model_id);
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    out += " \\\n  ";
    std::string_view t = tokens[i];
    bool flag = !t.empty() && t[0] == '-';
    if (flag && i + 1 < tokens.size() && (tokens[i + 1].empty() || tokens[i + 1][0] != '-')) {
      if (quote_all) {
        AppendQuoted(&out, t);
      } else {
        out.append(t);
      }
      out += ' ';
      AppendQuoted(&out, tokens[i + 1]);
      ++i;
    } else if (quote_all) {
      AppendQuoted(&out, t);
    } else {
      out.append(t);
    }
  }
  return out;
}

}  // namespace

std::string FormatServeCommand(std::string_view binary, std::string_view model_id,
                               const std::vector<std::string>& tokens) {
  return Format(binary, model_id, tokens);
}

std::string FormatServeCommandFromViews(std::string_view binary, std::string_view model_id,
                                        const std::vector<std::string_view>& tokens) {
  return Format(binary, model_id, tokens);
}

std::string FormatServeCommandQuoted(std::string_view binary, std::string_view model_id,
                                     const std::vector<std::string_view>& tokens) {
  return Format(binary, model_id, tokens, /*quote_all=*/true);
}

}  // namespace recipes
