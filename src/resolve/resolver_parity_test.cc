// Combo parity: every recorded resolveCommand call in
// ../shared/reference/combos.jsonl.zst is resolved against
// ../shared/reference/catalog and compared with the recorded output. Also
// checks that the provenance of every process lines up with its argv and env.
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "model/catalog.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "render/json_writer.h"
#include "resolve/resolver.h"

namespace recipes {
namespace {

const std::string kShared = RECIPES_SOURCE_DIR "/../shared";

bool ReadCommand(const std::string& cmd, std::string* out) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  return pclose(p) == 0;
}

// The (argv, env) pairs of an output, in the order the resolver renders
// its processes.
void Processes(const Value& out, std::vector<std::pair<const Value*, const Value*>>* procs) {
  const Value* dt = out.Get("deployType");
  std::string t = dt && dt->is_string() ? dt->str() : "";
  auto add_workers = [&](const Value& o, const Value* env) {
    if (const Value* w = o.Get("workerArgvs")) {
      for (const Value& a : w->items()) procs->push_back({&a, env});
    }
  };
  if (t == "pd_cluster") {
    for (const char* r : {"prefill", "decode"}) procs->push_back({out.Get(r)->Get("argv"), out.Get(r)->Get("env")});
  } else if (t == "kv_store_lb") {
    const Value* v = out.Get("vllm");
    procs->push_back({v->Get("argv"), v->Get("env")});
    add_workers(*v, v->Get("env"));
  } else if (out.Get("headArgv")) {
    procs->push_back({out.Get("headArgv"), out.Get("env")});
    add_workers(out, out.Get("env"));
  } else {
    procs->push_back({out.Get("argv"), out.Get("env")});
  }
}

TEST(ResolverParityTest, RecordedCombos) {
  std::string combos = kShared + "/reference/combos.jsonl.zst";
  if (!std::filesystem::exists(combos)) GTEST_SKIP() << "no reference data at " << combos << " (../shared is absent)";
  std::string text;
  ASSERT_TRUE(ReadCommand("zstd -dc '" + combos + "'", &text)) << "zstd -dc failed on " << combos;
  LoadResult loaded = LoadCatalogFrom(kShared + "/reference/catalog");
  const Catalog& catalog = *loaded.catalog;
  ASSERT_FALSE(catalog.recipes.empty());

  int total = 0, equal = 0, prov_ok = 0;
  std::vector<std::string> diffs, prov_diffs;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    ++total;
    Value doc;
    std::string err;
    ASSERT_TRUE(ParseJson(line, &doc, &err)) << err;
    const Recipe* recipe = catalog.FindRecipe(doc.Get("recipe")->str());
    Selection sel;
    if (!recipe || !Selection::FromJson(*doc.Get("input"), &sel, &err)) {
      if (diffs.size() < 5) diffs.push_back(doc.Get("recipe")->str() + ": cannot resolve: " + err);
      continue;
    }
    Resolution res = ResolveCommand(catalog, *recipe, sel);
    const Value& want = *doc.Get("output");
    std::string label = doc.Get("recipe")->str() + " [" + doc.Get("case")->ToDisplayString() + "]";
    if (res.ok() && res.output.Equals(want)) {
      ++equal;
    } else if (diffs.size() < 5) {
      diffs.push_back(label + "\n    want: " + ToJson(want, 0) + "\n    got:  " +
                      (res.ok() ? ToJson(res.output, 0) : res.error->message));
    }
    if (!res.ok()) continue;
    // Provenance: the units of each process spell its argv (after
    // `vllm serve <model>`), and its env entries are the env's keys in order.
    std::vector<std::pair<const Value*, const Value*>> procs;
    Processes(res.output, &procs);
    bool ok = procs.size() == res.processes.size();
    for (size_t i = 0; ok && i < procs.size(); ++i) {
      std::vector<std::string> toks;
      for (const ArgUnit& u : res.processes[i].args) toks.insert(toks.end(), u.tokens.begin(), u.tokens.end());
      const ArrayItems& argv = procs[i].first->items();
      ok = toks.size() + 3 == argv.size();
      for (size_t k = 0; ok && k < toks.size(); ++k) ok = argv[k + 3].str() == toks[k];
      const ObjectItems& env = procs[i].second->members();
      ok = ok && env.size() == res.processes[i].env.size();
      size_t k = 0;
      for (const auto& e : env) {
        if (!ok) break;
        ok = res.processes[i].env[k++].key == e.first;
      }
    }
    if (ok) {
      ++prov_ok;
    } else if (prov_diffs.size() < 5) {
      prov_diffs.push_back(label);
    }
  }
  std::printf("combo parity: %d/%d equal\n", equal, total);
  std::printf("provenance consistent: %d/%d\n", prov_ok, total);
  for (const std::string& d : diffs) std::printf("  differs: %s\n", d.c_str());
  for (const std::string& d : prov_diffs) std::printf("  provenance mismatch: %s\n", d.c_str());
  EXPECT_GT(total, 0);
  EXPECT_EQ(equal, total);
  EXPECT_EQ(prov_ok, total);
}

}  // namespace
}  // namespace recipes
