// Selection rules (resolution.md §17, site.md §9.4): which hardware, variants,
// strategies, features and modes a recipe offers, why a choice is not
// offered, and the landing configuration the interactive builder picks.
//
// Everything here is a pure function of (Catalog, Recipe, choices): no I/O, no
// mutable statics, safe to call from many threads on one const Catalog. The
// CLI, the JSON API builder and the website share these
// rules so the three surfaces always agree.
#ifndef RECIPES_RESOLVE_SELECTION_H_
#define RECIPES_RESOLVE_SELECTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/source.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

/// Upper bound of nodes for one deployment (and of Mooncake instances).
inline constexpr int kMaxNodes = 16;

// ---------------------------------------------------------------------------
// Variants and hardware profiles

/// `variants[key]` when it exists (and is a map), else nullptr.
const Value* FindVariant(const Recipe& recipe, std::string_view key);
/// `variants[key]`, else `variants.default`, else an empty map (§1).
const Value& VariantOrDefault(const Recipe& recipe, std::string_view key);
/// Variant keys in declaration order.
std::vector<std::string> VariantKeys(const Recipe& recipe);

/// §17.1. `active` is false when the variant imposes no constraint.
struct PrecisionConstraint {
  bool active = false;
  std::string brand;       // "" = any brand
  std::string generation;  // "" = any generation
  Pos pos;                 // `precision_hardware` or `precision` node
};
PrecisionConstraint PrecisionConstraintOf(const Value& variant);
bool PrecisionMatches(const PrecisionConstraint& constraint, const Value* profile);
bool PrecisionMatches(const Value& variant, const Value* profile);

/// §17.4: `profile.scalable` is not exactly false (an unknown profile is scalable).
bool IsHardwareScalable(const Value* profile);
/// §17.4: the variant's `vram_minimum_gb` fits one node's `vram_gb`.
bool FitsSingleNode(const Value& variant, const Value* profile);
/// §17.4: gpu_count ≥ 2 and vram_gb ≥ 2 × need (legacy co-located PD).
bool PdFitsSingleNode(const Value& variant, const Value* profile);
/// The variant's `supported_hardware` allow-list admits `hardware_id` (absent/empty = all).
bool VariantAllowsHardware(const Value& variant, std::string_view hardware_id);
/// `meta.hardware[hw] == "unsupported"`.
bool RecipeMarksUnsupported(const Recipe& recipe, std::string_view hardware_id);
/// `hw` is a key of `meta.hardware` (any value).
bool RecipeDeclaresHardware(const Recipe& recipe, std::string_view hardware_id);
/// Truthy `restricted` on the profile.
bool IsRestrictedProfile(const Value* profile);
/// §17.4: precision matches, allow-list admits, and (scalable or fits).
bool VariantRunsOnHardware(const Value& variant, std::string_view hardware_id, const Value* profile);
/// vLLM-Omni recipes (site.md §9.13): some task's per-hardware override for
/// `hardware_id` sets a vram_minimum_gb that fits one node (e.g. MiniMax-H3's
/// 48 GB FL2VA-only service on rtx_4090_2x, where the variant needs 202 GB).
/// Always false for recipes served by `vllm serve`.
bool OmniTaskOverrideFits(const Recipe& recipe, std::string_view hardware_id, const Value* profile);
/// VariantRunsOnHardware, also honouring OmniTaskOverrideFits. The CLI and the
/// site gate hardware with this one; the JSON API keeps the variant-only rule.
bool VariantRunsOnHardware(const Recipe& recipe, std::string_view variant_key, std::string_view hardware_id,
                           const Value* profile);
/// The variant runs on some taxonomy profile that the recipe does not mark
/// unsupported (restricted profiles count even when undeclared); the
/// builder disables a variant pill otherwise (site.md §9.11.2).
bool VariantRunsAnywhere(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key);
/// §17.5: the variant (declaration order) with the largest vram_minimum_gb
/// that runs on the hardware; nullopt when none does.
std::optional<std::string> FittingVariant(const Catalog& catalog, const Recipe& recipe,
                                          std::string_view hardware_id);

/// Why a profile is not offered for a variant (first that applies, in this order).
enum class HardwareExclusion {
  kNone,
  kUnknown,           // not a taxonomy profile
  kRestricted,        // restricted and not declared in meta.hardware
  kUnsupported,       // meta.hardware marks it unsupported
  kPrecision,         // precision constraint (e.g. NVFP4 needs Blackwell)
  kVariantAllowList,  // not in the variant's supported_hardware
  kDoesNotFit,        // not scalable and the variant exceeds one node's VRAM
  kNoStrategy,        // no offered strategy is supported and reachable (GPU floors)
};

struct HardwareOption {
  std::string id;
  const Value* profile = nullptr;
  HardwareExclusion exclusion = HardwareExclusion::kNone;
  std::string reason;  // human sentence when excluded, "" otherwise
  Pos pos;             // the YAML node behind the exclusion, when there is one
  bool ok() const { return exclusion == HardwareExclusion::kNone; }
};

/// The verdict for one hardware id and variant (any id, even unknown).
HardwareOption CheckHardware(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                             std::string_view hardware_id);
/// Every taxonomy profile, in taxonomy order, with its verdict for the variant.
std::vector<HardwareOption> HardwareOptions(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view variant_key);
/// §17.2 as surfaces show it: precision, not unsupported, allow-list, and not
/// restricted unless declared. Taxonomy order. (No VRAM check.)
std::vector<std::string> CompatibleHardware(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view variant_key);
/// §17.3.
std::string DefaultHardware(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key);
/// The builder's hardware picker (site.md §9.11.1): profiles that are not
/// restricted-undeclared, not unsupported, and run some variant. Taxonomy order.
std::vector<std::string> OfferedHardware(const Catalog& catalog, const Recipe& recipe);

// ---------------------------------------------------------------------------
// Strategies

/// `deploy_type` of a strategy or kv-store id ("" when unknown).
std::string DeployTypeOf(const Catalog& catalog, std::string_view strategy);
/// §17.6: compatible_strategies, then strategy_hardware keys granting `supported` somewhere.
std::vector<std::string> EffectiveStrategies(const Recipe& recipe);
/// Some effective strategy is `multi_node_*` or `pd_cluster`.
bool OffersMultiNode(const Recipe& recipe);
/// Why the builder's Nodes row stays at one node on the hardware (site.md
/// §9.11.5): Intel XPU, a profile that cannot be clustered, or a recipe with
/// no multi-node/PD strategy. "" when multi-node is offered.
std::string MultiNodeBlocker(const Catalog& catalog, const Recipe& recipe, std::string_view hardware_id);
/// The node count the builder lands on with no user pick (site.md §9.4 step
/// 7): 2 when multi-node is offered (MultiNodeBlocker is "") and the variant
/// does not fit one node, else 1.
int LandingNodeCount(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                     std::string_view hardware_id);
/// The VRAM shortfall warning applies (site.md §9.7): one node, a
/// single-node strategy, and the variant's vram_minimum_gb exceeds the node.
bool SingleNodeVramShortfall(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                             std::string_view hardware_id, std::string_view strategy, int node_count);
/// §17.6 hardware gate.
bool StrategySupportedOnHardware(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                                 std::string_view hardware_id);
/// Why the strategy fails the §17.6 hardware gate ("<name> isn't supported on
/// <hardware> for this model"); "" when it passes.
std::string StrategyHardwareBlocker(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                                    std::string_view hardware_id);
/// §17.6 GPU floor for a strategy id or PD pool mode on a hardware id.
double StrategyMinGpus(const Recipe& recipe, std::string_view key, std::string_view hardware_id);
/// §17.6: nodes needed for the floor (≥ 1).
int NodesForStrategy(const Catalog& catalog, const Recipe& recipe, std::string_view key,
                     std::string_view hardware_id);
/// §17.6: the floor is reachable within kMaxNodes (multi_node / pd_cluster) or 1 node.
bool StrategyReachable(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                       std::string_view hardware_id);
/// §17.8 (no hardware gate).
std::string RecommendStrategy(const Recipe& recipe, int node_count);
/// json-api §4 step 5: max(2 for multi_node else 1, nodes needed).
int DefaultNodesForStrategy(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                            std::string_view hardware_id);

/// One pill of the builder's Strategy row (site.md §9.11.3).
struct StrategyOption {
  std::string id;
  std::string deploy_type;
  bool supported = true;     // hardware gate; when false, `reason` says why
  bool recommended = false;  // §17.8 pick for this node count
  int nodes_needed = 1;
  std::string reason;
};
/// Candidates for a node count: effective strategies that exist, are not kv
/// stores, match the node count's deploy type and are reachable on the hardware.
std::vector<StrategyOption> StrategyOptions(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view hardware_id, int node_count);
/// Node counts the builder's Nodes row offers on the hardware (site.md
/// §9.11.5): 1 and 2, then every k in 3..kMaxNodes that an offered
/// strategy's GPU floor needs, ascending.
std::vector<int> NodeCountChoices(const Catalog& catalog, const Recipe& recipe, std::string_view hardware_id);
/// The active strategy with no user override (site.md §9.11.3).
std::string ActiveStrategy(const Catalog& catalog, const Recipe& recipe, std::string_view hardware_id,
                           int node_count);
/// Strategies offered on the hardware at any node count (supported, reachable,
/// multi-node and PD ones only on scalable hardware, multi-node ones not on
/// Intel XPU), effective order.
std::vector<std::string> OfferedStrategies(const Catalog& catalog, const Recipe& recipe,
                                           std::string_view hardware_id);

// ---------------------------------------------------------------------------
// Prefill/decode pools

/// PD pool modes (§17.7) whose floor is reachable within kMaxNodes on the hardware.
std::vector<std::string> OfferedPdPoolModes(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view hardware_id);

struct PdPool {
  int nodes = 1;
  int rank = 0;
  std::string parallelism = "tp";
};
/// The builder's pool default for "prefill" or "decode" (site.md §9.11.5):
/// strategy_overrides.pd_cluster.<role>.nodes, else ceil(need / node VRAM);
/// parallelism from the recipe override, the pd_cluster strategy, else tp,
/// clamped to the offered modes; nodes grown to the mode's floor.
PdPool DefaultPdPool(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                     std::string_view hardware_id, std::string_view role);
/// `{prefill: {nodes, rank, parallelism}, decode: {...}}`.
Value PdNodesValue(const PdPool& prefill, const PdPool& decode);

// ---------------------------------------------------------------------------
// Features and modes

/// Feature keys in declaration order.
std::vector<std::string> FeatureKeys(const Recipe& recipe);
/// The feature that switching `feature` on switches off (text_only and
/// encoder_parallel exclude each other), or "".
std::string ExclusiveFeaturePartner(std::string_view feature);
/// `opt_in_features` lists the feature: off until the user turns it on.
bool IsOptInFeature(const Recipe& recipe, std::string_view feature);
/// `hardware_opt_in_features[hw]` lists the feature: off by default on that hardware.
bool IsHardwareOptInFeature(const Recipe& recipe, std::string_view hardware_id, std::string_view feature);
/// §3.1 default feature set for (hardware, variant): every feature that is
/// neither opt-in nor hardware opt-in, plus those the variant's default_modes force on.
std::vector<std::string> DefaultFeatures(const Recipe& recipe, std::string_view hardware_id,
                                         std::string_view variant_key);
/// The feature lists `strategies` that exclude `strategy`.
bool FeatureAllowedForStrategy(const Recipe& recipe, std::string_view feature, std::string_view strategy);
/// Why the feature is off with the strategy (its `strategies` list excludes
/// it), naming the strategies it works with; "" when allowed.
std::string FeatureStrategyBlocker(const Recipe& recipe, std::string_view feature, std::string_view strategy);
/// Mode keys of a modal feature (declaration order); empty when not modal.
std::vector<std::string> FeatureModeKeys(const Recipe& recipe, std::string_view feature);
bool ModeAllowedForVariant(const Recipe& recipe, std::string_view feature, std::string_view mode,
                           std::string_view variant_key);
bool ModeSupportedOnHardware(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                             std::string_view mode, std::string_view hardware_id);
/// Why a mode is not offered for (variant, hardware): the mode's `variants`
/// list excludes the variant, or its `hardware` map marks the hardware (or its
/// generation) unsupported. "" when offered.
std::string ModeBlocker(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                        std::string_view mode, std::string_view variant_key, std::string_view hardware_id);
/// §3.3 step 1: modes allowed for the variant and supported on the hardware.
std::vector<std::string> AllowedModes(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                                      std::string_view variant_key, std::string_view hardware_id);
/// §3.3: the effective mode (user pick, variant default, feature default, first allowed).
std::optional<std::string> ResolveModeKey(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                                          std::string_view variant_key, std::string_view hardware_id,
                                          std::string_view user_choice = {});
/// The effective mode of every modal feature (declaration order), as the
/// builder lands on them (site.md §9.4 step 9).
std::vector<std::pair<std::string, std::string>> DefaultFeatureModes(const Catalog& catalog, const Recipe& recipe,
                                                                     std::string_view variant_key,
                                                                     std::string_view hardware_id);

// ---------------------------------------------------------------------------
// KV offload

/// One KV-offload choice (taxonomy option or kv-store deployment) and its gate.
struct KvOffloadOption {
  std::string id;
  bool kv_store = false;  // a Mooncake deployment (deploy_type kv_store_lb)
  bool enabled = true;
  std::string reason;  // why disabled
};
/// Taxonomy kv_offload options (taxonomy order) then kv-store deployments,
/// gated for the hardware and serving strategy (site.md §9.11.4).
std::vector<KvOffloadOption> KvOffloadOptions(const Catalog& catalog, const Recipe& recipe,
                                              std::string_view hardware_id, std::string_view strategy);

// ---------------------------------------------------------------------------
// The landing configuration and user requests

/// What the user asked for; everything left empty takes the builder's default.
struct SelectionRequest {
  std::optional<std::string> variant;
  std::optional<std::string> hardware;
  std::optional<std::string> strategy;
  std::optional<int> node_count;
  /// Feature switches in the order given: {key, on}. `on` appends a feature
  /// that is off; off removes it.
  std::vector<std::pair<std::string, bool>> feature_switches;
  /// Explicit modes (`--feature KEY=MODE`); the feature is switched on too.
  std::vector<std::pair<std::string, std::string>> feature_modes;
  std::optional<int> prefill_nodes, decode_nodes, prefill_rank, decode_rank;
  std::optional<std::string> prefill_mode, decode_mode;
  std::optional<std::string> kv_offload;  // "off"/"" = none
  std::optional<int> kv_instances;        // Mooncake instance count
  std::optional<int> kv_instance;         // shown instance (0-based)
  std::vector<std::string> advanced_args;
};

/// A choice that cannot be honoured. `field` names the option ("hardware",
/// "variant", "strategy", "feature", "mode", "nodes", "pd", "kv_offload",
/// "kv_instances"); `choices` lists the valid values; `pos` points at the
/// recipe node that explains the refusal when there is one.
struct SelectionError {
  std::string field;
  std::string value;
  std::string message;
  std::vector<std::string> choices;
  Pos pos;
};

/// Multi-line, readable: "error: <message>", then "  valid <field> choices:
/// a, b, c" when there are choices, then "  at <path:line:col>" with the
/// recipe line and a caret when the position is known. Ends with '\n'.
std::string FormatSelectionError(const SelectionError& error);

struct SelectionOutcome {
  Selection selection;                // complete; meaningful only when errors is empty
  std::vector<SelectionError> errors;
  std::vector<std::string> notes;     // adjustments made on the user's behalf
  bool ok() const { return errors.empty(); }
};

/// The builder's landing configuration (site.md §9.4, no URL or storage) with
/// the request's choices applied and checked. With an empty request this is
/// exactly the `"case": "default"` input of the reference combos. Rules for
/// single picks (checked against the recorded `hw:`, `variant:` and
/// `strategy:` cases): a hardware without a variant keeps `default` when it
/// runs there, else switches to FittingVariant (a note says so); a variant
/// without hardware lands on DefaultHardware(variant); a strategy without a
/// node count gets DefaultNodesForStrategy (pd_cluster: 1, pools from
/// DefaultPdPool); a node count without a strategy gets ActiveStrategy, grown
/// to its GPU floor. Explicit picks that the builder would not offer are
/// errors, never silent corrections.
SelectionOutcome DefaultSelection(const Catalog& catalog, const Recipe& recipe,
                                  const SelectionRequest& request = {});

/// Checks a complete selection (e.g. one read from JSON): variant exists,
/// hardware offered for it, strategy offered and supported, node count,
/// features, modes, PD pools and KV offload. Empty when valid.
std::vector<SelectionError> ValidateSelection(const Catalog& catalog, const Recipe& recipe,
                                              const Selection& selection);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_SELECTION_H_
