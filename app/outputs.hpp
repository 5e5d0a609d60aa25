#pragma once
// The files one command writes: every path checked before any work starts, then all written or
// none. A regular file is replaced through a temporary beside it and a rename, so no reader sees
// half a file; a symlink is written through (the link stays); a FIFO or character device
// (/dev/stdout, a pipe) is written to as a stream, never replaced. On a failure nothing the
// command made is left behind: no temporaries, no folders it created.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace firedrill::app {

class Outputs {
 public:
  // `command` ("run", "sweep", ...) prefixes messages: "firedrill run: --out 'x': ...".
  explicit Outputs(std::string command);
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;
  // Removes whatever was staged when commit() did not complete.
  ~Outputs();

  // Checks that option `--option`'s FILE can be written: not a directory, block device, socket,
  // symlink loop or symlink to nothing; a FIFO must have a reader; an absent file's folder must
  // exist and be writable. Returns the path to give to stage() or add(). Throws BadInput.
  std::filesystem::path file(const std::string& option, const std::string& value);
  // Checks that option `--option`'s DIR is a writable folder, or can be made: its nearest
  // existing ancestor is a writable folder. Files inside it go through stage() and add().
  // Throws BadInput.
  std::filesystem::path dir(const std::string& option, const std::string& value);

  // Queues `text` to be written to `path` at commit().
  void add(const std::filesystem::path& path, std::string text);
  // Returns a fresh temporary file, with `path`'s extension, for a producer that writes files
  // itself (a PNG); at commit() it replaces `path`. Creates missing folders (removed again
  // should the command fail). Throws BadInput.
  std::filesystem::path stage(const std::filesystem::path& path);
  // Returns a fresh empty temporary folder; at commit() it replaces the folder `path` whole
  // (a command's own folder of plots). Throws BadInput.
  std::filesystem::path stage_dir(const std::filesystem::path& path);

  // Writes every queued text, then moves every staged file and folder into place, and streams
  // last. Throws BadInput, after removing everything staged, when a file cannot be written.
  void commit();

 private:
  struct Staged {
    std::filesystem::path temporary;
    std::filesystem::path target;
    bool folder = false;
  };
  std::string what(const std::string& option, const std::string& value) const;
  void create_parents(const std::filesystem::path& path);
  void discard();

  std::string command_;
  std::vector<std::pair<std::filesystem::path, std::string>> texts_;
  std::vector<Staged> staged_;
  std::map<std::filesystem::path, int> streams_;  // checked FIFOs and devices, open for writing
  std::vector<std::filesystem::path> created_;    // folders made, outermost first
  bool committed_ = false;
};

}  // namespace firedrill::app
