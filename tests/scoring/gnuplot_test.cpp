// gnuplot itself draws every plot script the sweep writes (scoring/sweep_plots.hpp): each plot
// shape, with and without a sensitivity parameter. Built only where gnuplot was found
// (tests/scoring/CMakeLists.txt); scripts/bootstrap.sh installs Debian's gnuplot-nox.

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "scoring/sweep_plots.hpp"
#include "tests/scoring/sweep_fixture.hpp"

namespace fs = std::filesystem;

namespace firedrill::scoring {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes the plot files of `sweep` into a scratch directory `name`, runs gnuplot there and
// checks that it exits 0 without a word on stderr and writes every PNG and SVG plots.gp names.
void check_renders(const SweepResult& sweep, const std::string& name) {
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "gnuplot" / name;
  fs::remove_all(dir);
  std::string script;
  for (const auto& [path, text] : sweep_plot_files(sweep, sweep_statistics(sweep))) {
    fs::create_directories((dir / path).parent_path());
    std::ofstream(dir / path, std::ios::binary) << text;
    if (path == "plots.gp") script = text;
  }
  const std::string cmd = "cd '" + dir.string() + "' && '" FIREDRILL_GNUPLOT "' plots.gp 2>'" +
                          (dir / "gnuplot.err").string() + "'";
  const int raw = std::system(cmd.c_str());
  const std::string err = slurp(dir / "gnuplot.err");
  INFO(err);
  CHECK(err.empty());  // no warning either
  CHECK((WIFEXITED(raw) && WEXITSTATUS(raw) == 0));
  int outputs = 0;
  const std::regex output("set output '([^']+)'");
  for (std::sregex_iterator it(script.begin(), script.end(), output), end; it != end; ++it) {
    const std::string file = (*it)[1];
    INFO(file);
    const std::string text = slurp(dir / file);
    if (file.ends_with(".png"))
      CHECK(text.substr(0, 4) == "\x89PNG");
    else
      CHECK_THAT(text, Catch::Contains("</svg>"));
    ++outputs;
  }
  CHECK(outputs >= 2 * 12);  // 6 metrics with values, each with its paired difference
}

TEST_CASE("gnuplot: draws every plot shape the sweep writes", "[gnuplot]") {
  check_renders(testing::plot_fixture_sweep(), "shapes");
}

TEST_CASE("gnuplot: draws a sensitivity sweep's plots", "[gnuplot]") {
  SweepResult sweep = testing::plot_fixture_sweep();
  sweep.parameter = SweepResult::Parameter{"/teams/0/delay_min", {"5", "15"}};
  check_renders(sweep, "sensitivity");
}

}  // namespace
}  // namespace firedrill::scoring
