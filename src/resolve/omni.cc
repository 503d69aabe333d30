#include "resolve/omni.h"

#include <cstdio>

#include "render/json_writer.h"
#include "resolve/arg_assembly.h"

namespace recipes {

namespace {

const Value* Get(const Value* v, std::string_view key) { return v ? v->Get(key) : nullptr; }
bool Truthy(const Value* v) { return v && v->Truthy(); }
std::string Text(const Value* v) { return Truthy(v) ? v->ToDisplayString() : ""; }

struct BuiltinTask {
  const char* id;
  const char* label;
  const char* endpoint;
};

constexpr BuiltinTask kBuiltinTasks[] = {
    {"t2i", "Text \xE2\x86\x92 Image", "/v1/images/generations"},
    {"i2i", "Image \xE2\x86\x92 Image", "/v1/chat/completions"},
    {"t2v", "Text \xE2\x86\x92 Video", "/v1/videos"},
    {"i2v", "Image \xE2\x86\x92 Video", "/v1/videos"},
    {"ti2v", "Text+Image \xE2\x86\x92 Video", "/v1/videos"},
    {"t2a", "Text \xE2\x86\x92 Audio", "/v1/audio/generate"},
};

const BuiltinTask* FindBuiltin(std::string_view id) {
  for (const BuiltinTask& t : kBuiltinTasks) {
    if (id == t.id) return &t;
  }
  return nullptr;
}

// `block[gen]`, or `block.nvidia` for NVIDIA profiles when that is empty.
const Value* GenOverride(const Value* block, const std::string& gen, bool nvidia, std::string* key) {
  if (!block || !block->is_object()) return nullptr;
  const Value* v = gen.empty() ? nullptr : block->Get(gen);
  if (Truthy(v)) {
    *key = gen;
    return v;
  }
  const Value* n = nvidia ? block->Get("nvidia") : nullptr;
  if (Truthy(n)) {
    *key = "nvidia";
    return n;
  }
  return nullptr;
}

// Pretty JSON body for a curl -d argument: 2-space indent, continuation
// lines indented four more spaces so they sit under the `-d` line.
std::string JsonBody(const Value& body) {
  std::string json = ToJson(body, 2);
  std::string out;
  for (char c : json) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

Value Obj(std::initializer_list<std::pair<const char*, Value>> entries) {
  ObjectItems o;
  for (const auto& [k, v] : entries) o.Set(k, v);
  return Value::Object(std::move(o));
}
Value S(const char* s) { return Value::String(s); }
Value N(double n) { return Value::Number(n); }

}  // namespace

bool IsOmniServed(const Recipe& recipe) {
  const Value* tasks = Get(recipe.doc.Get("meta"), "tasks");
  if (!tasks || !tasks->is_array()) return false;
  for (const Value& t : tasks->items()) {
    if (t.is_string() && t.str() == "omni") return true;
  }
  return false;
}

std::vector<OmniTask> OmniTasks(const Value& recipe_doc, std::string_view hardware_id) {
  std::vector<OmniTask> out;
  const Value* tasks = Get(recipe_doc.Get("omni"), "tasks");
  if (!tasks || !tasks->is_array()) return out;
  for (const Value& entry : tasks->items()) {
    const Value* id_v = entry.is_string() ? &entry : entry.Get("id");
    if (!Truthy(id_v)) continue;
    const BuiltinTask* builtin = FindBuiltin(id_v->ToDisplayString());
    if (!builtin) continue;
    OmniTask t;
    t.pos = entry.pos();
    t.id = builtin->id;
    const Value* m = entry.is_object() ? &entry : nullptr;
    t.key = Truthy(Get(m, "key")) ? Text(Get(m, "key")) : t.id;
    t.label = Truthy(Get(m, "label")) ? Text(Get(m, "label")) : builtin->label;
    t.endpoint = Truthy(Get(m, "endpoint")) ? Text(Get(m, "endpoint")) : builtin->endpoint;
    t.model_id = Text(Get(m, "model_id"));
    if (const Value* v = Get(m, "vram_minimum_gb"); v && !v->is_null()) t.vram_minimum_gb = *v;
    t.description = Text(Get(m, "description"));
    if (const Value* v = Get(m, "axes"); v && !v->is_null()) t.axes = *v;
    if (const Value* v = Get(m, "extra_args"); v && v->is_array()) {
      t.extra_args.assign(v->items().begin(), v->items().end());
    }
    if (const Value* v = Get(m, "hardware_overrides"); v && !v->is_null()) t.hardware_overrides = *v;
    t.curl = Text(Get(m, "curl"));
    if (!hardware_id.empty()) {
      const Value* ho = t.hardware_overrides.Get(hardware_id);
      if (ho && ho->is_object()) {
        if (Truthy(ho->Get("label"))) t.label = Text(ho->Get("label"));
        if (Truthy(ho->Get("endpoint"))) t.endpoint = Text(ho->Get("endpoint"));
        if (Truthy(ho->Get("model_id"))) t.model_id = Text(ho->Get("model_id"));
        if (Truthy(ho->Get("description"))) t.description = Text(ho->Get("description"));
        if (Truthy(ho->Get("curl"))) t.curl = Text(ho->Get("curl"));
        if (const Value* v = ho->Get("vram_minimum_gb"); v && !v->is_null()) t.vram_minimum_gb = *v;
        if (const Value* v = ho->Get("extra_args"); v && v->is_array()) {
          t.extra_args.insert(t.extra_args.end(), v->items().begin(), v->items().end());
        }
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

Value OmniResolution::ToValue() const {
  ObjectItems o;
  o.Set("command", Value::String(command));
  o.Set("env", env.is_null() ? Value::Object({}) : env);
  o.Set("modelId", Value::String(model_id));
  return Value::Object(std::move(o));
}

OmniResolution ResolveOmniCommand(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                                  const OmniTask* task, std::string_view hardware_id) {
  OmniResolution r;
  const Value& doc = recipe.doc;
  const Value* model = doc.Get("model");
  const Value* variants = doc.Get("variants");
  const Value* variant = Get(variants, variant_key);
  std::string vname(variant_key);
  if (!Truthy(variant)) {
    variant = Get(variants, "default");
    vname = "default";
  }
  const Value* omni = doc.Get("omni");
  const Value* bin_v = Get(omni, "serve_binary");
  std::string binary = Truthy(bin_v) ? bin_v->ToDisplayString() : "vllm serve";
  r.provenance.process = "omni";

  if (!task) {
    // No declared tasks: the interactive builder's stub.
    const Value* mid = Truthy(Get(variant, "model_id")) ? Get(variant, "model_id") : Get(model, "model_id");
    r.model_id = Truthy(mid) ? mid->ToDisplayString() : "model";
    r.command = binary + " " + r.model_id + " --omni";
    ArrayItems av;
    for (size_t s = 0; s < binary.size();) {
      size_t e = binary.find(' ', s);
      if (e == std::string::npos) e = binary.size();
      if (e > s) av.push_back(Value::String(binary.substr(s, e - s)));
      s = e + 1;
    }
    av.push_back(Value::String(r.model_id));
    av.push_back(Value::String("--omni"));
    r.argv = Value::Array(std::move(av));
    r.env = Value::Object({});
    return r;
  }

  if (!task->model_id.empty()) {
    r.model_id = task->model_id;
  } else if (Truthy(Get(variant, "model_id"))) {
    r.model_id = Get(variant, "model_id")->ToDisplayString();
  } else if (Truthy(Get(model, "model_id"))) {
    r.model_id = Get(model, "model_id")->ToDisplayString();
  } else {
    r.model_id = "unknown";
  }

  const Value* profile = catalog.FindHardware(hardware_id);
  std::string gen = ProfileGeneration(profile);
  const Value* brand = Get(profile, "brand");
  bool nvidia = brand && brand->is_string() && brand->str() == "NVIDIA";
  std::string recipe_key, variant_key_gen;
  const Value* recipe_gen = GenOverride(doc.Get("hardware_overrides"), gen, nvidia, &recipe_key);
  const Value* variant_gen = GenOverride(Get(variant, "hardware_overrides"), gen, nvidia, &variant_key_gen);
  const Value* variant_exact = Get(Get(variant, "hardware_overrides"), hardware_id);
  bool not_default = variant_key != "default";
  std::string hw(hardware_id);

  EnvBuilder env;
  env.Merge(Get(model, "base_env"), [] { return std::string("model.base_env"); });
  if (not_default) env.Merge(Get(variant, "extra_env"), [&] { return "variants." + vname + ".extra_env"; });
  env.Merge(Get(recipe_gen, "extra_env"), [&] { return "hardware_overrides." + recipe_key + ".extra_env"; });
  env.Merge(Get(variant_gen, "extra_env"),
            [&] { return "variants." + vname + ".hardware_overrides." + variant_key_gen + ".extra_env"; });
  env.Merge(Get(variant_exact, "extra_env"),
            [&] { return "variants." + vname + ".hardware_overrides." + hw + ".extra_env"; });

  ArgList a;
  a.AddList(Get(model, "base_args"), [] { return std::string("model.base_args"); });
  if (not_default) a.AddList(Get(variant, "extra_args"), [&] { return "variants." + vname + ".extra_args"; });
  if (!task->extra_args.empty()) {
    uint32_t layer = a.Layer("omni.tasks." + task->key + ".extra_args");
    for (const Value& v : task->extra_args) a.toks.push_back({v, layer});
  }
  a.AddList(Get(recipe_gen, "extra_args"), [&] { return "hardware_overrides." + recipe_key + ".extra_args"; });
  a.AddList(Get(variant_gen, "extra_args"),
            [&] { return "variants." + vname + ".hardware_overrides." + variant_key_gen + ".extra_args"; });
  a.AddList(Get(variant_exact, "extra_args"),
            [&] { return "variants." + vname + ".hardware_overrides." + hw + ".extra_args"; });
  const Value* port = Get(omni, "port");
  if (Truthy(port)) {
    uint32_t layer = a.Layer("omni.port");
    a.Add("--port", layer);
    a.toks.push_back({Value::String(port->ToDisplayString(), port->pos()), layer});
  }
  a.Add("--omni", a.Layer("omni path"));

  Value command, argv;
  std::optional<ResolveError> err;
  if (!RenderServe(binary, r.model_id, a, &command, &argv, &r.provenance, &err)) {
    r.error = std::move(err);
    return r;
  }
  r.command = command.str();
  r.argv = std::move(argv);
  r.env = Value::Object(env.items);
  r.provenance.env = env.OrderedProv();
  return r;
}

std::string OmniExampleRequest(const OmniTask& task, std::string_view host, std::string_view port,
                               std::string_view model_id) {
  if (!task.curl.empty()) return task.curl;
  std::string base = "http://" + std::string(host) + ":" + std::string(port);
  std::string model(model_id);
  auto json_post = [&](const std::string& path, const Value& body, const std::string& tail) {
    return "curl -X POST " + base + path + " \\\n  -H \"Content-Type: application/json\" \\\n  -d '" +
           JsonBody(body) + "'" + tail;
  };
  if (task.id == "t2i") {
    Value body = Obj({{"model", Value::String(model)},
                      {"prompt", S("A lighthouse on a rocky coast at dawn, watercolor")},
                      {"size", S("1024x1024")},
                      {"seed", N(42)}});
    return json_post(task.endpoint, body, " \\\n  | jq -r '.data[0].b64_json' | base64 -d > output.png");
  }
  if (task.id == "i2i") {
    Value content = Value::Array(
        {Obj({{"type", S("text")}, {"text", S("Turn this photo into a pencil sketch")}}),
         Obj({{"type", S("image_url")}, {"image_url", Obj({{"url", S("https://example.com/input.png")}})}})});
    Value body = Obj({{"model", Value::String(model)},
                      {"messages", Value::Array({Obj({{"role", S("user")}, {"content", content}})})},
                      {"extra_body", Obj({{"height", N(1024)},
                                          {"width", N(1024)},
                                          {"num_inference_steps", N(50)},
                                          {"guidance_scale", N(4.5)},
                                          {"seed", N(42)}})}});
    return json_post(task.endpoint, body, "");
  }
  if (task.id == "t2a") {
    Value body = Obj({{"model", Value::String(model)},
                      {"input", S("Gentle rain on a tin roof with distant thunder")},
                      {"audio_length_in_s", N(10)},
                      {"negative_prompt", S("low quality, distortion")},
                      {"guidance_scale", N(7.0)},
                      {"num_inference_steps", N(100)},
                      {"seed", N(42)}});
    return json_post(task.endpoint, body, " \\\n  --output output.wav");
  }
  // Video tasks post a form to the synchronous variant of the endpoint.
  bool with_image = task.id == "i2v" || task.id == "ti2v";
  std::vector<std::pair<std::string, std::string>> fields = {
      {"model", model},
      {"prompt", with_image ? "The camera slowly pushes in as the scene comes alive"
                            : "A red fox trotting through fresh snow in a pine forest"},
  };
  if (with_image) fields.push_back({"input_reference", "@input.jpg"});
  fields.insert(fields.end(), {{"width", "832"},
                               {"height", "480"},
                               {"num_frames", "81"},
                               {"fps", "16"},
                               {"num_inference_steps", "40"},
                               {"guidance_scale", FormatJsNumber(with_image ? 5.0 : 4.0)},
                               {"seed", "42"}});
  std::string out = "curl -X POST " + base + task.endpoint + "/sync";
  for (const auto& [k, v] : fields) out += " \\\n  -F \"" + k + "=" + v + "\"";
  out += " \\\n  --output output.mp4";
  return out;
}

}  // namespace recipes
