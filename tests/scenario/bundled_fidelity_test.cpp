// The flow level against the request level on the bundled scenario files themselves (model_tests
// compares them on an in-code copy of the Boutique; this checks the files users run).
// Tolerances: docs/model-validation.md — error ratios within three standard errors of the request
// level's batch-means estimate (at least 0.002), mean latency within 3 % where nothing fails
// (where hard calls fail, the request level stops early and is knowingly faster).

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/bundled_scenarios.hpp"
#include "sim/model/flow.hpp"
#include "sim/model/request_level.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;
using namespace firedrill;

namespace {

void check_agreement(const model::Scenario& s, const model::FlowState& state) {
  const model::Segment flow = model::FlowModel(s).steady_state(state);
  model::RequestLevelOptions options;
  options.warmup = std::chrono::seconds(20);
  options.duration = std::chrono::seconds(60);
  const model::RequestLevelResult req = model::simulate_requests(s, state, options);
  for (std::size_t j = 0; j < s.journeys.size(); ++j) {
    INFO(s.name << " journey " << s.journeys[j].name);
    const double flow_error = 1.0 - flow.journeys[j].good_rps / flow.journeys[j].offered_rps;
    const model::Estimate& error = req.journeys[j].error_ratio;
    CHECK(error.value == Approx(flow_error).margin(std::max(0.002, 3.0 * error.std_error)));
    if (flow_error < 1e-3) {
      CHECK(req.journeys[j].mean_latency_ms.value ==
            Approx(flow.journeys[j].mean_latency_ms).epsilon(0.03));
    }
  }
}

}  // namespace

TEST_CASE("Bundled scenarios: flow and request level agree on the healthy steady state",
          "[scenario][fidelity]") {
  int checked = 0;
  for (const fs::path& file : testing::bundled_scenarios()) {
    INFO(file.string());
    const model::Scenario s = scenario::load_scenario(file);
    check_agreement(s, model::nominal_flow_state(s));
    ++checked;
  }
  CHECK(checked >= 20);
}

TEST_CASE("Bundled scenarios: flow and request level agree during the default drill's bad "
          "deploy at peak",
          "[scenario][fidelity]") {
  const model::Scenario s = scenario::load_scenario(
      fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/online-boutique/black-friday-bad-deploy.json");
  model::FlowState state = model::nominal_flow_state(s);
  for (std::size_t j = 0; j < s.journeys.size(); ++j)
    state.journey_rate_rps[j] *= s.journeys[j].rate_profile.back().multiplier;
  const model::Fault& deploy = s.faults.at(0);
  state.services[deploy.service].injected_error_ratio = deploy.error_ratio;
  check_agreement(s, state);
}
