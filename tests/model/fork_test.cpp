// Forking a run (a copy that goes on exactly as the original would) and handing the seat back to
// the policy: the two operations the debrief's counterfactuals are made of.

#include <catch2/catch.hpp>

#include "sim/model/run.hpp"
#include "tests/model/seated_run.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::events_of;
using testing::first;
using testing::kOnCall;

namespace {

// three_tier with a bad deploy of api (service 1) from 10 min on.
Scenario bad_deploy() { return testing::with_fault(FaultType::BadDeploy); }

// Runs `run` a second at a time until `done` holds of what `recorder` holds; fails the test if
// the run ends first.
template <typename Done>
void run_until(Run& run, Recorder& recorder, Done done) {
  while (!done(recorder.record())) {
    REQUIRE_FALSE(run.finished());
    run.run_until(run.now() + seconds(1));
  }
}

}  // namespace

TEST_CASE("Run: a fork goes on exactly as the original, and each without the other",
          "[run][fork]") {
  const Scenario s = bad_deploy();
  for (const SimTime at : {SimTime{0}, SimTime{minutes(11)}, SimTime{minutes(25)}}) {
    INFO("forked at " << at.count() << " ms");
    Recorder recorder;
    Run run(s, 7, &recorder);
    run.run_until(at);
    Recorder copy = recorder;
    Run fork = run.fork(&copy);
    CHECK(fork.now() == run.now());
    const RunRecord forked = record_to_end(fork, copy, 7);
    // The fork ran to the end; the original is where it was, and goes on to the same record.
    CHECK_FALSE(run.finished());
    CHECK(run.now() == at);
    const RunRecord original = record_to_end(run, recorder, 7);
    CHECK(forked == original);
    CHECK(original == simulate(s, 7));
  }
}

TEST_CASE("Run: a fork with a fault injected diverges while the original keeps its own course",
          "[run][fork]") {
  const Scenario s = testing::three_tier();
  Recorder recorder;
  Run run(s, 3, &recorder);
  run.run_until(minutes(5));
  Recorder copy = recorder;
  Run fork = run.fork(&copy);
  fork.inject_fault(testing::replica_crash(2, SimTime{0}, minutes(40)));
  const RunRecord forked = record_to_end(fork, copy, 3);
  const RunRecord original = record_to_end(run, recorder, 3);
  CHECK(original == simulate(s, 3));
  CHECK(forked.faults.size() == original.faults.size() + 1);
  CHECK_FALSE(forked.segments == original.segments);
  // Up to the fork they share their past: the same steady state, which the fork's crash ends at
  // the fork's time.
  REQUIRE(forked.segments.size() > 1);
  CHECK(forked.segments.front().services == original.segments.front().services);
  CHECK(forked.segments.front().journeys == original.segments.front().journeys);
  CHECK(forked.segments.front().end == minutes(5));
  CHECK(original.segments.front().end > minutes(5));
}

TEST_CASE("Seat: released before anything happened, the drill is the policy's twin",
          "[run][seat]") {
  const Scenario s = bad_deploy();
  Recorder recorder;
  Run run(s, 1, &recorder);
  run.take_seat(kOnCall);
  run.release_seat();
  CHECK(record_to_end(run, recorder, 1) == simulate(s, 1));
}

TEST_CASE("Seat: released while its page rings, the policy answers when its person would have",
          "[run][seat]") {
  const Scenario s = bad_deploy();
  const RunRecord twin = simulate(s, 1);
  const SimTime answered = first<ev::PageAcknowledged>(twin);
  Recorder recorder;
  Run run(s, 1, &recorder);
  run.take_seat(kOnCall);
  run_until(run, recorder, [](const RunRecord& r) { return !events_of<ev::PageSent>(r).empty(); });
  REQUIRE(run.now() < answered);
  REQUIRE(run.seat_pages().size() == 1);
  run.release_seat();
  CHECK(run.seat_pages().empty());
  const auto refused = run.act(seat::Acknowledge{0});
  REQUIRE(refused);
  CHECK(refused->reason == "the seat was handed to the policy");
  const RunRecord released = record_to_end(run, recorder, 1);
  CHECK(first<ev::PageAcknowledged>(released) == answered);
  CHECK(first<ev::IncidentMitigated>(released) == first<ev::IncidentMitigated>(twin));
  CHECK(first<ev::IncidentResolved>(released) == first<ev::IncidentResolved>(twin));
}

TEST_CASE(
    "Seat: released late, the page is answered at once and the policy takes the incident "
    "from triage",
    "[run][seat]") {
  const Scenario s = bad_deploy();
  Recorder recorder;
  Run run(s, 1, &recorder);
  run.take_seat(kOnCall);
  run_until(run, recorder, [](const RunRecord& r) { return !events_of<ev::PageSent>(r).empty(); });
  const SimTime paged = run.now();
  // The seat answers, looks at nothing for 4 minutes, then hands over.
  REQUIRE_FALSE(run.act(seat::Acknowledge{0}));
  run.run_until(paged + minutes(4));
  run.release_seat();
  const RunRecord released = record_to_end(run, recorder, 1);
  const auto declared = events_of<ev::SeverityDeclared>(released);
  REQUIRE(declared.size() >= 1);
  CHECK(declared.front().first > paged + minutes(4));  // the policy's triage, from the handover
  REQUIRE_FALSE(events_of<ev::IncidentMitigated>(released).empty());
  REQUIRE_FALSE(events_of<ev::IncidentResolved>(released).empty());
  CHECK(first<ev::IncidentMitigated>(released) > first<ev::IncidentMitigated>(simulate(s, 1)));
}

TEST_CASE("Seat: released after identifying the cause, the policy mitigates it next",
          "[run][seat]") {
  Scenario s = bad_deploy();
  s.policy.wrong_action_probability = 0.0;  // so the policy's next action is the fix
  Recorder recorder;
  Run run(s, 1, &recorder);
  run.take_seat(kOnCall);
  run_until(run, recorder, [](const RunRecord& r) { return !events_of<ev::PageSent>(r).empty(); });
  REQUIRE_FALSE(run.act(seat::Acknowledge{0}));
  REQUIRE_FALSE(run.act(seat::DeclareSeverity{0, Severity::P2}));
  REQUIRE_FALSE(run.act(seat::Investigate{0, 1}));
  // Handed over while the investigation runs: it finishes, then the policy mitigates.
  run.release_seat();
  const RunRecord released = record_to_end(run, recorder, 1);
  const SimTime found = first<ev::CauseIdentified>(released);
  const auto started = events_of<ev::MitigationStarted>(released);
  REQUIRE(started.size() == 1);
  CHECK(started[0].first == found);
  CHECK(started[0].second.action == MitigationAction::Rollback);
  CHECK(started[0].second.service == 1);
  CHECK(started[0].second.reason == MitigationReason::Fix);
  CHECK_FALSE(events_of<ev::IncidentResolved>(released).empty());
}
