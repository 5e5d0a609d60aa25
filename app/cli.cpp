#include "app/cli.hpp"

#include <fstream>

namespace firedrill::app {

namespace fs = std::filesystem;
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

void write_file(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

}  // namespace firedrill::app
