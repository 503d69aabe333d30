#include "validate/validator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "validate/key_position.h"
#include "validate/schema.h"
#include "validate/suggest.h"

namespace recipes {

namespace {

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (!s.empty() && !Contains(*v, s)) v->push_back(std::move(s));
}

std::vector<std::string> Concat(std::initializer_list<const std::vector<std::string>*> lists) {
  std::vector<std::string> out;
  for (const auto* l : lists) out.insert(out.end(), l->begin(), l->end());
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

// "a string", "the number 8", "a map", … for messages.
std::string Found(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return std::string("the boolean ") + (v.boolean() ? "true" : "false");
    case Value::Kind::kNumber: return "the number " + v.ToDisplayString();
    case Value::Kind::kString: return "a string";
    case Value::Kind::kDate: return "the date " + v.DateText();
    case Value::Kind::kArray: return "a list";
    case Value::Kind::kObject: return "a map";
  }
  return "a value";
}

// Input text quoted in a message, cut short so a huge value stays readable.
std::string Short(const std::string& s) {
  if (s.size() <= 80) return s;
  size_t cut = 77;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return s.substr(0, cut) + "...";
}

const std::vector<std::string> kPoolModes = {"tp", "tep", "dep"};
const std::vector<std::string> kOmniTasks = {"t2i", "i2i", "t2v", "i2v", "ti2v", "t2a"};
const std::vector<std::string> kDockerBrands = {"nvidia", "amd", "tpu", "intel"};
const std::vector<std::string> kCudaKeys = {"cu129", "cu130"};

// The ids a catalog defines, gathered once.
struct Vocabulary {
  std::vector<std::string> hardware, generations, brands, brands_lower;
  std::vector<std::string> strategies, kv_stores, kv_offload, kv_groups, tasks, platforms;
  bool has_taxonomy = false, has_hardware = false, has_strategies = false, has_kv_stores = false;
  bool has_platforms = false;
};

void AddGenerations(const Value* g, std::vector<std::string>* out) {
  if (!g) return;
  if (g->is_string()) AddUnique(out, g->str());
  if (g->is_array()) {
    for (const Value& e : g->items()) {
      if (e.is_string()) AddUnique(out, e.str());
    }
  }
}

Vocabulary GatherVocabulary(const Catalog& c) {
  Vocabulary v;
  v.has_taxonomy = c.taxonomy.is_object();
  if (const Value* hw = c.HardwareProfiles()) {
    v.has_hardware = true;
    for (const auto& [id, profile] : hw->members()) {
      v.hardware.push_back(id);
      if (!profile.is_object()) continue;
      AddGenerations(profile.Get("generation"), &v.generations);
      AddGenerations(profile.Get("gpu_generation"), &v.generations);
      if (const Value* b = profile.Get("brand"); b && b->is_string()) {
        AddUnique(&v.brands, b->str());
        std::string lower = b->str();
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        AddUnique(&v.brands_lower, lower);
      }
    }
  }
  if (const Value* kv = c.taxonomy.Get("kv_offload"); kv && kv->is_object()) {
    for (const auto& [k, _] : kv->members()) v.kv_offload.push_back(k);
  }
  if (const Value* g = c.taxonomy.Get("kv_offload_groups"); g && g->is_object()) {
    for (const auto& [k, _] : g->members()) v.kv_groups.push_back(k);
  }
  if (const Value* t = c.taxonomy.Get("tasks"); t && t->is_array()) {
    for (const Value& e : t->items()) {
      if (const Value* id = e.Get("id"); id && id->is_string()) AddUnique(&v.tasks, id->str());
    }
  }
  v.has_strategies = c.has_strategies_dir;
  for (const auto& s : c.strategies) AddUnique(&v.strategies, s.name);
  v.has_kv_stores = c.has_kv_store_dir;
  for (const auto& s : c.kv_stores) AddUnique(&v.kv_stores, s.name);
  v.has_platforms = c.has_platforms;
  if (const Value* p = c.platforms.Get("platforms"); p && p->is_array()) {
    for (const Value& e : p->items()) {
      if (const Value* id = e.Get("id"); id && id->is_string()) AddUnique(&v.platforms, id->str());
    }
  }
  return v;
}

// Walks one document against the schema; also hosts the recipe rules.
class Checker {
 public:
  Checker(const Catalog& catalog, const Vocabulary& vocab, Diagnostics* out)
      : catalog_(catalog), vocab_(vocab), out_(out) {}

  void CheckDocument(const Value& doc, const Shape& schema) {
    path_.clear();
    features_ = nullptr;
    Walk(doc, schema, true);
  }

  void CheckRecipe(const Recipe& recipe) {
    const Value& doc = recipe.doc;
    path_.clear();
    const Value* features = doc.Get("features");
    features_ = features && features->is_object() ? features : nullptr;
    Walk(doc, *GetCatalogSchema().recipe, true);
    path_.clear();
    RecipeRules(recipe);
  }

 private:
  // ---- diagnostics

  void Error(Pos pos, std::string msg) { out_->push_back(Diagnostic::Error(pos, std::move(msg))); }
  void Warn(Pos pos, std::string msg) { out_->push_back(Diagnostic::Warning(pos, std::move(msg))); }
  void Report(bool error, Pos pos, std::string msg) {
    out_->push_back(error ? Diagnostic::Error(pos, std::move(msg)) : Diagnostic::Warning(pos, std::move(msg)));
  }

  std::string Path() const {
    std::string out;
    for (const std::string& p : path_) {
      if (!out.empty() && p[0] != '[') out += '.';
      out += p;
    }
    return out.empty() ? "the document" : out;
  }

  struct Push {
    Push(std::vector<std::string>* path, std::string seg) : path_(path) { path_->push_back(std::move(seg)); }
    ~Push() { path_->pop_back(); }
    std::vector<std::string>* path_;
  };

  // ---- generic walk

  static bool KindFits(const Value& v, const Shape& s) {
    switch (s.type) {
      case ShapeType::kAny: return true;
      case ShapeType::kString: return v.is_string();
      case ShapeType::kNumber: return v.is_number();
      case ShapeType::kBool: return v.is_bool();
      case ShapeType::kDate: return v.is_date() || v.is_string();
      case ShapeType::kScalar: return v.is_string() || v.is_number() || v.is_bool();
      case ShapeType::kArg: return v.is_string();
      case ShapeType::kList: return v.is_array();
      case ShapeType::kRecord:
      case ShapeType::kMap: return v.is_object();
      case ShapeType::kDockerImage: return v.is_string() || v.is_object();
      case ShapeType::kInstallTab: return v.is_bool() || v.is_object();
      case ShapeType::kOneOf:
        return std::any_of(s.alternatives.begin(), s.alternatives.end(),
                           [&](const Shape* a) { return KindFits(v, *a); });
    }
    return false;
  }

  void Mismatch(const Value& v, const Shape& s, bool consumed) {
    std::string msg = Path() + " must be " + s.Describe() + ", found " + Found(v);
    if (!consumed) msg += " (it is only displayed or passed through)";
    Report(consumed, v.pos(), msg);
  }

  void Walk(const Value& v, const Shape& s, bool consumed) {
    if (v.is_null()) return;  // null counts as absent everywhere
    switch (s.type) {
      case ShapeType::kAny: return;
      case ShapeType::kString:
        if (!v.is_string()) return Mismatch(v, s, consumed);
        if (s.vocab != Vocab::kNone) CheckId(v.str(), s.vocab, v.pos(), false);
        if (!s.values.empty() && !Contains(s.values, v.str())) {
          Warn(v.pos(), Path() + " is '" + Short(v.str()) + "'; expected " + Join(s.values, ", ") +
                            DidYouMean(v.str(), s.values));
        }
        return;
      case ShapeType::kNumber:
        if (!v.is_number()) return Mismatch(v, s, consumed);
        if (s.positive && !(v.number() > 0)) {
          Warn(v.pos(), Path() + " is " + v.ToDisplayString() + "; only a number above 0 takes effect");
        }
        return;
      case ShapeType::kBool:
        if (!v.is_bool()) return Mismatch(v, s, consumed);
        return;
      case ShapeType::kDate:
        if (!v.is_date() && !v.is_string()) return Mismatch(v, s, consumed);
        return;
      case ShapeType::kScalar:
        if (v.is_date()) {
          Warn(v.pos(), Path() + " is a date; quote it to keep the text as written");
        } else if (!KindFits(v, s)) {
          Mismatch(v, s, consumed);
        }
        return;
      case ShapeType::kArg:
        if (v.is_string() || !v.Truthy()) return;  // empty elements are dropped
        Report(consumed, v.pos(),
               Path() + " must be a string, found " + Found(v) +
                   " (command rendering fails on an argument that is not a string; quote it)");
        return;
      case ShapeType::kList:
        if (!v.is_array()) return Mismatch(v, s, consumed);
        for (size_t i = 0; i < v.items().size(); ++i) {
          Push p(&path_, "[" + std::to_string(i) + "]");
          Walk(v.items()[i], *s.element, consumed);
        }
        return;
      case ShapeType::kMap:
        if (!v.is_object()) return Mismatch(v, s, consumed);
        for (const auto& [k, val] : v.members()) {
          if (s.vocab != Vocab::kNone) CheckId(k, s.vocab, KeyPosition(v, k, val), true);
          Push p(&path_, k);
          Walk(val, *s.element, consumed);
        }
        return;
      case ShapeType::kRecord:
        if (!v.is_object()) return Mismatch(v, s, consumed);
        for (const auto& [k, val] : v.members()) {
          const Field* f = s.FindField(k);
          if (!f) {
            UnknownKey(v, k, val, s);
            continue;
          }
          if (f->by_rule && !val.is_null() && !KindFits(val, *f->shape)) continue;
          Push p(&path_, k);
          Walk(val, *f->shape, f->consumed);
        }
        return;
      case ShapeType::kOneOf:
        for (const Shape* a : s.alternatives) {
          if (KindFits(v, *a)) return Walk(v, *a, consumed);
        }
        return Mismatch(v, s, consumed);
      case ShapeType::kDockerImage: return DockerImage(v, consumed);
      case ShapeType::kInstallTab: return InstallTab(v, consumed);
    }
  }

  void UnknownKey(const Value& map, const std::string& key, const Value& val, const Shape& s) {
    if (s.extra == Extra::kAllow) return;
    std::vector<std::string> known;
    for (const Field& f : s.fields) known.push_back(f.key);
    std::string hint = DidYouMean(key, known);
    std::string where = path_.empty() ? "" : " in " + Path();
    if (s.extra == Extra::kWarnIfClose) {
      if (hint.empty()) return;
      Warn(KeyPosition(map, key, val),
           "unknown key '" + key + "'" + where + hint + "; it is passed into the JSON unchanged and not read");
      return;
    }
    Warn(KeyPosition(map, key, val), "unknown key '" + key + "'" + where + hint + "; it is ignored");
  }

  // ---- ids

  // Checks that `id` names something of kind `vocab`. `is_key` only changes
  // the wording. Unknown ids are warnings: the reference ignores them.
  void CheckId(const std::string& id, Vocab vocab, Pos pos, bool is_key) {
    const Vocabulary& v = vocab_;
    // An unknown id in compatible_strategies, opt_in_features or
    // hardware_opt_in_features silently removes a choice from users: an error.
    bool cross_reference = !path_.empty() && (vocab == Vocab::kStrategy || vocab == Vocab::kFeature) &&
                           (path_[0] == "compatible_strategies" || path_[0] == "opt_in_features" ||
                            path_[0] == "hardware_opt_in_features");
    auto unknown = [&](const std::string& what, const std::vector<std::string>& candidates,
                       const std::string& consequence) {
      std::string message = "unknown " + what + " '" + Short(id) + "'" + DidYouMean(id, candidates);
      if (cross_reference) {
        Error(pos, message + " in " + path_[0] + "; the choice it names does not exist, so users never get it");
      } else {
        Warn(pos, message + consequence);
      }
    };
    const std::string never = is_key ? "; this entry is never used" : "; it is ignored";
    const std::vector<std::string> nvidia = {"nvidia"};
    const std::vector<std::string> deflt = {"default"};
    switch (vocab) {
      case Vocab::kNone: return;
      case Vocab::kStrategy:
        if (!v.has_strategies || Contains(v.strategies, id)) return;
        if (Contains(v.kv_stores, id)) {
          Warn(pos, "'" + Short(id) + "' is a kv-store deployment, not a serving strategy (Mooncake deployments are offered "
                    "to every recipe)");
          return;
        }
        return unknown("strategy", v.strategies, never);
      case Vocab::kKvStore:
        if (!v.has_kv_stores || Contains(v.kv_stores, id)) return;
        return unknown("kv-store deployment", v.kv_stores, never);
      case Vocab::kHardware:
      case Vocab::kHardwareOrDefault: {
        if (!v.has_hardware || Contains(v.hardware, id)) return;
        bool with_default = vocab == Vocab::kHardwareOrDefault;
        if (with_default && id == "default") return;
        if (Contains(v.generations, id) || Contains(v.brands_lower, id) || id == "default" || id == "nvidia") {
          Warn(pos, "'" + Short(id) + "' is not a hardware id: only exact hardware ids" +
                        std::string(with_default ? " and 'default'" : "") + " are looked up here" + never);
          return;
        }
        return unknown("hardware id", with_default ? Concat({&v.hardware, &deflt}) : v.hardware, never);
      }
      case Vocab::kHardwareKeyed: {
        if (!v.has_hardware || id == "default" || Contains(v.hardware, id) || Contains(v.generations, id) ||
            Contains(v.brands_lower, id)) {
          return;
        }
        Warn(pos, "'" + Short(id) + "' is not a hardware id, generation, lower-case brand or 'default'" +
                      DidYouMean(id, Concat({&v.hardware, &v.generations, &v.brands_lower, &deflt})) + never);
        return;
      }
      case Vocab::kGenerationKeyed:
        if (!v.has_hardware || id == "nvidia" || Contains(v.generations, id)) return;
        if (Contains(v.hardware, id)) {
          Warn(pos, "'" + Short(id) + "' is a hardware id, but this map is looked up by generation (" +
                        Join(v.generations) + ") or 'nvidia' only" + never);
          return;
        }
        Warn(pos, "'" + Short(id) + "' is not a generation or 'nvidia'" + DidYouMean(id, Concat({&v.generations, &nvidia})) +
                      never);
        return;
      case Vocab::kGenerationOrHardware:
        if (!v.has_hardware || id == "nvidia" || Contains(v.generations, id) || Contains(v.hardware, id)) return;
        Warn(pos, "'" + Short(id) + "' is not a hardware id, generation or 'nvidia'" +
                      DidYouMean(id, Concat({&v.hardware, &v.generations, &nvidia})) + never);
        return;
      case Vocab::kModeHardware:
        if (!v.has_hardware || Contains(v.generations, id) || Contains(v.hardware, id)) return;
        Warn(pos, "'" + Short(id) + "' is not a hardware id or generation (brands and 'default' are not consulted here)" +
                      DidYouMean(id, Concat({&v.hardware, &v.generations})) + never);
        return;
      case Vocab::kMinGpusKey:
        if (!v.has_hardware || !v.has_strategies || Contains(v.strategies, id) || Contains(kPoolModes, id) ||
            Contains(v.hardware, id) || Contains(v.kv_stores, id)) {
          return;
        }
        Warn(pos, "'" + Short(id) + "' is not a strategy id, PD pool mode (tp, tep, dep) or hardware id" +
                      DidYouMean(id, Concat({&v.strategies, &kPoolModes, &v.hardware})) + never);
        return;
      case Vocab::kMinGpusInner:
        if (!v.has_strategies || Contains(v.strategies, id) || Contains(kPoolModes, id) || Contains(v.kv_stores, id)) {
          return;
        }
        Warn(pos, "'" + Short(id) + "' is not a strategy id or PD pool mode (tp, tep, dep)" +
                      DidYouMean(id, Concat({&v.strategies, &kPoolModes})) + never);
        return;
      case Vocab::kFeature: {
        std::vector<std::string> names;
        if (features_) {
          for (const auto& [k, _] : features_->members()) names.push_back(k);
        }
        if (Contains(names, id)) return;
        return unknown("feature", names, names.empty() ? "; the recipe declares no features" : never);
      }
      case Vocab::kKvOffload:
        if (!v.has_taxonomy || Contains(v.kv_offload, id)) return;
        return unknown("kv offload option", v.kv_offload, never);
      case Vocab::kKvOffloadGroup:
        if (!v.has_taxonomy || Contains(v.kv_groups, id)) return;
        return unknown("kv offload group", v.kv_groups, never);
      case Vocab::kTask:
        if (!v.has_taxonomy || Contains(v.tasks, id)) return;
        return unknown("task", v.tasks, "");
      case Vocab::kPlatform:
        if (!v.has_platforms || Contains(v.platforms, id)) return;
        return unknown("platform", v.platforms, "; unknown platforms are dropped");
      case Vocab::kOmniTask:
        if (Contains(kOmniTasks, id)) return;
        return unknown("omni task", kOmniTasks, "; unknown tasks are skipped");
      case Vocab::kBrand:
        if (!v.has_hardware || Contains(v.brands, id)) return;
        return unknown("brand", v.brands, " (brands are compared case-sensitively)");
      case Vocab::kGeneration:
        if (!v.has_hardware || Contains(v.generations, id)) return;
        return unknown("generation", v.generations, "");
      case Vocab::kPoolMode:
        if (Contains(kPoolModes, id)) return;
        return unknown("PD pool mode", kPoolModes, "");
    }
  }

  // ---- custom shapes

  // recipe-format.md §5.1: a string, a brand map (nvidia may hold a CUDA
  // map), or a CUDA map.
  void DockerImage(const Value& v, bool consumed) {
    if (v.is_string()) return;
    if (!v.is_object()) {
      Report(consumed, v.pos(),
             Path() + " must be an image string, a map by brand (nvidia, amd, tpu, intel) or a map by CUDA build "
                      "(cu129, cu130), found " + Found(v));
      return;
    }
    bool brand_map = std::any_of(kDockerBrands.begin(), kDockerBrands.end(),
                                 [&](const std::string& b) { return v.members().Contains(b); });
    bool cuda_map = !brand_map && std::any_of(kCudaKeys.begin(), kCudaKeys.end(),
                                              [&](const std::string& b) { return v.members().Contains(b); });
    if (!brand_map && !cuda_map) {
      Warn(v.pos(), Path() + " has no brand keys (nvidia, amd, tpu, intel) and no CUDA keys (cu129, cu130), so it "
                             "is ignored");
    }
    const std::vector<std::string>& keys = brand_map ? kDockerBrands : kCudaKeys;
    for (const auto& [k, val] : v.members()) {
      Push p(&path_, k);
      if (!Contains(keys, k)) {
        if (brand_map || cuda_map) {
          Warn(KeyPosition(v, k, val),
               "unknown key '" + k + "' in " + PathParent() + DidYouMean(k, keys) + "; it is ignored");
        }
        continue;
      }
      if (val.is_null() || val.is_string()) continue;
      if (brand_map && k == "nvidia" && val.is_object()) {
        bool has_cuda = val.members().Contains("cu129") || val.members().Contains("cu130");
        if (!has_cuda) Warn(val.pos(), Path() + " is a map without cu129 or cu130, so it is ignored");
        for (const auto& [ck, cv] : val.members()) {
          Push pc(&path_, ck);
          if (!Contains(kCudaKeys, ck)) {
            Warn(KeyPosition(val, ck, cv),
                 "unknown key '" + ck + "' in " + PathParent() + DidYouMean(ck, kCudaKeys) + "; it is ignored");
          } else if (!cv.is_null() && !cv.is_string()) {
            Report(consumed, cv.pos(), Path() + " must be an image string, found " + Found(cv));
          }
        }
        continue;
      }
      Report(consumed, val.pos(),
             Path() + " must be an image string" + std::string(brand_map && k == "nvidia" ? " or a CUDA map" : "") +
                 ", found " + Found(val));
    }
  }

  std::string PathParent() {
    std::string last = path_.back();
    path_.pop_back();
    std::string out = Path();
    path_.push_back(last);
    return out;
  }

  // recipe-format.md §5.2: false hides the tab, a map overrides it.
  void InstallTab(const Value& v, bool consumed) {
    if (v.is_bool()) return;
    if (v.is_object()) {
      for (const auto& [k, val] : v.members()) {
        Push p(&path_, k);
        if (k == "command" || k == "note") {
          if (!val.is_null() && !val.is_string()) Report(consumed, val.pos(), Path() + " must be a string, found " + Found(val));
        } else {
          Warn(KeyPosition(v, k, val), "unknown key '" + k + "' in " + PathParent() +
                                           DidYouMean(k, {"command", "note"}) + "; it is ignored");
        }
      }
      return;
    }
    Warn(v.pos(), Path() + " is " + Found(v) + ", which shows the default tab; use false to hide it or {command, note} "
                                               "to replace it");
  }

  // ---- recipe rules

  // Position of `key` in `map`: the value's, or the key's when the value is
  // null or the message is about the key.
  static Pos ValuePos(const Value& map, const std::string& key, const Value& val) {
    return val.is_null() ? KeyPosition(map, key, val) : val.pos();
  }

  void RecipeRules(const Recipe& recipe) {
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
  void DefaultHardwareRule(const Value* meta) {
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
  void FeatureModeRules(const Value* variants, const std::vector<std::string>& variant_keys) {
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

  static bool ModeListsVariant(const Value& list, const std::string& vk) {
    for (const Value& e : list.items()) {
      if (e.ToDisplayString() == vk) return true;
    }
    return false;
  }

  // Effective strategies and the default strategy (recipe-format.md §8).
  void StrategyRules(const Value& doc) {
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
  void OmniRules(const Value& doc, const Value* meta) {
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
  void FeatureShapeRules() {
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

  void VariantRules(const Recipe& recipe, const Value* variants) {
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

  const Catalog& catalog_;
  const Vocabulary& vocab_;
  Diagnostics* out_;
  std::vector<std::string> path_;
  const Value* features_ = nullptr;  // the current recipe's features map
};

// Two documents with the same `name` share one id: the later file wins.
void DuplicateNames(const std::vector<StrategyDoc>& docs, const std::vector<StrategyDoc>& earlier, Diagnostics* out) {
  std::set<std::string> seen;
  for (const auto& d : earlier) seen.insert(d.name);
  for (const auto& d : docs) {
    if (!seen.insert(d.name).second) {
      const Value* name = d.doc.Get("name");
      out->push_back(Diagnostic::Warning(name ? name->pos() : d.doc.pos(),
                                         "another file already defines '" + d.name + "'; this later file replaces it"));
    }
  }
}

}  // namespace

Diagnostics ValidateCatalog(const Catalog& catalog) {
  Diagnostics out;
  Vocabulary vocab = GatherVocabulary(catalog);
  const CatalogSchema& schema = GetCatalogSchema();
  Checker checker(catalog, vocab, &out);
  if (catalog.taxonomy.is_object()) {
    checker.CheckDocument(catalog.taxonomy, *schema.taxonomy);
    if (!catalog.HardwareProfiles()) {
      out.push_back(Diagnostic::Warning(catalog.taxonomy.pos(),
                                        "taxonomy.yaml has no hardware_profiles map, so no hardware can be offered"));
    }
  }
  if (catalog.has_platforms && catalog.platforms.is_object()) {
    checker.CheckDocument(catalog.platforms, *schema.platforms);
  }
  for (const auto& s : catalog.strategies) checker.CheckDocument(s.doc, *schema.strategy);
  for (const auto& s : catalog.kv_stores) checker.CheckDocument(s.doc, *schema.kv_store);
  DuplicateNames(catalog.strategies, {}, &out);
  DuplicateNames(catalog.kv_stores, catalog.strategies, &out);
  std::map<std::string, const Recipe*> ids;
  for (const Recipe& r : catalog.recipes) {
    checker.CheckRecipe(r);
    // recipe-format.md §1: the id comes from the path, so models/a/x.yaml,
    // models/a/x.yml and models/a/b/x.yaml are all a/x.
    auto [it, inserted] = ids.emplace(r.hf_id, &r);
    if (!inserted) {
      const Source* src = r.doc.pos().source;
      out.push_back(Diagnostic::Warning(src ? Pos{src, 1, 1} : Pos{}, "this recipe's id " + r.hf_id + " is also the id of " +
                                                                          it->second->path + "; its output overwrites that one's"));
    }
  }
  return out;
}

void SortDiagnostics(Diagnostics* diags) {
  std::stable_sort(diags->begin(), diags->end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file() != b.file()) return a.file() < b.file();
    uint32_t al = a.pos.known() ? a.pos.line : 0, bl = b.pos.known() ? b.pos.line : 0;
    if (al != bl) return al < bl;
    return a.pos.col < b.pos.col;
  });
}

}  // namespace recipes
