// The search for the cause follows the evidence (docs/diagnosis.md), on three_tier (frontend →
// api → db, frontend → recs soft; the journey's alert points at frontend).

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "sim/model/evidence.hpp"
#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using testing::events_of;
using testing::with_fault;

namespace {

constexpr std::size_t kFrontend = 0;
constexpr std::size_t kApi = 1;
constexpr std::size_t kDb = 2;
constexpr std::size_t kRecs = 3;

// An error-rate fault in db; no status updates interleaving with the work.
Scenario db_errors() {
  Scenario s = with_fault(FaultType::ErrorRate);
  s.faults[0].service = kDb;
  s.policy.status_update_cadence = {};
  return s;
}

std::vector<ev::DiagnosisStep> steps(const RunRecord& r) {
  std::vector<ev::DiagnosisStep> out;
  for (const auto& [at, step] : events_of<ev::DiagnosisStep>(r)) out.push_back(step);
  return out;
}

// A ticket on recs that always fires (recs is never idle): a noisy alert on a bystander.
ThresholdRule recs_busy(const Scenario& s) {
  ThresholdRule r = s.threshold_rules[0];
  r.name = "recs-busy";
  r.metric = MetricKind::Utilisation;
  r.target_kind = TargetKind::Service;
  r.target = kRecs;
  r.threshold = 0.0;
  r.severity = AlertSeverity::Ticket;
  return r;
}

}  // namespace

TEST_CASE(
    "dependency_evidence: the dependency that the failing calls go to explains the errors, "
    "in order of name",
    "[diagnosis]") {
  const Scenario s = db_errors();
  const RunRecord r = simulate(s, 1);
  // The segment before the fault and one while db fails.
  const Segment& before = r.segments.front();
  const auto during = std::find_if(r.segments.begin(), r.segments.end(), [&](const Segment& seg) {
    return seg.start >= s.faults[0].start;
  });
  REQUIRE(during != r.segments.end());
  const std::vector<bool> none(s.services.size(), false);
  const auto at_frontend = dependency_evidence(s, kFrontend, *during, before, none, none);
  REQUIRE(at_frontend.size() == 2);
  CHECK(s.services[at_frontend[0].service].name < s.services[at_frontend[1].service].name);
  const auto& api = at_frontend[0].service == kApi ? at_frontend[0] : at_frontend[1];
  const auto& recs = at_frontend[0].service == kRecs ? at_frontend[0] : at_frontend[1];
  // Every failed call beyond the baseline goes to api: its share is 1, recs' 0.
  CHECK(api.error_share == Approx(1.0));
  CHECK(recs.error_share == 0.0);
  // The same segment against itself shows nothing.
  for (const DependencyEvidence& e :
       dependency_evidence(s, kFrontend, *during, *during, none, none))
    CHECK(e.contribution() == 0.0);
}

TEST_CASE("Diagnosis: the walk follows the errors to the cause, each step saying what led there",
          "[diagnosis]") {
  Scenario s = db_errors();
  s.policy.responders.red_herring_probability = 0.0;
  const auto walk = steps(simulate(s, 2));
  REQUIRE(walk.size() == 3);
  CHECK(walk[0].service == kFrontend);
  CHECK(walk[0].lead == DiagnosisLead::Symptom);
  CHECK(walk[1].service == kApi);
  CHECK(walk[1].lead == DiagnosisLead::Errors);
  CHECK(walk[2].service == kDb);
  CHECK(walk[2].lead == DiagnosisLead::Errors);
  for (const auto& step : walk) CHECK_FALSE(step.red_herring);
}

TEST_CASE("Diagnosis: a bystander's own firing alert is the strongest lead, and a red herring",
          "[diagnosis]") {
  Scenario s = db_errors();
  s.policy.responders.red_herring_probability = 0.0;
  s.threshold_rules.push_back(recs_busy(s));
  const auto walk = steps(simulate(s, 2));
  REQUIRE(walk.size() == 4);
  CHECK(walk[1].service == kRecs);
  CHECK(walk[1].lead == DiagnosisLead::Alert);
  CHECK(walk[1].red_herring);
  // Nothing there: the search goes on from frontend, along the errors.
  CHECK(walk[2].service == kApi);
  CHECK(walk[3].service == kDb);
}

TEST_CASE(
    "Diagnosis: with nothing visible the responder guesses, and a wrong guess is a red "
    "herring",
    "[diagnosis]") {
  // frontend has neither traces nor logs, and its dependencies no metrics: the shares of the
  // errors are invisible from frontend.
  Scenario s = db_errors();
  s.policy.responders.red_herring_probability = 0.0;
  s.services[kFrontend].observability = {true, false, false};
  s.services[kApi].observability.metrics = false;
  s.services[kRecs].observability.metrics = false;
  std::set<std::size_t> first_guesses;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto walk = steps(simulate(s, seed));
    REQUIRE(walk.size() >= 3);
    CHECK(walk[1].lead == DiagnosisLead::Guess);
    CHECK(walk[1].red_herring == (walk[1].service == kRecs));
    first_guesses.insert(walk[1].service);
    CHECK(walk.back().service == kDb);
  }
  // A fair guess between two dependencies goes both ways in 40 tries (all one way: 2^-39).
  CHECK(first_guesses == std::set<std::size_t>{kApi, kRecs});
}

TEST_CASE(
    "Diagnosis: only a service from which the cause cannot be reached is ever a red "
    "herring",
    "[diagnosis]") {
  Scenario s = db_errors();  // the policy's red-herring chance as bundled
  s.threshold_rules.push_back(recs_busy(s));
  std::size_t herrings = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    for (const auto& step : steps(simulate(s, seed))) {
      if (!step.red_herring) continue;
      ++herrings;
      CHECK(step.service == kRecs);  // frontend, api and db all lead to db
    }
  }
  CHECK(herrings > 0);
}
