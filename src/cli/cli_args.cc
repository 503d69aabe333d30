#include "cli/cli_args.h"

#include <algorithm>
#include <cstdio>

#include "render/json_writer.h"

namespace recipes {

std::optional<int> ParseArgs(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  bool json = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    json = json || rest[i] == "--format=json" || (rest[i] == "--format" && i + 1 < rest.size() && rest[i + 1] == "json");
  }
  std::reverse(rest.begin(), rest.end());  // CLI11 consumes a vector from its back
  try {
    app.parse(rest);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const CLI::ParseError& e) {
    // Usage errors read like every other error of the subcommand.
    std::string name = app.get_name();
    if (json) {
      ObjectItems err;
      err.Set("param", Value::String("usage"));
      err.Set("message", Value::String(e.what()));
      err.Set("valid", Value::Array({}));
      ObjectItems o;
      o.Set("error", Value::Object(std::move(err)));
      std::string text = ToJson(Value::Object(std::move(o)));
      std::fprintf(stdout, "%s\n", text.c_str());
    } else {
      std::fprintf(stderr, "%s: error: %s\nRun '%s --help' for the options.\n", name.c_str(), e.what(), name.c_str());
    }
    return 2;
  }
  return std::nullopt;
}

}  // namespace recipes
