// Calibration: the ten measured vLLM start-ups of
// ../shared/reference/planner/calibration.jsonl, each predicted from the
// model's facts and the row's inputs; the available KV memory must be within
// 10% of the logged value. Prints every row's error. Skips without ../shared.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "parse/json_reader.h"
#include "plan/memory_plan.h"

namespace recipes {
namespace {

std::string PlannerDir() { return std::string(RECIPES_SOURCE_DIR) + "/../shared/reference/planner"; }

std::vector<Value> ReadJsonLines(const std::string& path) {
  std::vector<Value> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    Value v;
    std::string err;
    if (ParseJson(line, &v, &err)) out.push_back(std::move(v));
  }
  return out;
}

// architectures.jsonl facts ({value, confidence, …}; long lists as {list, …})
// to a config.json-shaped map.
Value FactsToConfig(const Value& record) {
  ObjectItems config;
  const Value* facts = record.Get("facts");
  if (!facts || !facts->is_object()) return Value::Object(std::move(config));
  for (const auto& [key, fact] : facts->members()) {
    const Value* v = fact.Get("value");
    if (!v || v->is_null()) continue;
    if (v->is_object() && v->Get("list")) v = v->Get("list");
    config.Set(key, *v);
  }
  return Value::Object(std::move(config));
}

// Two calibration models are not in architectures.jsonl; their public
// config.json facts.
const std::map<std::string, std::string> kExtraConfigs = {
    {"Qwen/Qwen3-0.6B",
     R"({"num_hidden_layers": 28, "hidden_size": 1024, "num_attention_heads": 16, "num_key_value_heads": 8,
         "head_dim": 128, "vocab_size": 151936, "intermediate_size": 3072, "tie_word_embeddings": true,
         "max_position_embeddings": 40960, "torch_dtype": "bfloat16"})"},
    {"RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic",
     R"({"num_hidden_layers": 80, "hidden_size": 8192, "num_attention_heads": 64, "num_key_value_heads": 8,
         "head_dim": 128, "vocab_size": 128256, "intermediate_size": 28672, "tie_word_embeddings": false,
         "max_position_embeddings": 131072, "torch_dtype": "bfloat16"})"},
};

double Num(const Value* v) { return v && v->is_number() ? v->number() : NAN; }

// A fixed-constant baseline in the style of the llm-d capacity planner
// (flat activation per architecture class, flat non-torch memory; our
// reading of its constants, not its code), on the same weights as ours, so
// the comparison isolates the overhead model.
double FixedConstantKv(const MemoryPlan& p, bool moe) {
  double activation = moe ? 8.0 : 5.5;
  double non_torch = p.tp > 1 ? 0.6 : 0.15;
  return p.budget_gib - p.weights_gib - activation - non_torch;
}

TEST(PlanCalibration, AvailableKvWithinTenPercentOfVllmLogs) {
  std::vector<Value> rows = ReadJsonLines(PlannerDir() + "/calibration.jsonl");
  std::vector<Value> archs = ReadJsonLines(PlannerDir() + "/architectures.jsonl");
  if (rows.empty() || archs.empty()) GTEST_SKIP() << "no planner reference data at " << PlannerDir();
  std::map<std::string, const Value*> by_id;
  for (const Value& a : archs) {
    if (const Value* id = a.Get("model_id"); id && id->is_string()) by_id[id->str()] = &a;
  }
  int checked = 0, within = 0, compared = 0;
  double ours_sum = 0, base_sum = 0;
  std::printf("%-8s %-46s %3s %6s %9s %9s %7s\n", "row", "model", "tp", "len", "logged", "predicted", "error");
  for (const Value& row : rows) {
    const std::string id = row.Get("id")->str();
    const std::string model = row.Get("model_id")->str();
    Value config;
    if (auto it = by_id.find(model); it != by_id.end()) {
      config = FactsToConfig(*it->second);
    } else if (auto e = kExtraConfigs.find(model); e != kExtraConfigs.end()) {
      std::string err;
      ASSERT_TRUE(ParseJson(e->second, &config, &err)) << err;
    } else {
      ADD_FAILURE() << id << ": no facts for " << model;
      continue;
    }
    std::vector<std::string> problems;
    PlanInput in;
    in.arch = ArchitectureFromConfig(config, &problems);
    ASSERT_TRUE(problems.empty()) << id << ": " << problems.front();
    in.model = model;
    in.gpu_memory_gib = Num(row.Get("gpu_total_memory_gib_logged"));
    in.tp = static_cast<int>(Num(row.Get("tp")));
    in.max_model_len = static_cast<int64_t>(Num(row.Get("max_model_len")));
    in.gpu_memory_utilization = Num(row.Get("gpu_memory_utilization"));
    const Value* q = row.Get("quantization");
    in.precision = q && q->is_string() ? q->str() : "bf16";
    const Value* logged = row.Get("logged");
    double weights = Num(logged->Get("model_weights_gib"));
    if (std::isnan(weights)) weights = Num(logged->Get("model_weights_gib_per_gpu"));
    const double act = Num(logged->Get("peak_activation_gib"));
    const double non_torch = Num(logged->Get("non_torch_memory_gib"));
    const double kv = Num(logged->Get("available_kv_cache_gib"));
    // Where the logged breakdown adds up to another budget than the row's
    // utilization gives, the log wins (obs-033 adds up only at 0.95).
    if (!std::isnan(kv) && !std::isnan(weights) && !std::isnan(act)) {
      double implied = weights + act + non_torch + kv;
      double stated = in.gpu_memory_gib * *in.gpu_memory_utilization;
      if (std::fabs(implied - stated) > 1.0) {
        double u = std::round(implied / in.gpu_memory_gib * 100) / 100;
        std::printf("%-8s the logged breakdown adds up to %.2f GiB, not %.2f: utilization %.2f used\n", id.c_str(),
                    implied, stated, u);
        in.gpu_memory_utilization = u;
      }
    }
    MemoryPlan p = PlanMemory(in);
    const std::string status = logged->Get("status") && logged->Get("status")->is_string() ? logged->Get("status")->str() : "";
    if (std::isnan(kv)) {
      // No logged KV figure: the start-up failed; the verdict must say so.
      bool failed = status.rfind("FAILED", 0) == 0;
      std::printf("%-8s %-46s %3d %6lld %9s %9.2f %7s  %s (logged %s)\n", id.c_str(), model.c_str(), p.tp,
                  static_cast<long long>(p.kv.max_model_len), "-", p.kv_cache_gib, "-", p.fits ? "fits" : "fails",
                  status.c_str());
      EXPECT_EQ(p.fits, !failed) << id << ": " << p.verdict;
      ++checked;
      within += p.fits == !failed ? 1 : 0;
      continue;
    }
    double err = std::fabs(p.kv_cache_gib - kv) / std::fabs(kv);
    double base = FixedConstantKv(p, in.arch.moe());
    double base_err = std::fabs(base - kv) / std::fabs(kv);
    std::printf("%-8s %-46s %3d %6lld %9.2f %9.2f %6.1f%%  weights %.2f/%.2f act %.2f/%.2f  fixed-constant %.2f (%.1f%%)\n",
                id.c_str(), model.c_str(), p.tp, static_cast<long long>(p.kv.max_model_len), kv, p.kv_cache_gib,
                err * 100, p.weights_gib, weights, p.activation_gib, act, base, base_err * 100);
    ours_sum += err;
    base_sum += base_err;
    ++compared;
    EXPECT_LE(err, 0.10) << id << " " << model << ": predicted " << p.kv_cache_gib << " GiB, logged " << kv;
    EXPECT_EQ(p.fits, status == "SUCCESS") << id << ": " << p.verdict;
    ++checked;
    within += err <= 0.10 ? 1 : 0;
  }
  std::printf("calibration: %d/%d rows within 10%%; mean error %.1f%% (fixed-constant baseline %.1f%%)\n", within,
              checked, compared ? ours_sum / compared * 100 : 0.0, compared ? base_sum / compared * 100 : 0.0);
  EXPECT_LT(ours_sum, base_sum);
  EXPECT_EQ(checked, static_cast<int>(rows.size()));
}

}  // namespace
}  // namespace recipes
