#include "check/value_kinds.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace recipes {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Python's int(): optional sign, decimal digits with single '_' between digits.
bool PyInt(std::string_view raw) {
  std::string s = Trim(raw);
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size()) return false;
  bool prev_digit = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      prev_digit = true;
    } else if (s[i] == '_' && prev_digit && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      prev_digit = false;
    } else {
      return false;
    }
  }
  return true;
}

// Python's float().
bool PyFloat(std::string_view raw) {
  std::string s = Trim(raw);
  std::string body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body = body.substr(1);
  std::string l = Lower(body);
  if (l == "inf" || l == "infinity" || l == "nan") return true;
  std::string digits;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '_') {
      if (i == 0 || i + 1 >= body.size() || !std::isdigit(static_cast<unsigned char>(body[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(body[i + 1]))) {
        return false;
      }
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
      return false;
    }
    digits += c;
  }
  if (digits.empty()) return false;
  char* end = nullptr;
  std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return false;
  // strtod accepts hex and other forms Python rejects; those contain letters checked above.
  return std::any_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// vLLM's human-readable int: 25.6k, 4K, 1M (binary suffixes need integers), else int().
bool HumanInt(std::string_view raw) {
  std::string s = Trim(raw);
  if (!s.empty() && std::string_view("kKmMgGtT").find(s.back()) != std::string_view::npos) {
    std::string num = s.substr(0, s.size() - 1);
    size_t dot = num.find('.');
    auto all_digits = [](std::string_view d) {
      return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    bool ok = dot == std::string::npos ? all_digits(num) : all_digits(num.substr(0, dot)) && all_digits(num.substr(dot + 1));
    if (ok) return std::islower(static_cast<unsigned char>(s.back())) || dot == std::string::npos;
  }
  return PyInt(s);
}

bool IsNegativeNumber(std::string_view s) {
  // argparse: ^-\d+$|^-\d*\.\d+$
  if (s.size() < 2 || s[0] != '-') return false;
  std::string_view r = s.substr(1);
  size_t dot = r.find('.');
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if (dot == std::string_view::npos) return digits(r);
  return digits(r.substr(0, dot)) && !r.substr(dot + 1).empty() && digits(r.substr(dot + 1));
}

// `$VAR` (filled in by the shell at run time) or a `<placeholder>` written for
// the reader to replace.
bool IsPlaceholder(std::string_view v) {
  return v.find('$') != std::string_view::npos ||
         (v.size() > 2 && v.front() == '<' && v.back() == '>' && v.find_first_of(" <>", 1) == v.size() - 1);
}

}  // namespace recipes
