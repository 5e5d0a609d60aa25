// The seat working with others and with capacity: paging a person, escalating, handing the
// incident off, giving out roles, scaling out to a number of replicas, saying on the status page
// which journeys are affected, reading a runbook. Pages in this file are never missed (day-time
// miss probability 0), so that each case follows the rules rather than a draw.

#include <catch2/catch.hpp>
#include <string>

#include "sim/model/seat.hpp"
#include "tests/model/seated_run.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using testing::events_of;
using testing::first_paged;
using testing::kOnCall;
using testing::SeatedRun;

namespace {

// bad_deploy (three_tier: team web of Ana, Bo and Cy, by day) with every page answered.
Scenario answered_bad_deploy() {
  Scenario s = testing::bad_deploy();
  s.policy.responders.missed_page_probability_day = 0.0;
  return s;
}

const PersonRef kCy{0, 2};  // web's third level, paged by name
const PersonRef kBo{0, 1};

// The reason `action` is refused, or "(accepted)".
std::string refusal(Run& run, const SeatAction& action) {
  const auto r = run.act(action);
  return r ? r->reason : std::string("(accepted)");
}

// A seated run of `s` whose seat has answered incident 0's page.
struct Answered : SeatedRun {
  explicit Answered(const Scenario& s) : SeatedRun(s, 1, kOnCall) {
    until_event<ev::PageSent>();
    REQUIRE_FALSE(run.act(seat::Acknowledge{0}));
    seat = first_paged(recorder.record());
  }
  PersonRef seat;
};

}  // namespace

TEST_CASE(
    "Seat: escalating pages the next level now, one level further each time, and the seat "
    "keeps the incident",
    "[run][seat]") {
  const Scenario s = answered_bad_deploy();
  Answered a(s);
  CHECK(refusal(a.run, seat::Escalate{0}) == "(accepted)");
  const auto escalated = events_of<ev::PageEscalated>(a.recorder.record());
  REQUIRE(escalated.size() == 1);
  CHECK(escalated[0].first == a.run.now());
  CHECK(escalated[0].second.to_level == 1);
  CHECK(escalated[0].second.by == a.seat);
  const auto sent = events_of<ev::PageSent>(a.recorder.record());
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].first == a.run.now());
  CHECK(sent[1].second.level == 1);
  CHECK(sent[1].second.to != a.seat);  // the secondary schedule's person

  CHECK(refusal(a.run, seat::Escalate{0}) == "(accepted)");  // level 3: Cy by name
  CHECK(events_of<ev::PageSent>(a.recorder.record()).back().second.to == kCy);
  CHECK(refusal(a.run, seat::Escalate{0}) == "web's escalation policy has no level after level 3");

  // Those paged answer and join; the seat still leads: the severity is its to declare.
  a.run.run_until(a.run.now() + minutes(20));
  CHECK(events_of<ev::PageAcknowledged>(a.recorder.record()).size() == 3);
  CHECK(events_of<ev::SeverityDeclared>(a.recorder.record()).empty());
  CHECK(refusal(a.run, seat::DeclareSeverity{0, Severity::P2}) == "(accepted)");
}

TEST_CASE("Seat: paging a person reaches them directly and never escalates", "[run][seat]") {
  const Scenario s = answered_bad_deploy();
  Answered a(s);
  CHECK(refusal(a.run, seat::PagePerson{0, a.seat}) ==
        "you are " + s.teams[0].people[a.seat.person].name);
  CHECK(refusal(a.run, seat::PagePerson{0, kCy}) == "(accepted)");
  const auto sent = events_of<ev::PageSent>(a.recorder.record());
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].second.to == kCy);
  CHECK(refusal(a.run, seat::PagePerson{0, kCy}) == "Cy has been paged for incident 0 already");
  a.run.run_until(a.run.now() + minutes(30));
  CHECK(events_of<ev::PageEscalated>(a.recorder.record()).empty());
  CHECK(events_of<ev::PageAcknowledged>(a.recorder.record()).back().second.by == kCy);
  CHECK(refusal(a.run, seat::PagePerson{0, kCy}) == "Cy is working incident 0 already");
}

TEST_CASE(
    "Seat: handing off pages the colleague, briefs them, and the policy plays them from "
    "there to resolution",
    "[run][seat]") {
  const Scenario s = answered_bad_deploy();
  Answered a(s);
  CHECK(refusal(a.run, seat::HandOff{0, kCy}) == "(accepted)");
  CHECK(refusal(a.run, seat::HandOff{0, kBo}) == "you are handing incident 0 over already");
  a.until_event<ev::Handoff>();
  const auto handoff = events_of<ev::Handoff>(a.recorder.record()).front().second;
  CHECK(handoff.from == a.seat);
  CHECK(handoff.to == kCy);
  CHECK_FALSE(handoff.at_shift_end);
  // Until the briefing ends the incident is the seat's.
  CHECK(refusal(a.run, seat::DeclareSeverity{0, Severity::P3}) == "(accepted)");
  a.until_event<ev::IncidentMitigated>();
  const auto started = events_of<ev::MitigationStarted>(a.recorder.record());
  REQUIRE_FALSE(started.empty());
  CHECK(started.front().second.by == kCy);
  CHECK(refusal(a.run, seat::Investigate{0, 1}) == "you handed incident 0 to Cy");
  const RunRecord played = a.finish();
  CHECK_FALSE(events_of<ev::IncidentResolved>(played).empty());  // the policy resolves for Cy
}

TEST_CASE("Seat: the lead gives the comms lead role to a responder, who then writes the updates",
          "[run][seat]") {
  const Scenario s = answered_bad_deploy();
  Answered a(s);
  REQUIRE(refusal(a.run, seat::DeclareSeverity{0, Severity::P2}) == "(accepted)");
  REQUIRE(refusal(a.run, seat::PagePerson{0, kCy}) == "(accepted)");
  CHECK(refusal(a.run, seat::AssignRole{0, Role::CommsLead, kBo}) ==
        "Bo is not working incident 0: page them first");
  a.until([](const RunRecord& r) {
    for (const auto& [at, c] : events_of<ev::ResponderChanged>(r))
      if (c.who == kCy && c.state == ResponderState::Investigating) return true;
    return false;
  });
  CHECK(refusal(a.run, seat::AssignRole{0, Role::CommsLead, kCy}) == "(accepted)");
  const auto roles = events_of<ev::RoleAssigned>(a.recorder.record());
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].second.role == Role::CommsLead);
  CHECK(roles[0].second.who == kCy);
  CHECK(refusal(a.run, seat::AssignRole{0, Role::CommsLead, kCy}) == "Cy is comms_lead already");
  // P2's cadence is 30 min: the comms lead posts, the seat does not have to.
  a.run.run_until(a.run.now() + minutes(31));
  const auto posted = events_of<ev::StatusUpdatePosted>(a.recorder.record());
  REQUIRE_FALSE(posted.empty());
  for (const auto& [at, u] : posted) CHECK(u.by == kCy);
}

TEST_CASE(
    "Seat: scaling out to N runs N replicas, and absorbs a surge only once the service is "
    "no longer saturated",
    "[run][seat]") {
  // A ×2.5 surge from 10 min puts 250 req/s on the api's 2 × 100 req/s (as in run_test's
  // backlog case). 3 replicas leave it at ρ = 250 / 300 ≈ 0.83, saturated still (≥ 0.8);
  // 5 replicas bring it to 0.5.
  Scenario s = testing::three_tier();
  s.services[3].capacity_rps = 1000.0;
  s.policy.responders.missed_page_probability_day = 0.0;
  s.policy.mitigations[static_cast<std::size_t>(MitigationAction::ScaleOut)].success_probability =
      1.0;
  Fault surge;
  surge.id = "surge";
  surge.type = FaultType::TrafficSurge;
  surge.start = minutes(10);
  surge.multiplier = 2.5;
  s.faults = {surge};
  Answered a(s);
  CHECK(refusal(a.run, seat::Mitigate{0, MitigationAction::ScaleOut, 1, 2}) ==
        "api is set to run 2 replicas already: scale out to more");
  CHECK(refusal(a.run, seat::Mitigate{0, MitigationAction::Restart, 1, 4}) ==
        "a number of replicas is for scale_out, not restart");

  REQUIRE(refusal(a.run, seat::Mitigate{0, MitigationAction::ScaleOut, 1, 3}) == "(accepted)");
  a.until_event<ev::MitigationFinished>();
  CHECK(a.run.current_segment().services[1].healthy_replicas == 3);
  CHECK(a.run.current_segment().services[1].utilisation == Approx(250.0 / 300.0));
  CHECK(events_of<ev::IncidentMitigated>(a.recorder.record()).empty());

  REQUIRE(refusal(a.run, seat::Mitigate{0, MitigationAction::ScaleOut, 1, 5}) == "(accepted)");
  a.until_event<ev::IncidentMitigated>();
  CHECK(a.run.current_segment().services[1].healthy_replicas == 5);
  CHECK(a.run.current_segment().services[1].utilisation == Approx(0.5));
  CHECK(events_of<ev::IncidentMitigated>(a.recorder.record()).front().second.by ==
        MitigatedBy::Responders);
}

TEST_CASE(
    "Seat: a status update names the journeys the seat gives, and the policy's names those "
    "failing",
    "[run][seat]") {
  const Scenario s = answered_bad_deploy();
  Answered a(s);
  REQUIRE(refusal(a.run, seat::DeclareSeverity{0, Severity::P2}) == "(accepted)");
  CHECK(refusal(a.run, seat::PostStatus{0, seat::StatusPhase::Identified, "x", {5}}) ==
        "there is no journey 5");
  CHECK(refusal(a.run, seat::PostStatus{0, seat::StatusPhase::Identified, "Rolling back.", {0}}) ==
        "(accepted)");
  const auto posted = events_of<ev::StatusUpdatePosted>(a.recorder.record());
  REQUIRE(posted.size() == 1);
  CHECK(posted[0].second.message == "Identified: affected: browse. Rolling back.");
  CHECK(posted[0].second.journeys == std::vector<std::size_t>{0});

  // The policy says in words which journeys fail (comms.cpp), and the record says the same.
  const RunRecord twin = simulate(s, 1);
  REQUIRE_FALSE(events_of<ev::StatusUpdatePosted>(twin).empty());
  for (const auto& [at, u] : events_of<ev::StatusUpdatePosted>(twin)) {
    INFO(u.message);
    CHECK((u.message.find("of browse requests are failing") != std::string::npos) ==
          (u.journeys == std::vector<std::size_t>{0}));
  }
}

TEST_CASE("Seat: a runbook lists what the service's runbooks cover, how each shows, and its fixes",
          "[run][seat]") {
  Scenario s = testing::three_tier();
  s.services[1].runbooks = {FaultType::BadDeploy, FaultType::CrashReplicas};
  const auto entries = runbook(s, 1);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].fault == FaultType::BadDeploy);
  CHECK(entries[0].mitigations == fixes_for(FaultType::BadDeploy));
  CHECK(entries[0].symptoms.find("release") != std::string::npos);
  // The symptoms match what the logs say (seat.cpp's log lines).
  CHECK(entries[1].symptoms.find("OOMKilled") != std::string::npos);
  CHECK(runbook(s, 0).empty());
}
