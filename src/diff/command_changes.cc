#include "diff/command_changes.h"

#include <algorithm>
#include <map>
#include <set>

namespace recipes {

namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

void SetAt(const Pos& pos, std::string* at, std::string* line) {
  if (!pos.known()) return;
  *at = pos.ToString();
  *line = Trim(pos.source->Line(pos.line));
}

// The env map a process was rendered with, from the resolver's output.
const Value* ProcessEnv(const Value& out, const std::string& process) {
  const Value* holder = &out;
  if (process == "prefill" || process == "decode") {
    holder = out.Get(process);
  } else if (process.rfind("vllm", 0) == 0) {
    holder = out.Get("vllm");
  }
  const Value* env = holder ? holder->Get("env") : nullptr;
  return env && env->is_object() ? env : nullptr;
}

struct Flag {
  const ArgUnit* unit;
  std::string value;  // "" for a lone flag
  size_t index;       // position in argv order
};

// Flags by name (a positional is keyed by its own text). Dedupe keeps one
// unit per flag, so names are unique; a repeated positional keeps the first.
std::map<std::string, Flag> Flags(const ProcessProvenance& p) {
  std::map<std::string, Flag> out;
  for (size_t i = 0; i < p.args.size(); ++i) {
    const ArgUnit& u = p.args[i];
    if (u.tokens.empty()) continue;
    std::string value = u.tokens.size() > 1 ? u.tokens[1] : "";
    out.emplace(u.tokens[0], Flag{&u, value, i});
  }
  return out;
}

const Pos& ValuePos(const ArgUnit& u) { return u.tokens.size() > 1 && u.value_origin.pos.known() ? u.value_origin.pos : u.origin.pos; }

void CompareProcess(const std::string& name, const ProcessProvenance* b, const Value* benv,
                    const ProcessProvenance* h, const Value* henv, std::vector<CommandChange>* out) {
  static const ProcessProvenance kEmpty;
  if (!b) b = &kEmpty;
  if (!h) h = &kEmpty;
  std::map<std::string, Flag> bf = Flags(*b), hf = Flags(*h);
  // Head's argv order first (what the reader sees now), then what went away.
  std::vector<std::pair<size_t, std::string>> order;
  for (const auto& [k, f] : hf) order.emplace_back(f.index, k);
  std::sort(order.begin(), order.end());
  for (const auto& [i, key] : order) {
    const Flag& f = hf.at(key);
    auto it = bf.find(key);
    CommandChange c;
    c.process = name;
    c.name = key;
    if (it == bf.end()) {
      c.kind = CommandChange::Kind::kFlagAdded;
      c.after = f.value;
      SetAt(ValuePos(*f.unit), &c.head_at, &c.head_line);
    } else if (it->second.value != f.value) {
      c.kind = CommandChange::Kind::kFlagChanged;
      c.before = it->second.value;
      c.after = f.value;
      SetAt(ValuePos(*it->second.unit), &c.base_at, &c.base_line);
      SetAt(ValuePos(*f.unit), &c.head_at, &c.head_line);
    } else {
      continue;
    }
    out->push_back(std::move(c));
  }
  std::vector<std::pair<size_t, std::string>> gone;
  for (const auto& [k, f] : bf) {
    if (!hf.count(k)) gone.emplace_back(f.index, k);
  }
  std::sort(gone.begin(), gone.end());
  for (const auto& [i, key] : gone) {
    const Flag& f = bf.at(key);
    CommandChange c;
    c.kind = CommandChange::Kind::kFlagRemoved;
    c.process = name;
    c.name = key;
    c.before = f.value;
    SetAt(ValuePos(*f.unit), &c.base_at, &c.base_line);
    out->push_back(std::move(c));
  }

  // Env entries, by key.
  auto env_pos = [](const ProcessProvenance& p, const std::string& key) -> const Pos* {
    for (const EnvProvenance& e : p.env) {
      if (e.key == key) return &e.origin.pos;
    }
    return nullptr;
  };
  if (henv) {
    for (const auto& [k, v] : henv->members()) {
      const Value* old = benv ? benv->Get(k) : nullptr;
      if (old && old->Equals(v) && old->is_string() == v.is_string()) continue;
      CommandChange c;
      c.kind = old ? CommandChange::Kind::kEnvChanged : CommandChange::Kind::kEnvAdded;
      c.process = name;
      c.name = k;
      c.after = v.ToDisplayString();
      if (const Pos* p = env_pos(*h, k)) SetAt(*p, &c.head_at, &c.head_line);
      if (old) {
        c.before = old->ToDisplayString();
        if (const Pos* p = env_pos(*b, k)) SetAt(*p, &c.base_at, &c.base_line);
      }
      out->push_back(std::move(c));
    }
  }
  if (benv) {
    for (const auto& [k, v] : benv->members()) {
      if (henv && henv->Get(k)) continue;
      CommandChange c;
      c.kind = CommandChange::Kind::kEnvRemoved;
      c.process = name;
      c.name = k;
      c.before = v.ToDisplayString();
      if (const Pos* p = env_pos(*b, k)) SetAt(*p, &c.base_at, &c.base_line);
      out->push_back(std::move(c));
    }
  }
}

std::string Display(const Value* v) {
  if (!v) return "(none)";
  if (v->is_object() || v->is_array()) return "(" + std::string(Value::KindName(v->kind())) + ")";
  return v->ToDisplayString();
}

}  // namespace

const char* CommandChange::KindName(Kind kind) {
  switch (kind) {
    case Kind::kFlagAdded: return "flag_added";
    case Kind::kFlagRemoved: return "flag_removed";
    case Kind::kFlagChanged: return "flag_changed";
    case Kind::kEnvAdded: return "env_added";
    case Kind::kEnvRemoved: return "env_removed";
    case Kind::kEnvChanged: return "env_changed";
    case Kind::kOther: return "other";
  }
  return "other";
}

std::string CommandChange::Signature() const {
  std::string s = KindName(kind);
  s += '\x1f' + process + '\x1f' + name + '\x1f' + (before ? "1" + *before : "0") + '\x1f' +
       (after ? "1" + *after : "0");
  return s;
}

std::string DescribeChange(const CommandChange& c) {
  std::string who = c.process.empty() ? "" : c.process + ": ";
  auto val = [](const std::optional<std::string>& v) { return v && !v->empty() ? " `" + *v + "`" : std::string(); };
  auto bare = [](const std::optional<std::string>& v) {
    return v ? (v->empty() ? std::string("(set)") : "`" + *v + "`") : std::string("(none)");
  };
  switch (c.kind) {
    case CommandChange::Kind::kFlagAdded: return who + "+ `" + c.name + "`" + val(c.after);
    case CommandChange::Kind::kFlagRemoved: return who + "- `" + c.name + "`" + val(c.before);
    case CommandChange::Kind::kFlagChanged: return who + "`" + c.name + "` " + bare(c.before) + " → " + bare(c.after);
    case CommandChange::Kind::kEnvAdded: return who + "+ env `" + c.name + "=" + c.after.value_or("") + "`";
    case CommandChange::Kind::kEnvRemoved: return who + "- env `" + c.name + "=" + c.before.value_or("") + "`";
    case CommandChange::Kind::kEnvChanged:
      return who + "env `" + c.name + "` " + bare(c.before) + " → " + bare(c.after);
    case CommandChange::Kind::kOther: return who + c.name + " " + bare(c.before) + " → " + bare(c.after);
  }
  return "";
}

std::vector<CommandChange> CompareResolutions(const Resolution& base, const Resolution& head) {
  std::vector<CommandChange> out;
  if (base.output.Equals(head.output)) return out;
  if (base.model_id != head.model_id) {
    CommandChange c;
    c.name = "model";
    c.before = base.model_id;
    c.after = head.model_id;
    out.push_back(std::move(c));
  }
  // Processes by name, head order first.
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const ProcessProvenance& p : head.processes) {
    if (seen.insert(p.process).second) names.push_back(p.process);
  }
  for (const ProcessProvenance& p : base.processes) {
    if (seen.insert(p.process).second) names.push_back(p.process);
  }
  bool single = base.processes.size() <= 1 && head.processes.size() <= 1;
  for (const std::string& name : names) {
    const ProcessProvenance* b = nullptr;
    const ProcessProvenance* h = nullptr;
    for (const ProcessProvenance& p : base.processes) {
      if (p.process == name) b = &p;
    }
    for (const ProcessProvenance& p : head.processes) {
      if (p.process == name) h = &p;
    }
    CompareProcess(single ? "" : name, b, b ? ProcessEnv(base.output, name) : nullptr, h,
                   h ? ProcessEnv(head.output, name) : nullptr, &out);
  }
  // A change every process shares is one change of the deployment.
  if (!single && names.size() > 1) {
    std::map<std::string, size_t> count;
    auto bare = [](CommandChange c) {
      c.process.clear();
      return c.Signature();
    };
    for (const CommandChange& c : out) ++count[bare(c)];
    std::vector<CommandChange> merged;
    std::set<std::string> emitted;
    for (CommandChange& c : out) {
      std::string sig = bare(c);
      if (count[sig] != names.size()) {
        merged.push_back(std::move(c));
      } else if (emitted.insert(sig).second) {
        c.process.clear();
        merged.push_back(std::move(c));
      }
    }
    out = std::move(merged);
  }
  // Anything else the outputs disagree on (deployment shape, docker image,
  // argv order) as properties.
  size_t flag_changes = out.size();
  const Value& bo = base.output;
  const Value& ho = head.output;
  std::vector<std::string> keys;
  std::set<std::string> kseen;
  if (ho.is_object()) {
    for (const auto& [k, v] : ho.members()) {
      if (kseen.insert(k).second) keys.push_back(k);
    }
  }
  if (bo.is_object()) {
    for (const auto& [k, v] : bo.members()) {
      if (kseen.insert(k).second) keys.push_back(k);
    }
  }
  static const std::set<std::string> kCovered = {"command", "argv", "env", "headCommand", "workerCommand",
                                                 "workerCommands", "headArgv", "workerArgv", "workerArgvs",
                                                 "prefill", "decode", "vllm"};
  for (const std::string& k : keys) {
    const Value* bv = bo.Get(k);
    const Value* hv = ho.Get(k);
    if (bv && hv && bv->Equals(*hv)) continue;
    if (kCovered.count(k) && out.size() > 0) continue;
    if (kCovered.count(k)) {
      // Same flags and env, different text: the order changed.
      CommandChange c;
      c.name = k + " order";
      c.before = "";
      c.after = "";
      out.push_back(std::move(c));
      continue;
    }
    CommandChange c;
    c.name = k;
    if (bv) c.before = Display(bv);
    if (hv) c.after = Display(hv);
    out.push_back(std::move(c));
  }
  (void)flag_changes;
  return out;
}

}  // namespace recipes
