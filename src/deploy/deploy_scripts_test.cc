// Runs the deploy target tests that need outside programs (tests/deploy/):
// the real 2-node SLURM cluster, the SSH and Kubernetes round trips, compose
// and Kubernetes validation, shellcheck. Each script prints what it proved
// and exits non-zero on any failure; ctest shows its output.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace recipes {
namespace {

int RunScript(const std::string& script, std::string* output) {
  std::string cmd = "cd " RECIPES_SOURCE_DIR " && timeout 600 bash tests/deploy/" + script + " " RECIPES_BINARY " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output->append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Check(const std::string& script) {
  std::string out;
  int rc = RunScript(script, &out);
  std::printf("%s", out.c_str());
  if (rc == 77) GTEST_SKIP() << out;
  EXPECT_EQ(rc, 0) << out;
}

TEST(DeployScripts, SlurmTwoNodeClusterRoundTrip) { Check("slurm_cluster_test.sh"); }
TEST(DeployScripts, SshRoundTripAndShellcheck) { Check("ssh_test.sh"); }
TEST(DeployScripts, ComposeConfig) { Check("compose_test.sh"); }
TEST(DeployScripts, KubernetesValidation) { Check("k8s_test.sh"); }

}  // namespace
}  // namespace recipes
