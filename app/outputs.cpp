#include "app/outputs.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "app/cli.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;

std::string reason(int error) {
  switch (error) {
    case ELOOP: return "a symlink loop (too many levels of symbolic links)";
    case EACCES: return "permission denied";
    case ENOTDIR: return "a part of its path is not a folder";
    default: return std::strerror(error);
  }
}

// /dev/stdout, /dev/fd/N, /proc/self/fd/N: names of open streams, written to, never replaced.
bool names_a_stream(const fs::path& path) {
  const std::string text = path.lexically_normal().string();
  return text.starts_with("/dev/") || text.starts_with("/proc/");
}

// The descriptor that /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N names, so that a
// stream shares the process's own (and its offset); nullopt for any other path.
std::optional<int> own_descriptor(const fs::path& path) {
  const std::string text = path.lexically_normal().string();
  if (text == "/dev/stdout") return STDOUT_FILENO;
  if (text == "/dev/stderr") return STDERR_FILENO;
  for (const std::string prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!text.starts_with(prefix)) continue;
    int fd = -1;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data() + prefix.size(), end, fd);
    if (error == std::errc() && stop == end) return fd;
  }
  return std::nullopt;
}

// The folder a file `path` is in ("." for a bare name).
fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// Where a regular file `path` really is: through its symlinks when it exists.
fs::path real_target(const fs::path& path) {
  std::error_code error;
  const fs::path real = fs::canonical(path, error);
  return error ? path : real;
}

// The mode a new file gets: 0666 less the process's umask.
mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(reason(n < 0 ? errno : EIO));
    done += static_cast<std::size_t>(n);
  }
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

Outputs::Outputs(std::string command) : command_(std::move(command)) {}

Outputs::~Outputs() {
  if (!committed_) discard();
  for (const auto& [path, fd] : streams_) ::close(fd);
}

std::string Outputs::what(const std::string& option, const std::string& value) const {
  return "firedrill " + command_ + ": " + (option.empty() ? "" : "--" + option + " ") + "'" +
         value + "'";
}

fs::path Outputs::file(const std::string& option, const std::string& value) {
  const std::string w = what(option, value);
  if (value.empty()) throw BadInput(w + ": empty file name");
  const fs::path path = value;
  if (streams_.count(path)) return path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    struct stat link {};
    if (error == ENOENT && ::lstat(path.c_str(), &link) == 0)
      throw BadInput(w + ": a symlink to nothing");
    if (error != ENOENT) throw BadInput(w + ": " + reason(error));
    const fs::path folder = folder_of(path);
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
      throw BadInput(w + ": directory '" + folder.string() + "' does not exist");
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
      throw BadInput(w + ": cannot write in '" + folder.string() + "': " + reason(errno));
    return path;
  }
  if (S_ISDIR(st.st_mode)) throw BadInput(w + ": is a directory");
  if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || names_a_stream(path)) {
    if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISREG(st.st_mode))
      throw BadInput(w + ": not a file, FIFO or terminal firedrill can write");
    // Non-blocking to find a FIFO nobody reads (ENXIO) now, rather than wait at the end.
    const auto own = own_descriptor(path);
    const int fd = own ? ::fcntl(*own, F_DUPFD_CLOEXEC, 0)
                       : ::open(path.c_str(), O_WRONLY | O_APPEND | O_NONBLOCK | O_NOCTTY |
                                                  O_CLOEXEC);
    if (fd < 0)
      throw BadInput(w + ": " + (errno == ENXIO ? std::string("a FIFO that no process reads")
                                                 : reason(errno)));
    if (!own) ::fcntl(fd, F_SETFL, O_APPEND);
    streams_.emplace(path, fd);
    return path;
  }
  if (!S_ISREG(st.st_mode))
    throw BadInput(w + ": a block device or socket, not a file firedrill writes");
  const fs::path real = real_target(path);
  if (::access(real.c_str(), W_OK) != 0) throw BadInput(w + ": " + reason(errno));
  if (::access(folder_of(real).c_str(), W_OK | X_OK) != 0)
    throw BadInput(w + ": cannot write in '" + folder_of(real).string() + "': " + reason(errno));
  return path;
}

fs::path Outputs::dir(const std::string& option, const std::string& value) {
  const std::string w = what(option, value);
  if (value.empty()) throw BadInput(w + ": empty directory name");
  const fs::path path = value;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw BadInput(w + ": not a directory");
    if (::access(path.c_str(), W_OK | X_OK) != 0)
      throw BadInput(w + ": cannot write in it: " + reason(errno));
    return path;
  }
  if (errno != ENOENT) throw BadInput(w + ": " + reason(errno));
  fs::path existing = fs::absolute(path).parent_path();
  std::error_code ec;
  while (!fs::exists(existing, ec) && existing.has_relative_path())
    existing = existing.parent_path();
  if (!fs::is_directory(existing, ec))
    throw BadInput(w + ": '" + existing.string() + "' is not a directory");
  if (::access(existing.c_str(), W_OK | X_OK) != 0)
    throw BadInput(w + ": cannot make it in '" + existing.string() + "': " + reason(errno));
  return path;
}

void Outputs::add(const fs::path& path, std::string text) {
  texts_.emplace_back(path, std::move(text));
}

void Outputs::create_parents(const fs::path& folder) {
  if (folder.empty()) return;
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = fs::absolute(folder); !fs::exists(p, ec) && p.has_relative_path();
       p = p.parent_path())
    missing.push_back(p);
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, ec) && ec)
      throw BadInput("firedrill " + command_ + ": cannot make directory '" + it->string() +
                     "': " + ec.message());
    created_.push_back(*it);
  }
}

fs::path Outputs::stage(const fs::path& path) {
  create_parents(path.parent_path());
  const bool stream = streams_.count(path) > 0;
  const fs::path folder = stream ? fs::temp_directory_path() : folder_of(real_target(path));
  const std::string extension = path.extension().string();
  std::string name =
      (folder / ("." + path.stem().string() + ".firedrill-XXXXXX" + extension)).string();
  const int fd = ::mkstemps(name.data(), static_cast<int>(extension.size()));
  if (fd < 0)
    throw BadInput("firedrill " + command_ + ": cannot write in '" + folder.string() +
                   "': " + reason(errno));
  ::fchmod(fd, new_file_mode());
  ::close(fd);
  staged_.push_back({name, path, false});
  return name;
}

fs::path Outputs::stage_dir(const fs::path& path) {
  create_parents(path.parent_path());
  std::string name = (folder_of(path) / ("." + path.filename().string() + ".firedrill-XXXXXX"))
                         .string();
  if (::mkdtemp(name.data()) == nullptr)
    throw BadInput("firedrill " + command_ + ": cannot make a directory in '" +
                   folder_of(path).string() + "': " + reason(errno));
  staged_.push_back({name, path, true});
  return name;
}

void Outputs::commit() {
  fs::path current;
  try {
    for (const auto& [path, text] : texts_) {
      current = path;
      const fs::path temporary = stage(path);
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) throw std::runtime_error("writing failed");
    }
    // Every target checked again (files inside an output folder are first seen here) before
    // any is replaced.
    for (const Staged& s : staged_) {
      current = s.target;
      if (!s.folder) file("", s.target.string());
    }
    for (const Staged& s : staged_) {
      current = s.target;
      if (streams_.count(s.target)) continue;
      if (s.folder) fs::remove_all(s.target);
      fs::rename(s.temporary, s.folder ? s.target : real_target(s.target));
    }
    std::cout.flush();  // what was printed before comes first on a shared stdout
    for (const Staged& s : staged_) {
      current = s.target;
      if (const auto it = streams_.find(s.target); it != streams_.end()) {
        write_all(it->second, file_text(s.temporary));
        fs::remove(s.temporary);
      }
    }
  } catch (const BadInput&) {
    discard();
    throw;
  } catch (const std::exception& e) {
    discard();
    throw BadInput("firedrill " + command_ + ": cannot write '" + current.string() +
                   "': " + e.what() + "; nothing was written");
  }
  committed_ = true;
}

void Outputs::discard() {
  std::error_code ec;
  for (const Staged& s : staged_) fs::remove_all(s.temporary, ec);
  staged_.clear();
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove_all(*it, ec);
  created_.clear();
}

}  // namespace firedrill::app
