#include "cli/gpu_probe.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace recipes {
namespace {

// stdout of `command` and its exit status (127 when the shell cannot find it).
int Capture(const std::string& command, std::string* out) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return 127;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

GpuDetection ProbeGpus(const Catalog& catalog, const std::string& recorded) {
  if (!recorded.empty()) {
    std::ifstream f(recorded, std::ios::binary);
    if (!f) {
      GpuDetection d;
      d.error = "cannot read " + recorded;
      return d;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    size_t b = text.find_first_not_of(" \t\r\n");
    bool json = b != std::string::npos && text[b] == '{';
    return ParseGpuQuery(catalog, json ? "rocm-smi" : "nvidia-smi", 0, text);
  }
  std::string out;
  int rc = Capture("nvidia-smi --query-gpu=name,memory.total,compute_cap --format=csv,noheader,nounits 2>/dev/null", &out);
  if (rc != 127) return ParseGpuQuery(catalog, "nvidia-smi", rc, out);
  out.clear();
  rc = Capture("rocm-smi --showproductname --showmeminfo vram --json 2>/dev/null", &out);
  if (rc != 127) return ParseGpuQuery(catalog, "rocm-smi", rc, out);
  GpuDetection d;
  d.error = "no GPU query tool found (nvidia-smi, rocm-smi)";
  return d;
}

}  // namespace recipes
