// `recipes run <org/repo> [selection]`: detect this machine's GPUs (unless
// --hardware), resolve, print the command, then exec it with its env merged.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/gpu_probe.h"
#include "cli/selection_cli.h"
#include "parse/catalog_loader.h"
#include "render/shell_command.h"
#include "resolve/resolver.h"

namespace recipes {

int RunRun(const std::vector<std::string>& raw) {
  bool dry_run = false, help = false;
  std::string recorded;
  std::vector<std::string> args;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == "--dry-run") {
      dry_run = true;
    } else if (raw[i] == "--gpu-query" && i + 1 < raw.size()) {
      recorded = raw[++i];
    } else if (raw[i].rfind("--gpu-query=", 0) == 0) {
      recorded = raw[i].substr(12);
    } else {
      help = help || raw[i] == "--help" || raw[i] == "-h";
      args.push_back(raw[i]);
    }
  }
  SelectionCliArgs cli;
  int code = ParseSelectionCli(args, "run", "Resolve the serve command for this machine and exec it.",
                               /*with_output_options=*/false, &cli);
  if (help) {
    std::printf(
        "\nRun options:\n  --dry-run         print the command, do not exec it\n"
        "  --gpu-query FILE  a recorded nvidia-smi/rocm-smi output instead of running the tool\n"
        "Without --hardware the machine's GPUs are detected (see 'recipes detect').\n");
  }
  if (code >= 0) return code;
  if (!cli.request.hardware) {
    LoadResult probe_catalog = LoadCatalogFrom(cli.catalog_dir);
    GpuDetection d = ProbeGpus(*probe_catalog.catalog, recorded);
    if (!d.ok()) {
      std::fprintf(stderr, "recipes run: %s (pass --hardware to choose a profile)\n", d.error.c_str());
      return 1;
    }
    std::fprintf(stderr, "recipes run: detected %d x %s -> hardware %s\n", d.count, d.gpus.front().name.c_str(),
                 d.hardware.c_str());
    cli.request.hardware = d.hardware;
  }
  LoadedSelection loaded;
  Resolution res;
  code = LoadAndResolve(cli, "run", "use 'recipes command' for its command", &loaded, &res);
  if (code >= 0) return code;
  const Selection& sel = loaded.outcome.selection;
  const Value& out = res.output;
  const Value* argv = out.Get("argv");
  const Value* type = out.Get("deployType");
  bool single = argv && argv->is_array() && type && type->is_string() &&
                (type->str() == "single_node" || (!out.Get("headArgv") && type->str() != "pd_cluster" &&
                                                   type->str() != "kv_store_lb"));
  if (!single) {
    std::fprintf(stderr,
                 "recipes run: this selection is a %s deployment of several processes%s; run it with "
                 "'recipes deploy %s --target k8s|slurm|compose|ssh'\n",
                 type && type->is_string() ? type->str().c_str() : "multi-process",
                 sel.node_count > 1 ? (" on " + std::to_string(sel.node_count) + " nodes").c_str() : "",
                 loaded.recipe->hf_id.c_str());
    return 1;
  }
  const Value* env = out.Get("env");
  std::string text;
  if (env && env->is_object()) {
    for (const auto& [k, v] : env->members()) text += "export " + k + "=" + QuoteShellValue(v.ToDisplayString()) + "\n";
  }
  const Value* cmd = out.Get("command");
  text += (cmd && cmd->is_string() ? cmd->str() : std::string()) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  if (dry_run) return 0;
  if (env && env->is_object()) {
    for (const auto& [k, v] : env->members()) setenv(k.c_str(), v.ToDisplayString().c_str(), 1);
  }
  std::vector<std::string> words;
  for (const Value& t : argv->items()) words.push_back(t.is_string() ? t.str() : t.ToDisplayString());
  std::vector<char*> cargv;
  for (std::string& w : words) cargv.push_back(w.data());
  cargv.push_back(nullptr);
  execvp(cargv[0], cargv.data());
  std::fprintf(stderr, "recipes run: cannot exec %s: %s\n", cargv[0], std::strerror(errno));
  return 127;
}

}  // namespace recipes
