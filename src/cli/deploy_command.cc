// `recipes deploy <org/repo> [selection] --target k8s|slurm|compose|ssh`: the
// selection's processes as Kubernetes manifests, an sbatch script, a compose
// file or an SSH launch script; written under --out, or printed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/selection_cli.h"
#include "deploy/deploy_plan.h"
#include "deploy/multi_node_selections.h"
#include "deploy/targets.h"
#include "parse/catalog_loader.h"

namespace recipes {
namespace {

constexpr const char* kDeployFlags[] = {"--target", "--out",  "--name",  "--namespace", "--image",     "--hf-secret",
                                        "--pvc",    "--shm-size", "--iface", "--hosts",   "--partition", "--time"};

const char* kDeployHelp =
    "\nDeploy options:\n"
    "  --target k8s|slurm|compose|ssh   what to emit (required)\n"
    "  --out DIR                        write the files there (default: print them)\n"
    "  --name N                         resource / job / container name (default: from the recipe)\n"
    "  --namespace NS                   Kubernetes namespace (default: default)\n"
    "  --image IMG                      container image (default: the recipe's)\n"
    "  --hf-secret NAME                 Secret holding HF_TOKEN (optional at run time; default: hf-token)\n"
    "  --pvc NAME                       PersistentVolumeClaim for the Hugging Face cache (default: emptyDir)\n"
    "  --shm-size S                     /dev/shm size (default: 16Gi)\n"
    "  --iface IF                       NIC for NCCL/Gloo (default: eth0; SLURM: the route to the head)\n"
    "  --hosts h1,h2,...                ssh: one host per node, head first\n"
    "  --partition P / --time T         SLURM partition and time limit\n"
    "  --every-recipe                   every target for every recipe's default multi-node selection\n"
    "                                   (no recipe argument; what bench/deploy.sh times)\n";

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// --every-recipe: every target for every recipe's default multi-node
// selection (what bench/deploy.sh times); writes under --out when given.
int EveryRecipe(const std::string& catalog_dir, const std::string& out_dir) {
  LoadResult loaded = LoadCatalogFrom(catalog_dir);
  int recipes = 0, artifacts = 0, refused = 0;
  size_t bytes = 0;
  for (const Recipe& recipe : loaded.catalog->recipes) {
    for (const Selection& sel : DefaultMultiNodeSelection(*loaded.catalog, recipe)) {
      std::string error;
      std::optional<DeployPlan> plan = BuildDeployPlan(*loaded.catalog, recipe, sel, &error);
      if (!plan) {
        std::fprintf(stderr, "recipes deploy: %s: %s\n", recipe.hf_id.c_str(), error.c_str());
        return 1;
      }
      ++recipes;
      DeployOptions opt;
      for (int i = 1; i <= plan->TotalNodes(); ++i) opt.hosts.push_back("node" + std::to_string(i));
      for (const char* target : {"k8s", "slurm", "compose", "ssh"}) {
        DeployResult r = RenderTarget(target, *plan, opt);
        if (!r.ok()) {
          ++refused;  // compose refuses multi-node selections
          continue;
        }
        for (const Artifact& a : r.files) {
          ++artifacts;
          bytes += a.content.size();
          if (!out_dir.empty()) {
            std::filesystem::path dir = std::filesystem::path(out_dir) / DefaultDeployName(*plan);
            std::filesystem::create_directories(dir);
            std::ofstream(dir / a.path, std::ios::binary) << a.content;
          }
        }
      }
    }
  }
  std::printf("%d recipes with a multi-node selection, %d artifacts (%zu bytes), %d target refusals\n", recipes,
              artifacts, bytes, refused);
  return 0;
}

}  // namespace

int RunDeploy(const std::vector<std::string>& args) {
  std::map<std::string, std::string> flags;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool taken = false;
    for (const char* f : kDeployFlags) {
      std::string flag = f;
      if (a == flag) {
        if (i + 1 >= args.size()) {
          std::fprintf(stderr, "recipes deploy: %s needs a value\n", f);
          return 2;
        }
        flags[flag] = args[++i];
        taken = true;
      } else if (a.rfind(flag + "=", 0) == 0) {
        flags[flag] = a.substr(flag.size() + 1);
        taken = true;
      }
      if (taken) break;
    }
    if (!taken) rest.push_back(a);
  }
  bool help = false, every = false;
  std::string catalog_dir;
  for (size_t i = 0; i < rest.size(); ++i) {
    help = help || rest[i] == "-h" || rest[i] == "--help";
    every = every || rest[i] == "--every-recipe";
    if (rest[i] == "--catalog" && i + 1 < rest.size()) catalog_dir = rest[i + 1];
  }
  if (every) return EveryRecipe(catalog_dir, flags.count("--out") ? flags["--out"] : "");
  SelectionCliArgs cli;
  int code = ParseSelectionCli(rest, "deploy",
                               "Render a recipe's deployment for Kubernetes, SLURM, docker compose or SSH.",
                               /*with_output_options=*/false, &cli);
  if (help) std::fputs(kDeployHelp, stdout);
  if (code >= 0) return code;
  std::string target = flags.count("--target") ? flags["--target"] : "";
  if (target != "k8s" && target != "slurm" && target != "compose" && target != "ssh") {
    std::fprintf(stderr, "recipes deploy: --target must be k8s, slurm, compose or ssh%s\n",
                 target.empty() ? "" : (" (got '" + target + "')").c_str());
    return 2;
  }
  LoadedSelection loaded;
  code = LoadSelection(cli, "deploy", &loaded);
  if (code >= 0) return code;
  std::string error;
  std::optional<DeployPlan> plan = BuildDeployPlan(*loaded.catalog, *loaded.recipe, loaded.outcome.selection, &error);
  if (!plan) {
    std::fprintf(stderr, "recipes deploy: error: %s\n", error.c_str());
    return 1;
  }
  DeployOptions opt;
  if (flags.count("--name")) opt.name = flags["--name"];
  if (flags.count("--namespace")) opt.ns = flags["--namespace"];
  if (flags.count("--image")) opt.image = flags["--image"];
  if (flags.count("--hf-secret")) opt.hf_secret = flags["--hf-secret"];
  if (flags.count("--pvc")) opt.pvc = flags["--pvc"];
  if (flags.count("--shm-size")) opt.shm_size = flags["--shm-size"];
  if (flags.count("--iface")) opt.iface = flags["--iface"];
  if (flags.count("--hosts")) opt.hosts = SplitComma(flags["--hosts"]);
  if (flags.count("--partition")) opt.partition = flags["--partition"];
  if (flags.count("--time")) opt.time = flags["--time"];
  if (!opt.image.empty()) plan->image = opt.image;
  DeployResult result = RenderTarget(target, *plan, opt);
  if (!result.ok()) {
    std::fprintf(stderr, "recipes deploy: error: %s\n", result.error.c_str());
    return 1;
  }
  if (!flags.count("--out")) {
    for (size_t i = 0; i < result.files.size(); ++i) {
      if (result.files.size() > 1) std::printf("%s# ==> %s <==\n", i ? "\n" : "", result.files[i].path.c_str());
      std::fwrite(result.files[i].content.data(), 1, result.files[i].content.size(), stdout);
    }
    return 0;
  }
  std::filesystem::path dir = flags["--out"];
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const Artifact& a : result.files) {
    std::filesystem::path p = dir / a.path;
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << a.content;
    f.close();
    if (!f) {
      std::fprintf(stderr, "recipes deploy: cannot write %s\n", p.c_str());
      return 1;
    }
    if (a.executable) {
      std::filesystem::permissions(p, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec |
                                          std::filesystem::perms::others_exec,
                                   std::filesystem::perm_options::add, ec);
    }
    std::fprintf(stderr, "wrote %s\n", p.c_str());
  }
  return 0;
}

}  // namespace recipes
