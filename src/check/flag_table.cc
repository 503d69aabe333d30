#include "check/flag_table.h"

#include <cstdio>
#include <cstdlib>

#include "check/vllm_tables_data.h"
#include "model/value.h"
#include "parse/json_reader.h"

namespace recipes {

namespace {

bool KindFromName(std::string_view name, FlagKind* out) {
  static const std::pair<const char*, FlagKind> kNames[] = {
      {"bool", FlagKind::kBool},       {"bool_or_str", FlagKind::kBoolOrStr},
      {"int", FlagKind::kInt},         {"int_human", FlagKind::kIntHuman},
      {"int_human_or_auto", FlagKind::kIntHumanOrAuto},
      {"float", FlagKind::kFloat},     {"choice", FlagKind::kChoice},
      {"str", FlagKind::kStr},         {"list", FlagKind::kList},
      {"json", FlagKind::kJson},       {"json_or_str", FlagKind::kJsonOrStr},
  };
  for (const auto& [n, k] : kNames) {
    if (name == n) {
      *out = k;
      return true;
    }
  }
  return false;
}

std::vector<std::string> Strings(const Value* v) {
  std::vector<std::string> out;
  if (!v || !v->is_array()) return out;
  for (const Value& e : v->items()) {
    if (e.is_string()) out.push_back(e.str());
  }
  return out;
}

bool Flag(const Value* v) { return v && v->Truthy(); }

}  // namespace

const FlagSpec* FlagTable::Find(std::string_view long_name) const {
  auto it = flags.find(long_name);
  return it == flags.end() ? nullptr : &it->second;
}

const FlagSpec* FlagTable::FindOption(std::string_view option) const {
  auto it = options.find(option);
  return it == options.end() ? nullptr : Find(it->second);
}

bool VllmTables::Parse(std::string_view json, VllmTables* out, std::string* err) {
  Value doc;
  if (!ParseJson(json, &doc, err)) return false;
  const Value* versions = doc.Get("versions");
  if (!versions || !versions->is_array() || versions->size() == 0) {
    *err = "no versions";
    return false;
  }
  for (const Value& v : versions->items()) {
    FlagTable t;
    t.key = StringOf(v.Get("key"));
    t.date = StringOf(v.Get("date"));
    t.commit = StringOf(v.Get("commit"));
    const Value* flags = v.Get("flags");
    if (t.key.empty() || !flags || !flags->is_object()) {
      *err = "version without key or flags";
      return false;
    }
    for (const auto& [name, f] : flags->members()) {
      FlagSpec s;
      s.name = name;
      if (!KindFromName(StringOf(f.Get("k")), &s.kind)) {
        *err = t.key + " " + name + ": unknown kind";
        return false;
      }
      s.aliases = Strings(f.Get("a"));
      s.negation = StringOf(f.Get("n"));
      s.choices = Strings(f.Get("c"));
      s.nullable = Flag(f.Get("nl"));
      s.append = Flag(f.Get("ap"));
      s.lower_normalised = Flag(f.Get("lc"));
      s.deprecated = Flag(f.Get("d"));
      s.optional_value = Flag(f.Get("o"));
      s.int_items = StringOf(f.Get("i")) == "int";
      s.json_class = StringOf(f.Get("j"));
      t.options[name] = name;
      for (const std::string& a : s.aliases) t.options[a] = name;
      if (!s.negation.empty()) t.options[s.negation] = name;
      t.flags.emplace(name, std::move(s));
    }
    if (const Value* classes = v.Get("classes"); classes && classes->is_object()) {
      for (const auto& [cls, fields] : classes->members()) {
        auto& set = t.classes[cls];
        for (std::string& f : Strings(&fields)) set.insert(std::move(f));
      }
    }
    if (const Value* nested = v.Get("nested"); nested && nested->is_object()) {
      for (const auto& [k, cls] : nested->members()) t.nested[k] = StringOf(&cls);
    }
    if (const Value* regs = v.Get("registries"); regs && regs->is_object()) {
      for (const auto& [flag, values] : regs->members()) t.registries[flag] = Strings(&values);
    }
    if (const Value* dv = v.Get("deprecated_values"); dv && dv->is_array()) {
      for (const Value& e : dv->items()) {
        DeprecatedValues d;
        d.flag = StringOf(e.Get("flag"));
        d.json_key = StringOf(e.Get("json_key"));
        for (std::string& s : Strings(e.Get("values"))) d.values.insert(std::move(s));
        d.error_unless = StringOf(e.Get("error_unless"));
        t.deprecated_values.push_back(std::move(d));
      }
    }
    for (std::string& k : Strings(v.Get("deprecated_json_keys"))) t.deprecated_json_keys.insert(std::move(k));
    out->versions_.push_back(std::move(t));
  }
  return true;
}

const VllmTables& VllmTables::Builtin() {
  static const VllmTables* tables = [] {
    auto* t = new VllmTables;
    std::string err;
    if (!Parse(VllmTablesJson(), t, &err)) {
      // The data is generated and tested; a broken build is a programming error.
      std::fprintf(stderr, "recipes: the built-in vLLM tables are malformed: %s\n", err.c_str());
      std::abort();
    }
    return t;
  }();
  return *tables;
}

const FlagTable* VllmTables::Find(std::string_view key) const {
  for (const FlagTable& t : versions_) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

std::vector<std::string> VllmTables::Keys() const {
  std::vector<std::string> out;
  for (const FlagTable& t : versions_) out.push_back(t.key);
  return out;
}

int VllmTables::IndexOf(std::string_view key) const {
  for (size_t i = 0; i < versions_.size(); ++i) {
    if (versions_[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace recipes
