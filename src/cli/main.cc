// recipes: vLLM serving recipes, from catalog to serve command.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"

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
    {"plan", "will it fit: weights, KV cache, max context and concurrency", recipes::RunPlan},
    {"diff", "show what a catalog change does to commands, API files, findings and plans", recipes::RunDiff},
};

void Usage(FILE* out) {
  std::fprintf(out, "usage: recipes <command> [options]\n\ncommands:\n");
  for (const Tool& t : kTools) std::fprintf(out, "  %-10s %s\n", t.name, t.summary);
  std::fprintf(out, "\nRun 'recipes <command> --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage(stderr);
    return 2;
  }
  std::string name = argv[1];
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
