#pragma once
// What the firedrill command's sub-commands share: exit codes and option parsing.

#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/sim_time.hpp"
#include "sim/scenario/load_scenario.hpp"

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

// Adds --allow-path DIR (repeatable): folders outside the scenario's own where the files it
// names (include, policy, PagerDuty exports) may lie.
void add_allow_path_option(boost::program_options::options_description& options);
// The folders --allow-path gave.
std::vector<std::filesystem::path> allowed_dirs(const boost::program_options::variables_map& vm);

// Reads `text`, the value of `name` (an option such as "--runs", or an environment variable
// such as "SLURM_ARRAY_TASK_ID"), as a whole number in [min, max]: decimal digits only, no sign
// (so "-1" is not 2^64 - 1), no spaces. Throws UsageError naming it and its range.
std::uint64_t whole_number(const std::string& command, const std::string& name,
                           const std::string& text, std::uint64_t min, std::uint64_t max);

// Parses a simulated duration: "25m", "90s", "1h30m", "2h", or a number of seconds ("1500"),
// at most 31 days. Throws UsageError naming `command` and `option` for anything else.
engine::SimTime parse_sim_duration(const std::string& command, const std::string& option,
                                   const std::string& text);

// "/pointer=value" (--set) → a Setting; throws UsageError naming `command` without the '='.
scenario::Setting parse_setting(const std::string& command, const std::string& text);

// The seed option "--seed N": any whole number from 0 to 2^64 - 1.
std::uint64_t parse_seed(const std::string& command, const std::string& text);

}  // namespace firedrill::app
