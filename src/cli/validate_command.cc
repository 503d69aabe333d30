// recipes validate [--catalog DIR] [--format text|json]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "check/catalog_check.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "parse/catalog_loader.h"
#include "validate/report.h"
#include "validate/schema.h"

namespace recipes {

int RunValidate(const std::vector<std::string>& args) {
  CLI::App app{"Check a catalog and report every problem with its position.", "recipes validate"};
  std::string dir;
  std::string format = "text";
  app.add_option("--catalog", dir, "catalog folder (default: the catalog built into the binary)");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "json"}));
  std::string vllm;
  bool strict = false;
  app.add_option("--vllm", vllm, "also check every reachable command against this vLLM version (or 'all')");
  app.add_flag("--strict", strict, "every warning is an error");
  bool list_keys = false;
  app.add_flag("--list-keys", list_keys, "print every catalog key with its shape and meaning, then exit");
  if (auto code = ParseArgs(app, args)) return *code;
  if (list_keys) {
    std::string table = DescribeCatalogSchema();
    std::fwrite(table.data(), 1, table.size(), stdout);
    return 0;
  }
  if (!dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      std::fprintf(stderr, "recipes validate: no catalog folder at '%s'\n", dir.c_str());
      return 2;
    }
  }
  LoadResult loaded = LoadCatalogFrom(dir);
  ValidationReport report = ValidateLoaded(loaded);
  if (!vllm.empty()) {
    // recipes check's findings, as validate diagnostics.
    const VllmTables& tables = VllmTables::Builtin();
    CheckOptions options;
    options.threads = 2;
    if (vllm == "all") {
      for (size_t i = 0; i < tables.versions().size(); ++i) options.versions.push_back(i);
    } else if (int i = tables.IndexOf(vllm); i >= 0) {
      options.versions.push_back(static_cast<size_t>(i));
    } else {
      std::fprintf(stderr, "recipes validate: unknown vLLM version '%s'\n", vllm.c_str());
      return 2;
    }
    for (Diagnostic& d : CheckDiagnostics(CheckCatalog(*loaded.catalog, tables, options))) {
      report.diagnostics.push_back(std::move(d));
    }
  }
  if (strict) {
    for (Diagnostic& d : report.diagnostics) d.severity = Severity::kError;
  }
  report.errors = CountErrors(report.diagnostics);
  report.warnings = report.diagnostics.size() - report.errors;
  std::string text = FormatReport(report, format == "json" ? ReportFormat::kJson : ReportFormat::kText);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return report.ExitCode();
}

}  // namespace recipes
