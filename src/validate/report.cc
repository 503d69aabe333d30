#include "validate/report.h"

#include <nlohmann/json.hpp>
#include <set>

#include "validate/validator.h"

namespace recipes {

namespace {

bool IsYamlPath(const std::string& p) {
  auto ends = [&](std::string_view s) { return p.size() >= s.size() && p.compare(p.size() - s.size(), s.size(), s) == 0; };
  return ends(".yaml") || ends(".yml");
}

std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

ValidationReport ValidateLoaded(const LoadResult& loaded) {
  ValidationReport r;
  const Catalog& c = *loaded.catalog;
  r.diagnostics = loaded.diagnostics;
  Diagnostics semantic = ValidateCatalog(c);
  r.diagnostics.insert(r.diagnostics.end(), semantic.begin(), semantic.end());
  SortDiagnostics(&r.diagnostics);

  std::set<std::string> files;
  if (c.taxonomy.is_object()) files.insert("taxonomy.yaml");
  if (c.has_platforms) files.insert("platforms.yaml");
  for (const auto& s : c.strategies) files.insert(s.path);
  for (const auto& s : c.kv_stores) files.insert(s.path);
  for (const auto& rec : c.recipes) files.insert(rec.path);
  for (const Diagnostic& d : r.diagnostics) {
    // A file reported missing was not checked; one that failed to read or parse was.
    bool missing = !d.pos.source && d.message.rfind("missing", 0) == 0;
    if (IsYamlPath(d.file()) && !missing) files.insert(d.file());
    (d.is_error() ? r.errors : r.warnings)++;
  }
  r.files = files.size();
  return r;
}

std::string FormatReport(const ValidationReport& report, ReportFormat format) {
  if (format == ReportFormat::kJson) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Diagnostic& d : report.diagnostics) {
      bool known = d.pos.known();
      out.push_back({{"file", d.file()},
                     {"line", known ? d.pos.line : 0},
                     {"col", known ? d.pos.col : 0},
                     {"severity", d.is_error() ? "error" : "warning"},
                     {"message", d.message}});
    }
    // Replace invalid UTF-8 (messages quote input text) instead of throwing.
    return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  std::string out;
  for (const Diagnostic& d : report.diagnostics) out += d.Render();
  out += Count(report.files, "file", "files") + " checked: " + Count(report.errors, "error", "errors") + ", " +
         Count(report.warnings, "warning", "warnings") + "\n";
  return out;
}

}  // namespace recipes
