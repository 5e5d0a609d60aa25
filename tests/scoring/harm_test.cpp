// Harm has the right cause: requests a responders' action fails by its side effect (a rolling
// restart of an undersized service) are the action's, measured by the model against the same
// state without the side effect, and the report and postmortem say so.

#include <algorithm>
#include <catch2/catch.hpp>

#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

namespace firedrill::scoring {
namespace {

using Catch::Matchers::Contains;

constexpr std::size_t kApi = 1;

// An error-rate fault in api, whose fix is a rolling restart; api runs two replicas at
// `utilisation` of their capacity, so that with one out for the restart it carries twice that.
model::Scenario restart_drill(double utilisation) {
  model::Scenario s = model::testing::with_fault(model::FaultType::ErrorRate);
  s.policy.responders.red_herring_probability = 0.0;
  s.policy.wrong_action_probability = 0.0;
  const double load = model::simulate(s, 1).nominal_past.services[kApi].load_rps;
  s.services[kApi].replicas = 2;
  s.services[kApi].capacity_rps = load / (2 * utilisation);
  return s;
}

// Σ over segments of the restart's failed requests on every journey.
double recorded_harm(const model::RunRecord& r) {
  double total = 0.0;
  for (const model::Segment& seg : r.segments)
    for (const model::ActionHarm& h : seg.action_harm)
      for (const double rps : h.failed_rps_by_journey)
        total += rps * engine::to_seconds(seg.end - seg.start);
  return total;
}

}  // namespace

TEST_CASE(
    "Harm: the rolling restart of an undersized service is charged its own failed "
    "requests, not the fault's",
    "[harm]") {
  const model::Scenario s = restart_drill(0.7);  // one replica out: 140 %, overloaded
  const model::RunRecord r = model::simulate(s, 2);
  bool restart_harm = false;
  for (const model::Segment& seg : r.segments) {
    for (const model::ActionHarm& h : seg.action_harm) {
      CHECK(h.incident == 0);
      CHECK(h.action == model::MitigationAction::Restart);
      CHECK(h.service == kApi);
      // Never more than the journey offered.
      CHECK(h.failed_rps_by_journey[0] <= seg.journeys[0].offered_rps + 1e-9);
      restart_harm = restart_harm || h.failed_rps_by_journey[0] > 0.0;
    }
  }
  REQUIRE(restart_harm);
  const Report report = evaluate(s, r);
  REQUIRE(report.incidents.size() == 1);
  const IncidentMetrics& m = report.incidents[0];
  REQUIRE(m.harmful_actions.size() == 1);
  const HarmfulAction& a = m.harmful_actions[0];
  CHECK(a.service == "api");
  CHECK(a.failed_requests == Approx(recorded_harm(r)));
  CHECK(a.started_s.has_value());
  CHECK(a.by.has_value());
  // The split adds up: the fault's share is what is left of the incident's failed requests.
  CHECK(m.failed_requests_by_fault ==
        Approx(m.impact.failed_requests - a.failed_in_impact).margin(1e-6));
  CHECK(m.failed_requests_by_fault < m.impact.failed_requests);
  const std::string md = postmortem_markdown(s, r, report);
  CHECK_THAT(md, Contains("The rolling restart of api at "));
  CHECK_THAT(md, Contains("that the fault alone would not have."));
  CHECK_THAT(md, Contains("Give api the headroom to restart one replica at a time"));
}

TEST_CASE("Harm: a restart the remaining replicas can carry costs users nothing", "[harm]") {
  const model::Scenario s = restart_drill(0.3);  // one replica out: 60 %, within capacity
  const model::RunRecord r = model::simulate(s, 2);
  // The restart did run, and its steady states were compared with the same without it.
  bool restarted = false;
  for (const model::TimelineEvent& e : r.timeline)
    if (const auto* m = std::get_if<model::ev::MitigationStarted>(&e.payload))
      restarted = restarted || m->action == model::MitigationAction::Restart;
  REQUIRE(restarted);
  CHECK(recorded_harm(r) < 1.0);
  CHECK(evaluate(s, r).incidents[0].harmful_actions.empty());
}
}  // namespace firedrill::scoring
