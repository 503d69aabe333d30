// ProvenanceToValue (declared in resolve/resolver.h).
#include "resolve/resolver.h"

namespace recipes {

namespace {

Value At(const Pos& pos) { return pos.known() ? Value::String(pos.ToString()) : Value(); }

Value Tokens(const std::vector<std::string>& tokens) {
  ArrayItems a;
  for (const std::string& t : tokens) a.push_back(Value::String(t));
  return Value::Array(std::move(a));
}

Value UnitValue(const ArgUnit& u) {
  ObjectItems o;
  o.Set("tokens", Tokens(u.tokens));
  o.Set("layer", Value::String(u.origin.layer));
  o.Set("at", At(u.origin.pos));
  if (u.tokens.size() == 2 && (u.value_origin.layer != u.origin.layer || u.value_origin.pos.line != u.origin.pos.line)) {
    o.Set("value_layer", Value::String(u.value_origin.layer));
    o.Set("value_at", At(u.value_origin.pos));
  }
  return Value::Object(std::move(o));
}

}  // namespace

Value ProvenanceToValue(const std::vector<ProcessProvenance>& processes) {
  ArrayItems out;
  for (const ProcessProvenance& p : processes) {
    ObjectItems o;
    o.Set("process", Value::String(p.process));
    ArrayItems args;
    for (const ArgUnit& u : p.args) args.push_back(UnitValue(u));
    o.Set("args", Value::Array(std::move(args)));
    ArrayItems dropped;
    for (const DroppedArg& d : p.dropped) {
      ObjectItems e;
      e.Set("tokens", Tokens(d.unit.tokens));
      e.Set("layer", Value::String(d.unit.origin.layer));
      e.Set("at", At(d.unit.origin.pos));
      e.Set("reason", Value::String(d.reason));
      if (d.winner) {
        e.Set("winner_layer", Value::String(d.winner->layer));
        e.Set("winner_at", At(d.winner->pos));
      }
      dropped.push_back(Value::Object(std::move(e)));
    }
    o.Set("dropped", Value::Array(std::move(dropped)));
    ArrayItems env;
    for (const EnvProvenance& e : p.env) {
      ObjectItems x;
      x.Set("key", Value::String(e.key));
      x.Set("layer", Value::String(e.origin.layer));
      x.Set("at", At(e.origin.pos));
      ArrayItems over;
      for (const Origin& w : e.overridden) {
        ObjectItems y;
        y.Set("layer", Value::String(w.layer));
        y.Set("at", At(w.pos));
        over.push_back(Value::Object(std::move(y)));
      }
      x.Set("overridden", Value::Array(std::move(over)));
      env.push_back(Value::Object(std::move(x)));
    }
    o.Set("env", Value::Array(std::move(env)));
    ArrayItems skipped;
    for (const SkippedSource& s : p.skipped) {
      ObjectItems x;
      x.Set("what", Value::String(s.what));
      x.Set("reason", Value::String(s.reason));
      x.Set("at", At(s.pos));
      skipped.push_back(Value::Object(std::move(x)));
    }
    o.Set("skipped", Value::Array(std::move(skipped)));
    out.push_back(Value::Object(std::move(o)));
  }
  return Value::Array(std::move(out));
}

}  // namespace recipes
