#pragma once
// Reading the files a user hands firedrill (scenarios, the files they include, policies,
// PagerDuty exports, drill logs, sweep shards): regular files only, of bounded size, and for
// the files a scenario names, only inside the folders the user allows.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace firedrill::scenario {

// The largest file firedrill reads: 64 MiB (docs/limits.md), ten times a 10,000-service
// scenario; the largest bundled scenario (TrainTicket's) is 42 KB.
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{64} << 20;

// Why a file cannot be read, as a phrase that completes "cannot read FILE: ", e.g. "it is a
// FIFO, not a regular file".
struct InputFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads the regular file `path` whole, following symlinks. Directories, FIFOs, sockets and
// devices are refused from their status, before they are opened (reading them could block or
// never end), as are files over kMaxInputFileBytes, symlink loops and names holding a NUL.
// Throws InputFileError with the reason.
std::string read_input_file(const std::filesystem::path& path);

// Where the files a scenario names ("include", a "policy" file, a team's PagerDuty exports) may
// lie: inside the scenario's own folder tree, or inside a folder the user allows
// (`--allow-path DIR`). Converts from the scenario's folder.
struct FileScope {
  FileScope() = default;
  FileScope(std::filesystem::path dir) : base_dir(std::move(dir)) {}  // NOLINT: implicit
  FileScope(std::filesystem::path dir, std::vector<std::filesystem::path> allowed)
      : base_dir(std::move(dir)), allowed_dirs(std::move(allowed)) {}

  std::filesystem::path base_dir;                   // the scenario's folder; "" is the working one
  std::vector<std::filesystem::path> allowed_dirs;  // further folders, with their subfolders
};

// Resolves `name`, a file name written in a scenario (relative to `scope.base_dir`, or
// absolute), to the file it denotes with symlinks resolved. Throws InputFileError when the name
// is empty or holds a NUL, when the file (or where a symlink points) lies outside
// `scope.base_dir` and every allowed folder, when it does not exist, or on a symlink loop. The
// scope is checked first, so nothing is said about files outside it.
std::filesystem::path resolve_reference(const FileScope& scope, const std::string& name);

}  // namespace firedrill::scenario
