#include "deploy/symbols.h"

#include <cctype>

namespace recipes {
namespace {

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsSymbolName(std::string_view n) {
  if (n == "NODE_RANK" || n == "HEAD_IP" || n == "IFACE_NAME" || n == "ROUTER_HOST" || n == "ROUTER_PORT") {
    return true;
  }
  if (StartsWith(n, "MOONCAKE_") && n.size() > 9) return true;
  for (std::string_view role : {"PREFILL_", "DECODE_"}) {
    if (!StartsWith(n, role)) continue;
    std::string_view rest = n.substr(role.size());
    if (rest == "DP_RPC_PORT") return true;
    if (StartsWith(rest, "NODE_")) {
      std::string_view k = rest.substr(5);
      return k == "SELF" || Digits(k);
    }
  }
  if (StartsWith(n, "VLLM_INSTANCE_")) return Digits(n.substr(14));
  return false;
}

bool NameChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::vector<Segment> SplitSymbols(std::string_view t) {
  std::vector<Segment> out;
  std::string lit;
  auto flush = [&] {
    if (!lit.empty()) out.push_back({false, std::move(lit), {}});
    lit.clear();
  };
  size_t i = 0;
  while (i < t.size()) {
    if (t[i] == '$') {
      constexpr std::string_view kRankExpr = "$((NODE_RANK*";
      if (StartsWith(t.substr(i), kRankExpr)) {
        size_t j = i + kRankExpr.size(), k = j;
        while (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) ++k;
        if (k > j && t.substr(k, 2) == "))") {
          flush();
          out.push_back({true, "", {"NODE_RANK", std::stoi(std::string(t.substr(j, k - j)))}});
          i = k + 2;
          continue;
        }
      }
      size_t k = i + 1;
      while (k < t.size() && NameChar(t[k])) ++k;
      std::string_view name = t.substr(i + 1, k - i - 1);
      if (IsSymbolName(name)) {
        flush();
        out.push_back({true, "", {std::string(name), 1}});
        i = k;
        continue;
      }
    }
    lit += t[i++];
  }
  flush();
  return out;
}

bool HasSymbol(std::string_view token) {
  if (token.find('$') == std::string_view::npos) return false;
  for (const Segment& s : SplitSymbols(token)) {
    if (s.is_symbol) return true;
  }
  return false;
}

std::string BindLiteral(std::string_view token, const std::function<std::string(const Symbol&)>& bind) {
  if (token.find('$') == std::string_view::npos) return std::string(token);
  std::string out;
  for (const Segment& s : SplitSymbols(token)) out += s.is_symbol ? bind(s.symbol) : s.text;
  return out;
}

std::string SingleQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string ShellWord(std::string_view token, const std::function<std::string(const Symbol&)>& expr) {
  if (token.empty()) return "''";
  std::string out;
  for (const Segment& s : SplitSymbols(token)) out += s.is_symbol ? "\"" + expr(s.symbol) + "\"" : SingleQuote(s.text);
  return out;
}

std::string BindCommandRank(std::string_view token, int rank, const std::string& head) {
  return BindLiteral(token, [&](const Symbol& s) -> std::string {
    if (s.name == "NODE_RANK") return std::to_string(rank * s.mult);
    if (s.name == "HEAD_IP" && !head.empty()) return head;
    constexpr std::string_view kSelf = "_NODE_SELF";
    if (s.name.size() > kSelf.size() && s.name.compare(s.name.size() - kSelf.size(), kSelf.size(), kSelf) == 0) {
      return "$" + s.name.substr(0, s.name.size() - 4) + std::to_string(rank + 1);
    }
    return "$" + s.name;
  });
}

}  // namespace recipes
