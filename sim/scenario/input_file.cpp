#include "sim/scenario/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace firedrill::scenario {
namespace {

namespace fs = std::filesystem;

// The reason for a failed stat, open or path resolution, as "cannot read X: <reason>" wants it.
std::string reason(int error) {
  switch (error) {
    case ENOENT: return "it does not exist";
    case ELOOP: return "it is a symlink loop (too many levels of symbolic links)";
    case EACCES: return "permission denied";
    case ENOTDIR: return "a part of its path is not a folder";
    case ENAMETOOLONG: return "its name is too long";
    default: return std::strerror(error);
  }
}

// Refuses what is not a regular file, naming what it is.
void require_regular(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return;
  if (S_ISDIR(st.st_mode)) throw InputFileError("it is a directory, not a file");
  const char* kind = S_ISFIFO(st.st_mode)   ? "a FIFO"
                     : S_ISCHR(st.st_mode)  ? "a character device"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a regular file";
  throw InputFileError(std::string("it is ") + kind + ", not a regular file");
}

void require_size(std::uintmax_t size) {
  if (size > kMaxInputFileBytes)
    throw InputFileError("it is larger than the limit of " +
                         std::to_string(kMaxInputFileBytes >> 20) + " MiB");
}

void require_no_nul(const std::string& name) {
  if (name.find('\0') != std::string::npos)
    throw InputFileError("its name holds a NUL character");
}

// Closes a file descriptor when it goes out of scope.
struct Descriptor {
  int fd;
  ~Descriptor() { ::close(fd); }
};

// Whether `path` is `dir` or lies below it; both absolute and without "." or "..".
bool lies_in(const fs::path& path, const fs::path& dir) {
  const auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end() || (std::next(d) == dir.end() && d->empty());  // "dir/" ends in ""
}

}  // namespace

std::string read_input_file(const fs::path& path) {
  require_no_nul(path.native());
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputFileError(reason(errno));
  require_regular(st);
  require_size(static_cast<std::uintmax_t>(st.st_size));
  // O_NONBLOCK: should the path be swapped for a FIFO after the stat, opening it does not wait.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) throw InputFileError(reason(errno));
  if (::fstat(file.fd, &st) != 0) throw InputFileError(reason(errno));
  require_regular(st);
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputFileError("reading it failed: " + std::string(std::strerror(errno)));
    }
    text.append(buffer, static_cast<std::size_t>(n));
    require_size(text.size());  // it may grow while read
  }
  return text;
}

fs::path resolve_reference(const FileScope& scope, const std::string& name) {
  if (name.empty()) throw InputFileError("the file name is empty");
  require_no_nul(name);
  const fs::path written = name;
  const fs::path path = written.is_absolute() ? written : scope.base_dir / written;
  std::error_code error;
  // Symlinks resolved as far as the path exists, so a link out of the scope is out of it.
  const fs::path where = fs::weakly_canonical(fs::absolute(path), error);
  if (error) throw InputFileError(reason(error.value()));
  std::vector<fs::path> roots{scope.base_dir.empty() ? fs::path(".") : scope.base_dir};
  roots.insert(roots.end(), scope.allowed_dirs.begin(), scope.allowed_dirs.end());
  const bool inside = std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) {
    std::error_code e;
    const fs::path dir = fs::weakly_canonical(fs::absolute(root), e);
    return !e && lies_in(where, dir);
  });
  if (!inside) {
    throw InputFileError("it lies outside the scenario's folder" +
                         std::string(scope.allowed_dirs.empty() ? "" : " and the allowed ones") +
                         " (allow its folder with --allow-path DIR)");
  }
  const fs::path file = fs::canonical(where, error);
  if (error) throw InputFileError(reason(error.value()));
  return file;
}

}  // namespace firedrill::scenario
