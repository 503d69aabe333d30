// Test helpers: a small valid catalog held in memory, to which a test adds or
// replaces files, and the validate report for it. Used by *_test.cc only.
#ifndef RECIPES_VALIDATE_TEST_CATALOG_H_
#define RECIPES_VALIDATE_TEST_CATALOG_H_

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/file_system.h"
#include "validate/report.h"

namespace recipes::testing {

inline std::map<std::string, std::string> BaseCatalogFiles() {
  return {
      {"taxonomy.yaml",
       "hardware_profiles:\n"
       "  h100: {brand: NVIDIA, generation: hopper, gpu_count: 8, vram_gb: 640}\n"
       "  b200: {brand: NVIDIA, generation: blackwell, gpu_count: 8, vram_gb: 1440}\n"
       "  mi300x: {brand: AMD, generation: amd, gpu_count: 8, vram_gb: 1536}\n"
       "tasks:\n"
       "  - {id: text}\n"
       "  - {id: omni}\n"
       "kv_offload:\n"
       "  simple: {args: [--kv-transfer-config, '{}']}\n"
       "  offloading_cpu: {requires_opt_in: true, brands: [NVIDIA]}\n"},
      {"platforms.yaml", "platforms:\n  - {id: modal, name: Modal}\n"},
      {"strategies/single_node_tp.yaml", "name: single_node_tp\ndeploy_type: single_node\nvllm_args: []\n"},
      {"strategies/multi_node_tp.yaml", "name: multi_node_tp\ndeploy_type: multi_node\n"},
      {"strategies/pd_cluster.yaml", "name: pd_cluster\ndeploy_type: pd_cluster\n"},
      {"kv_store/mooncake.yaml", "name: kv_store_mooncake\ndeploy_type: kv_store_lb\n"},
      {"models/org/good.yaml",
       "meta:\n"
       "  title: Good\n"
       "  provider: Org\n"
       "  tasks: [text]\n"
       "  hardware: {h100: verified}\n"
       "model:\n"
       "  model_id: org/good\n"
       "  base_args: [--trust-remote-code]\n"
       "features:\n"
       "  tool_calling:\n"
       "    args: [--enable-auto-tool-choice]\n"
       "  spec:\n"
       "    default_mode: mtp\n"
       "    modes:\n"
       "      mtp: {args: [--speculative-config, '{}']}\n"
       "      off: {args: []}\n"
       "opt_in_features: [spec]\n"
       "variants:\n"
       "  default: {precision: bf16, vram_minimum_gb: 80}\n"
       "  fp8: {precision: fp8, vram_minimum_gb: 40, tp: {h100: 2, default: 1}}\n"
       "compatible_strategies: [single_node_tp, multi_node_tp]\n"},
  };
}

struct Validated {
  std::string text;  // the text report
  int exit_code = 0;
};

/// Validates the base catalog with `files` added (a "" content still adds
/// the file; use `removed` to drop base files).
inline Validated ValidateFiles(const std::map<std::string, std::string>& files,
                               const std::vector<std::string>& removed = {}) {
  auto all = BaseCatalogFiles();
  for (const auto& r : removed) all.erase(r);
  for (const auto& [k, v] : files) all[k] = v;
  LoadResult loaded = LoadCatalog(*NewMemoryFileSystem(all));
  ValidationReport report = ValidateLoaded(loaded);
  return {FormatReport(report, ReportFormat::kText), report.ExitCode()};
}

/// Only the diagnostics of one recipe body placed at models/org/x.yaml.
inline std::string ValidateRecipe(const std::string& yaml) {
  Validated v = ValidateFiles({{"models/org/x.yaml", yaml}});
  // Drop the summary line.
  size_t cut = v.text.rfind('\n', v.text.size() - 2);
  return cut == std::string::npos ? "" : v.text.substr(0, cut + 1);
}

/// Expects the complete text report and exit code for one added file.
inline void ExpectReport(const std::string& path, const std::string& yaml, const std::string& expected,
                         int exit_code) {
  Validated v = ValidateFiles({{path, yaml}});
  EXPECT_EQ(v.text, expected);
  EXPECT_EQ(v.exit_code, exit_code);
}

}  // namespace recipes::testing

#endif  // RECIPES_VALIDATE_TEST_CATALOG_H_
