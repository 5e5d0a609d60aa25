#include "app/cli.hpp"

#include <charconv>
#include <limits>

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

}  // namespace firedrill::app
