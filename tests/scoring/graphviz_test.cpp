// Graphviz's own `dot` renders the DOT export: of every bundled scenario, and of one whose
// names carry quotes and backslashes. Built only where `dot` was found (tests/scoring/
// CMakeLists.txt); scripts/test.sh installs Debian's graphviz for it.

#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scoring/dot_export.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;

namespace firedrill::scoring {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Renders `dot_text` with `dot -Tsvg`; returns the SVG, or "" when dot failed (its messages are
// in the test's output).
std::string render_svg(const std::string& dot_text, const std::string& name) {
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "graphviz";
  fs::create_directories(dir);
  const fs::path in = dir / (name + ".dot");
  const fs::path out = dir / (name + ".svg");
  std::ofstream(in, std::ios::binary) << dot_text;
  fs::remove(out);
  const std::string cmd = "'" FIREDRILL_DOT "' -Tsvg '" + in.string() + "' -o '" + out.string() +
                          "' 2>'" + (dir / (name + ".err")).string() + "'";
  const int raw = std::system(cmd.c_str());
  const std::string err = slurp(dir / (name + ".err"));
  INFO(err);
  CHECK(err.empty());  // no warning either
  if (!WIFEXITED(raw) || WEXITSTATUS(raw) != 0) return "";
  return slurp(out);
}

// `text` as Graphviz writes it into SVG: XML escapes, and '-' as "&#45;".
std::string svg_text(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '-':
        out += "&#45;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("topology_dot: Graphviz renders every bundled scenario's graph", "[export]") {
  std::vector<fs::path> files;
  for (const char* dir : {"scenarios/online-boutique", "scenarios/train-ticket"})
    for (const auto& entry : fs::directory_iterator(fs::path(FIREDRILL_SOURCE_DIR) / dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 2);
  for (const fs::path& file : files) {
    INFO(file.filename().string());
    const model::Scenario scenario = scenario::load_scenario(file);
    const std::string svg = render_svg(
        topology_dot(scenario, model::simulate(scenario, scenario.run.seed)), file.stem().string());
    CHECK(svg.find("<svg") != std::string::npos);
    for (const model::Service& service : scenario.services)
      CHECK(svg.find(">" + svg_text(service.name) + "</text>") != std::string::npos);
  }
}

TEST_CASE("topology_dot: Graphviz reads names with quotes and backslashes as they are",
          "[export]") {
  model::Scenario scenario = scenario::load_scenario(
      fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/online-boutique/black-friday-bad-deploy.json");
  scenario.name = "drill \"quoted\" \\N";
  scenario.services[0].name = "front\\end \"v2\"";
  const std::string svg =
      render_svg(topology_dot(scenario, model::simulate(scenario, scenario.run.seed)), "escaped");
  REQUIRE(svg.find("<svg") != std::string::npos);
  CHECK(svg.find(">front\\end &quot;v2&quot;</text>") != std::string::npos);
  CHECK(svg.find("drill &quot;quoted&quot; \\N") != std::string::npos);
}

}  // namespace firedrill::scoring
