// Runs this machine's GPU query tool (or reads a recorded output) for
// `recipes detect` and `recipes run`.
#ifndef RECIPES_CLI_GPU_PROBE_H_
#define RECIPES_CLI_GPU_PROBE_H_

#include <string>

#include "deploy/gpu_detect.h"

namespace recipes {

/// `recorded` non-empty: parse that file (rocm-smi when it holds JSON, else
/// nvidia-smi) instead of running a tool. Otherwise nvidia-smi, then rocm-smi.
GpuDetection ProbeGpus(const Catalog& catalog, const std::string& recorded);

}  // namespace recipes

#endif  // RECIPES_CLI_GPU_PROBE_H_
