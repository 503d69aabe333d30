// Docker parity against the reference JSON API tree: every rendering in
// ../shared/reference/api.tar.zst carries its serve command, env, image and
// Docker forms, so the Docker text/argv (and the image, where the rendering's
// recipe is known) can be recomputed and compared.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "model/catalog.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "render/docker.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;

const std::string kShared = RECIPES_SOURCE_DIR "/../shared";

struct Tally {
  int checked = 0;
  int equal = 0;
  std::vector<std::string> failures;
  void Check(bool ok, const std::string& what) {
    ++checked;
    if (ok) {
      ++equal;
    } else if (failures.size() < 5) {
      failures.push_back(what);
    }
  }
};

class DockerParity {
 public:
  DockerParity(const Catalog& catalog, Tally* docker, Tally* image)
      : catalog_(catalog), docker_(docker), image_(image) {}

  void Walk(const Value& v, const std::string& file, const std::string& hf_id) {
    if (v.is_array()) {
      for (const Value& e : v.items()) Walk(e, file, hf_id);
      return;
    }
    if (!v.is_object()) return;
    const Value* hw = v.Get("hardware");
    const Value* dt = v.Get("deploy_type");
    if (hw && hw->is_string() && dt && dt->is_string()) Rendering(v, file, hf_id);
    for (const auto& [k, m] : v.members()) Walk(m, file, hf_id);
  }

 private:
  void One(const Value* cmd, const Value* argv, const Value& env, const std::optional<std::string>& image,
           const Value* profile, int port, const Value* want_cmd, const Value* want_argv, const std::string& what) {
    if (!cmd || !cmd->is_string() || !want_cmd) return;
    DockerRun got = RenderDockerRun(cmd->str(), argv ? *argv : Value(), env, image, profile, port);
    bool ok = want_cmd->is_string() && got.command == want_cmd->str() && want_argv && got.argv.Equals(*want_argv);
    docker_->Check(ok, what + (ok ? "" : "\n  got:  " + got.command + "\n  want: " + want_cmd->ToDisplayString()));
  }

  void Rendering(const Value& r, const std::string& file, const std::string& hf_id) {
    std::string hw = r.Get("hardware")->str();
    const Value* profile = catalog_.FindHardware(hw);
    const Value* img = r.Get("docker_image");
    std::optional<std::string> image;
    if (img && img->is_string()) image = img->str();
    std::string dt = r.Get("deploy_type")->str();
    const Value* variant = r.Get("variant");

    // The image, when the recipe is known (promoted variants live under the
    // variant's own model id; find their recipe by it).
    if (variant && variant->is_string()) {
      const Recipe* recipe = catalog_.FindRecipe(hf_id);
      if (!recipe) {
        for (const Recipe& rc : catalog_.recipes) {
          const Value* mid = rc.doc.Get("variants") ? rc.doc.Get("variants")->Get(variant->str()) : nullptr;
          mid = mid ? mid->Get("model_id") : nullptr;
          if (mid && mid->is_string() && mid->str() == hf_id) {
            recipe = &rc;
            break;
          }
        }
      }
      if (recipe) {
        std::optional<std::string> got = DockerImage(recipe->doc, variant->str(), hw, profile);
        image_->Check(got == image, file + " docker_image " + hw + " got " + got.value_or("<undefined>"));
      }
    }

    const Value& env = r.Get("env") ? *r.Get("env") : Value();
    auto get = [&](const Value& o, const char* k) { return o.Get(k); };
    if (dt == "single_node") {
      One(get(r, "command"), get(r, "argv"), env, image, profile, 8000, get(r, "docker_command"),
          get(r, "docker_argv"), file + " single");
    } else if (dt == "multi_node") {
      if (get(r, "head_command")) {
        One(get(r, "head_command"), get(r, "head_argv"), env, image, profile, 8000,
            get(r, "head_docker_command"), get(r, "head_docker_argv"), file + " head");
        const Value* wc = get(r, "worker_commands");
        const Value* wa = get(r, "worker_argvs");
        const Value* wdc = get(r, "worker_docker_commands");
        const Value* wda = get(r, "worker_docker_argvs");
        for (size_t i = 0; wc && i < wc->size(); ++i) {
          One(wc->At(i), wa ? wa->At(i) : nullptr, env, image, profile, 8000, wdc ? wdc->At(i) : nullptr,
              wda ? wda->At(i) : nullptr, file + " worker " + std::to_string(i + 1));
        }
      } else {
        One(get(r, "command"), get(r, "argv"), env, image, profile, 8000, get(r, "docker_command"),
            get(r, "docker_argv"), file + " multi_node single");
      }
    } else if (dt == "pd_cluster") {
      for (const char* role : {"prefill", "decode"}) {
        const Value* o = get(r, role);
        if (!o) continue;
        const Value* renv = o->Get("env");
        One(o->Get("command"), o->Get("argv"), renv ? *renv : Value(), image, profile,
            std::string(role) == "prefill" ? 8001 : 8002, o->Get("docker_command"), o->Get("docker_argv"),
            file + " " + role);
      }
    } else if (dt == "kv_store_lb") {
      One(get(r, "vllm_command"), get(r, "vllm_argv"), env, image, profile, 8000, get(r, "vllm_docker_command"),
          get(r, "vllm_docker_argv"), file + " vllm");
      const Value* wc = get(r, "vllm_worker_commands");
      const Value* wa = get(r, "vllm_worker_argvs");
      const Value* wdc = get(r, "vllm_worker_docker_commands");
      const Value* wda = get(r, "vllm_worker_docker_argvs");
      for (size_t i = 0; wc && wc->is_array() && i < wc->size(); ++i) {
        One(wc->At(i), wa ? wa->At(i) : nullptr, env, image, profile, 8000, wdc ? wdc->At(i) : nullptr,
            wda ? wda->At(i) : nullptr, file + " vllm worker " + std::to_string(i + 1));
      }
    }
  }

  const Catalog& catalog_;
  Tally* docker_;
  Tally* image_;
};

// Reads the tar stream of `cmd` (ustar, with GNU long names) and calls
// fn(path, contents) for every regular file; unpacking to disk is far slower.
template <typename Fn>
bool ForEachTarFile(const std::string& cmd, Fn&& fn) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) data.append(buf, n);
  if (pclose(p) != 0) return false;
  std::string long_name;
  for (size_t off = 0; off + 512 <= data.size();) {
    const char* h = data.data() + off;
    if (h[0] == '\0') break;  // end-of-archive blocks
    auto field = [&](size_t at, size_t len) {
      std::string f(h + at, len);
      return f.substr(0, f.find('\0'));
    };
    size_t size = std::strtoull(field(124, 12).c_str(), nullptr, 8);
    char type = h[156];
    std::string name = field(0, 100);
    if (std::string(h + 257, 5) == "ustar" && h[345] != '\0') name = field(345, 155) + "/" + name;
    if (!long_name.empty()) {
      name = long_name;
      long_name.clear();
    }
    size_t body = off + 512;
    if (body + size > data.size()) return false;
    if (type == 'L') {
      long_name = std::string(data.data() + body, size);
      long_name = long_name.substr(0, long_name.find('\0'));
    } else if (type == '0' || type == '\0') {
      if (name.rfind("./", 0) == 0) name = name.substr(2);
      fn(name, std::string_view(data.data() + body, size));
    }
    off = body + (size + 511) / 512 * 512;
  }
  return true;
}

TEST(DockerParityTest, ReferenceApiTree) {
  std::string tarball = kShared + "/reference/api.tar.zst";
  if (!fs::exists(tarball)) GTEST_SKIP() << "no reference data at " << tarball << " (../shared is absent)";
  LoadResult loaded = LoadCatalogFrom(kShared + "/reference/catalog");
  Tally docker, image;
  DockerParity parity(*loaded.catalog, &docker, &image);
  int files = 0;
  bool ok = ForEachTarFile("zstd -dc '" + tarball + "'", [&](const std::string& rel, std::string_view text) {
    if (rel.size() < 5 || rel.compare(rel.size() - 5, 5, ".json") != 0) return;
    // <org>/<repo>.json or <org>/<repo>/...: the recipe or promoted id.
    size_t a = rel.find('/');
    if (a == std::string::npos) return;
    size_t b = rel.find('/', a + 1);
    std::string hf_id = b == std::string::npos ? rel.substr(0, rel.size() - 5) : rel.substr(0, b);
    Value doc;
    std::string err;
    if (!ParseJson(text, &doc, &err)) {
      ADD_FAILURE() << rel << ": " << err;
      return;
    }
    ++files;
    parity.Walk(doc, rel, hf_id);
  });
  ASSERT_TRUE(ok) << "cannot read " << tarball;

  std::printf("docker parity: %d/%d equal (%d files)\n", docker.equal, docker.checked, files);
  std::printf("docker image parity: %d/%d equal\n", image.equal, image.checked);
  for (const std::string& f : docker.failures) std::printf("  differs: %s\n", f.c_str());
  for (const std::string& f : image.failures) std::printf("  differs: %s\n", f.c_str());
  EXPECT_GT(docker.checked, 1000);
  EXPECT_EQ(docker.equal, docker.checked);
  EXPECT_EQ(image.equal, image.checked);
}

}  // namespace
}  // namespace recipes
