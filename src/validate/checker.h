// Checker: walks one catalog document against its schema (validate/schema.h),
// checks the ids it names against the catalog's vocabulary, and runs the
// recipe rules (recipe_rules.cc) on recipes. Internal to validate/: the
// public entry point is ValidateCatalog (validate/validator.h).
#ifndef RECIPES_VALIDATE_CHECKER_H_
#define RECIPES_VALIDATE_CHECKER_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "model/diagnostic.h"
#include "validate/schema.h"

namespace recipes::validation {

bool Contains(const std::vector<std::string>& v, std::string_view s);
void AddUnique(std::vector<std::string>* v, std::string s);
std::vector<std::string> Concat(std::initializer_list<const std::vector<std::string>*> lists);
std::string Join(const std::vector<std::string>& v, const char* sep = ", ");
/// "a string", "the number 8", "a map", … for messages.
std::string Found(const Value& v);
/// Input text quoted in a message, cut short so a huge value stays readable.
std::string Short(const std::string& s);

// The ids a catalog defines, gathered once.
struct Vocabulary {
  std::vector<std::string> hardware, generations, brands, brands_lower;
  std::vector<std::string> strategies, kv_stores, kv_offload, kv_groups, tasks, platforms;
  bool has_taxonomy = false, has_hardware = false, has_strategies = false, has_kv_stores = false;
  bool has_platforms = false;
};

Vocabulary GatherVocabulary(const Catalog& c);

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
  void Report(bool error, Pos pos, std::string msg);
  std::string Path() const;

  struct Push {
    Push(std::vector<std::string>* path, std::string seg) : path_(path) { path_->push_back(std::move(seg)); }
    ~Push() { path_->pop_back(); }
    std::vector<std::string>* path_;
  };

  // ---- generic walk

  static bool KindFits(const Value& v, const Shape& s);
  void Mismatch(const Value& v, const Shape& s, bool consumed);
  void Walk(const Value& v, const Shape& s, bool consumed);
  void UnknownKey(const Value& map, const std::string& key, const Value& val, const Shape& s);

  // ---- ids

  void CheckId(const std::string& id, Vocab vocab, Pos pos, bool is_key);

  // ---- custom shapes

  void DockerImage(const Value& v, bool consumed);
  std::string PathParent();
  void InstallTab(const Value& v, bool consumed);

  // ---- recipe rules

  static Pos ValuePos(const Value& map, const std::string& key, const Value& val);
  void RecipeRules(const Recipe& recipe);
  void DefaultHardwareRule(const Value* meta);
  void FeatureModeRules(const Value* variants, const std::vector<std::string>& variant_keys);
  static bool ModeListsVariant(const Value& list, const std::string& vk);
  void StrategyRules(const Value& doc);
  void OmniRules(const Value& doc, const Value* meta);
  void FeatureShapeRules();
  void VariantRules(const Recipe& recipe, const Value* variants);

  const Catalog& catalog_;
  const Vocabulary& vocab_;
  Diagnostics* out_;
  std::vector<std::string> path_;
  const Value* features_ = nullptr;  // the current recipe's features map
};

}  // namespace recipes::validation

#endif  // RECIPES_VALIDATE_CHECKER_H_
