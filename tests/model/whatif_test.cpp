// What-if branches (model::run_what_if) and the facilitator's orders (Run::order): a branch with
// no change is the drill again; a change acts from its moment on and never before it.

#include "sim/model/whatif.hpp"

#include <catch2/catch.hpp>

#include "tests/model/seated_run.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using testing::events_of;
using testing::first;

namespace {

// The events of `r` before `t`.
std::vector<TimelineEvent> before(const RunRecord& r, SimTime t) {
  std::vector<TimelineEvent> out;
  for (const TimelineEvent& e : r.timeline)
    if (e.at < t) out.push_back(e);
  return out;
}

seat::Mitigate rollback_api() { return {0, MitigationAction::Rollback, 1, 0}; }

}  // namespace

TEST_CASE("What-if: with no change the branch is the drill again", "[run][whatif]") {
  const Scenario s = testing::bad_deploy();
  const RunRecord drill = simulate(s, 7);
  for (const SimTime at : {SimTime{0}, SimTime{minutes(11)}, SimTime{minutes(30)}}) {
    INFO("forked at " << at.count() << " ms");
    const WhatIfResult r = run_what_if(s, 7, {}, {}, {at, {}, nullptr});
    CHECK(r.original == drill);
    CHECK(r.branch == drill);
    CHECK(r.branch_commands.empty());
    CHECK(r.dropped.empty());
  }
}

TEST_CASE("What-if: an ordered rollback after triage mitigates when the rollback is done",
          "[run][whatif]") {
  const Scenario s = testing::bad_deploy();
  const RunRecord drill = simulate(s, 7);
  // Five minutes after triage declared the severity, while the responders still search.
  const SimTime at = first<ev::SeverityDeclared>(drill) + minutes(5);
  REQUIRE(at < first<ev::IncidentMitigated>(drill));
  const WhatIfResult r = run_what_if(s, 7, {}, {}, {at, {Order{rollback_api()}}, nullptr});
  CHECK(r.original == drill);
  // The past is shared; the order starts the rollback at `at`, and its end mitigates.
  CHECK(before(r.branch, at) == before(drill, at));
  const auto started = events_of<ev::MitigationStarted>(r.branch);
  const auto ordered = std::find_if(started.begin(), started.end(), [](const auto& e) {
    return e.second.reason == MitigationReason::Ordered;
  });
  REQUIRE(ordered != started.end());
  CHECK(ordered->first == at);
  CHECK(ordered->second.service == 1);
  const auto finished = events_of<ev::MitigationFinished>(r.branch);
  REQUIRE_FALSE(finished.empty());
  const auto done = std::find_if(finished.begin(), finished.end(), [](const auto& e) {
    return e.second.reason == MitigationReason::Ordered;
  });
  REQUIRE(done != finished.end());
  CHECK(done->second.success);  // bad_deploy's rollbacks always work
  CHECK(first<ev::IncidentMitigated>(r.branch) == done->first);
  CHECK(first<ev::IncidentMitigated>(r.branch) < first<ev::IncidentMitigated>(drill));
  REQUIRE(r.branch_commands.size() == 1);
  CHECK(r.branch_commands[0] == DrillCommand{at, Order{rollback_api()}});
  // The branch as drill commands replays to the branch.
  CHECK(simulate_drill(s, 7, r.branch_commands) == r.branch);
}

TEST_CASE("What-if: an order the world refuses names the change and changes nothing",
          "[run][whatif]") {
  const Scenario s = testing::bad_deploy();
  const RunRecord drill = simulate(s, 7);
  // Before the fault: no incident to order anything for.
  try {
    run_what_if(s, 7, {}, {}, {minutes(5), {Order{rollback_api()}}, nullptr});
    FAIL("the order was not refused");
  } catch (const CommandRefused& e) {
    CHECK(e.index() == 0);
    CHECK(std::string(e.what()) == "there is no incident 0");
  }
  // Detected but not triaged yet: nobody to roll back.
  Recorder recorder;
  Run run(s, 7, &recorder);
  run.run_until(first<ev::IncidentDetected>(drill));
  const auto refused = run.order(rollback_api());
  REQUIRE(refused);
  CHECK(refused->reason.find("nobody has triaged incident 0 yet") != std::string::npos);
  // A decision that is not an order's.
  const auto not_order = run.order(seat::Acknowledge{0});
  REQUIRE(not_order);
  CHECK(not_order->reason.find("can be ordered") != std::string::npos);
  CHECK(record_to_end(run, recorder, 7) == drill);
}

TEST_CASE("What-if: a policy value changed at the fork acts from then on", "[run][whatif]") {
  const Scenario s = testing::bad_deploy();
  REQUIRE_FALSE(s.policy.mitigate_first);
  Scenario changed = s;
  changed.policy.mitigate_first = true;
  const RunRecord drill = simulate(s, 7);
  const SimTime at = minutes(10);  // the bad deploy starts; triage comes later
  REQUIRE(at < first<ev::SeverityDeclared>(drill));
  const WhatIfResult r = run_what_if(s, 7, {}, {}, {at, {}, &changed});
  CHECK(r.original == drill);
  CHECK(before(r.branch, at) == before(drill, at));
  const auto reasons = [](const RunRecord& rec) {
    std::vector<MitigationReason> out;
    for (const auto& [t, e] : events_of<ev::MitigationStarted>(rec)) out.push_back(e.reason);
    return out;
  };
  const auto original = reasons(drill);
  CHECK(std::count(original.begin(), original.end(), MitigationReason::MitigateFirst) == 0);
  const auto branch = reasons(r.branch);
  REQUIRE_FALSE(branch.empty());
  CHECK(branch.front() == MitigationReason::MitigateFirst);
  // The same as a drill run under the changed policy from the start: before `at` nothing the
  // policy decides has happened yet.
  CHECK(r.branch == simulate(changed, 7));
}

TEST_CASE("What-if: the drill's later commands follow the change, refused ones are dropped",
          "[run][whatif]") {
  const Scenario s = testing::bad_deploy();
  const RunRecord drill = simulate(s, 7);
  const SimTime at = first<ev::SeverityDeclared>(drill) + minutes(5);
  // A later order of the same rollback is refused in the branch (the incident is mitigated or
  // the rollback under way), not in the original.
  const SimTime later = first<ev::IncidentMitigated>(drill) - minutes(1);
  REQUIRE(later > at + minutes(1));
  const std::vector<DrillCommand> commands{{later, Order{rollback_api()}},
                                           {later, Bookmark{"after the rollback"}}};
  const WhatIfResult r = run_what_if(s, 7, {}, commands, {at, {Order{rollback_api()}}, nullptr});
  CHECK(r.original == simulate_drill(s, 7, commands));
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].index == 0);
  CHECK_FALSE(r.dropped[0].reason.empty());
  REQUIRE(r.branch_commands.size() == 2);
  CHECK(std::holds_alternative<Bookmark>(r.branch_commands[1].action));
  CHECK(events_of<ev::Bookmarked>(r.branch).size() == 1);
}

TEST_CASE(
    "What-if: a seat's later action the branch refuses releases the seat, and the branch's "
    "commands replay the branch exactly",
    "[run][whatif]") {
  const Scenario s = testing::bad_deploy();
  const std::vector<Seat> seats{testing::kOnCall};
  // The seat answers its page a minute after it rings (found in the drill with the seat idle).
  testing::SeatedRun seated(s, 7, testing::kOnCall);
  seated.until([&seated](const RunRecord&) { return !seated.run.seat_pages().empty(); });
  const SimTime ack = seated.run.now() + minutes(1);
  const std::vector<DrillCommand> commands{{ack, seat::Acknowledge{0}}};
  // The branch ends the bad deploy a second after it starts (10 min): too short for any alert,
  // so no page rings to answer.
  const SimTime at = minutes(10) + std::chrono::seconds(1);
  REQUIRE(at + minutes(1) < ack);
  const WhatIfResult r = run_what_if(s, 7, seats, commands, {at, {EndFault{"fault"}}, nullptr});
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].index == 0);
  REQUIRE(r.released.size() == 1);
  CHECK(r.released[0] == std::pair<std::size_t, SimTime>{0, ack});
  REQUIRE(r.branch_commands.size() == 2);
  CHECK(r.branch_commands[1] == DrillCommand{ack, LeaveSeat{}, 0});
  CHECK(simulate_drill(s, 7, r.branch_commands, Fidelity::Flow, seats) == r.branch);
}
