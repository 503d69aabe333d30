// recipes: vLLM serving recipes, from catalog to serve command.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "model/version.h"
#include "parse/embedded_catalog.h"

namespace {

struct Tool {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>&);
};

const Tool kTools[] = {
    {"validate", "check a catalog and report every problem with its position", recipes::RunValidate},
    {"command", "print the serve command for a recipe and a selection", recipes::RunCommand},
    {"explain", "print the serve command with the origin of every flag", recipes::RunExplain},
    {"check", "check every reachable serve command against vLLM's CLI", recipes::RunCheck},
    {"resolve", "resolve JSON Lines selections from stdin (batch mode)", recipes::RunResolve},
    {"build", "write the static JSON API", recipes::RunBuild},
    {"serve", "serve the website and the JSON API", recipes::RunServe},
    {"deploy", "render a deployment: Kubernetes, SLURM, docker compose or SSH", recipes::RunDeploy},
    {"detect", "name this machine's GPUs as a hardware profile", recipes::RunDetect},
    {"run", "detect, resolve and exec the serve command on this machine", recipes::RunRun},
    {"plan", "will it fit: weights, KV cache, max context and concurrency", recipes::RunPlan},
    {"list", "list the recipes (--hardware ID, --task T)", recipes::RunList},
    {"show", "show a recipe's hardware, variants, strategies, features and defaults", recipes::RunShow},
    {"hardware", "list the hardware taxonomy", recipes::RunHardware},
    {"completion", "print a shell completion script (bash, zsh, fish)", recipes::RunCompletion},
    {"diff", "show what a catalog change does to commands, API files, findings and plans", recipes::RunDiff},
};


// A short content hash of the embedded catalog (paths and bytes, FNV-1a), so
// two binaries with the same revision serve the same recipes.
std::string CatalogRevision() {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
  };
  size_t files = 0;
  for (const recipes::EmbeddedFile& f : recipes::EmbeddedCatalogFiles()) {
    mix(f.path, std::strlen(f.path) + 1);
    mix(f.data, f.size);
    ++files;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%012llx, %zu files", static_cast<unsigned long long>(h & 0xffffffffffffull), files);
  return buf;
}

void Usage(FILE* out) {
  std::fprintf(out, "usage: recipes <command> [options]\n\ncommands:\n");
  for (const Tool& t : kTools) std::fprintf(out, "  %-10s %s\n", t.name, t.summary);
  std::fprintf(out, "\nRun 'recipes help <command>' (or 'recipes <command> --help') for a command's options;\n"
                   "'recipes --version' for the version and the built-in catalog's revision.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--version" || name == "-V") {
    std::printf("recipes %s (built-in catalog revision %s)\n", recipes::RecipesVersion(), CatalogRevision().c_str());
    return 0;
  }
  if (name == "help" && argc > 2) {  // `recipes help <cmd>` = `recipes <cmd> --help`
    for (const Tool& t : kTools) {
      if (t.name == std::string(argv[2])) return t.run({t.name, "--help"});
    }
    std::fprintf(stderr, "recipes help: error: unknown command '%s'\n\n", argv[2]);
    Usage(stderr);
    return 2;
  }
  if (name == "-h" || name == "--help" || name == "help") {
    Usage(stdout);
    return 0;
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const Tool& t : kTools) {
    if (name == t.name) return t.run(args);
  }
  std::fprintf(stderr, "recipes: unknown command '%s'\n\n", name.c_str());
  Usage(stderr);
  return 2;
}
