// The argv checker on hand-written argv: one test per grammar rule of vLLM's
// FlexibleArgumentParser and one per problem kind, against the built-in
// tables (facts from serve-flags.json; the tables are compiled in).
#include "check/argv_check.h"

#include <gtest/gtest.h>

namespace recipes {
namespace {

const VllmTables& T() { return VllmTables::Builtin(); }
size_t Newest() { return T().versions().size() - 1; }
size_t Oldest() { return 0; }

ArgvCheck Check(std::vector<std::string> options, size_t version = Newest()) {
  std::vector<std::string> argv = {"vllm", "serve", "org/model"};
  argv.insert(argv.end(), options.begin(), options.end());
  return CheckServeArgv(argv, T(), version);
}

// "problem flag item value_item" of every finding, for compact assertions.
std::vector<std::string> Kinds(const ArgvCheck& c) {
  std::vector<std::string> out;
  for (const ArgFinding& f : c.findings) {
    out.push_back(std::string(ProblemName(f.problem)) + " " + f.flag + " " + std::to_string(f.item) + " " +
                  std::to_string(f.value_item));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(FlagTableTest, VersionsOrderedByDateWithTheirFlags) {
  ASSERT_EQ(T().Keys(), (V{"v0.16.0", "main-2026-05-27", "v0.24.0", "v0.26.0", "main-2026-08-21"}));
  const FlagTable& newest = T().newest();
  const FlagSpec* tp = newest.FindOption("-tp");
  ASSERT_NE(tp, nullptr);
  EXPECT_EQ(tp->name, "--tensor-parallel-size");
  EXPECT_EQ(tp->kind, FlagKind::kInt);
  EXPECT_EQ(newest.FindOption("--no-enable-prefix-caching")->name, "--enable-prefix-caching");
  EXPECT_EQ(newest.FindOption("--no-headless"), nullptr);  // store_true: no --no- form
  EXPECT_TRUE(T().versions()[0].Find("--disable-log-requests"));
  EXPECT_FALSE(newest.Find("--disable-log-requests"));
  EXPECT_EQ(newest.nested.at("CompilationConfig.pass_config"), "PassConfig");
}

TEST(ArgvCheckTest, CleanCommandHasNoFindings) {
  ArgvCheck c = Check({"--tensor-parallel-size", "8", "--max-model-len", "128k", "--gpu-memory-utilization", "0.9",
                       "--enable-auto-tool-choice", "--tool-call-parser", "hermes", "--no-enable-prefix-caching",
                       "--kv-cache-dtype", "fp8", "--compilation-config", R"({"pass_config":{"fuse_norm_quant":true}})"});
  EXPECT_TRUE(c.in_scope);
  EXPECT_EQ(Kinds(c), V{});
}

TEST(ArgvCheckTest, UnderscoreBeforeTheFirstDotOrEquals) {
  EXPECT_EQ(Kinds(Check({"--tokenizer_mode", "auto"})), (V{"underscore --tokenizer_mode 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--max_model_len=4096"})), (V{"underscore --max_model_len 3 -1"}));
  // After the dot, keys are Python field names and stay as they are.
  EXPECT_EQ(Kinds(Check({"--attention_config.use_trtllm_attention", "true"})),
            (V{"underscore --attention_config.use_trtllm_attention 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--attention-config.use-trtllm-attention", "true"})),
            (V{"unknown-json-key --attention-config.use-trtllm-attention 3 -1"}));
}

TEST(ArgvCheckTest, DottedKeysAreCheckedAgainstTheConfigClass) {
  EXPECT_EQ(Kinds(Check({"--attention-config.backend", "FLASHINFER", "-cc.pass_config.fuse_norm_quant=true"})), V{});
  ArgvCheck c = Check({"--compilation-config.pass_config.no_such_pass", "true"});
  ASSERT_EQ(Kinds(c), (V{"unknown-json-key --compilation-config.pass_config.no_such_pass 3 -1"}));
  EXPECT_NE(c.findings[0].message.find("'pass_config.no_such_pass' is not a field of PassConfig"), std::string::npos)
      << c.findings[0].message;
  // A trailing '+' appends to a list; the key is still checked.
  EXPECT_EQ(Kinds(Check({"--compilation-config.cudagraph_capture_sizes+", "1,2"})), V{});
  // Dotted keys on a flag that takes no JSON cannot work.
  EXPECT_EQ(Kinds(Check({"--max-model-len.x", "1"})), (V{"bad-value --max-model-len.x 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--attention-config.backend"})), (V{"missing-value --attention-config.backend 3 -1"}));
}

TEST(ArgvCheckTest, InlineValuesAndOptimizationLevel) {
  EXPECT_EQ(Kinds(Check({"--tensor-parallel-size=4", "-tp=2", "-O3"})), V{});
  EXPECT_EQ(Kinds(Check({"-O", "2"})), V{});
  EXPECT_EQ(Kinds(Check({"-O=1"})), V{});
  EXPECT_EQ(Kinds(Check({"--tensor-parallel-size=four"})), (V{"bad-value --tensor-parallel-size 3 3"}));
}

TEST(ArgvCheckTest, UniquePrefixIsAnAbbreviationAndAmbiguityIsAnError) {
  ArgvCheck c = Check({"--enable-mm", "--tensor-parallel", "2"});
  EXPECT_EQ(Kinds(c), (V{"abbreviation --enable-mm 3 -1", "abbreviation --tensor-parallel 4 -1"}));
  EXPECT_NE(c.findings[0].message.find("'--enable-mm-embeds'"), std::string::npos);
  ArgvCheck amb = Check({"--enable-p"});
  ASSERT_EQ(Kinds(amb), (V{"unknown-flag --enable-p 3 -1"}));
  EXPECT_NE(amb.findings[0].message.find("ambiguous"), std::string::npos);
}

TEST(ArgvCheckTest, NegationsAndBoolsThatTakeNoValue) {
  EXPECT_EQ(Kinds(Check({"--no-enforce-eager", "--headless"})), V{});
  EXPECT_EQ(Kinds(Check({"--no-headless"})), (V{"unknown-flag --no-headless 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--enforce-eager", "true"})), (V{"bad-value --enforce-eager 3 4"}));
  EXPECT_EQ(Kinds(Check({"--enforce-eager=true"})), (V{"bad-value --enforce-eager 3 3"}));
}

TEST(ArgvCheckTest, ListsTakeOneOrMoreItems) {
  EXPECT_EQ(Kinds(Check({"--served-model-name", "a", "b", "--api-key", "k"})), V{});
  EXPECT_EQ(Kinds(Check({"--served-model-name", "--enforce-eager"})), (V{"missing-value --served-model-name 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--cudagraph-capture-sizes", "1", "two"})), (V{"bad-value --cudagraph-capture-sizes 3 5"}));
}

TEST(ArgvCheckTest, IntegersWithSuffixesAndAuto) {
  EXPECT_EQ(Kinds(Check({"--max-model-len", "auto", "--max-num-batched-tokens", "16k"})), V{});
  EXPECT_EQ(Kinds(Check({"--max-model-len", "1.5k", "--max-num-batched-tokens", "2M"})), V{});
  EXPECT_EQ(Kinds(Check({"--max-model-len", "-1"})), V{});
  EXPECT_EQ(Kinds(Check({"--max-num-batched-tokens", "1.5M"})), (V{"bad-value --max-num-batched-tokens 3 4"}));
  EXPECT_EQ(Kinds(Check({"--max-num-seqs", "16k"})), (V{"bad-value --max-num-seqs 3 4"}));
  EXPECT_EQ(Kinds(Check({"--gpu-memory-utilization", "high"})), (V{"bad-value --gpu-memory-utilization 3 4"}));
}

TEST(ArgvCheckTest, JsonValuesAreParsedAndTheirKeysChecked) {
  EXPECT_EQ(Kinds(Check({"--compilation-config", "{not json"})), (V{"bad-value --compilation-config 3 4"}));
  ArgvCheck c = Check({"--speculative-config", R"({"method":"mtp","num_speculative_tokens":1,"draft_tp":1})"});
  ASSERT_EQ(Kinds(c), (V{"unknown-json-key --speculative-config 3 4"}));
  EXPECT_NE(c.findings[0].message.find("'draft_tp' is not a field of SpeculativeConfig"), std::string::npos);
  // Free JSON (no config class): only the syntax is checked.
  EXPECT_EQ(Kinds(Check({"--limit-mm-per-prompt", R"({"image":0,"anything":1})"})), V{});
  // JSON-or-string: a string is fine, {…} must parse.
  EXPECT_EQ(Kinds(Check({"--hf-overrides", "plain"})), V{});
  EXPECT_EQ(Kinds(Check({"--hf-overrides", "{bad}"})), (V{"bad-value --hf-overrides 3 4"}));
}

TEST(ArgvCheckTest, ClosedChoicesWithLowerCasingForKernelBackends) {
  ArgvCheck c = Check({"--dtype", "bf16"});
  ASSERT_EQ(Kinds(c), (V{"bad-choice --dtype 3 4"}));
  EXPECT_NE(c.findings[0].message.find("choices: auto, bfloat16"), std::string::npos) << c.findings[0].message;
  EXPECT_EQ(Kinds(Check({"--moe-backend", "FLASHINFER-CUTLASS"})), V{});
  EXPECT_EQ(Kinds(Check({"--kv-cache-dtype", "FP8"})), (V{"bad-choice --kv-cache-dtype 3 4"}));
  EXPECT_EQ(Kinds(Check({"--max-lora-rank", "16"})), V{});
}

TEST(ArgvCheckTest, PlaceholdersAreRunTimeValues) {
  EXPECT_EQ(Kinds(Check({"--tensor-parallel-size", "$TP", "--data-parallel-address", "$HEAD_IP",
                         "--kv-transfer-config", R"({"kv_connector":"NixlConnector","kv_ip":"$HOST"})"})),
            V{});
  EXPECT_EQ(Kinds(Check({"--kv-transfer-config", R"({"kv_port": $PORT})"})), V{});
}

TEST(ArgvCheckTest, OneTokenPerArgvItem) {
  ArgvCheck c = Check({"--max-model-len auto"});
  ASSERT_EQ(Kinds(c), (V{"flag-and-value-in-one-item --max-model-len auto 3 -1"}));
  EXPECT_NE(c.findings[0].message.find("split it into two items"), std::string::npos);
  // A value with spaces after '=' is one value and fine.
  EXPECT_EQ(Kinds(Check({"--chat-template=a b"})), V{});
}

TEST(ArgvCheckTest, RemovedNewerAndUnknownFlags) {
  ArgvCheck removed = Check({"--disable-log-requests"});
  ASSERT_EQ(Kinds(removed), (V{"removed-flag --disable-log-requests 3 -1"}));
  EXPECT_NE(removed.findings[0].message.find("last version that has it is v0.16.0"), std::string::npos);
  // The same flag is only deprecated in v0.16.0.
  EXPECT_EQ(Kinds(Check({"--disable-log-requests"}, Oldest())), (V{"deprecated --disable-log-requests 3 -1"}));
  ArgvCheck newer = Check({"--enable-elastic-ep"}, Oldest());
  ASSERT_EQ(Kinds(newer), (V{"newer-flag --enable-elastic-ep 3 -1"}));
  EXPECT_NE(newer.findings[0].message.find("first appears in main-2026-05-27"), std::string::npos);
  ArgvCheck unknown = Check({"--tool-call-parser-plugin", "x.py", "--port", "8000"});
  ASSERT_EQ(Kinds(unknown), (V{"unknown-flag --tool-call-parser-plugin 3 -1"}));  // its value is not reported again
  EXPECT_NE(unknown.findings[0].message.find("any known vLLM version"), std::string::npos);
}

TEST(ArgvCheckTest, MissingValues) {
  EXPECT_EQ(Kinds(Check({"--port"})), (V{"missing-value --port 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--port", "--enforce-eager"})), (V{"missing-value --port 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--port", "-1"})), V{});  // a negative number is a value
}

TEST(ArgvCheckTest, RegistryMissesAreWarnings) {
  ArgvCheck c = Check({"--tool-call-parser", "my_plugin_parser", "--reasoning-parser", "qwen3"});
  ASSERT_EQ(Kinds(c), (V{"unknown-registry-value --tool-call-parser 3 4"}));
  EXPECT_FALSE(c.findings[0].error());
  EXPECT_EQ(c.errors(), 0u);
  EXPECT_EQ(Kinds(Check({"--attention-backend", "flashinfer"})), V{});  // enum names are matched case-blind
}

TEST(ArgvCheckTest, DeprecatedFlagsValuesAndJsonKeys) {
  EXPECT_EQ(Kinds(Check({"--model", "x"})), (V{"deprecated --model 3 -1"}));
  EXPECT_EQ(Kinds(Check({"--speculative-config", R"({"method":"deepseek_mtp","num_speculative_tokens":1})"})),
            (V{"deprecated --speculative-config 3 4"}));
  EXPECT_EQ(Kinds(Check({"--spec-method", "qwen3_next_mtp"})), (V{"deprecated --spec-method 3 4"}));
  EXPECT_EQ(Kinds(Check({"--attention-config.use_fp4_indexer_cache", "true"})),
            (V{"deprecated --attention-config.use_fp4_indexer_cache 3 -1"}));
  // Deprecated quantizations are refused unless allowed explicitly.
  EXPECT_EQ(Kinds(Check({"--quantization", "fbgemm_fp8"})), (V{"bad-value --quantization 3 4"}));
  EXPECT_EQ(Kinds(Check({"--quantization", "fbgemm_fp8", "--allow-deprecated-quantization"})),
            (V{"deprecated --quantization 3 4"}));
}

TEST(ArgvCheckTest, OutOfScopeCommands) {
  EXPECT_FALSE(CheckServeArgv({"vllm", "serve", "m", "--omni"}, T(), Newest()).in_scope);
  EXPECT_FALSE(CheckServeArgv({"vllm", "bench", "serve"}, T(), Newest()).in_scope);
  EXPECT_FALSE(CheckServeArgv({"python3", "-m", "sglang"}, T(), Newest()).in_scope);
}

}  // namespace
}  // namespace recipes
