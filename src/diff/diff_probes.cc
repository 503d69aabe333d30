#include "diff/diff_probes.h"

namespace recipes {

DiffProbes DefaultDiffProbes() {
  // check/ and plan/ are not part of this build yet.
  return DiffProbes();
}

}  // namespace recipes
