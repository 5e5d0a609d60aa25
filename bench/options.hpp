#pragma once
// Command-line parsing shared by the benchmark programs.

#include <iostream>
#include <optional>
#include <string>

#include <boost/program_options.hpp>

namespace firedrill::bench {

// Parses argv against `desc` into its bound variables. Returns nullopt when the program should
// go on; otherwise the exit status: 0 after printing --help, 2 after printing a usage error
// prefixed with `program`.
inline std::optional<int> parse_options(int argc, char** argv,
                                        const boost::program_options::options_description& desc,
                                        const std::string& program,
                                        boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << '\n';
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << program << ": " << e.what() << '\n' << desc << '\n';
    return 2;
  }
  return std::nullopt;
}

}  // namespace firedrill::bench
