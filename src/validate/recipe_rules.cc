// The recipe rules: what the schema walk cannot see (json-api.md §9.1 feature
// modes, default hardware and strategy, omni tasks, variant promotion).
#include "validate/checker.h"
#include "validate/key_position.h"
#include "validate/suggest.h"

namespace recipes::validation {

// Position of `key` in `map`: the value's, or the key's when the value is
// null or the message is about the key.
Pos Checker::ValuePos(const Value& map, const std::string& key, const Value& val) {
  return val.is_null() ? KeyPosition(map, key, val) : val.pos();
}

void Checker::RecipeRules(const Recipe& recipe) {
  const Value& doc = recipe.doc;
  const Value* meta = doc.GetNonNull("meta");
  if (!meta) {
    Error(doc.pos().known() ? doc.pos() : Pos{}, "a recipe needs a 'meta' map (title, provider, …); the builder "
                                                 "stops at a recipe without one");
  }
  const Value* variants = doc.Get("variants");
  std::vector<std::string> variant_keys;
  if (variants && variants->is_object()) {
    for (const auto& [k, _] : variants->members()) variant_keys.push_back(k);
  }
  if (!variants || variants->is_null()) {
    Warn(doc.pos(), "the recipe has no variants, so no command is rendered for it");
  } else if (variants->is_object() && !variants->members().Contains("default")) {
    Warn(variants->pos(), "variants has no 'default' entry: the recipe JSON renders the default variant" +
                              DidYouMean("default", variant_keys));
  }
  FeatureModeRules(variants, variant_keys);
  DefaultHardwareRule(meta);
  StrategyRules(doc);
  OmniRules(doc, meta);
  FeatureShapeRules();
  VariantRules(recipe, variants);
}

// resolution.md §17.3: a default hardware that the recipe itself marks
// unsupported can never be chosen.
void Checker::DefaultHardwareRule(const Value* meta) {
  const Value* dh = meta ? meta->GetNonNull("default_hardware") : nullptr;
  const Value* hw = meta ? meta->Get("hardware") : nullptr;
  if (!dh || !dh->is_string() || !hw) return;
  const Value* state = hw->Get(dh->str());
  if (state && state->is_string() && state->str() == "unsupported") {
    Warn(dh->pos(), "meta.default_hardware '" + dh->str() + "' is marked unsupported in meta.hardware, so it is "
                    "ignored");
  }
}

// json-api.md §9.1, with the reference's messages, each at its own position.
void Checker::FeatureModeRules(const Value* variants, const std::vector<std::string>& variant_keys) {
  if (features_) {
    for (const auto& [f, fv] : features_->members()) {
      // The builder reads every feature's keys and fails on an empty one.
      if (fv.is_null()) Error(KeyPosition(*features_, f, fv), "features." + f + " is empty; a feature must be a map");
      if (!fv.is_object() || !fv.members().Contains("modes")) continue;
      const Value& modes = *fv.Get("modes");
      if (!modes.is_object() || modes.size() == 0) {
        Error(ValuePos(fv, "modes", modes), "features." + f + ".modes must be a non-empty map");
        continue;
      }
      if (const Value* args = fv.Get("args")) {
        Error(KeyPosition(fv, "args", *args), "features." + f + " cannot declare both args and modes");
      }
      if (const Value* dm = fv.Get("default_mode"); dm && dm->Truthy()) {
        std::string name = dm->ToDisplayString();
        if (!modes.members().Contains(name)) {
          std::vector<std::string> mode_keys;
          for (const auto& [m, _] : modes.members()) mode_keys.push_back(m);
          Error(dm->pos(),
                "features." + f + ".default_mode references unknown mode " + name + DidYouMean(name, mode_keys));
        }
      }
      for (const auto& [m, mv] : modes.members()) {
        std::string where = "features." + f + ".modes." + m;
        const Value* args = mv.Get("args");
        if (!args || !args->is_array()) {
          Error(args ? ValuePos(mv, "args", *args) : KeyPosition(modes, m, mv), where + ".args must be an array");
        }
        if (mv.is_object() && mv.members().Contains("variants")) {
          const Value& vs = *mv.Get("variants");
          if (!vs.is_array()) {
            Error(ValuePos(mv, "variants", vs), where + ".variants must be an array");
          } else {
            for (const Value& e : vs.items()) {
              std::string name = e.ToDisplayString();
              if (!Contains(variant_keys, name)) {
                Error(e.pos(), where + ".variants references unknown variant " + name + DidYouMean(name, variant_keys));
              }
            }
          }
        }
      }
      for (const std::string& vk : variant_keys) {
        bool available = false;
        for (const auto& [m, mv] : modes.members()) {
          const Value* vs = mv.Get("variants");
          if (!vs || !vs->is_array() || vs->size() == 0 || ModeListsVariant(*vs, vk)) {
            available = true;
            break;
          }
        }
        if (!available) {
          Error(KeyPosition(fv, "modes", modes), "features." + f + " has no mode available for variant " + vk);
        }
      }
    }
  }
  if (!variants || !variants->is_object()) return;
  for (const auto& [vk, vv] : variants->members()) {
    // Likewise every variant is read for its default_modes.
    if (vv.is_null()) Error(KeyPosition(*variants, vk, vv), "variants." + vk + " is empty; a variant must be a map");
    const Value* dms = vv.Get("default_modes");
    if (!dms || !dms->is_object()) continue;
    for (const auto& [f, m] : dms->members()) {
      Pos key_pos = KeyPosition(*dms, f, m);
      const Value* feature = features_ ? features_->Get(f) : nullptr;
      if (!feature) {
        std::vector<std::string> names;
        if (features_) {
          for (const auto& [k, _] : features_->members()) names.push_back(k);
        }
        Error(key_pos, "variants." + vk + ".default_modes references unknown feature " + f + DidYouMean(f, names));
        continue;
      }
      const Value* modes = feature->Get("modes");
      if (!modes || !modes->Truthy()) {
        Error(key_pos, "variants." + vk + ".default_modes references non-modal feature " + f);
        continue;
      }
      std::string mode = m.ToDisplayString();
      const Value* mv = modes->Get(mode);
      if (!mv) {
        std::vector<std::string> mode_keys;
        if (modes->is_object()) {
          for (const auto& [k, _] : modes->members()) mode_keys.push_back(k);
        }
        Error(ValuePos(*dms, f, m), "variants." + vk + ".default_modes." + f + " references unknown mode " + mode +
                                        DidYouMean(mode, mode_keys));
        continue;
      }
      const Value* vs = mv->Get("variants");
      if (vs && vs->is_array() && vs->size() > 0 && !ModeListsVariant(*vs, vk)) {
        Error(ValuePos(*dms, f, m), "variants." + vk + ".default_modes." + f + " selects mode " + mode +
                                        ", which is unavailable for that variant");
      }
    }
  }
}

bool Checker::ModeListsVariant(const Value& list, const std::string& vk) {
  for (const Value& e : list.items()) {
    if (e.ToDisplayString() == vk) return true;
  }
  return false;
}

// Effective strategies and the default strategy (recipe-format.md §8).
void Checker::StrategyRules(const Value& doc) {
  std::vector<std::string> effective;
  const Value* cs = doc.Get("compatible_strategies");
  if (cs && cs->is_array()) {
    for (const Value& e : cs->items()) {
      if (!e.is_string()) continue;
      if (Contains(effective, e.str())) {
        Warn(e.pos(), "strategy '" + e.str() + "' is listed twice in compatible_strategies");
        continue;
      }
      effective.push_back(e.str());
    }
  }
  const Value* sh = doc.Get("strategy_hardware");
  if (sh && sh->is_object()) {
    for (const auto& [s, gate] : sh->members()) {
      if (!gate.is_object() || Contains(effective, s)) continue;
      for (const auto& [_, val] : gate.members()) {
        if (val.is_string() && val.str() == "supported") {
          effective.push_back(s);
          break;
        }
      }
    }
  }
  const Value* ds = doc.Get("default_strategy");
  if (ds && ds->is_string() && !ds->str().empty() && !Contains(effective, ds->str())) {
    Warn(ds->pos(), "default_strategy '" + ds->str() +
                        "' is not among the recipe's strategies (compatible_strategies and strategy_hardware "
                        "entries marked supported), so it is ignored");
  }
}

// meta.tasks `omni` and the omni block go together (recipe-format.md §13).
void Checker::OmniRules(const Value& doc, const Value* meta) {
  bool omni_task = false;
  const Value* tasks = meta ? meta->Get("tasks") : nullptr;
  if (tasks && tasks->is_array()) {
    for (const Value& t : tasks->items()) omni_task = omni_task || (t.is_string() && t.str() == "omni");
  }
  const Value* omni = doc.Get("omni");
  if (omni_task) {
    const Value* ot = omni ? omni->Get("tasks") : nullptr;
    if (!ot || !ot->is_array() || ot->size() == 0) {
      Warn(tasks->pos(), "meta.tasks lists 'omni' but the recipe has no omni.tasks; the omni path serves a bare "
                         "command and the JSON API renders no commands for it");
    }
  } else if (omni && !omni->is_null()) {
    Warn(KeyPosition(doc, "omni", *omni), "the omni block is only used when meta.tasks lists 'omni'");
  }
  if (const Value* ot = omni ? omni->Get("tasks") : nullptr; ot && ot->is_array()) {
    for (const Value& t : ot->items()) {
      if (t.is_object() && !t.GetNonNull("id")) {
        Warn(t.pos(), "an omni task without an 'id' is skipped");
      }
    }
  }
}

// Keys that only one of the two feature forms reads (recipe-format.md §6).
void Checker::FeatureShapeRules() {
  if (!features_) return;
  for (const auto& [f, fv] : features_->members()) {
    if (!fv.is_object()) continue;
    const Value* modes = fv.Get("modes");
    if (modes) {
      if (const Value* ho = fv.Get("hardware_overrides"); ho && !ho->is_null()) {
        Warn(KeyPosition(fv, "hardware_overrides", *ho),
             "features." + f + ".hardware_overrides is only read for flat features; a modal feature takes "
                               "hardware_overrides per mode");
      }
    } else if (const Value* dm = fv.Get("default_mode"); dm && !dm->is_null()) {
      Warn(KeyPosition(fv, "default_mode", *dm),
           "features." + f + ".default_mode has no effect: the feature has no modes");
    }
  }
}

void Checker::VariantRules(const Recipe& recipe, const Value* variants) {
  if (!variants || !variants->is_object()) return;
  for (const auto& [vk, vv] : variants->members()) {
    if (!vv.is_object()) continue;
    // docker_image is only honoured in exact hardware id entries.
    if (const Value* ho = vv.Get("hardware_overrides"); ho && ho->is_object() && vocab_.has_hardware) {
      for (const auto& [hk, hv] : ho->members()) {
        const Value* di = hv.Get("docker_image");
        if (di && !di->is_null() && !Contains(vocab_.hardware, hk)) {
          Warn(KeyPosition(hv, "docker_image", *di),
               "variants." + vk + ".hardware_overrides." + hk +
                   ".docker_image is ignored: images are pinned only under an exact hardware id");
        }
      }
    }
    // json-api.md §6.4: a variant whose model_id is another recipe's id is
    // not promoted.
    const Value* mid = vv.Get("model_id");
    if (mid && mid->is_string() && mid->str().find('/') != std::string::npos) {
      // A variant serving the recipe's own checkpoint is no collision.
      const Recipe* other = catalog_.FindRecipe(mid->str());
      if (other && other != &recipe && other->hf_id != recipe.hf_id) {
        Warn(mid->pos(), "variant promotion skipped: " + mid->str() + " (variant of " + recipe.hf_id +
                             ") collides with a standalone recipe");
      }
    }
  }
}

}  // namespace recipes::validation
