// The command builder's internals, shared by the files that implement it:
// the settled State (builder_state.cc), the URL transitions a click produces
// (builder_transitions.cc), the view model's rows, command tabs, card and
// install blocks (builder_rows.cc, builder_kv_rows.cc, builder_command.cc,
// builder_card.cc) and the omni builder (builder_omni.cc). Not a public
// header: callers use site/builder_state.h.
#ifndef RECIPES_SITE_BUILDER_INTERNAL_H_
#define RECIPES_SITE_BUILDER_INTERNAL_H_

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"
#include "resolve/selection.h"
#include "site/builder_query.h"
#include "site/builder_rules.h"
#include "site/builder_state.h"

namespace recipes::builder_detail {

inline std::string Str(const Value* v) { return v && v->is_string() ? v->str() : std::string(); }
inline double Num(const Value* v, double fallback = 0) { return v && v->is_number() ? v->number() : fallback; }
inline bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
inline bool SameSet(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}
inline std::string Fmt(double n) { return FormatJsNumber(n); }

// First line of a folded description.
inline std::string FirstLine(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

inline std::optional<int> ParseInt(const std::string& s) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

inline std::vector<std::string> Range(int lo, int hi) {
  std::vector<std::string> out;
  for (int i = lo; i <= hi; ++i) out.push_back(std::to_string(i));
  return out;
}

struct AdvancedDef {
  std::string id, label, description;
  std::vector<std::string> args;
  bool shown = true;
};

// Where a state value came from decides whether it is written to the URL.
struct State {
  std::string variant;
  std::string hw;
  int nodes = 1;
  std::string strategy;  // active
  std::vector<std::string> candidates;
  std::string recommended;
  std::vector<std::string> features;
  std::vector<std::pair<std::string, std::string>> user_modes;  // fmode
  std::vector<std::string> advanced;
  std::string kv_pick;  // as requested
  std::string kv;       // effective ("" = Off)
  int kv_instances = 0; // 0 = topology default
  int kv_instance = 0;
  int pd_nodes[2] = {0, 0};  // 0 = default
  std::string pd_mode[2];    // "" = default
  int pd_rank[2] = {0, 0};
};

inline constexpr const char* kRoles[2] = {"prefill", "decode"};

inline std::vector<std::pair<std::string, std::string>> EnvPairs(const Value* env) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!env || !env->is_object()) return out;
  for (const auto& [k, v] : env->members()) out.emplace_back(k, v.ToDisplayString());
  return out;
}

class Builder {
 public:
  Builder(const Catalog& c, const Recipe& r, const BuilderParams& q) : cat_(c), rules_(c, r), in_(q) {}

  BuildResult Run();
  BuildResult RunOmni();

 private:
  // Settling (site.md §9.4).
  bool Settle();
  /// Steps 1–4 of §9.4, shared by both builders: the variant, then the
  /// hardware from the URL (a usable one) or the default. Fills `offered`.
  bool SettleVariantAndHardware(std::vector<std::string>* offered);
  bool Fail(std::string param, std::string message, std::vector<std::string> valid) {
    error_ = BuilderError{std::move(param), std::move(message), std::move(valid)};
    return false;
  }
  void SettleNodesAndStrategy();
  std::vector<std::string> Candidates(int nodes) const;
  std::string ActiveStrategy(const std::vector<std::string>& cand, int nodes) const;
  std::vector<int> NodePillValues() const;
  std::vector<AdvancedDef> AdvancedDefs() const;

  // KV offload.
  /// Why a KV offload option or kv-store deployment is off on `hw` (default:
  /// the active hardware), from KvOffloadOptions; "" = offered.
  std::string KvGate(std::string_view key, std::string_view hw = {}) const;
  bool IsMooncake(std::string_view key) const { return DeployTypeOf(cat_, key) == "kv_store_lb"; }

  // URL transitions: the query a click produces.
  BuilderParams Url() const { return url_; }
  std::string Q(const BuilderParams& p) const { return p.ToString(); }
  void WriteFeatures(BuilderParams* p, const std::vector<std::string>& f, std::string_view hw,
                     std::string_view variant) const;
  std::string HardwareClick(const std::string& hw) const;
  std::string VariantClick(const std::string& v) const;
  /// The offered hardware closest to the current one that runs `variant`
  /// (same brand, then same GPU count, then closest node memory), so a
  /// variant click moves as little as possible (site.md §9.11.2).
  std::string NearestHardware(const std::string& variant) const;
  /// The note shown after such a move: the URL's `moved_from` (never written
  /// back to the canonical query) names the hardware that was left.
  void MovedHardwareNote();

  // View.
  void Rows();
  void HardwareRow();
  void VariantRow();
  void StrategyRow();
  void KvRows();
  void NodesRow();
  void FeatureRows();
  void AdvancedRow();
  struct PdPoolState {
    int def_nodes = 1, nodes = 1;
    std::string def_mode, mode;
  };
  std::array<PdPoolState, 2> PdPools() const;
  Selection MakeSelection() const;
  void Resolve();
  void Memory(const Selection& sel, const Resolution& res);  // the planner's memory bar
  void Check(const Resolution& res);  // v_.check for v_.selection (omni: out of scope)
  void Tabs(const Value& out);
  void Card();
  void Install();
  void Extras();

  const Catalog& cat_;
  BuilderRules rules_;
  const BuilderParams& in_;
  BuilderParams url_;  // the builder keys as they should appear in the URL
  State s_;
  BuilderView v_;
  std::optional<BuilderError> error_;
};

}  // namespace recipes::builder_detail

#endif  // RECIPES_SITE_BUILDER_INTERNAL_H_
