#pragma once
// What the firedrill command's sub-commands share: exit codes, option parsing, safe writes.

#include <boost/program_options.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace firedrill::app {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitUsage = 64;

// A usage error: exit 64 with the usage line.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bad input other than a scenario's (an output file that cannot be written, a bad shard file):
// exit 2.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Something the machine lacks (an X display): exit 1 with the message and what to do, not as
// an internal error.
struct MissingRequirement : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `args` of sub-command `command`; throws UsageError on a bad option.
boost::program_options::variables_map parse(
    const std::string& command, boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional,
    const std::vector<std::string>& args);

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees a
// half-written file. Throws std::runtime_error when the file cannot be written.
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace firedrill::app
