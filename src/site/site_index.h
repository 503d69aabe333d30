// SiteIndex: what the website shows about the catalog, extracted once at
// startup (site.md §1): one RecipeSummary per recipe in catalog order, the
// providers with recipes, and the hardware labels. Pages, search and browse
// read only this; the builder's recipe page may also reach the full Recipe.
#ifndef RECIPES_SITE_SITE_INDEX_H_
#define RECIPES_SITE_SITE_INDEX_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/catalog.h"

namespace recipes {

struct VariantSummary {
  std::string key;
  std::string label;
  std::string precision;  // as written (lower case in practice)
  double vram_minimum_gb = 0;
  std::string model_id;   // checkpoint served by this variant ("" = recipe's own)
};

struct RecipeSummary {
  const Recipe* recipe = nullptr;
  std::string hf_id, org, repo;
  std::string title, provider, description, performance_headline;
  std::string date_added, date_updated;  // "YYYY-MM-DD" or ""
  std::string hf_released;               // ISO timestamp or "" (no manifest yet)
  std::vector<std::string> tasks;
  std::vector<std::pair<std::string, std::string>> hardware;  // id → status, YAML order
  std::vector<std::string> verified_hw;                       // ids with status verified
  std::string architecture;  // "moe", "dense" or ""
  std::string parameter_count, active_parameters;
  double context_length = 0;
  std::string min_vllm_version;
  std::string default_precision;       // of the default variant
  std::vector<std::string> precisions; // distinct, variant order
  std::vector<VariantSummary> variants;
  double billions = 0;                 // parsed parameter count (§5.2), 0 = unknown
  size_t order = 0;                    // position in catalog order
  const std::string& primary_task() const;
  bool is_moe() const { return architecture == "moe"; }
};

struct ProviderInfo {
  std::string org;           // hf org id as in the recipes' paths
  std::string display_name;  // provider table, else the org id
  bool in_table = false;     // listed in the provider table (§1.4)
  std::vector<size_t> recipes;  // indexes into SiteIndex::recipes(), catalog order
};

struct HardwareLabel {
  std::string id, brand, label;
};

class SiteIndex {
 public:
  explicit SiteIndex(const Catalog& catalog);

  const Catalog& catalog() const { return catalog_; }
  /// Recipes in catalog order: date_updated descending, ties in walk order.
  const std::vector<RecipeSummary>& recipes() const { return recipes_; }
  /// Orgs with recipes, ordered by org id case-insensitively.
  const std::vector<ProviderInfo>& providers() const { return providers_; }

  /// Case-insensitive lookups; nullptr when absent.
  const RecipeSummary* FindRecipe(std::string_view org, std::string_view repo) const;
  const ProviderInfo* FindProvider(std::string_view org) const;
  /// The recipe and variant key serving checkpoint `model_id` (case-insensitive,
  /// §7.3 step 2); {nullptr, ""} when none.
  std::pair<const RecipeSummary*, std::string> FindVariantCheckpoint(std::string_view model_id) const;

  /// Display name from the provider table, or `org` itself.
  static std::string ProviderDisplayName(std::string_view org);
  static bool InProviderTable(std::string_view org);

  /// The browse hardware chips in order (§5.4), each with brand and label.
  static const std::vector<HardwareLabel>& BrowseHardware();
  /// Label of a browse hardware id, or "" when not a browse chip.
  static std::string BrowseHardwareLabel(std::string_view id);

  /// Whether `id` is a taxonomy profile or appears in some recipe's meta.hardware.
  bool KnownHardwareId(std::string_view id) const;

  /// "Latest" order (§4 step 3): date_added (fallback date_updated) descending,
  /// ties by hf_id. Indexes into recipes().
  std::vector<size_t> LatestOrder() const;

  /// Latest date_updated over all recipes ("" when none).
  std::string LatestUpdate() const;

 private:
  const Catalog& catalog_;
  std::vector<RecipeSummary> recipes_;
  std::vector<ProviderInfo> providers_;
  std::map<std::string, size_t> by_lower_id_;     // lower-case hf_id → index
  std::map<std::string, size_t> by_lower_org_;    // lower-case org → providers_ index
  std::map<std::string, std::pair<size_t, std::string>> checkpoints_;  // lower model_id → (recipe, variant)
  std::vector<std::string> hardware_ids_;         // sorted, for KnownHardwareId
};

/// Parameter count text to billions (§5.2): "120B" → 120, "1T" → 1000,
/// "350M" → 0.35; unparseable → 0.
double ParseBillions(std::string_view text);

/// Card context label (§4.1): "1M", "131K", "512"; "" for ≤ 0.
std::string FormatContextShort(double tokens);

/// "{params}/{active}" for MoE when active differs, else params (§4.1).
std::string SizeLabel(const RecipeSummary& r, const char* sep = "/");

/// Upper-cases ASCII.
std::string AsciiUpper(std::string_view text);

/// "{n} recipe" / "{n} recipes".
std::string CountLabel(size_t n, std::string_view singular, std::string_view plural);

}  // namespace recipes

#endif  // RECIPES_SITE_SITE_INDEX_H_
