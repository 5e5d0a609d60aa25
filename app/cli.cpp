#include "app/cli.hpp"

#include <charconv>
#include <limits>
#include <regex>

namespace firedrill::app {

namespace po = boost::program_options;

po::variables_map parse(const std::string& command, po::options_description& options,
                        const po::positional_options_description& positional,
                        const std::vector<std::string>& args) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError("firedrill " + command + ": " + e.what());
  }
  return vm;
}

void add_allow_path_option(po::options_description& options) {
  options.add_options()("allow-path", po::value<std::vector<std::string>>()->value_name("DIR"),
                        "also read files the scenario names (include, policy, PagerDuty) from "
                        "DIR and below (repeatable; by default only the scenario's folder and "
                        "below)");
}

std::vector<std::filesystem::path> allowed_dirs(const po::variables_map& vm) {
  if (!vm.count("allow-path")) return {};
  const auto& dirs = vm["allow-path"].as<std::vector<std::string>>();
  return {dirs.begin(), dirs.end()};
}

std::uint64_t whole_number(const std::string& command, const std::string& name,
                           const std::string& text, std::uint64_t min, std::uint64_t max) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || error != std::errc() || stop != end || value < min || value > max)
    throw UsageError("firedrill " + command + ": " + name + " must be a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) + ", got '" + text + "'");
  return value;
}

std::uint64_t parse_seed(const std::string& command, const std::string& text) {
  return whole_number(command, "--seed", text, 0, std::numeric_limits<std::uint64_t>::max());
}

engine::SimTime parse_sim_duration(const std::string& command, const std::string& option,
                                   const std::string& text) {
  static const std::regex kDuration(R"((?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)");
  static const std::regex kSeconds(R"(\d+(?:\.\d+)?)");
  const auto usage = [&] {
    return UsageError("firedrill " + command + ": --" + option +
                      " must be a simulated time like 25m, 90s, 1h30m or 1500 (seconds), at "
                      "most 31 days, got '" +
                      text + "'");
  };
  // A drill lasts at most 31 days (docs/limits.md); longer texts are not matched at all.
  constexpr double kMaxSeconds = 31.0 * 24 * 3600;
  if (text.size() > 20) throw usage();
  std::smatch m;
  double seconds = 0.0;
  if (std::regex_match(text, kSeconds)) {
    seconds = std::stod(text);
  } else if (!text.empty() && std::regex_match(text, m, kDuration)) {
    if (m[1].matched) seconds += 3600.0 * std::stod(m[1]);
    if (m[2].matched) seconds += 60.0 * std::stod(m[2]);
    if (m[3].matched) seconds += std::stod(m[3]);
  } else {
    throw usage();
  }
  if (!(seconds <= kMaxSeconds)) throw usage();
  return engine::from_seconds(seconds);
}

scenario::Setting parse_setting(const std::string& command, const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || text.empty() || text[0] != '/')
    throw UsageError("firedrill " + command + ": --set wants /json/pointer=value, got '" + text +
                     "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace firedrill::app
