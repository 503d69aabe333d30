// recipes check [--catalog DIR] [ORG/REPO…] [--vllm VERSION|all] [--format text|json] [--strict]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "check/catalog_check.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "parse/catalog_loader.h"
#include "render/json_writer.h"

namespace recipes {

int RunCheck(const std::vector<std::string>& args) {
  CLI::App app{"Check every reachable serve command against the `vllm serve` CLI of vLLM versions.",
               "recipes check"};
  std::string dir;
  std::string format = "text";
  std::string vllm;
  bool strict = false;
  std::vector<std::string> ids;
  app.add_option("--catalog", dir, "catalog folder (default: the catalog built into the binary)");
  app.add_option("recipes", ids, "ORG/REPO ids to check (default: every recipe)");
  app.add_option("--vllm", vllm, "vLLM version key, or 'all' (default: the newest)");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--strict", strict, "warnings count as errors");
  if (auto code = ParseArgs(app, args)) return *code;

  const VllmTables& tables = VllmTables::Builtin();
  CheckOptions options;
  options.recipes = ids;
  options.strict = strict;
  options.threads = 2;
  if (vllm == "all") {
    for (size_t i = 0; i < tables.versions().size(); ++i) options.versions.push_back(i);
  } else if (!vllm.empty()) {
    int i = tables.IndexOf(vllm);
    if (i < 0) {
      std::string keys;
      for (const std::string& k : tables.Keys()) keys += " " + k;
      std::fprintf(stderr, "recipes check: unknown vLLM version '%s'; known:%s, all\n", vllm.c_str(), keys.c_str());
      return 2;
    }
    options.versions.push_back(static_cast<size_t>(i));
  }
  if (!dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      std::fprintf(stderr, "recipes check: no catalog folder at '%s'\n", dir.c_str());
      return 2;
    }
  }
  LoadResult loaded = LoadCatalogFrom(dir);
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.is_error()) std::fputs(d.Render().c_str(), stderr);
  }
  CheckReport report = CheckCatalog(*loaded.catalog, tables, options);
  std::string out = format == "json" ? ToJson(CheckReportToJson(report), 2) + "\n" : FormatCheckText(report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return report.ExitCode();
}

}  // namespace recipes
