// Selection <-> the recorded `input` object (resolve/resolver.h).
#include <cmath>
#include <string>

#include "resolve/resolver.h"
#include "resolve/resolver_impl.h"

namespace recipes {

bool Selection::FromJson(const Value& in, Selection* out, std::string* err) {
  if (!in.is_object()) {
    *err = "input must be an object";
    return false;
  }
  Selection s;
  auto str = [&](const char* key, std::string* dst) {
    const Value* v = in.Get(key);
    if (!v || v->is_null()) return true;
    if (!v->is_string()) {
      *err = std::string("input.") + key + " must be a string";
      return false;
    }
    *dst = v->str();
    return true;
  };
  if (!str("variant", &s.variant) || !str("strategy", &s.strategy) || !str("hardware", &s.hardware)) return false;
  auto list = [&](const char* key, std::vector<std::string>* dst) {
    const Value* v = in.Get(key);
    if (!v || v->is_null()) return true;
    if (!v->is_array()) {
      *err = std::string("input.") + key + " must be a list of strings";
      return false;
    }
    for (const Value& e : v->items()) {
      if (!e.is_string()) {
        *err = std::string("input.") + key + " must be a list of strings";
        return false;
      }
      dst->push_back(e.str());
    }
    return true;
  };
  if (!list("features", &s.features) || !list("advanced_args", &s.advanced_args)) return false;
  if (const Value* n = in.Get("node_count"); n && !n->is_null()) {
    if (!n->is_number() || !std::isfinite(n->number()) || n->number() != std::floor(n->number()) ||
        std::fabs(n->number()) > resolver_impl::kMaxCount) {
      *err = "input.node_count must be an integer up to 4096";
      return false;
    }
    s.node_count = static_cast<int>(n->number());
  }
  if (const Value* pd = in.Get("pd_nodes")) s.pd_nodes = *pd;
  if (const Value* fm = in.Get("feature_modes"); fm && !fm->is_null()) {
    if (!fm->is_object()) {
      *err = "input.feature_modes must be a map";
      return false;
    }
    for (const auto& [k, v] : fm->members()) {
      s.feature_modes.emplace_back(k, v.is_string() ? v.str() : v.is_null() ? "" : v.ToDisplayString());
    }
  }
  if (const Value* kv = in.Get("kv_offload"); kv && !kv->is_null()) {
    if (!kv->is_string()) {
      *err = "input.kv_offload must be a string or null";
      return false;
    }
    s.kv_offload = kv->str();
  }
  if (const Value* ki = in.Get("kv_instances")) s.kv_instances = *ki;
  *out = std::move(s);
  return true;
}

Value Selection::ToJson() const {
  ObjectItems o;
  o.Set("variant", Value::String(variant));
  o.Set("strategy", Value::String(strategy));
  o.Set("hardware", Value::String(hardware));
  ArrayItems f;
  for (const std::string& x : features) f.push_back(Value::String(x));
  o.Set("features", Value::Array(std::move(f)));
  ArrayItems a;
  for (const std::string& x : advanced_args) a.push_back(Value::String(x));
  o.Set("advanced_args", Value::Array(std::move(a)));
  o.Set("node_count", Value::Number(node_count));
  o.Set("pd_nodes", pd_nodes);
  ObjectItems fm;
  for (const auto& [k, v] : feature_modes) fm.Set(k, Value::String(v));
  o.Set("feature_modes", Value::Object(std::move(fm)));
  o.Set("kv_offload", kv_offload ? Value::String(*kv_offload) : Value());
  o.Set("kv_instances", kv_instances);
  return Value::Object(std::move(o));
}

}  // namespace recipes
