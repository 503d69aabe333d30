// `recipes command <org/repo>`: the serve command for a selection, as text a
// user pastes (env exports, then the command; one commented block per node,
// role or process for larger deployments), as `docker run`, or as JSON.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "check/catalog_check.h"
#include "cli/commands.h"
#include "cli/selection_cli.h"
#include "plan/recipe_plan.h"
#include "render/docker.h"
#include "render/json_writer.h"
#include "render/shell_command.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

const Value* Get(const Value* v, std::string_view key) {
  const Value* r = v ? v->Get(key) : nullptr;
  return r && !r->is_null() ? r : nullptr;
}

int Int(const Value* v) { return v && v->is_number() ? static_cast<int>(v->number()) : 0; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// One paste-able unit: a serve process, a router, a Mooncake helper...
struct Block {
  std::string title;                  // "# title" line ("" = none)
  std::vector<std::string> comments;  // further "# ..." lines
  const Value* env = nullptr;         // exported before the command (serve blocks)
  std::string command;
  const Value* argv = nullptr;  // serve blocks: wrapped by --docker
  int port = 8000;
  int node = -1;  // multi-node serve blocks: the node index (0 = head)
  DockerNetwork network = DockerNetwork::kBridge;
};

class TextRenderer {
 public:
  TextRenderer(const Catalog& catalog, const Recipe& recipe, const Selection& sel, bool docker)
      : recipe_(recipe), sel_(sel), docker_(docker), profile_(catalog.FindHardware(sel.hardware)) {
    if (docker_) image_ = DockerImage(recipe.doc, sel.variant, sel.hardware, profile_);
  }

  std::string Render(const Value& out) {
    Build(out);
    return Text();
  }

  void Build(const Value& out) {
    std::string type = StringOf(out.Get("deployType"));
    if (type == "multi_node") {
      MultiNode(out, out.Get("env"));
    } else if (type == "pd_cluster") {
      Pd(out);
    } else if (type == "kv_store_lb") {
      KvStore(out);
    } else {
      Single(out);
    }
  }

  /// Number of nodes with their own block (0 when the deployment is not multi-node).
  int NodeBlocks() const {
    int n = 0;
    for (const Block& b : blocks_) n = std::max(n, b.node + 1);
    return n;
  }

  /// One node's block alone (no hardware note, helpers or trailer).
  std::string NodeText(int node) const {
    for (const Block& b : blocks_) {
      if (b.node == node) return RenderBlock(b);
    }
    return {};
  }

  std::string Text() const {
    std::string text = HardwareNote();
    for (size_t i = 0; i < blocks_.size(); ++i) {
      if (!text.empty()) text += "\n";
      text += RenderBlock(blocks_[i]);
    }
    for (const std::string& t : trailer_) text += "\n# " + t;
    if (!trailer_.empty()) text += "\n";
    return text;
  }

 private:
  std::string HardwareNote() const {
    const Value* notes = recipe_.doc.Get("hardware_notes");
    const Value* note = Get(notes, sel_.hardware);
    if (!note) return {};
    std::string title = "Hardware note", body;
    if (note->is_string()) {
      body = note->str();
    } else {
      if (!StringOf(Get(note, "title")).empty()) title = StringOf(Get(note, "title"));
      body = StringOf(Get(note, "body"));
    }
    std::string text = "# " + title + "\n";
    for (const std::string& l : Lines(body)) text += "#   " + l + "\n";
    return text;
  }

  std::string RenderBlock(const Block& b) const {
    std::string text;
    if (!b.title.empty()) text += "# " + b.title + "\n";
    for (const std::string& c : b.comments) text += "# " + c + "\n";
    if (b.argv && docker_) {
      Value env = b.env ? *b.env : Value::Object(ObjectItems{});
      text += RenderDockerRun(b.command, *b.argv, env, image_, profile_, b.port, b.network).command + "\n";
      return text;
    }
    if (b.env && b.env->is_object() && !b.env->members().empty()) {
      for (const auto& [k, v] : b.env->members()) text += "export " + k + "=" + QuoteShellValue(v.ToDisplayString()) + "\n";
      text += "\n";
    }
    text += b.command;
    if (!b.command.empty() && b.command.back() != '\n') text += "\n";
    return text;
  }

  void Single(const Value& out) {
    const Value* companions = Get(&out, "companions");
    int step = 1;
    bool tabs = companions && companions->is_array() && companions->size() > 0;
    if (tabs) {
      for (const Value& c : companions->items()) {
        Block b;
        b.title = std::to_string(step++) + ". " + StringOf(c.Get("label"));
        for (const std::string& l : Lines(StringOf(c.Get("description")))) b.comments.push_back(l);
        b.command = StringOf(c.Get("command"));
        blocks_.push_back(std::move(b));
      }
    }
    Block serve;
    if (tabs) serve.title = std::to_string(step) + ". vLLM Serve";
    serve.env = out.Get("env");
    serve.command = StringOf(out.Get("command"));
    serve.argv = out.Get("argv");
    blocks_.push_back(std::move(serve));
  }

  // Head and followers of one multi-node deployment (also a Mooncake instance).
  void MultiNode(const Value& out, const Value* env, const std::string& head_cmd_key = "headCommand",
                 const std::string& head_argv_key = "headArgv", const std::string& context = "") {
    int nodes = Int(out.Get("nodeCount"));
    const Value* workers = Get(&out, "workerCommands");
    const Value* worker_argvs = Get(&out, "workerArgvs");
    if (nodes <= 0) nodes = 1 + (workers ? static_cast<int>(workers->size()) : 0);
    Block head;
    head.title = "Head node (node 0 of " + std::to_string(nodes) + ")" + context + " — serves HTTP on port 8000";
    head.env = env;
    head.command = StringOf(out.Get(head_cmd_key));
    head.argv = out.Get(head_argv_key);
    head.node = 0;
    head.network = DockerNetwork::kHostHead;
    blocks_.push_back(std::move(head));
    if (workers && workers->is_array()) {
      for (size_t i = 0; i < workers->size(); ++i) {
        Block w;
        w.title = "Node " + std::to_string(i + 1) + " of " + std::to_string(nodes) + context + " — follower";
        w.env = env;
        w.command = workers->At(i)->is_string() ? workers->At(i)->str() : "";
        w.argv = worker_argvs ? worker_argvs->At(i) : nullptr;
        w.node = static_cast<int>(i) + 1;
        w.network = DockerNetwork::kHostFollower;
        blocks_.push_back(std::move(w));
      }
    }
    if (trailer_.empty() && context.empty() && head_cmd_key == "headCommand") {
      trailer_.push_back("Run each block on its own node; set $HEAD_IP to the head node's address and");
      trailer_.push_back("$IFACE_NAME to the network interface that reaches it.");
    } else if (trailer_.empty()) {
      trailer_.push_back("Run each vLLM block on its own node of the instance; set $IFACE_NAME to the");
      trailer_.push_back("network interface that reaches the instance's head node.");
    }
  }

  void MooncakeHelpers(const Value* config, const std::string& config_note, const Value* master, const Value* store,
                       const std::string& install, int* step) {
    Block cfg;
    cfg.title = std::to_string((*step)++) + ". Mooncake config — run once on every node before the steps below";
    std::string script = "export MOONCAKE_CONFIG_PATH=\"${MOONCAKE_CONFIG_PATH:-/etc/mooncake/mooncake_vllm_config.json}\"\n";
    if (store) {
      script +=
          "export MOONCAKE_STORE_CONFIG_PATH=\"${MOONCAKE_STORE_CONFIG_PATH:-/etc/mooncake/"
          "mooncake_store_config.json}\"\n";
    }
    auto file = [&](const std::string& note, const Value* obj, const std::string& var) {
      script += "\n";
      for (const std::string& l : Lines(note)) script += "# " + l + "\n";
      script += "cat > \"$" + var + "\" <<EOF\n" + (obj ? ToJson(*obj) : std::string("{}")) + "\nEOF\n";
    };
    file(config_note, config, "MOONCAKE_CONFIG_PATH");
    if (store) file(StringOf(Get(store, "note")), Get(store, "config"), "MOONCAKE_STORE_CONFIG_PATH");
    if (!install.empty()) script += "\n# Install on every vLLM node: " + install + "\n";
    cfg.command = script;
    blocks_.push_back(std::move(cfg));
    if (master) {
      Block b;
      b.title = std::to_string((*step)++) + ". Mooncake master — " + StringOf(Get(master, "description"));
      b.command = StringOf(Get(master, "command"));
      blocks_.push_back(std::move(b));
    }
    if (store) {
      Block b;
      b.title = std::to_string((*step)++) + ". Mooncake store — " + StringOf(Get(store, "description"));
      b.command = StringOf(Get(store, "command"));
      blocks_.push_back(std::move(b));
    }
  }

  void Pd(const Value& out) {
    int step = 1;
    const Value* mooncake = Get(&out, "mooncake");
    if (mooncake) {
      MooncakeHelpers(Get(mooncake, "config"), StringOf(Get(mooncake, "configNote")), Get(mooncake, "master"),
                      Get(mooncake, "store"), StringOf(Get(mooncake, "install")), &step);
    }
    auto role = [&](const char* key, const char* label, int port) {
      const Value* r = Get(&out, key);
      if (!r) return;
      Block b;
      b.title = (mooncake ? std::to_string(step++) + ". " : std::string()) + label;
      int nodes = Int(r->Get("nodes"));
      int pool = Int(r->Get("poolGpus"));
      std::string mode = StringOf(r->Get("parallelism"));
      for (char& c : mode) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (nodes <= 0) {
        b.comments.push_back("Co-located half-node · " + std::to_string(pool) + " GPU · " + mode);
      } else {
        std::string line = std::to_string(nodes) + " node" + (nodes == 1 ? "" : "s") + " × " +
                           std::to_string(pool / nodes) + " GPU = " + std::to_string(pool) + " GPU · " + mode;
        if (StringOf(r->Get("parallelism")) == "dep" && nodes > 1) {
          line += " · DP=" + std::to_string(Int(r->Get("dpSize"))) + " (dp_local=" +
                  std::to_string(Int(r->Get("dpLocal"))) + ", one vllm serve per node)";
        }
        b.comments.push_back(line);
        if (nodes > 1) {
          int current = Int(r->Get("currentNode"));
          std::string which = "Shown: node " + std::to_string(current + 1) + " of " + std::to_string(nodes);
          if (StringOf(r->Get("parallelism")) == "dep") {
            which += " · start_rank = " + std::to_string(Int(r->Get("startRank")));
          } else {
            which += current == 0 ? " (head — serves HTTP + NIXL)" : " (follower — runs --headless)";
          }
          which += "; pick another with --" + std::string(key) + "-rank N";
          b.comments.push_back(which);
        }
      }
      b.env = r->Get("env");
      b.command = StringOf(r->Get("command"));
      b.argv = r->Get("argv");
      b.port = port;
      if (nodes > 1) {
        b.network = Int(r->Get("currentNode")) == 0 ? DockerNetwork::kHostHead : DockerNetwork::kHostFollower;
      }
      blocks_.push_back(std::move(b));
    };
    role("prefill", "Prefill", 8001);
    role("decode", "Decode", 8002);
    if (const Value* router = Get(&out, "router")) {
      Block b;
      b.title = (mooncake ? std::to_string(step++) + ". " : std::string()) + "Router — clients connect here";
      if (!StringOf(Get(router, "install")).empty()) b.comments.push_back("Install: " + StringOf(Get(router, "install")));
      b.command = StringOf(Get(router, "command"));
      blocks_.push_back(std::move(b));
    }
  }

  void KvStore(const Value& out) {
    int step = 1;
    const Value* vllm = Get(&out, "vllm");
    MooncakeHelpers(Get(&out, "mooncakeConfig"), StringOf(Get(&out, "mooncakeConfigNote")), Get(&out, "master"),
                    Get(&out, "store"), "", &step);
    int instances = Int(out.Get("instances"));
    int current = Int(out.Get("currentInstance"));
    int nodes = Int(out.Get("nodeCount"));
    std::string context = instances > 1 ? ", instance " + std::to_string(current + 1) + " of " +
                                              std::to_string(instances) + " on $VLLM_INSTANCE_" +
                                              std::to_string(current + 1)
                                        : "";
    std::string install = StringOf(Get(vllm, "install"));
    if (vllm && nodes > 1 && Get(vllm, "workerCommands")) {
      size_t first = blocks_.size();
      ObjectItems shim;  // MultiNode reads nodeCount from the top level
      for (const auto& [k, v] : vllm->members()) shim.Set(k, v);
      shim.Set("nodeCount", Value::Number(nodes));
      shim_ = Value::Object(std::move(shim));
      MultiNode(shim_, Get(vllm, "env"), "command", "argv", context);
      for (size_t i = first; i < blocks_.size(); ++i) blocks_[i].title = std::to_string(step++) + ". " + blocks_[i].title;
      if (!install.empty()) blocks_[first].comments.push_back("Requires: " + install);
    } else if (vllm) {
      Block b;
      b.title = std::to_string(step++) + ". vLLM serve" + (instances > 1 ? context : std::string(" — clients connect here"));
      if (!install.empty()) b.comments.push_back("Requires: " + install);
      b.env = Get(vllm, "env");
      b.command = StringOf(Get(vllm, "command"));
      b.argv = Get(vllm, "argv");
      blocks_.push_back(std::move(b));
    }
    if (const Value* router = Get(&out, "router")) {
      Block b;
      b.title = std::to_string(step++) + ". Router — load-balances across " + std::to_string(instances) +
                " vLLM instances; clients connect here";
      if (!StringOf(Get(router, "install")).empty()) b.comments.push_back("Install: " + StringOf(Get(router, "install")));
      b.command = StringOf(Get(router, "command"));
      blocks_.push_back(std::move(b));
    }
    if (instances > 1) {
      trailer_.push_back("Shown: instance " + std::to_string(current + 1) + " of " + std::to_string(instances) +
                         "; pick another with --kv-instance N (0-based).");
    }
  }

  const Recipe& recipe_;
  const Selection& sel_;
  bool docker_;
  const Value* profile_;
  std::optional<std::string> image_;
  std::vector<Block> blocks_;
  std::vector<std::string> trailer_;
  Value shim_;
};

// --out DIR: node_N.sh per node (node_0.sh holds everything for one-node
// deployments).
int WriteNodeScripts(const SelectionCliArgs& cli, const TextRenderer& renderer, const std::string& name) {
  std::error_code ec;
  std::filesystem::create_directories(cli.out_dir, ec);
  if (ec) {
    ReportCliError(cli.format, name, {"out", "cannot create '" + cli.out_dir + "': " + ec.message(), {}, ""});
    return 1;
  }
  int nodes = std::max(renderer.NodeBlocks(), 1);
  ArrayItems written;
  for (int n = 0; n < nodes; ++n) {
    if (cli.node_rank && *cli.node_rank != n) continue;
    std::string body = renderer.NodeBlocks() == 0 ? renderer.Text() : renderer.NodeText(n);
    std::string path = (std::filesystem::path(cli.out_dir) / ("node_" + std::to_string(n) + ".sh")).string();
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "#!/bin/sh\n" << body;
    f.close();
    if (!f) {
      ReportCliError(cli.format, name, {"out", "cannot write '" + path + "'", {}, ""});
      return 1;
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec |
                                           std::filesystem::perms::others_exec,
                                 std::filesystem::perm_options::add, ec);
    written.push_back(Value::String(path));
    if (cli.format != "json") std::printf("wrote %s\n", path.c_str());
  }
  if (cli.format == "json") {
    ObjectItems o;
    o.Set("written", Value::Array(std::move(written)));
    std::string text = ToJson(Value::Object(std::move(o)));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}

// vLLM-Omni recipes: one command for the picked task (resolution.md §16).
int PrintOmni(const SelectionCliArgs& cli, const LoadedSelection& loaded) {
  const Catalog& catalog = *loaded.catalog;
  const Recipe& recipe = *loaded.recipe;
  const Selection& sel = loaded.outcome.selection;
  OmniResolution res = ResolveOmniCommand(catalog, recipe, sel.variant, loaded.omni_task, sel.hardware);
  if (!res.ok()) {
    std::string where = res.error->pos.known() ? res.error->pos.ToString() + ": " : std::string();
    std::fprintf(stderr, "recipes command: %serror: %s\n", where.c_str(), res.error->message.c_str());
    return 1;
  }
  const Value* profile = catalog.FindHardware(sel.hardware);
  std::optional<std::string> image;
  if (cli.docker) image = DockerImage(recipe.doc, sel.variant, sel.hardware, profile);
  // Publish the port the server listens on (omni.port when the recipe sets one).
  const Value* omni = recipe.doc.Get("omni");
  const Value* port_v = omni ? omni->Get("port") : nullptr;
  int port = port_v && port_v->is_number() ? static_cast<int>(port_v->number())
             : port_v && port_v->is_string() ? std::atoi(port_v->str().c_str())
                                             : 8000;
  if (port <= 0) port = 8000;
  if (cli.format == "json") {
    ObjectItems s;
    s.Set("variant", Value::String(sel.variant));
    s.Set("hardware", Value::String(sel.hardware));
    s.Set("task", loaded.omni_task ? Value::String(loaded.omni_task->key) : Value());
    ObjectItems o;
    o.Set("recipe", Value::String(recipe.hf_id));
    o.Set("selection", Value::Object(std::move(s)));
    o.Set("model_id", Value::String(res.model_id));
    o.Set("resolution", res.ToValue());
    if (cli.docker) {
      DockerRun run = RenderDockerRun(res.command, Value(), res.env, image, profile, port);
      o.Set("docker", Value::String(run.command));
    }
    std::string text = ToJson(Value::Object(std::move(o)));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  std::string text;
  if (const OmniTask* t = loaded.omni_task) {
    text += "# vLLM-Omni task: " + (t->label.empty() ? t->key : t->label);
    if (!t->endpoint.empty()) text += " (" + t->method + " " + t->endpoint + ")";
    text += "\n";
  }
  if (cli.docker) {
    text += RenderDockerRun(res.command, Value(), res.env, image, profile, port).command + "\n";
  } else {
    if (res.env.is_object() && !res.env.members().empty()) {
      for (const auto& [k, v] : res.env.members()) text += "export " + k + "=" + QuoteShellValue(v.ToDisplayString()) + "\n";
      text += "\n";
    }
    text += res.command + "\n";
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace

// The docker forms of every serve process, for --format json --docker.
Value DockerForms(const Catalog& catalog, const Recipe& recipe, const Selection& sel, const Value& out) {
  const Value* profile = catalog.FindHardware(sel.hardware);
  std::optional<std::string> image = DockerImage(recipe.doc, sel.variant, sel.hardware, profile);
  ArrayItems forms;
  auto add = [&](const std::string& process, const Value* cmd, const Value* argv, const Value* env, int port,
                 DockerNetwork network = DockerNetwork::kBridge) {
    if (!cmd || !cmd->is_string() || !argv) return;
    Value e = env ? *env : Value::Object(ObjectItems{});
    DockerRun run = RenderDockerRun(cmd->str(), *argv, e, image, profile, port, network);
    ObjectItems o;
    o.Set("process", Value::String(process));
    o.Set("command", Value::String(run.command));
    o.Set("argv", run.argv);
    forms.push_back(Value::Object(std::move(o)));
  };
  auto multi = [&](const Value& o, const Value* env, const char* head_cmd, const char* head_argv) {
    add("head", o.Get(head_cmd), o.Get(head_argv), env, 8000, DockerNetwork::kHostHead);
    const Value* wc = Get(&o, "workerCommands");
    const Value* wa = Get(&o, "workerArgvs");
    for (size_t i = 0; wc && i < wc->size(); ++i) {
      add("worker " + std::to_string(i + 1), wc->At(i), wa ? wa->At(i) : nullptr, env, 8000,
          DockerNetwork::kHostFollower);
    }
  };
  std::string type = StringOf(out.Get("deployType"));
  if (type == "multi_node") {
    multi(out, out.Get("env"), "headCommand", "headArgv");
  } else if (type == "pd_cluster") {
    for (auto [role, port] : {std::pair<const char*, int>{"prefill", 8001}, {"decode", 8002}}) {
      const Value* r = Get(&out, role);
      if (!r) continue;
      DockerNetwork net = Int(r->Get("nodes")) <= 1 ? DockerNetwork::kBridge
                          : Int(r->Get("currentNode")) == 0 ? DockerNetwork::kHostHead
                                                             : DockerNetwork::kHostFollower;
      add(role, r->Get("command"), r->Get("argv"), r->Get("env"), port, net);
    }
  } else if (type == "kv_store_lb") {
    if (const Value* v = Get(&out, "vllm")) {
      if (Get(v, "workerCommands")) {
        multi(*v, v->Get("env"), "command", "argv");
      } else {
        add("vllm", v->Get("command"), v->Get("argv"), v->Get("env"), 8000);
      }
    }
  } else {
    add("serve", out.Get("command"), out.Get("argv"), out.Get("env"), 8000);
  }
  return Value::Array(std::move(forms));
}

int RunCommand(const std::vector<std::string>& args) {
  SelectionCliArgs cli;
  int code = ParseSelectionCli(args, "command",
                               "Print the serve command for a recipe. Every option left out takes the web "
                               "builder's default.",
                               /*with_output_options=*/true, &cli);
  if (code >= 0) return code;
  LoadedSelection loaded;
  code = LoadSelection(cli, "command", &loaded);
  if (code >= 0) return code;
  const Catalog& catalog = *loaded.catalog;
  const Recipe& recipe = *loaded.recipe;
  const Selection& sel = loaded.outcome.selection;

  if (loaded.omni) return PrintOmni(cli, loaded);

  ResolveOptions options;
  options.provenance = false;
  options.quote_every_token = true;  // the text parses back to argv (hostile --arg tokens too)
  Resolution res = ResolveCommand(catalog, recipe, sel, options);
  if (!res.ok()) {
    std::string where = res.error->pos.known() ? res.error->pos.ToString() + ": " : std::string();
    ReportCliError(cli.format, "command", {"resolve", res.error->message, {}, where + "error: " + res.error->message + "\n"});
    return 1;
  }
  TextRenderer renderer(catalog, recipe, sel, cli.docker);
  renderer.Build(res.output);
  int nodes = renderer.NodeBlocks();
  if (cli.node_rank && (*cli.node_rank < 0 || *cli.node_rank >= std::max(nodes, 1) || nodes == 0)) {
    std::vector<std::string> valid;
    for (int i = 0; i < nodes; ++i) valid.push_back(std::to_string(i));
    std::string msg = nodes == 0 ? "--node-rank applies to multi-node deployments; this one runs on one node "
                                   "(use --nodes N, or --prefill-rank/--decode-rank for pd_cluster)"
                                 : "--node-rank must be between 0 and " + std::to_string(nodes - 1);
    ReportCliError(cli.format, "command", {"node_rank", msg, valid, ""});
    return 1;
  }
  if (!cli.out_dir.empty()) return WriteNodeScripts(cli, renderer, "command");
  if (cli.node_rank && cli.format != "json") {
    std::string text = renderer.NodeText(*cli.node_rank);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  if (cli.format == "json") {
    ObjectItems o;
    o.Set("recipe", Value::String(recipe.hf_id));
    o.Set("selection", sel.ToJson());
    ArrayItems notes;
    for (const std::string& n : loaded.outcome.notes) notes.push_back(Value::String(n));
    o.Set("notes", Value::Array(std::move(notes)));
    o.Set("model_id", Value::String(res.model_id));
    o.Set("resolution", res.output);
    if (cli.docker) o.Set("docker", DockerForms(catalog, recipe, sel, res.output));
    o.Set("check", CheckReportToJson(CheckSelection(catalog, recipe, sel, VllmTables::Builtin(), {})));
    std::string text = ToJson(Value::Object(std::move(o)));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  std::string text = renderer.Text();
  // The planner's one-sentence verdict, as a shell comment (recipes plan has the details).
  if (std::string fit = PlanSentenceForSelection(catalog, recipe, sel, res); !fit.empty()) text += "\n# Memory: " + fit + "\n";
  // Does it parse on the newest vLLM? (recipes check has every version.)
  text += (text.size() >= 2 && text.compare(text.size() - 2, 2, "\n\n") == 0 ? "" : "\n") +
          VerdictText(CheckSelection(catalog, recipe, sel, VllmTables::Builtin(), {}), "# ");
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace recipes
