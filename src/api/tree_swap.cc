#include "api/tree_swap.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

namespace recipes {

int ExchangeDirs(const std::string& a, const std::string& b) {
#ifdef SYS_renameat2
  // The raw system call: older C libraries lack the wrapper.
  if (::syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return 0;
  return errno;
#else
  return ENOSYS;
#endif
}

bool ExchangeUnsupported(int err) { return err == EINVAL || err == ENOSYS || err == ENOTSUP || err == EOPNOTSUPP; }

bool PointSymlink(const std::string& link_path, const std::string& target, std::string* err) {
  size_t slash = link_path.rfind('/');
  std::string tmp = slash == std::string::npos ? "." + link_path + ".recipes-link"
                                               : link_path.substr(0, slash + 1) + "." +
                                                     link_path.substr(slash + 1) + ".recipes-link";
  ::unlink(tmp.c_str());
  if (::symlink(target.c_str(), tmp.c_str()) != 0) {
    *err = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  if (::rename(tmp.c_str(), link_path.c_str()) != 0) {
    *err = "cannot replace " + link_path + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace recipes
