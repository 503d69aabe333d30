// `recipes completion bash|zsh|fish`: a completion script for the shell.
// Subcommands and options are listed here; recipe ids come from
// `recipes list` at completion time, so they follow the catalog in use.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace recipes {
namespace {

const char* kCommands = "validate command explain check resolve build serve plan list show hardware completion help";
const char* kSelectionOptions =
    "--catalog --hardware --variant --strategy --feature --no-feature --nodes --prefill-nodes --decode-nodes "
    "--prefill-rank --decode-rank --prefill-mode --decode-mode --kv-offload --kv-instances --kv-instance --task "
    "--arg --docker --format --node-rank --out --help";

}  // namespace

int RunCompletion(const std::vector<std::string>& args) {
  std::string shell = args.size() > 1 ? args[1] : "";
  if (shell == "-h" || shell == "--help" || shell.empty()) {
    std::fprintf(shell.empty() ? stderr : stdout,
                 "usage: recipes completion bash|zsh|fish\n\n"
                 "  bash: source <(recipes completion bash)\n"
                 "  zsh:  source <(recipes completion zsh)\n"
                 "  fish: recipes completion fish | source\n");
    return shell.empty() ? 2 : 0;
  }
  if (shell == "bash" || shell == "zsh") {
    std::string s;
    if (shell == "zsh") s += "autoload -U +X bashcompinit && bashcompinit\n";
    s += "_recipes() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
         "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
         "    COMPREPLY=( $(compgen -W \"" + std::string(kCommands) + " --version --help\" -- \"$cur\") ); return\n"
         "  fi\n"
         "  case \"$prev\" in\n"
         "    --hardware) COMPREPLY=( $(compgen -W \"$(recipes hardware 2>/dev/null | cut -d' ' -f1)\" -- \"$cur\") ); return;;\n"
         "    --format) COMPREPLY=( $(compgen -W \"text json\" -- \"$cur\") ); return;;\n"
         "    completion) COMPREPLY=( $(compgen -W \"bash zsh fish\" -- \"$cur\") ); return;;\n"
         "    help) COMPREPLY=( $(compgen -W \"" + std::string(kCommands) + "\" -- \"$cur\") ); return;;\n"
         "  esac\n"
         "  case \"$cur\" in\n"
         "    -*) COMPREPLY=( $(compgen -W \"" + std::string(kSelectionOptions) + "\" -- \"$cur\") );;\n"
         "    *) case \"${COMP_WORDS[1]}\" in\n"
         "         command|explain|show|plan) COMPREPLY=( $(compgen -W \"$(recipes list 2>/dev/null | cut -d' ' -f1)\" -- \"$cur\") );;\n"
         "       esac;;\n"
         "  esac\n"
         "}\n"
         "complete -F _recipes recipes\n";
    std::fwrite(s.data(), 1, s.size(), stdout);
    return 0;
  }
  if (shell == "fish") {
    std::string s = "complete -c recipes -f\n";
    s += "complete -c recipes -n '__fish_use_subcommand' -a '" + std::string(kCommands) + "'\n";
    s += "complete -c recipes -n '__fish_seen_subcommand_from command explain show plan' -a '(recipes list 2>/dev/null | string split -f1 \" \")'\n";
    s += "complete -c recipes -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n";
    s += "complete -c recipes -l hardware -x -a '(recipes hardware 2>/dev/null | string split -f1 \" \")'\n";
    s += "complete -c recipes -l format -x -a 'text json'\n";
    std::string opts = kSelectionOptions;
    for (size_t p = 0; p < opts.size();) {
      size_t e = opts.find(' ', p);
      if (e == std::string::npos) e = opts.size();
      std::string o = opts.substr(p + 2, e - p - 2);
      if (o != "hardware" && o != "format") s += "complete -c recipes -l " + o + "\n";
      p = e + 1;
    }
    std::fwrite(s.data(), 1, s.size(), stdout);
    return 0;
  }
  std::fprintf(stderr, "recipes completion: error: unknown shell '%s'\n  valid shell choices: bash, zsh, fish\n",
               shell.c_str());
  return 2;
}

}  // namespace recipes
