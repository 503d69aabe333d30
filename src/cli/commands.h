// The subcommands of `recipes`. Each takes the arguments after its own name
// (args[0] is the subcommand name) and returns the process exit code:
// 0 success, 1 failure caused by the input, 2 usage error.
#ifndef RECIPES_CLI_COMMANDS_H_
#define RECIPES_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace recipes {

int RunValidate(const std::vector<std::string>& args);  // cli/validate_command.cc
int RunCommand(const std::vector<std::string>& args);   // cli/command_command.cc
int RunExplain(const std::vector<std::string>& args);   // cli/explain_command.cc
int RunCheck(const std::vector<std::string>& args);     // cli/check_command.cc
int RunResolve(const std::vector<std::string>& args);   // cli/resolve_command.cc
int RunBuild(const std::vector<std::string>& args);     // cli/build_command.cc
int RunServe(const std::vector<std::string>& args);     // cli/serve_command.cc
int RunDeploy(const std::vector<std::string>& args);    // cli/deploy_command.cc
int RunDetect(const std::vector<std::string>& args);    // cli/detect_command.cc
int RunRun(const std::vector<std::string>& args);       // cli/run_command.cc
int RunPlan(const std::vector<std::string>& args);      // cli/plan_command.cc
int RunList(const std::vector<std::string>& args);      // cli/discover_commands.cc
int RunShow(const std::vector<std::string>& args);      // cli/discover_commands.cc
int RunHardware(const std::vector<std::string>& args);  // cli/discover_commands.cc
int RunCompletion(const std::vector<std::string>& args);  // cli/completion_command.cc
int RunDiff(const std::vector<std::string>& args);      // cli/diff_command.cc

}  // namespace recipes

#endif  // RECIPES_CLI_COMMANDS_H_
