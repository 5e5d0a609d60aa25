// Severity follows the impact (docs/scoring.md, "Severity"), on three_tier (frontend → api →
// db; the journey "browse" enters at frontend and earns no revenue).

#include <catch2/catch.hpp>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::hours;
using std::chrono::minutes;
using testing::events_of;
using testing::with_fault;

namespace {

// A bad deploy of api failing 40 % of what it serves, rolled out to 5 % for 90 min, 25 % for
// 40 min, then everyone: browse fails 2 %, 10 %, then 40 % of its requests, which the default
// matrix (P1 from 20 %, P2 from 5 %, P3 from 1 %) calls P3, P2, then P1. At 2 % the 1 h burn-rate
// window reaches 14.4 × 0.1 % after 43 min, so the first stage is long enough to detect and
// triage it. Diagnosis is slow enough that the rollout completes first, and triage never
// misjudges.
Scenario canary() {
  Scenario s = with_fault(FaultType::BadDeploy);
  s.faults[0].error_ratio = 0.4;
  s.faults[0].rollout = {{0.05, minutes(90)}, {0.25, minutes(40)}, {1.0, SimTime{0}}};
  s.run.duration = hours(6);
  s.policy.misclassification_probability = 0.0;
  s.policy.responders.red_herring_probability = 0.0;
  s.policy.responders.diagnosis_step_median = minutes(60);
  return s;
}

// What happened to the incident's severity, for failure messages.
std::string story(const RunRecord& r) {
  std::string out;
  for (const auto& [at, d] : events_of<ev::SeverityDeclared>(r))
    out += std::to_string(at.count() / 1000) + " s: " + to_string(d.severity) + " at " +
           std::to_string(d.failed_share) + "\n";
  for (const auto& [at, d] : events_of<ev::IncidentDetected>(r))
    out += std::to_string(at.count() / 1000) + " s: detected\n";
  for (const Segment& seg : r.segments)
    out += "segment " + std::to_string(seg.start.count() / 1000) +
           " s: " + std::to_string(1.0 - seg.journeys[0].good_rps / seg.journeys[0].offered_rps) +
           "\n";
  for (const auto& [at, d] : events_of<ev::IncidentMitigated>(r))
    out += std::to_string(at.count() / 1000) + " s: mitigated\n";
  return out;
}

}  // namespace

TEST_CASE(
    "Severity: a canary's severity rises with its rollout, each change naming the one "
    "before",
    "[response][severity]") {
  const Scenario s = canary();
  const RunRecord r = simulate(s, 3);
  const auto declared = events_of<ev::SeverityDeclared>(r);
  INFO(story(r));
  REQUIRE(declared.size() == 3);
  const SimTime start = s.faults[0].start;
  const SimTime second_stage = start + minutes(90);
  const SimTime everyone = start + minutes(130);
  CHECK(declared[0].second.severity == Severity::P3);
  CHECK_FALSE(declared[0].second.previous);
  CHECK(declared[0].first < second_stage);
  CHECK(declared[1].second.severity == Severity::P2);
  CHECK(declared[1].second.previous == Severity::P3);
  // The 5-min window reads 5 % soon after the stage begins: at most a window and a scrape later.
  CHECK(declared[1].first > second_stage);
  CHECK(declared[1].first <= second_stage + minutes(5) + s.run.scrape_interval);
  CHECK(declared[2].second.severity == Severity::P1);
  CHECK(declared[2].second.previous == Severity::P2);
  CHECK(declared[2].first > everyone);
  CHECK(declared[2].first <= everyone + minutes(5) + s.run.scrape_interval);
  // Each names the worst journey and who declared it.
  for (const auto& [at, d] : declared) {
    CHECK(d.journey == std::optional<std::size_t>{0});
    CHECK(d.by.has_value());
  }
}

TEST_CASE(
    "Severity: an incident commander is paged when the severity reaches the policy's "
    "level, not before",
    "[response][severity]") {
  Scenario s = canary();
  RolePolicy ic;
  ic.team = 0;
  ic.up_to = Severity::P1;
  s.policy.incident_commander = ic;
  const RunRecord r = simulate(s, 3);
  const auto declared = events_of<ev::SeverityDeclared>(r);
  INFO(story(r));
  REQUIRE(declared.size() >= 3);
  // The commander's page comes with P1, not before.
  const auto roles = events_of<ev::PageSent>(r);
  bool ic_paged = false;
  for (const auto& [at, page] : roles) {
    if (page.role != Role::IncidentCommander) continue;
    ic_paged = true;
    CHECK(at >= declared[2].first);
  }
  CHECK(ic_paged);
}

TEST_CASE(
    "Severity: when the impact falls it is lowered only after holding below the band for "
    "the hold time",
    "[response][severity]") {
  // The rollout shrinks: 25 % (browse fails 10 %: P2), then 5 % (2 %: P3).
  Scenario s = canary();
  s.faults[0].rollout = {{0.25, minutes(40)}, {0.05, SimTime{0}}};
  const RunRecord r = simulate(s, 3);
  const auto declared = events_of<ev::SeverityDeclared>(r);
  INFO(story(r));
  REQUIRE(declared.size() == 2);
  CHECK(declared[0].second.severity == Severity::P2);
  CHECK(declared[1].second.severity == Severity::P3);
  CHECK(declared[1].second.previous == Severity::P2);
  // The 5-min share falls below 80 % of P2's 5 % (4 %) within the 5-min window after the stage
  // changes; it must then hold for 10 min.
  const SimTime shrink = s.faults[0].start + minutes(40);
  CHECK(declared[1].first >= shrink + minutes(10));
  CHECK(declared[1].first <= shrink + minutes(15) + s.run.scrape_interval);
}
