// Symbols in a symbolic argv (ResolveOptions::symbolic_ranks): the values a
// deployment target binds per node. A token is literal text and symbols:
//   $NODE_RANK, $((NODE_RANK*K))       the node's rank within its pool
//   $HEAD_IP, $IFACE_NAME              the pool head's address, the NIC
//   $PREFILL_NODE_<n|SELF>, $DECODE_NODE_<n|SELF>, $<ROLE>_DP_RPC_PORT
//   $VLLM_INSTANCE_<n>, $ROUTER_HOST, $ROUTER_PORT, $MOONCAKE_*
// Any other `$` text is literal (it belongs to the recipe).
#ifndef RECIPES_DEPLOY_SYMBOLS_H_
#define RECIPES_DEPLOY_SYMBOLS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace recipes {

struct Symbol {
  std::string name;  // e.g. "NODE_RANK", "HEAD_IP", "PREFILL_NODE_2", "PREFILL_NODE_SELF"
  int mult = 1;      // NODE_RANK only: the value is rank * mult
};

struct Segment {
  bool is_symbol = false;
  std::string text;  // literal text (is_symbol false)
  Symbol symbol;
};

/// Splits a token into literal runs and symbols.
std::vector<Segment> SplitSymbols(std::string_view token);

/// True when the token holds at least one symbol.
bool HasSymbol(std::string_view token);

/// Every symbol replaced by `bind(symbol)` (a literal value).
std::string BindLiteral(std::string_view token, const std::function<std::string(const Symbol&)>& bind);

/// The token as one POSIX shell word: literal runs single-quoted, each symbol
/// as the double-quoted shell expression `expr(symbol)` returns, e.g.
/// '--x='"${LWS_WORKER_INDEX}". A token without symbols is one quoted word.
std::string ShellWord(std::string_view token, const std::function<std::string(const Symbol&)>& expr);

/// Single-quotes a literal for a POSIX shell ('\'' for embedded quotes).
std::string SingleQuote(std::string_view text);

/// The literal binding `recipes command` shows: NODE_RANK → `rank` (times
/// mult), <ROLE>_NODE_SELF → $<ROLE>_NODE_<rank+1>, HEAD_IP → `head` when
/// set, every other symbol as its `$NAME` text.
std::string BindCommandRank(std::string_view token, int rank, const std::string& head = "");

}  // namespace recipes

#endif  // RECIPES_DEPLOY_SYMBOLS_H_
