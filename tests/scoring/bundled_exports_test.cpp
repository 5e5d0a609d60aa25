// The trace and DOT exports of every bundled scenario, run at its own seed: well-formed for
// Perfetto and Graphviz, with counters that agree with the exact integrals.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <vector>

#include "export_checks.hpp"
#include "scoring/dot_export.hpp"
#include "scoring/trace_export.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;

namespace firedrill::scoring::testing {
namespace {

std::vector<fs::path> bundled_scenarios() {
  std::vector<fs::path> files;
  for (const char* dir : {"scenarios/online-boutique", "scenarios/train-ticket"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(FIREDRILL_SOURCE_DIR) / dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE(
    "trace_json and topology_dot: every bundled scenario exports a well-formed trace and "
    "graph",
    "[export]") {
  const std::vector<fs::path> files = bundled_scenarios();
  REQUIRE(files.size() >= 2);
  for (const fs::path& file : files) {
    INFO(file.filename().string());
    const model::Scenario scenario = scenario::load_scenario(file);
    const model::RunRecord record = model::simulate(scenario, scenario.run.seed);
    const json trace = json::parse(trace_json(scenario, record));
    check_trace_structure(trace, record);
    check_trace_counters(trace, scenario, record);
    check_dot_structure(topology_dot(scenario, record), scenario);
  }
}

TEST_CASE("trace_json: the default drill shows its incident, its responders and its fault",
          "[export]") {
  const model::Scenario scenario = scenario::load_scenario(
      fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/online-boutique/black-friday-bad-deploy.json");
  const model::RunRecord record = model::simulate(scenario, scenario.run.seed);
  const std::string text = trace_json(scenario, record);
  CHECK(text == trace_json(scenario, record));
  const json trace = json::parse(text);
  std::size_t incident_spans = 0, responder_spans = 0, fault_spans = 0, pages = 0;
  for (const json& e : trace["traceEvents"]) {
    const auto pid = e["pid"].get<std::int64_t>();
    if (e["ph"] == "X" && pid == static_cast<std::int64_t>(TraceProcess::Incidents))
      ++incident_spans;
    if (e["ph"] == "X" && pid == static_cast<std::int64_t>(TraceProcess::Responders))
      ++responder_spans;
    if (e["ph"] == "X" && e["cat"] == "fault") ++fault_spans;
    if (e["ph"] == "i" && e["name"] == "page") ++pages;
  }
  CHECK(incident_spans >= 3);  // the incident, its phases, its resolution
  CHECK(responder_spans >= 2);
  CHECK(fault_spans >= 1);
  CHECK(pages >= 1);
  // The bad payment deploy: the graph's worst moment has paymentservice failing.
  const std::string dot = topology_dot(scenario, record);
  const WorstMoment worst = worst_moment(record);
  REQUIRE(worst.journey.has_value());
  CHECK(worst.failed_share > 0.0);
  CHECK(dot.find("paymentservice") != std::string::npos);
}

}  // namespace firedrill::scoring::testing
