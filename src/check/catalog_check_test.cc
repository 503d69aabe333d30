// recipes check on whole catalogs: the embedded catalog parses cleanly on the
// newest vLLM; every error reproduces from its example argv; one test per
// finding class of the reference catalog with the full rendered diagnostic
// (skipped without ../shared); the JSON shape tools rely on.
#include "check/catalog_check.h"

#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <set>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/test_tree.h"

namespace recipes {
namespace {

const std::string kRefCatalog = RECIPES_SOURCE_DIR "/../shared/reference/catalog";

const VllmTables& T() { return VllmTables::Builtin(); }

std::vector<size_t> AllVersions() {
  std::vector<size_t> v;
  for (size_t i = 0; i < T().versions().size(); ++i) v.push_back(i);
  return v;
}

const Catalog& Embedded() {
  static const LoadResult* loaded = new LoadResult(LoadCatalogFrom(""));
  return *loaded->catalog;
}

const Catalog* Reference() {
  static const LoadResult* loaded =
      std::filesystem::exists(kRefCatalog) ? new LoadResult(LoadCatalogFrom(kRefCatalog)) : nullptr;
  return loaded ? loaded->catalog.get() : nullptr;
}

// Re-parses a finding's example argv on its version and confirms the finding
// by facts read straight from the tables, not only by the checker itself.
void ExpectReproduced(const CheckFinding& f) {
  SCOPED_TRACE(f.recipe + " " + f.version + " " + ProblemName(f.problem) + " " + f.flag);
  const FlagTable* t = T().Find(f.version);
  ASSERT_NE(t, nullptr);
  ArgvCheck again = CheckServeArgv(f.example_argv, T(), static_cast<size_t>(T().IndexOf(f.version)));
  bool same = false;
  for (const ArgFinding& a : again.findings) same = same || (a.problem == f.problem && a.flag == f.flag);
  EXPECT_TRUE(same) << "not reproduced by the example argv";
  bool in_argv = false;
  for (const std::string& a : f.example_argv) in_argv = in_argv || a.rfind(f.flag, 0) == 0;
  EXPECT_TRUE(in_argv) << "the flag is not in the example argv";
  std::string name = f.flag.substr(0, f.flag.find('.'));
  switch (f.problem) {
    case Problem::kUnknownFlag:
    case Problem::kRemovedFlag:
    case Problem::kNewerFlag: {
      EXPECT_EQ(t->FindOption(name), nullptr) << "the version has the flag";
      bool elsewhere = false;
      for (const FlagTable& o : T().versions()) elsewhere = elsewhere || o.FindOption(name);
      EXPECT_EQ(elsewhere, f.problem != Problem::kUnknownFlag);
      break;
    }
    case Problem::kFlagAndValueInOneItem:
      EXPECT_NE(f.flag.find(' '), std::string::npos);
      break;
    case Problem::kUnknownJsonKey: {
      const FlagSpec* spec = t->FindOption(name);
      if (!spec) {
        std::string dashed = name;
        for (char& c : dashed) c = c == '_' ? '-' : c;
        spec = t->FindOption(dashed);
      }
      ASSERT_NE(spec, nullptr);
      EXPECT_FALSE(spec->json_class.empty());
      break;
    }
    case Problem::kBadChoice: {
      const FlagSpec* spec = t->FindOption(name);
      ASSERT_NE(spec, nullptr);
      EXPECT_FALSE(spec->choices.empty());
      break;
    }
    default:
      break;
  }
}

TEST(CheckCatalogTest, EmbeddedCatalogParsesOnTheNewestVersion) {
  CheckReport r = CheckCatalog(Embedded(), T(), {});
  ASSERT_EQ(r.versions, std::vector<std::string>{T().newest().key});
  EXPECT_GT(r.renderings, 1000u);
  for (const CheckFinding& f : r.findings) ADD_FAILURE() << FormatCheckFinding(f);
  EXPECT_EQ(r.ExitCode(), 0);
  // Omni recipes are reported as out of scope, not guessed at.
  size_t omni = 0;
  for (const RecipeVerdict& v : r.recipes) omni += v.scope_note.empty() ? 0 : 1;
  EXPECT_GT(omni, 0u);
}

TEST(CheckCatalogTest, EveryErrorReproducesFromItsExampleArgv) {
  CheckOptions o;
  o.versions = AllVersions();
  o.threads = 2;
  size_t errors = 0;
  for (const Catalog* c : {&Embedded(), Reference()}) {
    if (!c) continue;
    CheckReport r = CheckCatalog(*c, T(), o);
    for (const CheckFinding& f : r.findings) {
      if (!f.error) continue;
      ExpectReproduced(f);
      ++errors;
    }
  }
  EXPECT_GT(errors, 0u);  // the older versions refuse some of the embedded catalog's flags
}

// The reference catalog's finding classes, each with its full diagnostic.
class CheckReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Reference()) GTEST_SKIP() << "../shared/reference/catalog is absent";
  }
  // The finding of `problem` and `flag` at file:line of `recipe` on `version`.
  std::string Block(const std::string& recipe, const std::string& version, Problem problem, const std::string& flag,
                    uint32_t line) {
    CheckOptions o;
    o.recipes = {recipe};
    o.versions = {static_cast<size_t>(T().IndexOf(version))};
    CheckReport r = CheckCatalog(*Reference(), T(), o);
    for (const CheckFinding& f : r.findings) {
      if (f.problem == problem && f.flag == flag && f.pos.line == line) {
        ExpectReproduced(f);
        return FormatCheckFinding(f);
      }
    }
    return "(no such finding)";
  }
};

TEST_F(CheckReferenceTest, UnknownFlagToolCallParserPlugin) {
  EXPECT_EQ(Block("nvidia/NVIDIA-Nemotron-Nano-9B-v2", "main-2026-08-21", Problem::kUnknownFlag,
                  "--tool-call-parser-plugin", 35),
            "models/nvidia/NVIDIA-Nemotron-Nano-9B-v2.yaml:35:9: error: '--tool-call-parser-plugin' is not a "
            "`vllm serve` flag in any known vLLM version [unknown-flag]\n"
            "        - \"--tool-call-parser-plugin\"\n"
            "          ^\n"
            "  flag --tool-call-parser-plugin · 1520 renderings · vLLM main-2026-08-21 · from features.tool_calling.args\n"
            "  e.g. hardware h100 · variant default · strategy single_node_tp · features tool_calling (serve)\n"
            "    vllm serve nvidia/NVIDIA-Nemotron-Nano-9B-v2 --trust-remote-code --tensor-parallel-size 1 "
            "--enable-auto-tool-choice --tool-call-parser-plugin nemotron_toolcall_parser_no_streaming.py "
            "--tool-call-parser nemotron_json\n");
}

TEST_F(CheckReferenceTest, RemovedFlagDisableLogRequests) {
  EXPECT_EQ(Block("Qwen/Qwen3-4B", "main-2026-08-21", Problem::kRemovedFlag, "--disable-log-requests", 103),
            "models/Qwen/Qwen3-4B.yaml:103:5: error: '--disable-log-requests' is not in vLLM main-2026-08-21; the "
            "last version that has it is v0.16.0 [removed-flag]\n"
            "      --disable-log-requests \\\n"
            "      ^\n"
            "  flag --disable-log-requests · 1 rendering · vLLM main-2026-08-21 · from guide\n"
            "  e.g. guide command at line 101 (guide)\n"
            "    vllm serve Qwen/Qwen3-4B --seed 42 --disable-log-requests --gpu-memory-utilization 0.98 "
            "--max-num-batched-tokens 1024 --max-num-seqs 128 --tensor-parallel-size $TP --max-model-len "
            "$MAX_MODEL_LEN\n");
}

TEST_F(CheckReferenceTest, FlagAndValueInOneItem) {
  EXPECT_EQ(Block("XiaomiMiMo/MiMo-V2.5-Pro", "main-2026-08-21", Problem::kFlagAndValueInOneItem,
                  "--max-model-len auto", 25),
            "models/XiaomiMiMo/MiMo-V2.5-Pro.yaml:25:7: error: one argv item holds '--max-model-len auto'; vLLM "
            "reads it as a stray argument, not as '--max-model-len' with a value (split it into two items) "
            "[flag-and-value-in-one-item]\n"
            "      - \"--max-model-len auto\"\n"
            "        ^\n"
            "  flag --max-model-len auto · 354 renderings · vLLM main-2026-08-21 · from model.base_args\n"
            "  e.g. hardware h100 · variant default · strategy single_node_tp · features tool_calling,reasoning "
            "(serve)\n"
            "    vllm serve XiaomiMiMo/MiMo-V2.5-Pro --trust-remote-code '--max-model-len auto' --generation-config "
            "vllm --gpu-memory-utilization 0.95 --max-model-len auto --tensor-parallel-size 8 --tool-call-parser "
            "mimo --enable-auto-tool-choice --reasoning-parser mimo\n");
}

TEST_F(CheckReferenceTest, ForbiddenJsonKey) {
  EXPECT_EQ(Block("MiniMaxAI/MiniMax-M3", "v0.24.0", Problem::kUnknownJsonKey,
                  "--attention_config.minimax_m3_msa_decode_backend", 193),
            "models/MiniMaxAI/MiniMax-M3.yaml:193:9: error: '--attention-config' key 'minimax_m3_msa_decode_backend' "
            "is not a field of AttentionConfig in vLLM v0.24.0 (extra keys are forbidden) [unknown-json-key]\n"
            "        - \"--attention_config.minimax_m3_msa_decode_backend\"\n"
            "          ^\n"
            "  flag --attention_config.minimax_m3_msa_decode_backend · 636 renderings · vLLM v0.24.0 · from "
            "variants.nvfp4.extra_args\n"
            "  e.g. hardware b200 · variant nvfp4 · strategy single_node_tp · features tool_calling,reasoning · "
            "modes {\"spec_decoding\":\"eagle3\"} (serve)\n"
            "    vllm serve nvidia/MiniMax-M3-NVFP4 --block-size 128 --trust-remote-code --kv-cache-dtype fp8 "
            "--attention_config.backend FLASHINFER --attention_config.use_trtllm_attention true "
            "--attention_config.indexer_kv_dtype fp8 --attention_config.minimax_m3_msa_decode_backend cutlass "
            "--tensor-parallel-size 8 --tool-call-parser minimax_m3 --enable-auto-tool-choice --reasoning-parser "
            "minimax_m3\n");
}

TEST_F(CheckReferenceTest, ClosedChoice) {
  std::string block =
      Block("deepseek-ai/DeepSeek-V4-Flash", "main-2026-08-21", Problem::kBadChoice, "--moe-backend", 135);
  EXPECT_EQ(block.substr(0, block.find('\n')),
            "models/deepseek-ai/DeepSeek-V4-Flash.yaml:135:13: error: '--moe-backend' does not accept 'b12x' in "
            "vLLM main-2026-08-21; choices: aiter, auto, batched_triton, cutlass, deep_gemm, deep_gemm_mega_moe, "
            "emulation, flashinfer_b12x, flashinfer_cutedsl, flashinfer_cutlass, flashinfer_trtllm, flydsl, hpc, "
            "humming, marlin, triton, triton_unfused [bad-choice]");
}

TEST_F(CheckReferenceTest, JsonShapeAndExitCode) {
  CheckOptions o;
  o.recipes = {"Qwen/Qwen3-4B", "no-such/recipe"};
  CheckReport r = CheckCatalog(*Reference(), T(), o);
  EXPECT_EQ(r.ExitCode(), 1);
  Value j = CheckReportToJson(r);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.members()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"vllm", "renderings", "findings", "recipes"}));
  ASSERT_GT(j.Get("findings")->size(), 0u);
  keys.clear();
  for (const auto& [k, v] : j.Get("findings")->items()[0].members()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"recipe", "vllm", "flag", "problem", "severity", "message", "file", "line",
                                            "col", "renderings", "example_selection", "example_argv"}));
}


// min_vllm_version per variant (recipe-format §7: the higher of the model's
// and the variant's wins): a variant's renderings answer to its own minimum,
// the rest (and the guide) to the model's. --jit-monitor-verbose first
// appears in v0.24.0 (absent from v0.16.0 and main-2026-05-27).
TEST(CheckCatalogTest, MinVllmVersionIsReadPerVariant) {
  namespace fs = std::filesystem;
  const FlagTable* old = T().Find("v0.16.0");
  const FlagTable* v24 = T().Find("v0.24.0");
  ASSERT_TRUE(old && v24);
  ASSERT_EQ(old->FindOption("--jit-monitor-verbose"), nullptr);
  ASSERT_NE(v24->FindOption("--jit-monitor-verbose"), nullptr);
  fs::path dir = fs::path(::testing::TempDir()) / ("check_min_version_" + std::to_string(::getpid()));
  auto write = [&](const std::string& rel, const std::string& text) { testing::WriteTree(dir, {{rel, text}}); };
  write("taxonomy.yaml", "hardware_profiles:\n  h200: {brand: NVIDIA, generation: hopper, gpu_count: 8, vram_gb: 1128}\n");
  write("strategies/single_node_tp.yaml", "name: single_node_tp\ndeploy_type: single_node\n");
  auto recipe = [](const std::string& newer_min, const std::string& pinned_min) {
    return "meta: {title: Tiny}\n"
           "model: {model_id: acme/Tiny, min_vllm_version: \"0.10.0\"}\n"
           "variants:\n"
           "  default: {precision: bf16, vram_minimum_gb: 10}\n"
           "  newer: {precision: fp8, vram_minimum_gb: 10, extra_args: [\"--jit-monitor-verbose\"]" +
           newer_min + "}\n"
           "  pinned: {precision: int8, vram_minimum_gb: 10, extra_args: [\"--jit-monitor-verbose\"]" +
           pinned_min + "}\n"
           "compatible_strategies: [single_node_tp]\n";
  };
  CheckOptions options;
  options.versions = AllVersions();
  // The variants' own minimums: `newer` claims 0.16.0 (too old: v0.16.0
  // fails), `pinned` claims 0.24.0 (right). The model's 0.10.0 governs only
  // `default`, which parses everywhere.
  write("models/acme/Tiny.yaml", recipe(", min_vllm_version: \"0.16.0\"", ", min_vllm_version: \"0.24.0\""));
  CheckReport per_variant = CheckCatalog(*LoadCatalogFrom(dir.string()).catalog, T(), options);
  // No variant minimum: the model's 0.10.0 answers for every variant.
  write("models/acme/Tiny.yaml", recipe("", ""));
  CheckReport model_only = CheckCatalog(*LoadCatalogFrom(dir.string()).catalog, T(), options);
  fs::remove_all(dir);

  ASSERT_EQ(per_variant.recipes.size(), 1u);
  const std::vector<Diagnostic>& d = per_variant.recipes[0].min_versions;
  ASSERT_EQ(d.size(), 1u) << FormatCheckText(per_variant);
  EXPECT_EQ(d[0].message,
            "min_vllm_version 0.16.0 of variant newer is older than v0.24.0, the oldest checked vLLM on which every "
            "rendering of the variant parses (main-2026-05-27 already fails)");
  EXPECT_EQ(d[0].pos.line, 5);  // the variant's own value
  Value j = CheckReportToJson(per_variant);
  EXPECT_EQ(j.Get("recipes")->At(0)->Get("min_vllm_version_too_old")->str(), d[0].message);

  ASSERT_EQ(model_only.recipes.size(), 1u);
  const std::vector<Diagnostic>& m = model_only.recipes[0].min_versions;
  ASSERT_EQ(m.size(), 1u) << FormatCheckText(model_only);
  EXPECT_EQ(m[0].pos.line, 2);
  EXPECT_NE(m[0].message.find("min_vllm_version 0.10.0 is older than v0.24.0"), std::string::npos) << m[0].message;
}

}  // namespace
}  // namespace recipes
