// How a target binds the plan's symbols (deploy/symbols.h): each target says
// how it names a node's address, the node's rank and the NIC; the rest
// (router host/port, DP RPC ports, Mooncake paths) is common. A bound value
// is literal text or a shell expression evaluated on the node.
#ifndef RECIPES_DEPLOY_SYMBOL_BINDING_H_
#define RECIPES_DEPLOY_SYMBOL_BINDING_H_

#include <functional>
#include <string>
#include <string_view>

#include "deploy/deploy_plan.h"
#include "deploy/symbols.h"

namespace recipes {

struct Bound {
  std::string text;
  bool shell = false;  // a shell expression (goes inside double quotes)
};

struct TargetNaming {
  std::function<Bound(int group, int rank)> address;  // rank r of group g
  std::function<Bound(int group, int mult)> rank;     // own rank within group g, times mult
  std::function<Bound(int group)> self;               // own address
  Bound iface;
  std::function<Bound(const ConfigFile&)> config_path;
};

/// The value of `symbol` in a token of group `group`.
Bound BindSymbol(const DeployPlan& plan, int group, const Symbol& symbol, const TargetNaming& naming);

/// A token as one shell word (literal runs and literal bindings single-quoted).
std::string ShellToken(const DeployPlan& plan, int group, std::string_view token, const TargetNaming& naming);

/// A token with every symbol bound; `*needs_shell` is set when a binding is a
/// shell expression (then the text is not final).
std::string LiteralToken(const DeployPlan& plan, int group, std::string_view token, const TargetNaming& naming,
                         bool* needs_shell);

/// Index of the group named `name`, or -1.
int GroupIndex(const DeployPlan& plan, const std::string& name);

}  // namespace recipes

#endif  // RECIPES_DEPLOY_SYMBOL_BINDING_H_
