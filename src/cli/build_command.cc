// `recipes build`: writes the static JSON API (json-api.md) into a folder,
// atomically and incrementally (see api/tree_writer.h).
//
// Nothing is written until the catalog has loaded and passed the builder's
// fatal checks; a failed build lists every error, leaves the previous output
// as it was and exits 1. `--check` renders everything and writes nothing.
#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/api_builder.h"
#include "api/input_stamp.h"
#include "api/tree_writer.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "model/diagnostic.h"
#include "parse/catalog_loader.h"

namespace recipes {

namespace {

long EnvNumber(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtol(v, nullptr, 10) : -1;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A killed build's folders beside the output: a full build removes them.
bool HasLeftovers(const std::string& out_dir) {
  std::filesystem::path p(out_dir);
  while (p.has_parent_path() && p.filename().empty()) p = p.parent_path();
  std::string base = p.filename().string();
  std::filesystem::path parent = p.parent_path().empty() ? "." : p.parent_path();
  std::error_code ec;
  return std::filesystem::exists(parent / ("." + base + ".recipes-tmp"), ec) ||
         std::filesystem::exists(parent / ("." + base + ".recipes-next"), ec);
}

// The cores this process may run on (taskset and cgroup cpusets narrow it).
int UsableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

int RunBuild(const std::vector<std::string>& args) {
  CLI::App app{"Write the static JSON API of a catalog. Only files whose bytes changed are rewritten; the new tree "
               "replaces the old one in one step, and a failed or killed build leaves the previous tree untouched.",
               "recipes build"};
  std::string catalog_dir;
  std::string out_dir = "public";
  bool check = false;
  bool clean = false;
  ApiBuildOptions options;
  app.add_option("--catalog", catalog_dir, "catalog folder (default: the catalog built into the binary)");
  app.add_option("--out", out_dir, "output folder")->capture_default_str();
  app.add_flag("--check", check, "resolve every rendering, write nothing");
  app.add_flag("--clean", clean,
               "render and write every file anew and remove what earlier or killed builds left beside the output");
  options.threads = UsableCores();
  app.add_option("--threads", options.threads, "rendering threads (default: the cores this process may use)")->check(CLI::PositiveNumber)->capture_default_str();
  if (auto code = ParseArgs(app, args)) return *code;
  if (out_dir.empty()) {
    std::fprintf(stderr, "recipes build: --out needs a folder\n");
    return 2;
  }

  // Nothing changed since the last build (the stamp beside its tree says so,
  // at the cost of a stat per input): print what it printed and stop.
  std::string root;
  if (!catalog_dir.empty()) root = std::filesystem::absolute(catalog_dir).lexically_normal().string();
  if (!check && !clean && !HasLeftovers(out_dir)) {
    std::string stamp = ReadText(out_dir + "/" + kInputStampName);
    if (!stamp.empty()) {
      StampCheck c = CheckStamp(stamp, root);
      if (c.unchanged) {
        std::fputs(c.out.c_str(), stdout);
        std::fputs(c.err.c_str(), stderr);
        std::fprintf(stderr, "%s: nothing changed (%zu inputs checked); nothing written\n", out_dir.c_str(),
                     c.checked);
        return 0;
      }
    }
  }

  std::unique_ptr<FileSystem> source = root.empty() ? NewEmbeddedCatalogFileSystem() : NewDiskFileSystem(root);
  InputRecorder recorder(*source, root);
  LoadResult loaded = LoadCatalog(recorder);
  Diagnostics errors;
  for (Diagnostic& d : loaded.diagnostics) {
    if (d.is_error()) errors.push_back(std::move(d));
  }
  // Every error at once: the builder's own checks run on what did load.
  for (Diagnostic& d : CheckCatalogForApi(*loaded.catalog)) errors.push_back(std::move(d));
  if (!errors.empty()) {
    for (const Diagnostic& d : errors) std::fputs(d.Render().c_str(), stderr);
    std::fprintf(stderr, "recipes build: %zu error%s; nothing was written\n", errors.size(),
                 errors.size() == 1 ? "" : "s");
    return 1;
  }

  std::unique_ptr<TreeWriter> writer;
  if (!check) {
    // Fault injection for the crash-safety tests; unset in normal runs.
    TreeWriterOptions writer_options;
    writer_options.clean = clean;
    writer_options.hooks.kill_after_applied = EnvNumber("RECIPES_TEST_KILL_AFTER_APPLIED");
    writer_options.hooks.fail_write_after = EnvNumber("RECIPES_TEST_FAIL_WRITE_AFTER");
    writer_options.hooks.no_exchange = EnvNumber("RECIPES_TEST_NO_EXCHANGE") > 0;
    std::string err;
    writer = TreeWriter::Open(out_dir, writer_options, &err);
    if (!writer) {
      std::fprintf(stderr, "recipes build: %s; nothing was written\n", err.c_str());
      return 1;
    }
  }

  ApiBuildResult result = BuildApi(*loaded.catalog, writer.get(), options);
  std::string warnings;
  for (const std::string& w : result.warnings) warnings += w + "\n";
  std::fputs(warnings.c_str(), stderr);
  if (!result.errors.empty()) {
    for (const Diagnostic& d : result.errors) std::fputs(d.Render().c_str(), stderr);
    if (writer) writer->Abort();
    std::fprintf(stderr, "recipes build: %zu error%s; nothing was written\n", result.errors.size(),
                 result.errors.size() == 1 ? "" : "s");
    return 1;
  }
  if (!result.write_error.empty()) {
    if (writer) writer->Abort();
    std::fprintf(stderr, "recipes build: %s; the previous output is unchanged\n", result.write_error.c_str());
    return 1;
  }
  if (writer) {
    std::string summary = FormatApiSummary(result.summary);
    writer->SetAux(kInputStampName, recorder.Stamp(summary, warnings));
    TreeWriteStats stats;
    std::string err;
    if (!writer->Commit(&stats, &err)) {
      std::fprintf(stderr, "recipes build: %s\n", err.c_str());
      return 1;
    }
    std::fputs(summary.c_str(), stdout);
    std::fprintf(stderr, "%s: %zu files, %zu written, %zu linked, %zu removed%s\n", out_dir.c_str(), stats.files,
                 stats.written, stats.linked, stats.removed, stats.repaired ? " (repaired a tree left mixed by an older version)" : "");
  } else {
    std::fputs(FormatApiSummary(result.summary).c_str(), stdout);
  }
  return 0;
}

}  // namespace recipes
