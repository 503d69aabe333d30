#include "validate/checker.h"

#include <algorithm>

#include "validate/key_position.h"
#include "validate/suggest.h"

namespace recipes::validation {

namespace {

const std::vector<std::string> kPoolModes = {"tp", "tep", "dep"};
const std::vector<std::string> kOmniTasks = {"t2i", "i2i", "t2v", "i2v", "ti2v", "t2a"};
const std::vector<std::string> kDockerBrands = {"nvidia", "amd", "tpu", "intel"};
const std::vector<std::string> kCudaKeys = {"cu129", "cu130"};

}  // namespace

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

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

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

std::string Short(const std::string& s) {
  if (s.size() <= 80) return s;
  size_t cut = 77;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return s.substr(0, cut) + "...";
}

void Checker::Report(bool error, Pos pos, std::string msg) {
  out_->push_back(error ? Diagnostic::Error(pos, std::move(msg)) : Diagnostic::Warning(pos, std::move(msg)));
}

std::string Checker::Path() const {
  std::string out;
  for (const std::string& p : path_) {
    if (!out.empty() && p[0] != '[') out += '.';
    out += p;
  }
  return out.empty() ? "the document" : out;
}

bool Checker::KindFits(const Value& v, const Shape& s) {
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

void Checker::Mismatch(const Value& v, const Shape& s, bool consumed) {
  std::string msg = Path() + " must be " + s.Describe() + ", found " + Found(v);
  if (!consumed) msg += " (it is only displayed or passed through)";
  Report(consumed, v.pos(), msg);
}

void Checker::Walk(const Value& v, const Shape& s, bool consumed) {
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

void Checker::UnknownKey(const Value& map, const std::string& key, const Value& val, const Shape& s) {
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

// Checks that `id` names something of kind `vocab`. `is_key` only changes
// the wording. Unknown ids are warnings: the reference ignores them.
void Checker::CheckId(const std::string& id, Vocab vocab, Pos pos, bool is_key) {
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

// recipe-format.md §5.1: a string, a brand map (nvidia may hold a CUDA
// map), or a CUDA map.
void Checker::DockerImage(const Value& v, bool consumed) {
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

std::string Checker::PathParent() {
  std::string last = path_.back();
  path_.pop_back();
  std::string out = Path();
  path_.push_back(last);
  return out;
}

// recipe-format.md §5.2: false hides the tab, a map overrides it.
void Checker::InstallTab(const Value& v, bool consumed) {
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

}  // namespace recipes::validation
