// Several seats in one run: each gets its own pages and findings and acts for itself, two seats
// never play the same person, one is released without the others, and a drill of several seats
// replays to the same record. Pages here are never missed (day-time miss probability 0), so each
// case follows the rules rather than a draw.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/seat.hpp"
#include "tests/model/seated_run.hpp"

using namespace firedrill::model;
using testing::events_of;
using testing::first_paged;
using testing::incident_command;
using testing::kOnCall;
using testing::SeatedRun;

namespace {

const Seat kCommander{Seat::Kind::IncidentCommander, {}, 0};
const PersonRef kIda{1, 0};  // incident command's one person
const PersonRef kCy{0, 2};   // web's third level

// bad_deploy with every page answered, and an incident command team (Ida) paged for an incident
// commander at any severity.
Scenario commanded_bad_deploy() {
  Scenario s = testing::bad_deploy();
  s.policy.responders.missed_page_probability_day = 0.0;
  s.teams.push_back(incident_command());
  s.policy.incident_commander = RolePolicy{1, Severity::P4};
  return s;
}

// The reason seat `seat`'s `action` is refused, or "(accepted)".
std::string refusal(Run& run, const SeatAction& action, std::size_t seat) {
  const auto r = run.act(action, seat);
  return r ? r->reason : std::string("(accepted)");
}

// A run of `s` with web's on-call (seat 0) and then `second` (seat 1) taken, recording.
struct TwoSeats : SeatedRun {
  TwoSeats(const Scenario& s, const Seat& second) : SeatedRun(s, 1, kOnCall) {
    REQUIRE_FALSE(run.take_seat(second));
  }
};

}  // namespace

TEST_CASE("Seats: a seat equal to one taken is refused, and the run keeps the first",
          "[run][seat]") {
  const Scenario s = commanded_bad_deploy();
  TwoSeats seated(s, kCommander);
  const auto again = seated.run.take_seat(kOnCall);
  REQUIRE(again);
  CHECK(again->reason == "that seat is taken already");
  CHECK(seated.run.seat_count() == 2);
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 2) == "there is no seat 2");
}

TEST_CASE(
    "Seats: the on-call and the incident commander each get only their own page, act for "
    "themselves, and see only their own findings",
    "[run][seat]") {
  const Scenario s = commanded_bad_deploy();
  TwoSeats seated(s, kCommander);
  seated.until_event<ev::PageSent>();
  REQUIRE(seated.run.seat_pages(0).size() == 1);
  CHECK(seated.run.seat_pages(1).empty());
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 1) == "no page for incident 0 rings for you");
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 0) == "(accepted)");
  const PersonRef on_call = seated.run.seat_people(0).at(0);

  // The lead's severity pages the commander's rotation: it rings for seat 1 only.
  CHECK(refusal(seated.run, seat::DeclareSeverity{0, Severity::P2}, 0) == "(accepted)");
  seated.run.run_until(seated.run.now());
  CHECK(seated.run.seat_pages(0).empty());
  REQUIRE(seated.run.seat_pages(1).size() == 1);
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 1) == "(accepted)");
  CHECK(seated.run.seat_people(1) == std::vector<PersonRef>{kIda});
  const auto roles = events_of<ev::RoleAssigned>(seated.recorder.record());
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].second.who == kIda);

  // Each acts as its own person.
  CHECK(refusal(seated.run, seat::PostStatus{0, seat::StatusPhase::Investigating, "Looking.", {}},
                1) == "(accepted)");
  CHECK(events_of<ev::StatusUpdatePosted>(seated.recorder.record()).back().second.by == kIda);
  CHECK(refusal(seated.run, seat::Investigate{0, 1}, 0) == "(accepted)");
  seated.until([&](const RunRecord&) { return !seated.run.seat_findings(0).empty(); });
  CHECK(seated.run.seat_findings(1).empty());
  CHECK(events_of<ev::DiagnosisStep>(seated.recorder.record()).back().second.by == on_call);
  // The commander resolves only once users stop failing; both may, being lead and commander.
  CHECK(refusal(seated.run, seat::Mitigate{0, MitigationAction::Rollback, 1, 0}, 0) ==
        "(accepted)");
}

TEST_CASE("Seats: a person's seat owns them: the on-call page that reaches them rings for it",
          "[run][seat]") {
  const Scenario s = commanded_bad_deploy();
  const PersonRef on_call = first_paged(simulate(s, 1));
  TwoSeats seated(s, Seat{Seat::Kind::Person, on_call, 0});
  seated.until_event<ev::PageSent>();
  CHECK(seated.run.seat_pages(0).empty());
  REQUIRE(seated.run.seat_pages(1).size() == 1);
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 0) == "no page for incident 0 rings for you");
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 1) == "(accepted)");
  CHECK(seated.run.seat_people(0).empty());
}

TEST_CASE(
    "Seats: paging a person another seat plays rings for that seat, and handing the incident to "
    "them is refused",
    "[run][seat]") {
  const Scenario s = commanded_bad_deploy();
  TwoSeats seated(s, Seat{Seat::Kind::Person, kCy, 0});
  seated.until_event<ev::PageSent>();
  REQUIRE(refusal(seated.run, seat::Acknowledge{0}, 0) == "(accepted)");
  CHECK(refusal(seated.run, seat::HandOff{0, kCy}, 0) ==
        "Cy is another seat's: hand over to someone the policy plays");
  CHECK(refusal(seated.run, seat::PagePerson{0, kCy}, 0) == "(accepted)");
  seated.run.run_until(seated.run.now());
  REQUIRE(seated.run.seat_pages(1).size() == 1);
  CHECK(refusal(seated.run, seat::Acknowledge{0}, 1) == "(accepted)");
  CHECK(refusal(seated.run, seat::Investigate{0, 1}, 1) == "(accepted)");
  CHECK(refusal(seated.run, seat::Investigate{0, 1}, 1) == "you are still investigating api");
  CHECK(refusal(seated.run, seat::Investigate{0, 1}, 0) == "(accepted)");  // its own search
}

TEST_CASE(
    "Seats: releasing one seat hands it to the policy while the other plays on, and rejoining "
    "gives it back without the incidents the policy took up",
    "[run][seat]") {
  const Scenario s = commanded_bad_deploy();
  TwoSeats seated(s, kCommander);
  seated.until_event<ev::PageSent>();
  REQUIRE(refusal(seated.run, seat::Acknowledge{0}, 0) == "(accepted)");
  REQUIRE(refusal(seated.run, seat::DeclareSeverity{0, Severity::P2}, 0) == "(accepted)");
  seated.run.run_until(seated.run.now());
  REQUIRE(refusal(seated.run, seat::Acknowledge{0}, 1) == "(accepted)");
  seated.run.release_seat(1);
  CHECK(refusal(seated.run, seat::PostStatus{0, seat::StatusPhase::Identified, "x", {}}, 1) ==
        "the seat was handed to the policy");
  CHECK(refusal(seated.run, seat::Investigate{0, 1}, 0) == "(accepted)");
  // Back, the commander is played from outside again; the incident it answered is the policy's.
  CHECK(seated.run.rejoin_seat(0)->reason == "the seat is played already");
  CHECK_FALSE(seated.run.rejoin_seat(1));
  CHECK(refusal(seated.run, seat::PostStatus{0, seat::StatusPhase::Identified, "x", {}}, 1) ==
        "you are not working incident 0: acknowledge its page first");
  seated.run.release_seat(0);
  // The incident is all the policy's now: it finds the cause, rolls back and resolves.
  const RunRecord record = seated.finish();
  CHECK_FALSE(events_of<ev::IncidentResolved>(record).empty());
}

TEST_CASE("Seats: a drill of two seats replays to the same record from its commands",
          "[run][seat]") {
  const Scenario s = commanded_bad_deploy();
  TwoSeats seated(s, kCommander);
  std::vector<DrillCommand> commands;
  const auto give = [&](const SeatAction& action, std::size_t seat) {
    auto applied = apply_now(seated.run, action, seat);
    REQUIRE(std::holds_alternative<DrillCommand>(applied));
    commands.push_back(std::get<DrillCommand>(applied));
    CHECK(commands.back().seat == seat);
  };
  seated.until_event<ev::PageSent>();
  give(seat::Acknowledge{0}, 0);
  give(seat::DeclareSeverity{0, Severity::P2}, 0);
  seated.run.run_until(seated.run.now() + std::chrono::seconds(1));
  give(seat::Acknowledge{0}, 1);
  give(seat::Mitigate{0, MitigationAction::Rollback, 1, 0}, 0);
  give(seat::PostStatus{0, seat::StatusPhase::Identified, "Rolling back api.", {}}, 1);
  const RunRecord played = seated.finish();
  CHECK(simulate_drill(s, 1, commands, Fidelity::Flow, {kOnCall, kCommander}) == played);
  // The same commands with the seats the other way round are another drill.
  CHECK_THROWS_AS(simulate_drill(s, 1, commands, Fidelity::Flow, {kCommander, kOnCall}),
                  CommandRefused);
}
