#include "resolve/choice_words.h"

#include <cctype>

namespace recipes {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string StrOf(const Value* v) { return v && v->is_string() ? v->str() : std::string(); }

const Value* Sub(const Value* v, std::string_view key) { return v && v->is_object() ? v->Get(key) : nullptr; }

// "spec_decoding" → "Spec Decoding", "kv_cache" → "KV Cache" (site.md §9.11.6).
std::string TitleCase(std::string_view key) {
  std::string out;
  bool start = true;
  for (char c : key) {
    if (c == '_' || c == '-') {
      out += ' ';
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  for (size_t p = out.find("Kv"); p != std::string::npos; p = out.find("Kv", p + 2)) {
    bool word = (p == 0 || out[p - 1] == ' ') && (p + 2 == out.size() || out[p + 2] == ' ');
    if (word) out.replace(p, 2, "KV");
  }
  return out;
}

std::string ModeLabel(const Recipe& recipe, std::string_view feature, std::string_view mode) {
  const Value* m = Sub(Sub(Sub(recipe.doc.Get("features"), feature), "modes"), mode);
  if (!m) return {};
  std::string label = StrOf(Sub(m, "label"));
  return label.empty() ? TitleCase(mode) : label;
}

}  // namespace

std::string ChoiceLabel(const Catalog& catalog, const Recipe* recipe, std::string_view field, std::string_view key) {
  std::string label;
  if (field == "hardware") {
    label = StrOf(Sub(catalog.FindHardware(key), "display_name"));
  } else if (field == "variant" && recipe) {
    const Value* v = FindVariant(*recipe, key);
    label = StrOf(Sub(v, "label"));
    if (label.empty()) label = StrOf(Sub(v, "precision"));
    label = Upper(label);
  } else if (field == "strategy" || (field == "kv_offload" && catalog.FindStrategy(key))) {
    label = StrOf(Sub(catalog.FindStrategy(key), "display_name"));
  } else if (field == "kv_offload") {
    const Value* o = Sub(Sub(&catalog.taxonomy, "kv_offload"), key);
    label = key == "off" ? "Off" : StrOf(Sub(o, "label"));
    if (label.empty()) label = StrOf(Sub(o, "display_name"));
  } else if (field == "feature" && recipe) {
    const Value* f = Sub(recipe->doc.Get("features"), key);
    if (f) {
      label = StrOf(Sub(f, "label"));
      if (label.empty()) label = TitleCase(key);
    }
  } else if (field == "mode" && recipe) {
    for (const std::string& f : FeatureKeys(*recipe)) {
      label = ModeLabel(*recipe, f, key);
      if (!label.empty()) break;
    }
  } else if (field == "pd") {
    label = Upper(key);
  }
  return label == key ? std::string() : label;
}

std::vector<Candidate> ChoiceCandidates(const Catalog& catalog, const Recipe* recipe, std::string_view field,
                                        const std::vector<std::string>& keys) {
  std::vector<Candidate> out;
  for (const std::string& k : keys) out.push_back({k, ChoiceLabel(catalog, recipe, field, k)});
  return out;
}

std::optional<std::string> KeyForWord(std::string_view word, const std::vector<Candidate>& candidates) {
  for (const Candidate& c : candidates) {
    if (c.key == word) return c.key;
  }
  std::string lower = Lower(word);
  const Candidate* found = nullptr;
  int hits = 0;
  for (const Candidate& c : candidates) {
    if (Lower(c.key) == lower) found = &c, ++hits;
  }
  if (hits == 1) return found->key;
  hits = 0;
  for (const Candidate& c : candidates) {
    if (!c.label.empty() && Lower(c.label) == lower) found = &c, ++hits;
  }
  if (hits == 1) return found->key;
  return std::nullopt;
}

RecipeMatch FindRecipeByWord(const Catalog& catalog, std::string_view id) {
  if (const Recipe* r = catalog.FindRecipe(id)) return {r, ""};
  std::string lower = Lower(id);
  for (const Recipe& r : catalog.recipes) {
    if (Lower(r.hf_id) == lower) return {&r, ""};
  }
  for (const Recipe& r : catalog.recipes) {
    std::string own = Lower(r.hf_id);
    const Value* vs = r.doc.Get("variants");
    if (!vs || !vs->is_object()) continue;
    for (const auto& [key, v] : vs->members()) {
      std::string model = Lower(StrOf(Sub(&v, "model_id")));
      if (!model.empty() && model != own && model == lower) return {&r, key};
    }
  }
  return {};
}

std::vector<Candidate> RecipeCandidates(const Catalog& catalog) {
  std::vector<Candidate> out;
  for (const Recipe& r : catalog.recipes) out.push_back({r.hf_id, StrOf(Sub(r.doc.Get("meta"), "title"))});
  return out;
}

SelectionRequest RequestInKeys(const Catalog& catalog, const Recipe& recipe, SelectionRequest req) {
  auto place = [&](std::optional<std::string>* word, std::string_view field, const std::vector<std::string>& keys) {
    if (!word->has_value()) return;
    if (auto key = KeyForWord(**word, ChoiceCandidates(catalog, &recipe, field, keys))) *word = *key;
  };
  std::vector<std::string> hardware;
  if (const Value* p = catalog.HardwareProfiles()) {
    for (const auto& [id, v] : p->members()) hardware.push_back(id);
  }
  place(&req.hardware, "hardware", hardware);
  place(&req.variant, "variant", VariantKeys(recipe));
  std::vector<std::string> strategies;
  for (const StrategyDoc& s : catalog.strategies) strategies.push_back(s.name);
  for (const StrategyDoc& s : catalog.kv_stores) strategies.push_back(s.name);
  place(&req.strategy, "strategy", strategies);
  std::vector<std::string> kv = {"off"};
  if (const Value* o = Sub(&catalog.taxonomy, "kv_offload"); o && o->is_object()) {
    for (const auto& [id, v] : o->members()) kv.push_back(id);
  }
  for (const StrategyDoc& s : catalog.kv_stores) kv.push_back(s.name);
  place(&req.kv_offload, "kv_offload", kv);
  std::vector<std::string> pool = {"tp", "tep", "dep"};
  place(&req.prefill_mode, "pd", pool);
  place(&req.decode_mode, "pd", pool);
  std::vector<Candidate> features = ChoiceCandidates(catalog, &recipe, "feature", FeatureKeys(recipe));
  for (auto& [key, on] : req.feature_switches) {
    if (auto k = KeyForWord(key, features)) key = *k;
  }
  for (auto& [feature, mode] : req.feature_modes) {
    if (auto k = KeyForWord(feature, features)) feature = *k;
    std::vector<Candidate> modes;
    for (const std::string& m : FeatureModeKeys(recipe, feature)) modes.push_back({m, ModeLabel(recipe, feature, m)});
    if (auto k = KeyForWord(mode, modes)) mode = *k;
  }
  return req;
}

std::string KeyWithLabel(const Candidate& c) { return c.label.empty() ? c.key : c.key + " (" + c.label + ")"; }

std::string SuggestedChoice(const Catalog& catalog, const Recipe& recipe, const SelectionError& error) {
  if (error.value.empty() || error.choices.empty()) return {};
  // A real key that is refused here (h200 for NVFP4) is no typo: no guess.
  if (error.field == "hardware" && catalog.FindHardware(error.value)) return {};
  if (error.field == "variant" && FindVariant(recipe, error.value)) return {};
  if (error.field == "strategy" && catalog.FindStrategy(error.value)) return {};
  std::vector<Candidate> cands = ChoiceCandidates(catalog, &recipe, error.field, error.choices);
  const Candidate* best = BestMatch(error.value, cands);
  return best && best->key != error.value ? best->key : std::string();
}

std::string FormatChoiceError(const Catalog& catalog, const Recipe& recipe, const SelectionError& error) {
  std::string plain = FormatSelectionError(error);
  if (error.choices.empty()) return plain;
  std::vector<Candidate> cands = ChoiceCandidates(catalog, &recipe, error.field, error.choices);
  std::string list;
  for (const Candidate& c : cands) list += (list.empty() ? "" : ", ") + KeyWithLabel(c);
  std::string extra;
  if (std::string s = SuggestedChoice(catalog, recipe, error); !s.empty()) {
    for (const Candidate& c : cands) {
      if (c.key == s) extra = "  did you mean " + KeyWithLabel(c) + "?\n";
    }
  }
  // Replace the plain choices line ("  valid … choices: a, b") with the labelled one.
  size_t start = plain.find("  valid ");
  size_t colon = start == std::string::npos ? start : plain.find("choices: ", start);
  size_t end = colon == std::string::npos ? colon : plain.find('\n', colon);
  if (end == std::string::npos) return plain + extra;
  return plain.substr(0, colon + 9) + list + "\n" + extra + plain.substr(end + 1);
}

}  // namespace recipes
