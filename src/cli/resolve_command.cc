// `recipes resolve`: batch resolution of JSON Lines selections.
//
// Each stdin line is {"recipe": "<org>/<repo>", "input": {...}, ...}; each
// stdout line is {"recipe", "input", "output"} (or "error" instead of
// "output"), plus "warnings" where `recipes command` would refuse the
// selection, in input order; the exit status is 1 when any line failed (every
// line is still answered). A hidden --bench-repeat N parses everything
// first, then times only the resolutions (CPU time, one line per repeat).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "model/catalog.h"
#include "model/diagnostic.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "render/json_writer.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {

namespace {

struct Job {
  Value recipe_name;  // as given (may be null when the line was unreadable)
  Value input;
  const Recipe* recipe = nullptr;
  Selection selection;
  std::string error;  // set when the line cannot be resolved at all
};

double CpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

}  // namespace

int RunResolve(const std::vector<std::string>& args) {
  CLI::App app{"Reads one {\"recipe\", \"input\"} object per stdin line and writes {\"recipe\", \"input\", "
               "\"output\"} (or \"error\") per line, in order.",
               "recipes resolve"};
  std::string catalog_dir;
  int bench_repeat = 0;
  bool provenance = false;
  app.add_option("--catalog", catalog_dir, "catalog folder (default: the catalog built into the binary)");
  app.add_flag("--provenance", provenance, "add where every flag and env entry came from");
  app.add_option("--bench-repeat", bench_repeat, "time N rounds of resolution only (benchmarks)")
      ->check(CLI::PositiveNumber)
      ->group("");  // hidden
  if (auto code = ParseArgs(app, args)) return *code;

  LoadResult loaded = LoadCatalogFrom(catalog_dir);
  for (const Diagnostic& d : loaded.diagnostics) std::fputs(d.Render().c_str(), stderr);
  if (CountErrors(loaded.diagnostics) > 0 && loaded.catalog->recipes.empty()) {
    std::fprintf(stderr, "recipes resolve: no catalog could be loaded%s%s\n",
                 catalog_dir.empty() ? "" : " from ", catalog_dir.c_str());
    return 1;
  }
  const Catalog& catalog = *loaded.catalog;

  std::string text;
  {
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) text.append(buf, n);
  }
  std::vector<Job> jobs;
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Job job;
    Value doc;
    std::string err;
    if (!ParseJson(line, &doc, &err)) {
      job.error = "line " + std::to_string(line_no) + ": invalid JSON: " + err;
    } else if (!doc.is_object()) {
      job.error = "line " + std::to_string(line_no) + ": expected an object";
    } else {
      if (const Value* r = doc.Get("recipe")) job.recipe_name = *r;
      if (const Value* in = doc.Get("input")) job.input = *in;
      if (!job.recipe_name.is_string()) {
        job.error = "line " + std::to_string(line_no) + ": \"recipe\" must be a string";
      } else if (!(job.recipe = catalog.FindRecipe(job.recipe_name.str()))) {
        job.error = "unknown recipe " + job.recipe_name.str();
      } else if (!Selection::FromJson(job.input, &job.selection, &err)) {
        job.error = err;
      }
    }
    jobs.push_back(std::move(job));
  }

  ResolveOptions options;
  options.provenance = provenance;
  if (bench_repeat > 0) {
    std::vector<double> times;
    size_t ok = 0;
    for (int r = 0; r < bench_repeat; ++r) {
      double t0 = CpuMs();
      ok = 0;
      for (const Job& job : jobs) {
        if (!job.recipe || !job.error.empty()) continue;
        Resolution res = ResolveCommand(catalog, *job.recipe, job.selection, options);
        ok += res.ok();
      }
      times.push_back(CpuMs() - t0);
    }
    for (double t : times) std::printf("%.3f\n", t);
    std::fprintf(stderr, "resolved %zu of %zu selections per repeat\n", ok, jobs.size());
    return 0;
  }

  std::string out;
  out.reserve(text.size() * 2);
  size_t failed = 0;
  for (const Job& job : jobs) {
    ObjectItems line;
    line.Set("recipe", job.recipe_name);
    line.Set("input", job.input);
    if (!job.error.empty()) {
      line.Set("error", Value::String(job.error));
      ++failed;
    } else {
      Resolution res = ResolveCommand(catalog, *job.recipe, job.selection, options);
      if (res.ok()) {
        line.Set("output", res.output);
        if (provenance) line.Set("provenance", ProvenanceToValue(res.processes));
        // Rendered as asked (the reference does too), but said where
        // `recipes command` would refuse, e.g. NVFP4 on H200.
        ArrayItems warnings;
        for (const SelectionError& e : ValidateSelection(catalog, *job.recipe, job.selection)) {
          warnings.push_back(Value::String(e.field + ": " + e.message));
        }
        if (!warnings.empty()) line.Set("warnings", Value::Array(std::move(warnings)));
      } else {
        std::string msg = res.error->message;
        if (res.error->pos.known()) msg = res.error->pos.ToString() + ": " + msg;
        line.Set("error", Value::String(msg));
        ++failed;
      }
    }
    AppendJson(&out, Value::Object(std::move(line)), 0);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (failed > 0) {
    // Every line is still answered; the exit status flags the bad ones.
    std::fprintf(stderr, "recipes resolve: %zu of %zu lines could not be resolved (see their \"error\")\n", failed,
                 jobs.size());
    return 1;
  }
  return 0;
}

}  // namespace recipes
