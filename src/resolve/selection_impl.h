// Small Value helpers shared by the files that implement the selection rules
// (resolve/selection.h): selection.cc (variants and hardware),
// strategy_choice.cc (strategies and PD pools), feature_choice.cc (features,
// modes, KV offload, errors). Internal to resolve/.
#ifndef RECIPES_RESOLVE_SELECTION_IMPL_H_
#define RECIPES_RESOLVE_SELECTION_IMPL_H_

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes::selection_impl {

inline const Value* Get(const Value* v, std::string_view key) { return v ? v->Get(key) : nullptr; }

inline double NumberOr(const Value* v, double fallback) {
  return v && v->is_number() ? v->number() : fallback;
}

// JavaScript `x || fallback` for a number-ish field.
inline double TruthyNumberOr(const Value* v, double fallback) {
  return v && v->is_number() && v->number() != 0 && !std::isnan(v->number()) ? v->number() : fallback;
}

inline std::string StringOr(const Value* v, std::string fallback = {}) {
  return v && v->is_string() ? v->str() : fallback;
}

inline bool ListContains(const Value* list, std::string_view s) {
  if (!list || !list->is_array()) return false;
  for (const Value& e : list->items()) {
    if (e.is_string() && e.str() == s) return true;
  }
  return false;
}

inline bool NonEmptyList(const Value* v) { return v && v->is_array() && v->size() > 0; }

inline bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

inline std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

inline std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

inline std::string Join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

inline std::string FormatNumber(double n) { return FormatJsNumber(n); }

// The profile's generations as a list (`generation`, else `gpu_generation`).
inline std::vector<std::string> ProfileGenerations(const Value* profile) {
  const Value* g = Get(profile, "generation");
  if (!g || !g->Truthy()) g = Get(profile, "gpu_generation");
  std::vector<std::string> out;
  if (!g) return out;
  if (g->is_array()) {
    for (const Value& e : g->items()) out.push_back(e.ToDisplayString());
  } else if (!g->is_null()) {
    out.push_back(g->ToDisplayString());
  }
  return out;
}

inline double GpusPerNode(const Value* profile) { return TruthyNumberOr(Get(profile, "gpu_count"), 8); }

inline const Value* MetaHardware(const Recipe& recipe) { return Get(recipe.doc.Get("meta"), "hardware"); }

inline const Value& EmptyObject() {
  static const Value kEmpty = Value::Object(ObjectItems{});
  return kEmpty;
}

inline std::string BrandOf(const Value* profile) { return StringOr(Get(profile, "brand")); }

inline bool IsXpu(const Value* profile) { return ProfileGeneration(profile) == "xpu"; }

inline std::string DisplayName(const Value* profile, std::string_view id) {
  std::string name = StringOr(Get(profile, "display_name"));
  return name.empty() ? std::string(id) : name;
}

inline std::string RecipeName(const Recipe& recipe) {
  std::string title = StringOr(Get(recipe.doc.Get("meta"), "title"));
  return title.empty() ? recipe.hf_id : title;
}

}  // namespace recipes::selection_impl

#endif  // RECIPES_RESOLVE_SELECTION_IMPL_H_
