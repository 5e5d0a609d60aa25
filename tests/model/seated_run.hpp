#pragma once
// A run with a seat taken, for the seat's tests: the scenario, the seat and the run's recorder.

#include <catch2/catch.hpp>
#include <functional>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

namespace firedrill::model::testing {

// three_tier with a bad deploy of api (service 1) from 10 min on, failing half its requests;
// rollbacks always work, so that the seat's script does not depend on a draw.
inline Scenario bad_deploy() {
  Scenario s = testing::with_fault(FaultType::BadDeploy);
  s.policy.mitigations[static_cast<std::size_t>(MitigationAction::Rollback)].success_probability =
      1.0;
  return s;
}

// The on-call seat of team "web" (team 0).
inline const Seat kOnCall{Seat::Kind::OnCall, {}, 0};

// A run with the seat taken, recording.
struct SeatedRun {
  SeatedRun(const Scenario& s, std::uint64_t seed, const Seat& seat)
      : seed(seed), run(s, seed, &recorder) {
    run.take_seat(seat);
  }
  // Advances one second at a time until `done` holds of the record so far; fails the test if
  // the run ends first.
  void until(const std::function<bool(const RunRecord&)>& done) {
    while (!done(recorder.record())) {
      REQUIRE_FALSE(run.finished());
      run.run_until(run.now() + std::chrono::seconds(1));
    }
  }
  template <typename T>
  void until_event() {
    until([](const RunRecord& r) { return !events_of<T>(r).empty(); });
  }
  RunRecord finish() { return record_to_end(run, recorder, seed); }

  std::uint64_t seed;
  Recorder recorder;
  Run run;
};

// Incident command: a team of one (Ida), paged directly at its one level.
inline Team incident_command() {
  Team command;
  command.name = "incident-command";
  command.people = {{"Ida", "UTC"}};
  command.escalation.levels = {{{{EscalationTarget::Kind::Person, 0}}, std::chrono::minutes(5)}};
  command.escalation.loops = 1;
  return command;
}

// Who the first page went to.
inline PersonRef first_paged(const RunRecord& r) {
  return events_of<ev::PageSent>(r).front().second.to;
}

}  // namespace firedrill::model::testing
