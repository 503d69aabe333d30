#include "check/argv_check.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "check/argv_rewrite.h"
#include "check/option_match.h"
#include "check/value_kinds.h"
#include "model/value.h"
#include "parse/json_reader.h"
#include "validate/suggest.h"

namespace recipes {

const char* ProblemName(Problem p) {
  switch (p) {
    case Problem::kUnknownFlag: return "unknown-flag";
    case Problem::kRemovedFlag: return "removed-flag";
    case Problem::kNewerFlag: return "newer-flag";
    case Problem::kFlagAndValueInOneItem: return "flag-and-value-in-one-item";
    case Problem::kBadValue: return "bad-value";
    case Problem::kBadChoice: return "bad-choice";
    case Problem::kUnknownJsonKey: return "unknown-json-key";
    case Problem::kMissingValue: return "missing-value";
    case Problem::kUnknownRegistryValue: return "unknown-registry-value";
    case Problem::kAbbreviation: return "abbreviation";
    case Problem::kUnderscore: return "underscore";
    case Problem::kDeprecated: return "deprecated";
  }
  return "?";
}

bool IsErrorProblem(Problem p) {
  switch (p) {
    case Problem::kUnknownRegistryValue:
    case Problem::kAbbreviation:
    case Problem::kUnderscore:
    case Problem::kDeprecated:
      return false;
    default:
      return true;
  }
}

size_t ArgvCheck::errors() const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [](const ArgFinding& f) { return f.error(); }));
}

namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

class Checker {
 public:
  Checker(const std::vector<std::string>& argv, const VllmTables& tables, size_t version,
          std::unordered_map<std::string, std::string>* hints)
      : argv_(argv), tables_(tables), version_(version), t_(tables.versions()[version]), hints_(hints) {}

  ArgvCheck Run();

 private:
  void Add(Problem p, std::string flag, int item, int value_item, std::string message) {
    out_.findings.push_back({p, std::move(flag), item, value_item, std::move(message)});
  }
  std::string Ver() const { return "vLLM " + t_.key; }
  // "did you mean" hints are costly (edit distances); remembered per screen.
  template <typename Fn>
  std::string Suggest(const std::string& key, Fn&& compute) {
    if (!hints_) return compute();
    auto it = hints_->find(key);
    if (it == hints_->end()) it = hints_->emplace(key, compute()).first;
    return it->second;
  }
  void Parse();
  void UnknownOption(const ArgvToken& tok);
  void CheckValue(const FlagSpec& spec, const ArgvToken& flag_tok, const std::string& written, const std::string& value,
                  int value_item, bool negated);
  void CheckJsonKeys(const FlagSpec& spec, const std::string& written, const Value& v, const std::string& cls,
                     const std::string& path, int item, int value_item);
  void CheckDeprecatedValue(const FlagSpec& spec, const std::string& written, const std::string& value, int item,
                            int value_item);
  bool HasOption(std::string_view long_name) const;

  const std::vector<std::string>& argv_;
  const VllmTables& tables_;
  size_t version_;
  const FlagTable& t_;
  std::unordered_map<std::string, std::string>* hints_;
  ArgvCheck out_;
  std::vector<ArgvToken> toks_;
};

bool Checker::HasOption(std::string_view long_name) const {
  for (const ArgvToken& tok : toks_) {
    OptMatch m = MatchOption(t_, tok.text);
    if (m.spec && m.spec->name == long_name) return true;
  }
  return false;
}

void Checker::UnknownOption(const ArgvToken& tok) {
  std::string flag = tok.text.substr(0, tok.text.find('='));
  std::string written = argv_[tok.item].substr(0, argv_[tok.item].find('='));
  // Another version that knows the option string exactly?
  int last_older = -1, first_newer = -1;
  for (size_t v = 0; v < tables_.versions().size(); ++v) {
    if (v == version_ || !tables_.versions()[v].FindOption(flag)) continue;
    if (v < version_) last_older = static_cast<int>(v);
    if (v > version_ && first_newer < 0) first_newer = static_cast<int>(v);
  }
  if (last_older >= 0) {
    Add(Problem::kRemovedFlag, written, tok.item, -1,
        Quote(flag) + " is not in " + Ver() + "; the last version that has it is " +
            tables_.versions()[last_older].key);
  } else if (first_newer >= 0) {
    Add(Problem::kNewerFlag, written, tok.item, -1,
        Quote(flag) + " is not in " + Ver() + "; it first appears in " + tables_.versions()[first_newer].key);
  } else {
    std::string hint = Suggest("flag\n" + flag, [&] {
      std::vector<std::string> names;
      for (const auto& [name, spec] : t_.flags) names.push_back(name);
      return DidYouMean(flag, names);
    });
    Add(Problem::kUnknownFlag, written, tok.item, -1,
        Quote(flag) + " is not a `vllm serve` flag in any known vLLM version" + hint);
  }
}

void Checker::CheckDeprecatedValue(const FlagSpec& spec, const std::string& written, const std::string& value,
                                   int item, int value_item) {
  for (const DeprecatedValues& d : t_.deprecated_values) {
    if (d.flag != spec.name || !d.values.count(value)) continue;
    if (!d.error_unless.empty() && !HasOption(d.error_unless)) {
      Add(Problem::kBadValue, written, item, value_item,
          Quote(spec.name) + " " + value + " is deprecated in " + Ver() + " and refused unless " + d.error_unless +
              " is also given");
    } else {
      Add(Problem::kDeprecated, written, item, value_item,
          Quote(spec.name) + " " + value + " is deprecated in " + Ver() + " (accepted with a warning)");
    }
  }
}

void Checker::CheckJsonKeys(const FlagSpec& spec, const std::string& written, const Value& v, const std::string& cls,
                            const std::string& path, int item, int value_item) {
  auto cit = t_.classes.find(cls);
  if (cit == t_.classes.end() || !v.is_object()) return;
  for (const auto& [key, sub] : v.members()) {
    std::string full = path.empty() ? key : path + "." + key;
    if (!cit->second.count(key)) {
      const std::string& k = key;  // clang 14 cannot capture a structured binding
      std::string hint = Suggest("key\n" + cls + "\n" + key, [&] {
        return DidYouMean(k, std::vector<std::string>(cit->second.begin(), cit->second.end()));
      });
      Add(Problem::kUnknownJsonKey, written, item, value_item,
          Quote(spec.name) + " key " + Quote(full) + " is not a field of " + cls + " in " + Ver() +
              " (extra keys are forbidden)" + hint);
      continue;
    }
    if (t_.deprecated_json_keys.count(spec.name + "." + full)) {
      Add(Problem::kDeprecated, written, item, value_item,
          Quote(spec.name) + " key " + Quote(full) + " is deprecated in " + Ver() + " (accepted with a warning)");
    }
    for (const DeprecatedValues& d : t_.deprecated_values) {
      if (d.json_key == spec.name + "." + full && sub.is_string() && d.values.count(sub.str())) {
        Add(Problem::kDeprecated, written, item, value_item,
            Quote(spec.name) + " " + full + " " + Quote(sub.str()) + " is deprecated in " + Ver() +
                " (accepted with a warning)");
      }
    }
    auto nit = t_.nested.find(cls + "." + key);
    if (nit != t_.nested.end()) CheckJsonKeys(spec, written, sub, nit->second, full, item, value_item);
  }
}

void Checker::CheckValue(const FlagSpec& spec, const ArgvToken& flag_tok, const std::string& written,
                         const std::string& value, int value_item, bool negated) {
  (void)negated;
  int item = flag_tok.item;
  bool json_kind = spec.kind == FlagKind::kJson || spec.kind == FlagKind::kJsonOrStr;
  if (!json_kind && IsPlaceholder(value)) return;
  auto bad = [&](const std::string& what) {
    Add(Problem::kBadValue, written, item, value_item,
        Quote(spec.name) + " expects " + what + ", got " + Quote(value));
  };
  auto check_choice = [&](const std::string& v) {
    if (spec.choices.empty()) return;
    std::string norm = spec.lower_normalised ? Lower(v) : v;
    if (spec.lower_normalised) std::replace(norm.begin(), norm.end(), '-', '_');
    if (std::find(spec.choices.begin(), spec.choices.end(), norm) != spec.choices.end()) return;
    // Integer choices (e.g. --max-lora-rank) compare as numbers.
    if (PyInt(norm)) {
      long long n = std::strtoll(Trim(norm).c_str(), nullptr, 10);
      if (std::find(spec.choices.begin(), spec.choices.end(), std::to_string(n)) != spec.choices.end()) return;
    }
    std::string list;
    for (const std::string& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
    Add(Problem::kBadChoice, written, item, value_item,
        Quote(spec.name) + " does not accept " + Quote(v) + " in " + Ver() + "; choices: " + list +
            Suggest("choice\n" + spec.name + "\n" + v, [&] { return DidYouMean(v, spec.choices); }));
  };
  switch (spec.kind) {
    case FlagKind::kBool:
      break;
    case FlagKind::kInt:
      if (!PyInt(value)) bad("an integer");
      break;
    case FlagKind::kIntHuman:
      if (!HumanInt(value)) bad("an integer (k/M/G suffixes allowed)");
      break;
    case FlagKind::kIntHumanOrAuto:
      if (Lower(Trim(value)) != "auto" && !HumanInt(value)) bad("an integer (k/M/G suffixes allowed) or auto");
      break;
    case FlagKind::kFloat:
      if (!PyFloat(value)) bad("a number");
      break;
    case FlagKind::kChoice:
      check_choice(value);
      break;
    case FlagKind::kList:
      if (spec.int_items && !PyInt(value)) bad("integers");
      check_choice(value);
      break;
    case FlagKind::kJson:
    case FlagKind::kJsonOrStr: {
      if (spec.kind == FlagKind::kJsonOrStr) {
        std::string tv = Trim(value);
        if (tv.empty() || tv.front() != '{' || tv.back() != '}') break;
      }
      Value v;
      std::string err;
      if (!ParseJson(value, &v, &err)) {
        if (!IsPlaceholder(value)) bad("JSON");
        break;
      }
      if (!spec.json_class.empty()) {
        if (!v.is_object()) {
          bad("a JSON object");
          break;
        }
        CheckJsonKeys(spec, written, v, spec.json_class, "", item, value_item);
      }
      break;
    }
    case FlagKind::kBoolOrStr:
    case FlagKind::kStr:
      break;
  }
  // Values checked after parsing against registries that plugins extend.
  auto reg = t_.registries.find(spec.name);
  if (reg != t_.registries.end() && !reg->second.empty()) {
    bool case_blind = spec.name == "--attention-backend" || spec.name == "--mamba-backend";
    bool known = std::any_of(reg->second.begin(), reg->second.end(), [&](const std::string& k) {
      return case_blind ? Lower(k) == Lower(value) : k == value;
    });
    if (!known && !(spec.nullable && value == "None")) {
      Add(Problem::kUnknownRegistryValue, written, item, value_item,
          Quote(spec.name) + " " + Quote(value) + " is not an in-tree value in " + Ver() +
              " (a plugin may register it)");
    }
  }
  CheckDeprecatedValue(spec, written, value, item, value_item);
}

void Checker::Parse() {
  // Classify every token as argparse does: option ('O') or argument ('A').
  std::vector<OptMatch> matches;
  for (const ArgvToken& tok : toks_) matches.push_back(MatchOption(t_, tok.text));
  auto is_arg = [&](size_t i) { return matches[i].kind == OptMatch::kPositional; };

  std::string last_flag;  // the last option, for stray arguments after it
  int last_flag_item = -1;
  const FlagSpec* last_spec = nullptr;
  bool swallow = false;
  for (size_t i = 0; i < toks_.size(); ++i) {
    const ArgvToken& tok = toks_[i];
    const OptMatch& m = matches[i];
    const std::string& raw = argv_[tok.item];
    std::string written = raw.substr(0, raw.find('='));
    if (m.kind == OptMatch::kPositional) {
      if (swallow) continue;  // values of an unknown option: argparse leaves them over with it
      // The model is argv[2]; any other argument is unrecognized.
      if (raw.size() > 1 && raw[0] == '-' && raw.find(' ') != std::string::npos) {
        std::string head = raw.substr(0, raw.find(' '));
        Add(Problem::kFlagAndValueInOneItem, written, tok.item, -1,
            "one argv item holds " + Quote(raw) + "; vLLM reads it as a stray argument, not as " + Quote(head) +
                " with a value (split it into two items)");
      } else if (last_spec) {
        Add(Problem::kBadValue, last_flag, last_flag_item, tok.item,
            Quote(last_spec->name) +
                (last_spec->kind == FlagKind::kBool ? " takes no value" : " takes one value") + "; " + Quote(raw) +
                " is left over as an unrecognized argument");
      } else {
        Add(Problem::kUnknownFlag, written, tok.item, -1, Quote(raw) + " is an unrecognized argument");
      }
      continue;
    }
    swallow = false;
    if (m.kind == OptMatch::kAmbiguous) {
      std::string list;
      for (const std::string& c : m.candidates) list += (list.empty() ? "" : ", ") + c;
      Add(Problem::kUnknownFlag, written, tok.item, -1,
          Quote(tok.text.substr(0, tok.text.find('='))) + " is ambiguous in " + Ver() + ": it could be " + list);
      last_spec = nullptr;
      swallow = true;
      continue;
    }
    if (m.kind == OptMatch::kUnknown || !m.spec) {
      UnknownOption(tok);
      last_spec = nullptr;
      swallow = true;
      continue;
    }
    const FlagSpec& spec = *m.spec;
    if (m.kind == OptMatch::kPrefix) {
      Add(Problem::kAbbreviation, written, tok.item, -1,
          Quote(tok.text.substr(0, tok.text.find('='))) + " is taken as an abbreviation of " + Quote(m.option) +
              " in " + Ver() + "; write the full flag");
    }
    bool negated = !spec.negation.empty() && m.option == spec.negation;
    if (spec.deprecated && !negated) {
      Add(Problem::kDeprecated, written, tok.item, -1,
          Quote(spec.name) + " is deprecated in " + Ver() + " (accepted with a warning)");
    }
    last_flag = written;
    last_flag_item = tok.item;
    last_spec = &spec;
    if (tok.dotted) {
      // The rewritten `--flag '<json>'`: its keys come from the dotted items.
      if (spec.kind != FlagKind::kJson && spec.kind != FlagKind::kJsonOrStr) {
        Add(Problem::kBadValue, written, tok.item, -1,
            Quote(spec.name) + " does not take JSON, so dotted keys (" + Quote(raw.substr(0, raw.find('='))) +
                ") cannot set it");
      } else if (!spec.json_class.empty()) {
        for (size_t k = 0; k < tok.dotted_keys.size(); ++k) {
          const auto& [path, item] = tok.dotted_keys[k];
          std::string w = argv_[item].substr(0, argv_[item].find('='));
          Value v = Value::Null();
          for (auto it = path.rbegin(); it != path.rend(); ++it) {
            ObjectItems o;
            o.Set(*it, v);
            v = Value::Object(std::move(o));
          }
          // The key is written in the dotted item itself.
          CheckJsonKeys(spec, w, v, spec.json_class, "", item, -1);
        }
      }
      last_spec = nullptr;
      continue;
    }
    // Values, as argparse consumes them.
    if (spec.kind == FlagKind::kBool) {
      if (m.explicit_arg) {
        Add(Problem::kBadValue, written, tok.item, tok.item,
            Quote(spec.name) + " takes no value; " + Quote(*m.explicit_arg) + " is refused");
      }
      continue;
    }
    if (spec.kind == FlagKind::kBoolOrStr || spec.optional_value) {
      if (m.explicit_arg) {
        CheckValue(spec, tok, written, *m.explicit_arg, tok.item, negated);
      } else if (i + 1 < toks_.size() && is_arg(i + 1)) {
        CheckValue(spec, tok, written, toks_[i + 1].text, toks_[i + 1].item, negated);
        ++i;
      }
      last_spec = nullptr;
      continue;
    }
    if (spec.kind == FlagKind::kList) {
      size_t n = 0;
      if (m.explicit_arg) {
        CheckValue(spec, tok, written, *m.explicit_arg, tok.item, negated);
        ++n;
      }
      while (!m.explicit_arg && i + 1 < toks_.size() && is_arg(i + 1)) {
        CheckValue(spec, tok, written, toks_[i + 1].text, toks_[i + 1].item, negated);
        ++i;
        ++n;
      }
      if (n == 0) {
        Add(Problem::kMissingValue, written, tok.item, -1, Quote(spec.name) + " needs at least one value");
      }
      last_spec = nullptr;
      continue;
    }
    if (m.explicit_arg) {
      CheckValue(spec, tok, written, *m.explicit_arg, tok.item, negated);
    } else if (i + 1 < toks_.size() && is_arg(i + 1)) {
      CheckValue(spec, tok, written, toks_[i + 1].text, toks_[i + 1].item, negated);
      ++i;
    } else {
      Add(Problem::kMissingValue, written, tok.item, -1, Quote(spec.name) + " needs a value");
      last_spec = nullptr;
    }
  }
}

ArgvCheck Checker::Run() {
  if (argv_.size() < 2 || argv_[0] != "vllm" || argv_[1] != "serve") {
    out_.in_scope = false;
    out_.scope_note = "not a `vllm serve` command; only `vllm serve` is checked";
    return out_;
  }
  for (const std::string& a : argv_) {
    if (a == "--omni") {
      out_.in_scope = false;
      out_.scope_note = "a vllm-omni command (--omni); its CLI is not in the flag tables, so it is not checked";
      return out_;
    }
  }
  toks_ = RewriteServeArgv(argv_, &out_.findings);
  Parse();
  std::stable_sort(out_.findings.begin(), out_.findings.end(),
                   [](const ArgFinding& a, const ArgFinding& b) { return a.item < b.item; });
  return out_;
}

}  // namespace

ArgvCheck CheckServeArgv(const std::vector<std::string>& argv, const VllmTables& tables, size_t version) {
  return Checker(argv, tables, version, nullptr).Run();
}

ArgvCheck CheckServeArgv(const std::vector<std::string>& argv, const VllmTables& tables, size_t version,
                         std::unordered_map<std::string, std::string>* hints) {
  return Checker(argv, tables, version, hints).Run();
}

}  // namespace recipes
