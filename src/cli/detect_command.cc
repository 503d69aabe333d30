// `recipes detect [ORG/REPO]`: this machine's GPUs as a hardware profile; with
// a recipe, the selection the builder would pick here and why.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "cli/gpu_probe.h"
#include "cli/selection_cli.h"
#include "parse/catalog_loader.h"
#include "render/json_writer.h"

namespace recipes {

int RunDetect(const std::vector<std::string>& args) {
  CLI::App app{"Name this machine's GPUs as a hardware profile (nvidia-smi or rocm-smi).", "recipes detect"};
  std::string recipe_id, catalog_dir, recorded;
  app.add_option("recipe", recipe_id, "also print the selection the builder picks for this machine");
  app.add_option("--catalog", catalog_dir, "catalog folder (default: the catalog built into the binary)");
  app.add_option("--gpu-query", recorded, "read this recorded nvidia-smi/rocm-smi output instead of running the tool");
  if (auto code = ParseArgs(app, args)) return *code;
  LoadResult loaded = LoadCatalogFrom(catalog_dir);
  GpuDetection d = ProbeGpus(*loaded.catalog, recorded);
  if (!d.ok()) {
    std::fprintf(stderr, "recipes detect: %s\n", d.error.c_str());
    return 1;
  }
  std::printf("hardware: %s\ncount: %d\nmemory: %.1f GiB per GPU (%s)\n", d.hardware.c_str(), d.count, d.memory_gib,
              d.gpus.front().name.c_str());
  if (recipe_id.empty()) return 0;
  SelectionCliArgs cli;
  cli.recipe_id = recipe_id;
  cli.catalog_dir = catalog_dir;
  cli.request.hardware = d.hardware;
  LoadedSelection sel;
  int code = LoadSelection(cli, "detect", &sel);
  if (code >= 0) return code;
  std::printf("selection: %s\n", ToJson(sel.outcome.selection.ToJson(), 0).c_str());
  std::printf("why: hardware %s is this machine (%d x %s)", d.hardware.c_str(), d.count, d.gpus.front().name.c_str());
  std::printf("; everything else is the builder's default for %s on %s\n", sel.recipe->hf_id.c_str(), d.hardware.c_str());
  for (const std::string& n : sel.outcome.notes) std::printf("note: %s\n", n.c_str());
  return 0;
}

}  // namespace recipes
