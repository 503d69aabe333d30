// issue 12 items 2–5, 8, 11 on the embedded catalog (runs without ../shared):
// the site's words, labelled choices, errors as data, commands that paste
// exactly, host-network multi-node docker, and the notes the CLI prints.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

using testing::Contains;
using testing::RunRecipes;

const char* kM3 = "MiniMaxAI/MiniMax-M3";

TEST(CliWords, IdsAndLabelsAreCaseInsensitive) {
  auto exact = RunRecipes({"command", kM3, "--hardware", "b200", "--variant", "nvfp4"});
  ASSERT_EQ(exact.code, 0) << exact.err;
  auto words = RunRecipes({"command", "minimaxai/minimax-m3", "--hardware", "B200", "--variant", "NVFP4"});
  EXPECT_EQ(words.code, 0) << words.err;
  EXPECT_EQ(words.out, exact.out);
  // A mode by its label.
  auto gqa = RunRecipes({"command", kM3, "--hardware", "b200", "--feature", "spec_decoding=GQA", "--format", "json"});
  ASSERT_EQ(gqa.code, 0) << gqa.err;
  EXPECT_TRUE(Contains(gqa.out, "\"spec_decoding\": \"eagle3_gqa\"")) << gqa.out;
}

TEST(CliWords, ACheckpointIdSelectsItsRecipeAndVariant) {
  auto r = RunRecipes({"command", "nvidia/MiniMax-M3-NVFP4", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "\"recipe\": \"MiniMaxAI/MiniMax-M3\"")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\"variant\": \"nvfp4\"")) << r.out;
  EXPECT_TRUE(Contains(r.err, "is the nvfp4 variant of MiniMaxAI/MiniMax-M3")) << r.err;
}

TEST(CliWords, ValidChoicesShowLabelsAndOneRankedGuess) {
  auto r = RunRecipes({"command", kM3, "--hardware", "h2000"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Contains(r.err, "h200 (H200)")) << r.err;
  EXPECT_TRUE(Contains(r.err, "did you mean h200 (H200)?")) << r.err;
  auto v = RunRecipes({"command", kM3, "--variant", "nvfp5"});
  EXPECT_TRUE(Contains(v.err, "nvfp4 (NVFP4)")) << v.err;
  EXPECT_TRUE(Contains(v.err, "did you mean nvfp4 (NVFP4)?")) << v.err;
  auto recipe = RunRecipes({"command", "minimax-m33"});
  EXPECT_EQ(recipe.code, 1);
  EXPECT_TRUE(Contains(recipe.err, "did you mean MiniMaxAI/MiniMax-M3?")) << recipe.err;
  // A real key refused for another reason gets no guess.
  auto refused = RunRecipes({"command", kM3, "--variant", "nvfp4", "--hardware", "h200"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_FALSE(Contains(refused.err, "did you mean")) << refused.err;
}

TEST(CliWords, ErrorsAsJsonOnStdoutWithTheSameExitCodes) {
  auto r = RunRecipes({"command", kM3, "--variant", "int3", "--format", "json"});
  EXPECT_EQ(r.code, 1);
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(r.out, &doc, &err)) << r.out << err;
  const Value* e = doc.Get("error");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->Get("param")->str(), "variant");
  EXPECT_TRUE(Contains(e->Get("message")->str(), "int3"));
  ASSERT_TRUE(e->Get("valid")->is_array());
  EXPECT_GE(e->Get("valid")->size(), 2u);
  auto usage = RunRecipes({"command", kM3, "--nodes", "abc", "--format", "json"});
  EXPECT_EQ(usage.code, 2);
  ASSERT_TRUE(ParseJson(usage.out, &doc, &err)) << usage.out;
  EXPECT_EQ(doc.Get("error")->Get("param")->str(), "usage");
  auto missing = RunRecipes({"command", "no/such", "--format", "json"});
  EXPECT_EQ(missing.code, 1);
  ASSERT_TRUE(ParseJson(missing.out, &doc, &err)) << missing.out;
  EXPECT_EQ(doc.Get("error")->Get("param")->str(), "recipe");
}

TEST(CliWords, ColourOnlyWhenAskedAndNeverWithNoColor) {
  auto plain = RunRecipes({"command", kM3, "--variant", "int3"});
  EXPECT_FALSE(Contains(plain.err, "\x1b[")) << plain.err;  // not a terminal
  auto forced = RunRecipes({"command", kM3, "--variant", "int3"}, "CLICOLOR_FORCE=1 ");
  EXPECT_TRUE(Contains(forced.err, "\x1b[1;31merror:")) << forced.err;
  auto no = RunRecipes({"command", kM3, "--variant", "int3"}, "CLICOLOR_FORCE=1 NO_COLOR=1 ");
  EXPECT_FALSE(Contains(no.err, "\x1b[")) << no.err;
}

TEST(CliWords, ParseErrorsCarryTheSubcommandPrefix) {
  auto r = RunRecipes({"command", kM3, "--bogus"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("recipes command: error:", 0), 0u) << r.err;
}

// Hostile --arg and passthrough tokens: bash parses the printed command back
// to exactly the argv.
TEST(CliWords, PrintedCommandParsesBackToArgv) {
  std::vector<std::string> hostile = {"--x", "it's", "$(touch /tmp/pwned)", "a b", "`id`", "semi;colon", "\"dq\"",
                                      "back\\slash", "*", "~"};
  std::vector<std::string> args = {"command", kM3, "--format", "json"};
  for (const std::string& h : hostile) args.push_back("--arg=" + h);
  auto json = RunRecipes(args);
  ASSERT_EQ(json.code, 0) << json.err;
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(json.out, &doc, &err));
  const Value* res = doc.Get("resolution");
  std::string command = res->Get("command")->str();
  const Value* argv = res->Get("argv");
  // bash -c 'printf "%s\n" <command words>' with the command's words.
  std::string script = ::testing::TempDir() + "parse_back.sh";
  {
    std::ofstream f(script);
    std::string words = command.substr(command.find(' '));  // drop "vllm", printf gets "serve ..."
    f << "printf '%s\\n'" << words << "\n";
  }
  FILE* p = popen(("bash " + testing::ShQuote(script)).c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  std::string expect;
  for (size_t i = 1; i < argv->size(); ++i) expect += argv->At(i)->str() + "\n";
  EXPECT_EQ(out, expect);
  EXPECT_FALSE(std::filesystem::exists("/tmp/pwned"));
  // Passthrough after -- lands in the command too.
  auto pass = RunRecipes({"command", kM3, "--", "--max-model-len", "4096", "it's"});
  ASSERT_EQ(pass.code, 0) << pass.err;
  EXPECT_TRUE(Contains(pass.out, "--max-model-len 4096 \\\n  'it'\\''s'")) << pass.out;
}

TEST(CliWords, NodeRankAndOutWriteOneNodeEach) {
  auto both = RunRecipes({"command", kM3, "--nodes", "2"});
  ASSERT_EQ(both.code, 0) << both.err;
  auto one = RunRecipes({"command", kM3, "--nodes", "2", "--node-rank", "1"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_TRUE(Contains(one.out, "Node 1 of 2")) << one.out;
  EXPECT_FALSE(Contains(one.out, "Head node")) << one.out;
  auto bad = RunRecipes({"command", kM3, "--nodes", "2", "--node-rank", "5"});
  EXPECT_EQ(bad.code, 1);
  std::string dir = ::testing::TempDir() + "recipes_out_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  auto out = RunRecipes({"command", kM3, "--nodes", "2", "--out", dir});
  ASSERT_EQ(out.code, 0) << out.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/node_0.sh"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/node_1.sh"));
  std::ifstream f(dir + "/node_1.sh");
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str().rfind("#!/bin/sh\n", 0), 0u);
  EXPECT_TRUE(Contains(ss.str(), "--headless") || Contains(ss.str(), "follower")) << ss.str();
  std::filesystem::remove_all(dir);
}

TEST(CliWords, MultiNodeDockerUsesHostNetworkAndOnlyTheHeadPublishes) {
  auto r = RunRecipes({"command", kM3, "--nodes", "2", "--docker"});
  ASSERT_EQ(r.code, 0) << r.err;
  size_t follower = r.out.find("Node 1 of 2");
  ASSERT_NE(follower, std::string::npos) << r.out;
  std::string head = r.out.substr(0, follower), rest = r.out.substr(follower);
  EXPECT_TRUE(Contains(head, "--network host")) << head;
  EXPECT_TRUE(Contains(head, "-p 8000:8000")) << head;
  EXPECT_TRUE(Contains(rest, "--network host")) << rest;
  EXPECT_FALSE(Contains(rest, "-p 8000:8000")) << rest;
  // One node keeps the published bridge port.
  auto single = RunRecipes({"command", kM3, "--docker"});
  EXPECT_FALSE(Contains(single.out, "--network host")) << single.out;
  EXPECT_TRUE(Contains(single.out, "-p 8000:8000")) << single.out;
}

TEST(CliWords, NotesSayWhatADefaultChangedAndGiveVramAdvice) {
  auto r = RunRecipes({"command", kM3, "--hardware", "h100"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "does not fit one H100 node")) << r.err;
  EXPECT_TRUE(Contains(r.err, "on 2 nodes")) << r.err;
  auto forced = RunRecipes({"command", kM3, "--hardware", "h100", "--nodes", "1", "--strategy", "single_node_tp"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_TRUE(Contains(forced.err, "weights alone")) << forced.err;
  EXPECT_TRUE(Contains(forced.err, "--variant ")) << forced.err;
  EXPECT_TRUE(Contains(forced.err, "--nodes 2")) << forced.err;
  EXPECT_FALSE(Contains(forced.err, "lower --max-model-len")) << forced.err;
}

TEST(CliWords, ExplainMarksSelectionValuesAndSpeaksJson) {
  auto r = RunRecipes({"explain", kM3, "--hardware", "b200"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "hardware b200 [chosen]")) << r.out;
  EXPECT_TRUE(Contains(r.out, "variant default [default]")) << r.out;
  auto j = RunRecipes({"explain", kM3, "--format", "json", "--docker"});
  ASSERT_EQ(j.code, 0) << j.err;
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(j.out, &doc, &err)) << err;
  EXPECT_NE(doc.Get("provenance"), nullptr);
  EXPECT_NE(doc.Get("docker"), nullptr);
  EXPECT_EQ(doc.Get("marks")->Get("hardware")->str(), "default");
}

}  // namespace
}  // namespace recipes
