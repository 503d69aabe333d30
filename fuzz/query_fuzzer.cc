// libFuzzer target: the HTTP query parsers (site/query.h, site/builder_query.h)
// and the selection rules behind /api/resolve (resolve/selection_request.cc,
// reached through the command builder), on the embedded catalog. The first
// byte picks the recipe; the rest is the raw query string.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parse/catalog_loader.h"
#include "resolve/selection.h"
#include "site/builder_query.h"
#include "site/builder_state.h"
#include "site/query.h"

namespace {

const recipes::Catalog& TheCatalog() {
  static const std::unique_ptr<recipes::Catalog> catalog = recipes::LoadCatalogFrom("").catalog;
  return *catalog;
}

std::optional<int> Number(const recipes::QueryParams& q, std::string_view key) {
  std::string v = q.Joined(key);
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(v);
}

std::optional<std::string> Text(const recipes::QueryParams& q, std::string_view key) {
  if (!q.Has(key)) return std::nullopt;
  return q.Joined(key);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const recipes::Catalog& catalog = TheCatalog();
  if (catalog.recipes.empty()) return 0;
  const recipes::Recipe& recipe = catalog.recipes[data[0] % catalog.recipes.size()];
  std::string_view raw(reinterpret_cast<const char*>(data) + 1, size - 1);

  recipes::QueryParams q;
  recipes::QueryError qe;
  if (recipes::QueryParams::Parse(raw, &q, &qe)) {
    (void)recipes::SplitList(q.Joined("features"));
    // A selection request as a client may send it, checked by the resolver's rules.
    recipes::SelectionRequest req;
    req.variant = Text(q, "variant");
    req.hardware = Text(q, "hardware");
    req.strategy = Text(q, "strategy");
    req.node_count = Number(q, "nodes");
    req.kv_offload = Text(q, "kv_offload");
    req.kv_instances = Number(q, "kv_instances");
    req.prefill_nodes = Number(q, "prefill_nodes");
    req.decode_nodes = Number(q, "decode_nodes");
    for (const std::string& f : recipes::SplitList(q.Joined("features"))) {
      size_t eq = f.find('=');
      if (eq == std::string::npos) {
        req.feature_switches.emplace_back(f, true);
      } else {
        req.feature_modes.emplace_back(f.substr(0, eq), f.substr(eq + 1));
      }
    }
    for (const std::string& f : recipes::SplitList(q.Joined("off"))) req.feature_switches.emplace_back(f, false);
    recipes::SelectionOutcome out = recipes::DefaultSelection(catalog, recipe, req);
    for (const recipes::SelectionError& e : out.errors) (void)recipes::FormatSelectionError(e);
  } else {
    (void)qe.ToJson();
  }

  std::string bad;
  if (auto params = recipes::BuilderParams::Parse(raw, &bad)) {
    (void)params->ToString();
    (void)recipes::BuildBuilderView(catalog, recipe, *params);
  }
  return 0;
}
