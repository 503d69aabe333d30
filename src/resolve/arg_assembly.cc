#include "resolve/arg_assembly.h"

#include "render/shell_command.h"

namespace recipes {

bool IsFlag(const Value& v) { return v.is_string() && !v.str().empty() && v.str()[0] == '-'; }

std::string LayerName(const ArgList& a, uint32_t layer) {
  return a.track && layer < a.layers.size() ? a.layers[layer] : std::string();
}

ArgUnit MakeUnit(const ArgList& a, const std::vector<Tok>& toks, size_t first, size_t count) {
  ArgUnit u;
  for (size_t i = 0; i < count; ++i) u.tokens.push_back(toks[first + i].v.is_string() ? toks[first + i].v.str() : toks[first + i].v.ToDisplayString());
  u.origin = {LayerName(a, toks[first].layer), toks[first].v.pos()};
  if (count == 2) u.value_origin = {LayerName(a, toks[first + 1].layer), toks[first + 1].v.pos()};
  return u;
}

namespace {

// §12's decisions as indices into a.toks: the non-empty tokens (`idx`), the
// units over them, and per unit the later unit whose flag replaces it
// (UINT32_MAX: kept). Empty elements go to *dropped when given.
struct UnitPlan {
  std::vector<uint32_t> idx;
  std::vector<Unit> units;  // `first` indexes idx
  std::vector<uint32_t> winner;
};

void PlanUnits(const ArgList& a, UnitPlan* plan, std::vector<DroppedArg>* dropped) {
  const std::vector<Tok>& all = a.toks;
  std::vector<uint32_t>& idx = plan->idx;
  idx.reserve(all.size());
  for (uint32_t i = 0; i < all.size(); ++i) {
    const Tok& t = all[i];
    if (t.v.Truthy()) {
      idx.push_back(i);
    } else if (dropped) {
      ArgUnit u;
      u.tokens.push_back(t.v.is_string() ? t.v.str() : t.v.ToDisplayString());
      u.origin = {LayerName(a, t.layer), t.v.pos()};
      dropped->push_back({std::move(u), "empty element", std::nullopt});
    }
  }
  std::vector<Unit>& units = plan->units;
  units.reserve(idx.size());
  for (size_t i = 0; i < idx.size();) {
    if (IsFlag(all[idx[i]].v) && i + 1 < idx.size() && !IsFlag(all[idx[i + 1]].v)) {
      units.push_back({i, 2});
      i += 2;
    } else {
      units.push_back({i, 1});
      i += 1;
    }
  }
  // Walk from the end; a flag seen later wins. Lists are short, so a linear
  // scan over the flags seen so far beats hashing.
  std::vector<uint32_t>& winner = plan->winner;
  winner.assign(units.size(), UINT32_MAX);
  std::vector<std::pair<std::string_view, uint32_t>> seen;
  seen.reserve(units.size());
  for (size_t k = units.size(); k-- > 0;) {
    const Value& head = all[idx[units[k].first]].v;
    if (!IsFlag(head)) continue;
    std::string_view flag = head.str();
    bool found = false;
    for (const auto& sn : seen) {
      if (sn.first == flag) {
        winner[k] = sn.second;
        found = true;
        break;
      }
    }
    if (!found) seen.emplace_back(flag, static_cast<uint32_t>(k));
  }
}

ResolveError NonStringError(const ArgList& a, const Tok& t) {
  std::string layer = LayerName(a, t.layer);
  return ResolveError{t.v.pos(), std::string("argument elements must be strings; found ") +
                                     Value::KindName(t.v.kind()) + " " + t.v.ToDisplayString() +
                                     (layer.empty() ? "" : " in " + layer)};
}

}  // namespace

// §12: drop empty elements, split into units, keep the last occurrence of
// each flag.
Deduped Dedupe(const ArgList& a) {
  Deduped out;
  const std::vector<Tok>& all = a.toks;
  UnitPlan plan;
  PlanUnits(a, &plan, a.track ? &out.dropped : nullptr);
  const std::vector<uint32_t>& idx = plan.idx;
  const std::vector<Unit>& units = plan.units;
  const std::vector<uint32_t>& winner = plan.winner;
  out.kept.reserve(idx.size());
  out.units.reserve(units.size());
  for (size_t k = 0; k < units.size(); ++k) {
    if (winner[k] == UINT32_MAX) {
      out.units.push_back({out.kept.size(), units[k].count});
      for (size_t i = 0; i < units[k].count; ++i) out.kept.push_back(all[idx[units[k].first + i]]);
    } else if (a.track) {
      std::vector<Tok> unit_toks;
      for (size_t i = 0; i < units[k].count; ++i) unit_toks.push_back(all[idx[units[k].first + i]]);
      const Tok& w = all[idx[units[winner[k]].first]];
      DroppedArg d;
      d.unit = MakeUnit(a, unit_toks, 0, unit_toks.size());
      d.reason = "overridden by a later " + w.v.str();
      d.winner = Origin{LayerName(a, w.layer), w.v.pos()};
      out.dropped.push_back(std::move(d));
    }
  }
  return out;
}

bool RenderServeArgv(std::string_view binary, const std::string& model_id, const ArgList& a, ProcessArgv* out,
                     std::optional<ResolveError>* error) {
  UnitPlan plan;
  PlanUnits(a, &plan, nullptr);
  const std::vector<Tok>& all = a.toks;
  size_t n = plan.idx.size() + 3;
  out->argv.reserve(n);
  out->flag_pos.reserve(n);
  out->value_pos.reserve(n);
  for (size_t s = 0; s < binary.size();) {
    size_t e = binary.find(' ', s);
    if (e == std::string_view::npos) e = binary.size();
    if (e > s) out->argv.emplace_back(binary.substr(s, e - s));
    s = e + 1;
  }
  out->argv.push_back(model_id);
  out->flag_pos.assign(out->argv.size(), Pos{});
  out->value_pos.assign(out->argv.size(), Pos{});
  for (size_t k = 0; k < plan.units.size(); ++k) {
    if (plan.winner[k] != UINT32_MAX) continue;
    const Tok& head = all[plan.idx[plan.units[k].first]];
    for (size_t i = 0; i < plan.units[k].count; ++i) {
      const Tok& t = all[plan.idx[plan.units[k].first + i]];
      if (!t.v.is_string()) {
        *error = NonStringError(a, t);
        return false;
      }
      out->argv.push_back(t.v.str());
      out->flag_pos.push_back(head.v.pos());
      out->value_pos.push_back(i > 0 && t.v.pos().known() ? t.v.pos() : head.v.pos());
    }
  }
  return true;
}

bool RenderServe(std::string_view binary, const std::string& model_id, const ArgList& a, Value* command,
                 Value* argv, ProcessProvenance* provenance, std::optional<ResolveError>* error) {
  Deduped d = Dedupe(a);
  std::vector<std::string_view> tokens;
  tokens.reserve(d.kept.size());
  ArrayItems av;
  av.reserve(d.kept.size() + 3);
  // argv spells the binary word by word ("vllm", "serve").
  for (size_t s = 0; s < binary.size();) {
    size_t e = binary.find(' ', s);
    if (e == std::string_view::npos) e = binary.size();
    if (e > s) av.push_back(Value::String(std::string(binary.substr(s, e - s))));
    s = e + 1;
  }
  av.push_back(Value::String(model_id));
  for (const Tok& t : d.kept) {
    if (!t.v.is_string()) {
      *error = NonStringError(a, t);
      return false;
    }
    tokens.push_back(t.v.str());
    av.push_back(t.v);
  }
  *command = Value::String(a.quote_all ? FormatServeCommandQuoted(binary, model_id, tokens)
                                       : FormatServeCommandFromViews(binary, model_id, tokens));
  *argv = Value::Array(std::move(av));
  if (a.track && provenance) {
    for (const Unit& u : d.units) provenance->args.push_back(MakeUnit(a, d.kept, u.first, u.count));
    provenance->dropped = std::move(d.dropped);
  }
  return true;
}

}  // namespace recipes
