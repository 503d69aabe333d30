// Docker rendering (resolution.md §15): the image for a variant on a
// hardware profile, and the `docker run` text and argv wrapping a serve
// command.
#ifndef RECIPES_RENDER_DOCKER_H_
#define RECIPES_RENDER_DOCKER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/value.h"

namespace recipes {

/// "tpu", "amd", "intel" or "nvidia" (the fallback for unknown brands).
std::string DockerBrandKey(const Value* profile);

/// The container image (§15.2), or nullopt when undefined (nightly recipe on
/// an Intel CPU profile without a pinned image). `cu129` picks the CUDA 12.9
/// build as the interactive builder can; the JSON API never does.
std::optional<std::string> DockerImage(const Value& recipe_doc, std::string_view variant_key,
                                       std::string_view hardware_id, const Value* profile,
                                       bool cu129 = false);

struct DockerRun {
  std::string command;  // multi-line `docker run ...` text
  Value argv;           // array of strings (the image slot is null when undefined)
};

/// How the container reaches the network. The JSON API (reference parity)
/// always publishes the port on the bridge network; the CLI and the site run
/// multi-node containers on the host network (NCCL, Ray and the head address
/// need it), where only the head publishes the HTTP port.
enum class DockerNetwork { kBridge, kHostHead, kHostFollower };

/// Wraps a serve command (text and argv, as returned by the resolver) and its
/// env map into `docker run`, publishing `port` (8000; PD roles use 8001/8002).
DockerRun RenderDockerRun(std::string_view serve_command, const Value& serve_argv, const Value& env,
                          const std::optional<std::string>& image, const Value* profile, int port = 8000,
                          DockerNetwork network = DockerNetwork::kBridge);

}  // namespace recipes

#endif  // RECIPES_RENDER_DOCKER_H_
