// `recipes diff BASE [HEAD] [ORG/REPO…]`: what a catalog change does to users
// (diff/catalog_diff.h). Each side is a catalog folder or git:REV[:SUBDIR];
// with one side, HEAD is the working catalog (--catalog, or the current
// folder). Exit 0 when equal, 1 when different, 2 on error (like diff(1));
// --exit-zero turns 1 into 0 for comment jobs.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "diff/catalog_diff.h"
#include "diff/catalog_side.h"
#include "diff/diff_probes.h"
#include "diff/diff_report.h"

namespace recipes {

namespace {

bool LooksLikeRecipeId(const std::string& s) {
  // ORG/REPO: one slash, not a path to an existing folder, not a git side.
  if (s.rfind("git:", 0) == 0 || s.find('/') == std::string::npos) return false;
  if (s.find('/') != s.rfind('/')) return false;
  return access((s + "/models").c_str(), F_OK) != 0 && access((s + "/taxonomy.yaml").c_str(), F_OK) != 0;
}

void ReportSide(const LoadedSide& side, const char* role) {
  if (!side.open_error.empty()) {
    std::fprintf(stderr, "recipes diff: %s %s: %s\n", role, side.label.c_str(), side.open_error.c_str());
    return;
  }
  if (side.errors.empty()) return;
  std::fprintf(stderr, "recipes diff: %s %s has %zu error%s:\n", role, side.label.c_str(), side.errors.size(),
               side.errors.size() == 1 ? "" : "s");
  for (const Diagnostic& d : side.errors) std::fputs(d.Render().c_str(), stderr);
}

}  // namespace

int RunDiff(const std::vector<std::string>& args) {
  CLI::App app{"Show what a catalog change does: every rendering, API file, check finding and plan verdict that "
               "differs between two catalogs. A side is a catalog folder or git:REV[:SUBDIR] (read from the "
               "repository's object store, nothing checked out). With one side, HEAD is the working catalog.",
               "recipes diff"};
  std::vector<std::string> positional;
  std::string catalog_dir;
  std::string format = "text";
  std::string color = "auto";
  bool exit_zero = false;
  int threads = 2;
  app.add_option("sides", positional, "BASE [HEAD] [ORG/REPO…]")->required();
  app.add_option("--catalog", catalog_dir, "the working catalog, HEAD when only BASE is given (default: .)");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "markdown", "json"}))
      ->capture_default_str();
  app.add_option("--color", color, "colour the text output")->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("--exit-zero", exit_zero, "exit 0 even when the catalogs differ (for CI comment jobs)");
  app.add_option("--threads", threads, "threads")->check(CLI::PositiveNumber)->capture_default_str();
  if (auto code = ParseArgs(app, args)) return *code;

  // BASE, then HEAD unless the second word is a recipe id, then recipe ids.
  std::string base_text = positional[0], head_text;
  size_t next = 1;
  if (positional.size() > 1 && !LooksLikeRecipeId(positional[1])) {
    head_text = positional[1];
    next = 2;
  }
  std::vector<std::string> only(positional.begin() + static_cast<std::ptrdiff_t>(next), positional.end());
  std::string working = catalog_dir.empty() ? "." : catalog_dir;
  if (head_text.empty()) head_text = working;
  // A git side without SUBDIR reads the folder the working catalog (or
  // HEAD, when it is a folder) occupies in its repository.
  std::string anchor = head_text.rfind("git:", 0) == 0 ? working : head_text;
  std::string subdir;
  if (base_text.rfind("git:", 0) == 0 || head_text.rfind("git:", 0) == 0) {  // opening a repository costs
    if (GitWorkdirOf(anchor).empty()) anchor = ".";  // HEAD outside any repository: git sides are read from here
    subdir = SubdirInRepository(anchor);
  }

  SideSpec base_spec, head_spec;
  std::string err;
  for (auto [text, spec] : {std::pair{&base_text, &base_spec}, std::pair{&head_text, &head_spec}}) {
    if (!ParseSideSpec(*text, subdir, spec, &err)) {
      std::fprintf(stderr, "recipes diff: %s\n", err.c_str());
      return 2;
    }
    if (spec->git) spec->git->start_dir = anchor;
  }
  auto t0 = std::chrono::steady_clock::now();
  // The two sides load at once (parsing is most of a small diff's time).
  LoadedSide base;
  std::thread loader([&] { base = LoadSide(base_spec); });
  LoadedSide head = LoadSide(head_spec);
  loader.join();
  // Each side's problems first; a broken side stops the comparison.
  ReportSide(base, "base");
  ReportSide(head, "head");
  if (!base.ok() || !head.ok()) {
    std::fprintf(stderr, "recipes diff: cannot compare: %s\n",
                 !base.ok() && !head.ok() ? "both sides are broken"
                 : !base.ok()             ? "the base side is broken"
                                          : "the head side is broken");
    return 2;
  }
  for (const std::string& id : only) {
    if (!base.loaded.catalog->FindRecipe(id) && !head.loaded.catalog->FindRecipe(id)) {
      std::fprintf(stderr, "recipes diff: no recipe '%s' on either side\n", id.c_str());
      return 2;
    }
  }

  auto t1 = std::chrono::steady_clock::now();
  DiffProbes probes = DefaultDiffProbes();
  DiffOptions options;
  options.recipes = only;
  options.threads = threads;
  options.findings = probes.findings.get();
  options.plan = probes.plan.get();
  CatalogDiff diff = DiffCatalogs(*base.loaded.catalog, *head.loaded.catalog, base.label, head.label, options);

  std::string out;
  if (format == "json") {
    out = FormatDiffJson(diff);
  } else if (format == "markdown") {
    out = FormatDiffMarkdown(diff);
  } else {
    const char* no_color = std::getenv("NO_COLOR");
    bool tty = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    out = FormatDiffText(diff, color == "always" || (color == "auto" && tty));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (const char* t = std::getenv("RECIPES_DIFF_TIMING"); t && *t) {
    auto t2 = std::chrono::steady_clock::now();
    std::fprintf(stderr, "timing: load+check %.3f s, api %.3f s, renderings %.3f s, total %.3f s\n",
                 std::chrono::duration<double>(t1 - t0).count(), diff.api_seconds, diff.recipes_seconds,
                 std::chrono::duration<double>(t2 - t0).count());
  }
  if (!diff.api_error.empty()) return 2;
  if (exit_zero) return 0;
  return diff.equal() ? 0 : 1;
}

}  // namespace recipes
