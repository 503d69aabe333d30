// GPU detection: the output of `nvidia-smi --query-gpu=name,memory.total,
// compute_cap --format=csv,noheader,nounits` or `rocm-smi --showproductname
// --showmeminfo vram --json` → a taxonomy hardware profile and a count. Pure:
// the CLI runs the tool; tests feed recorded outputs.
#ifndef RECIPES_DEPLOY_GPU_DETECT_H_
#define RECIPES_DEPLOY_GPU_DETECT_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"

namespace recipes {

struct DetectedGpu {
  std::string name;        // as the tool reports it
  double memory_mib = 0;
  std::string compute_cap;  // NVIDIA only
};

struct GpuDetection {
  std::vector<DetectedGpu> gpus;
  std::string hardware;  // taxonomy profile id ("" on error)
  int count = 0;
  double memory_gib = 0;  // per GPU
  std::string error;      // non-empty: no usable answer
  bool ok() const { return error.empty(); }
};

/// `tool` is "nvidia-smi" or "rocm-smi"; `exit_code` its status (127: not
/// found); `output` its stdout.
GpuDetection ParseGpuQuery(const Catalog& catalog, std::string_view tool, int exit_code, std::string_view output);

/// The taxonomy profile for `count` GPUs named `name` ("" when none fits).
std::string MatchHardwareProfile(const Catalog& catalog, std::string_view name, int count);

}  // namespace recipes

#endif  // RECIPES_DEPLOY_GPU_DETECT_H_
