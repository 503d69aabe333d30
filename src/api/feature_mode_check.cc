#include "api/feature_mode_check.h"

#include <string>

namespace recipes {

namespace {

Pos PosOr(const Value* v, const Value& fallback) {
  return v && v->pos().known() ? v->pos() : fallback.pos();
}

bool ListContains(const Value& list, const std::string& s) {
  for (const Value& item : list.items()) {
    if (item.is_string() && item.str() == s) return true;
  }
  return false;
}

}  // namespace

void CheckFeatureModes(const Recipe& recipe, Diagnostics* out) {
  const Value& doc = recipe.doc;
  const Value* features = doc.Get("features");
  const Value* variants = doc.Get("variants");
  auto error = [&](const Value* at, std::string message) {
    out->push_back(Diagnostic::Error(PosOr(at, doc), "invalid feature modes: " + message));
  };

  if (features && features->is_object()) {
    for (const auto& [fname, feature] : features->members()) {
      const Value* modes = feature.Get("modes");
      if (!modes) continue;
      std::string f = "features." + fname;
      if (!modes->is_object() || modes->size() == 0) {
        error(modes, f + ".modes must be a non-empty map");
        continue;
      }
      if (const Value* args = feature.Get("args")) error(args, f + " cannot declare both args and modes");
      const Value* default_mode = feature.Get("default_mode");
      if (default_mode && default_mode->Truthy() &&
          !(default_mode->is_string() && modes->Get(default_mode->str()))) {
        error(default_mode, f + ".default_mode references unknown mode " + default_mode->ToDisplayString());
      }
      for (const auto& [mname, mode] : modes->members()) {
        std::string m = f + ".modes." + mname;
        const Value* args = mode.Get("args");
        if (!args || !args->is_array()) error(args ? args : &mode, m + ".args must be an array");
        const Value* mv = mode.Get("variants");
        if (mv && !mv->is_array()) {
          error(mv, m + ".variants must be an array");
        } else if (mv) {
          for (const Value& v : mv->items()) {
            if (!(v.is_string() && variants && variants->Get(v.str()))) {
              error(&v, m + ".variants references unknown variant " + v.ToDisplayString());
            }
          }
        }
      }
      if (variants && variants->is_object()) {
        for (const auto& [vkey, variant] : variants->members()) {
          bool available = false;
          for (const auto& [mname, mode] : modes->members()) {
            const Value* mv = mode.Get("variants");
            if (!mv || !mv->is_array() || mv->size() == 0 || ListContains(*mv, vkey)) {
              available = true;
              break;
            }
          }
          if (!available) error(modes, f + " has no mode available for variant " + vkey);
        }
      }
    }
  }

  if (variants && variants->is_object()) {
    for (const auto& [vkey, variant] : variants->members()) {
      const Value* defaults = variant.Get("default_modes");
      if (!defaults || !defaults->is_object()) continue;
      std::string v = "variants." + vkey + ".default_modes";
      for (const auto& [fname, mode_key] : defaults->members()) {
        const Value* feature = features && features->is_object() ? features->Get(fname) : nullptr;
        if (!feature) {
          error(&mode_key, v + " references unknown feature " + fname);
          continue;
        }
        const Value* modes = feature->Get("modes");
        if (!modes || !modes->Truthy()) {
          error(&mode_key, v + " references non-modal feature " + fname);
          continue;
        }
        std::string m = mode_key.ToDisplayString();
        const Value* mode = modes->Get(m);
        if (!mode) {
          error(&mode_key, v + "." + fname + " references unknown mode " + m);
          continue;
        }
        const Value* mv = mode->Get("variants");
        if (mv && mv->is_array() && mv->size() > 0 && !ListContains(*mv, vkey)) {
          error(&mode_key, v + "." + fname + " selects mode " + m + ", which is unavailable for that variant");
        }
      }
    }
  }
}

}  // namespace recipes
