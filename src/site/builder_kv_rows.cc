// The KV offload row and its Mooncake instance inputs (site.md §9.11.4).
#include "site/builder_internal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "render/docker.h"
#include "render/json_writer.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"

namespace recipes::builder_detail {

void Builder::KvRows() {
  BuilderRow row;
  row.key = "kv_offload";
  row.label = "KV Offload";
  row.hint = "Extend the KV cache beyond GPU memory: host DRAM, a filesystem tier, or a shared Mooncake pool.";
  struct Entry {
    double order;
    BuilderPill pill;
  };
  std::vector<Entry> entries;
  auto set_kv = [&](const std::string& key) {
    BuilderParams q = Url();
    if (key.empty()) {
      q.Erase("kv_offload");
      q.Erase("kv_instances");
      q.Erase("kv_instance");
    } else {
      q.Set("kv_offload", key);
      if (!IsMooncake(key)) {
        q.Erase("kv_instances");
        q.Erase("kv_instance");
      }
    }
    return Q(q);
  };
  BuilderPill off;
  off.id = "off";
  off.label = "Off";
  off.tooltip = "KV cache stays in GPU memory.";
  off.active = s_.kv.empty();
  off.query = set_kv("");
  entries.push_back({0, off});

  const Value* opts = cat_.taxonomy.Get("kv_offload");
  const Value* groups = cat_.taxonomy.Get("kv_offload_groups");
  std::vector<std::string> seen_groups;
  std::string active_group;
  std::vector<BuilderPill> group_members;
  if (opts && opts->is_object()) {
    for (const auto& [key, o] : opts->members()) {
      std::string group = Str(o.Get("group"));
      std::string label = Str(o.Get("label"));
      if (label.empty()) label = Str(o.Get("display_name"));
      if (group.empty()) {
        BuilderPill p;
        p.id = key;
        p.label = label;
        std::string why = KvGate(key);
        p.disabled = !why.empty();
        p.tooltip = p.disabled ? why : Str(o.Get("description"));
        p.active = s_.kv == key;
        if (!p.disabled) p.query = set_kv(key);
        entries.push_back({Num(o.Get("order"), 9), p});
        continue;
      }
      if (Contains(seen_groups, group)) continue;
      seen_groups.push_back(group);
      const Value* g = groups ? groups->Get(group) : nullptr;
      // Members of this group, by order.
      std::vector<std::pair<double, std::string>> members;
      for (const auto& [mk, mo] : opts->members()) {
        if (Str(mo.Get("group")) == group) members.emplace_back(Num(mo.Get("order"), 9), mk);
      }
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      BuilderPill p;
      p.id = group;
      p.label = g ? Str(g->Get("label")) : group;
      std::string first_ok, first_why;
      bool any_active = false;
      std::vector<BuilderPill> sub;
      for (const auto& [ord, mk] : members) {
        std::string why = KvGate(mk);
        if (why.empty() && first_ok.empty()) first_ok = mk;
        if (!why.empty() && first_why.empty()) first_why = why;
        const Value* mo = opts->Get(mk);
        BuilderPill mp;
        mp.id = mk;
        mp.label = Str(mo->Get("label"));
        mp.disabled = !why.empty();
        mp.tooltip = mp.disabled ? why : Str(mo->Get("description"));
        mp.active = s_.kv == mk;
        any_active = any_active || mp.active;
        if (!mp.disabled) mp.query = set_kv(mk);
        sub.push_back(std::move(mp));
      }
      p.active = any_active;
      p.disabled = first_ok.empty();
      p.tooltip = p.disabled ? first_why : (g ? Str(g->Get("tooltip")) : "");
      if (!p.disabled) p.query = any_active ? Q(Url()) : set_kv(first_ok);
      if (any_active) {
        active_group = group;
        group_members = std::move(sub);
      }
      entries.push_back({g ? Num(g->Get("order"), 2) : 2, p});
    }
  }
  // One merged Mooncake pill for every topology.
  if (!cat_.kv_stores.empty()) {
    std::vector<std::pair<double, std::string>> tops;
    for (const auto& st : cat_.kv_stores) tops.emplace_back(Num(st.doc.Get("order"), 9), st.name);
    std::stable_sort(tops.begin(), tops.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    BuilderPill p;
    p.id = "mooncake";
    p.label = "Mooncake";
    std::string first_ok, first_why;
    for (const auto& [o, t] : tops) {
      std::string why = KvGate(t);
      if (why.empty() && first_ok.empty()) first_ok = t;
      if (!why.empty() && first_why.empty()) first_why = why;
    }
    p.active = IsMooncake(s_.kv);
    p.disabled = first_ok.empty();
    p.tooltip = p.disabled ? first_why
                           : "Mooncake: a shared, distributed KV cache that composes with the selected strategy.";
    if (!p.disabled) p.query = p.active ? Q(Url()) : set_kv(first_ok);
    entries.push_back({3, p});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
  std::vector<BuilderPill> pills;
  for (auto& e : entries) pills.push_back(std::move(e.pill));
  row.lines.emplace_back("", std::move(pills));

  // Description of the active option.
  if (!active_group.empty()) {
    const Value* g = groups->Get(active_group);
    row.note = Str(g->Get("description"));
    row.link = Str(g->Get("docs_url"));
  } else if (IsMooncake(s_.kv)) {
    row.note =
        "Instances share prefix KV through a CPU-DRAM pool coordinated by a Mooncake master; at 2+ instances a "
        "cache-aware router sends matching prefixes to the instance that holds them.";
    row.link = "https://docs.vllm.ai/en/stable/features/mooncake_store_connector_usage";
  } else if (!s_.kv.empty()) {
    const Value* o = opts->Get(s_.kv);
    row.note = Str(o->Get("description"));
    row.link = Str(o->Get("docs_url"));
  }
  if (!row.link.empty()) row.link_text = "Docs ↗";
  v_.rows.push_back(std::move(row));

  if (!active_group.empty() && group_members.size() >= 2) {
    BuilderRow sub;
    sub.key = "kv_tiers";
    const Value* g = groups->Get(active_group);
    sub.label = Str(g->Get("sub_row_label"));
    if (sub.label.empty()) sub.label = "Offload Tiers";
    sub.nested = true;
    sub.note = Str(opts->Get(s_.kv)->Get("description"));
    sub.lines.emplace_back("", std::move(group_members));
    v_.rows.push_back(std::move(sub));
  }
  if (IsMooncake(s_.kv)) {
    if (cat_.kv_stores.size() >= 2) {
      BuilderRow topo;
      topo.key = "kv_topology";
      topo.label = "Store Topology";
      topo.nested = true;
      std::vector<std::pair<double, const StrategyDoc*>> tops;
      for (const auto& st : cat_.kv_stores) tops.emplace_back(Num(st.doc.Get("order"), 9), &st);
      std::stable_sort(tops.begin(), tops.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<BuilderPill> pills2;
      for (const auto& [o, st] : tops) {
        BuilderPill p;
        p.id = st->name;
        p.label = Str(st->doc.Get("label"));
        if (p.label.empty()) p.label = Str(st->doc.Get("display_name"));
        std::string why = KvGate(st->name);
        p.disabled = !why.empty();
        p.tooltip = p.disabled ? why : FirstLine(Str(st->doc.Get("description")));
        p.active = s_.kv == st->name;
        if (!p.disabled) {
          BuilderParams q = Url();
          q.Set("kv_offload", st->name);
          p.query = Q(q);
        }
        pills2.push_back(std::move(p));
      }
      topo.lines.emplace_back("", std::move(pills2));
      topo.note = FirstLine(Str(cat_.FindStrategy(s_.kv)->Get("description")));
      v_.rows.push_back(std::move(topo));
    }
    if (DeployTypeOf(cat_, s_.strategy) != "pd_cluster" && v_.resolution.is_object()) {
      BuilderRow inst;
      inst.key = "kv_instances";
      inst.label = "Instances";
      inst.nested = true;
      inst.hint = "Independent vLLM engines sharing the Mooncake pool; a router joins them from 2 up. Each spans "
                  "the Nodes row's count.";
      int count = static_cast<int>(Num(v_.resolution.Get("instances"), 1));
      int gpus = rules_.GpuCount(s_.hw);
      BuilderNumber n;
      n.param = "kv_instances";
      n.label = "Number of vLLM instances";
      n.value = count;
      n.suffix = "× " + std::to_string(s_.nodes) + (s_.nodes == 1 ? " node" : " nodes") + " × " +
                 std::to_string(gpus) + " GPUs = " + std::to_string(count * s_.nodes * gpus) + " GPUs total";
      inst.numbers.push_back(n);
      v_.rows.push_back(std::move(inst));
    }
  }
}

}  // namespace recipes::builder_detail
