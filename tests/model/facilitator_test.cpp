// Facilitator commands: faults injected and ended live are events like scheduled ones, so a drill
// stays a function of (scenario, seed, commands).

#include "sim/model/facilitator.hpp"

#include <catch2/catch.hpp>

#include "sim/engine/check.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::milliseconds;
using std::chrono::minutes;
using testing::events_of;
using testing::first;
using testing::three_tier;
using testing::times_of;

namespace {

// Half of api's (service 1) responses fail; `start` and `end` as given.
Fault api_errors(SimTime start, std::optional<SimTime> end) {
  Fault f;
  f.id = "api-errors";
  f.type = FaultType::ErrorRate;
  f.service = 1;
  f.error_ratio = 0.5;
  f.start = start;
  f.end = end;
  return f;
}

}  // namespace

TEST_CASE("Facilitator: a fault injected at t gives the same record as the fault scheduled at t",
          "[run][facilitator]") {
  // 10 min 7 ms is off the 15 s scrape grid, so no other event is due at t: the injected fault
  // then runs where the scheduled one does. (On the grid it would run after the scrape at t,
  // which a scheduled fault precedes; see the next case.)
  const SimTime t = minutes(10) + milliseconds(7);
  const Scenario plain = three_tier();
  Scenario scheduled = plain;
  scheduled.faults = {api_errors(t, t + minutes(25))};
  const RunRecord expected = simulate(scheduled, 11);
  const RunRecord injected =
      simulate_drill(plain, 11, {{t, InjectFault{api_errors(SimTime{0}, t + minutes(25))}}});
  REQUIRE(first<ev::IncidentOpened>(expected) == t);
  CHECK(injected.faults == expected.faults);
  CHECK(injected.timeline.size() == expected.timeline.size());
  CHECK(injected.segments.size() == expected.segments.size());
  CHECK(injected == expected);
}

TEST_CASE(
    "Facilitator: a fault injected on the scrape grid runs after the events already due "
    "then",
    "[run][facilitator]") {
  const SimTime t = minutes(10);  // a scrape time (every 15 s)
  const RunRecord injected =
      simulate_drill(three_tier(), 11, {{t, InjectFault{api_errors(SimTime{0}, std::nullopt)}}});
  Recorder upto;
  const Scenario s = three_tier();  // outlives the run, which refers to it
  Run run(s, 11, &upto);
  run.run_until(t);
  // Everything up to and including t happened as without the fault; the fault came next.
  const auto& before = upto.record().timeline;
  REQUIRE(injected.timeline.size() > before.size());
  for (std::size_t i = 0; i < before.size(); ++i) CHECK(injected.timeline[i] == before[i]);
  CHECK(injected.timeline[before.size()].at == t);
  CHECK(std::holds_alternative<ev::FaultInjected>(injected.timeline[before.size()].payload));
}

TEST_CASE("Facilitator: ending a fault stops its impact at once, as if it expired",
          "[run][facilitator]") {
  Recorder rec;
  const Scenario s = three_tier();
  Run run(s, 3, &rec);
  run.run_until(minutes(5));
  const double nominal_good = run.current_segment().journeys[0].good_rps;
  REQUIRE(nominal_good == Approx(run.current_segment().journeys[0].offered_rps));
  const std::size_t f = run.inject_fault(api_errors(SimTime{0}, std::nullopt));
  CHECK(f == 0);
  CHECK(run.faults().at(f).start == minutes(5));
  run.run_until(minutes(7));
  // api fails half its responses and the journey's hard path goes through it (flow model).
  CHECK(run.current_segment().journeys[0].good_rps == Approx(0.5 * nominal_good));
  REQUIRE(times_of<ev::IncidentMitigated>(rec.record()).empty());  // no one fixed it yet

  run.end_fault(f);
  run.run_until(minutes(7));  // the end is an event at now(): it runs at the next run_until
  CHECK(run.current_segment().journeys[0].good_rps == Approx(nominal_good));
  CHECK(run.current_segment().start == minutes(7));
  CHECK(run.current_segment().end == minutes(7));
  CHECK(run.faults()[f].end == minutes(7));
  const auto cleared = events_of<ev::FaultCleared>(rec.record());
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].first == minutes(7));
  CHECK_FALSE(cleared[0].second.mitigated);
  CHECK(first<ev::IncidentMitigated>(rec.record()) == minutes(7));

  // Ending it again, or a fault that has not started, changes nothing.
  run.run_until(minutes(8));
  const std::size_t later = run.inject_fault(api_errors(SimTime{0}, std::nullopt));
  run.end_fault(f);
  run.run_until(minutes(9));
  CHECK(events_of<ev::FaultCleared>(rec.record()).size() == 1);
  CHECK(run.faults()[later].start == minutes(8));
  CHECK(run.faults()[f].end == minutes(7));
}

TEST_CASE("Facilitator: misuse of inject_fault and end_fault is a broken invariant",
          "[run][facilitator]") {
  const Scenario s = three_tier();
  Run run(s, 1, nullptr);
  run.run_until(minutes(10));
  using firedrill::engine::InvariantError;
  CHECK_THROWS_AS(run.inject_fault(api_errors(SimTime{0}, minutes(10))), InvariantError);
  Fault bad = api_errors(SimTime{0}, std::nullopt);
  bad.service = s.services.size();
  CHECK_THROWS_AS(run.inject_fault(bad), InvariantError);
  CHECK_THROWS_AS(run.end_fault(0), InvariantError);  // no faults yet
  CHECK_THROWS_AS(apply_commands(run, {{minutes(5), EndFault{"x"}}}), InvariantError);
  run.run_to_end();
  CHECK_THROWS_AS(run.inject_fault(api_errors(SimTime{0}, std::nullopt)), InvariantError);
}

TEST_CASE("Facilitator: the open segment runs from the last state change to now",
          "[run][facilitator]") {
  Scenario s = three_tier();
  s.faults = {api_errors(minutes(10), minutes(20))};
  Recorder rec;
  Run run(s, 1, &rec);
  run.run_until(minutes(15));
  CHECK(run.current_segment().start == minutes(10));
  CHECK(run.current_segment().end == minutes(15));
  run.run_to_end();
  CHECK(run.current_segment() == rec.record().segments.back());
}
