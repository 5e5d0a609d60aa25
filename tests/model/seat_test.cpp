// The seat: one responder played from outside. Its pages ring until it answers them, the policy
// leaves the incidents it leads to it, each action costs what the policy's responders pay, and a
// refused action changes nothing.

#include "sim/model/seat.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "sim/model/run.hpp"
#include "tests/model/seated_run.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::bad_deploy;
using testing::events_of;
using testing::first;
using testing::first_paged;
using testing::incident_command;
using testing::kOnCall;
using testing::SeatedRun;

TEST_CASE("Seat: a seat that never acts lets its page ring and escalate past it", "[run][seat]") {
  const Scenario s = bad_deploy();
  SeatedRun seated(s, 1, kOnCall);
  const RunRecord played = seated.finish();
  const RunRecord twin = simulate(s, 1);  // the policy in the seat

  const PersonRef seat = first_paged(played);
  CHECK(first_paged(twin) == seat);  // the same schedule pages the same person
  for (const auto& [at, ack] : events_of<ev::PageAcknowledged>(played)) CHECK_FALSE(ack.by == seat);
  // The primary level's 5 minutes pass, and the secondary is paged and takes it.
  const auto escalated = events_of<ev::PageEscalated>(played);
  REQUIRE_FALSE(escalated.empty());
  CHECK(escalated.front().second.to_level == 1);
  CHECK(escalated.front().first == first<ev::PageSent>(played) + minutes(5));
  // The twin's on-call answered at once and mitigated sooner.
  CHECK(events_of<ev::PageAcknowledged>(twin).front().second.by == seat);
  CHECK(first<ev::IncidentMitigated>(twin) < first<ev::IncidentMitigated>(played));
}

TEST_CASE("Seat: a scripted seat answers, triages, investigates, mitigates, posts and resolves",
          "[run][seat]") {
  const Scenario s = bad_deploy();
  SeatedRun seated(s, 1, kOnCall);
  seated.until_event<ev::PageSent>();
  const PersonRef seat = first_paged(seated.recorder.record());

  CHECK_FALSE(seated.run.act(seat::Acknowledge{0}));
  CHECK(events_of<ev::PageAcknowledged>(seated.recorder.record()).front().second.by == seat);
  // The policy leaves triage to the seat: no severity until it declares one.
  seated.run.run_until(seated.run.now() + minutes(5));
  CHECK(events_of<ev::SeverityDeclared>(seated.recorder.record()).empty());
  CHECK_FALSE(seated.run.act(seat::DeclareSeverity{0, Severity::P2}));
  const auto declared = events_of<ev::SeverityDeclared>(seated.recorder.record());
  REQUIRE(declared.size() == 1);
  CHECK(declared[0].second.severity == Severity::P2);
  CHECK(declared[0].second.by == seat);

  CHECK_FALSE(seated.run.act(seat::Investigate{0, 1}));  // api, where the deploy went out
  seated.until_event<ev::DiagnosisStep>();
  const auto step = events_of<ev::DiagnosisStep>(seated.recorder.record()).front().second;
  CHECK(step.by == seat);
  CHECK(step.service == 1);
  CHECK(step.lead == DiagnosisLead::Chosen);
  CHECK_FALSE(step.red_herring);
  CHECK(events_of<ev::CauseIdentified>(seated.recorder.record()).front().second.by == seat);

  CHECK_FALSE(seated.run.act(seat::Mitigate{0, MitigationAction::Rollback, 1}));
  CHECK_FALSE(
      seated.run.act(seat::PostStatus{0, seat::StatusPhase::Identified, "Rolling back api.", {}}));
  const auto posted = events_of<ev::StatusUpdatePosted>(seated.recorder.record());
  REQUIRE(posted.size() == 1);
  CHECK(posted[0].second.message == "Identified: Rolling back api.");
  CHECK(posted[0].second.by == seat);
  seated.until_event<ev::IncidentMitigated>();
  const auto started = events_of<ev::MitigationStarted>(seated.recorder.record());
  REQUIRE(started.size() == 1);
  CHECK(started[0].second.reason == MitigationReason::Fix);
  CHECK(events_of<ev::IncidentMitigated>(seated.recorder.record()).front().second.by ==
        MitigatedBy::Responders);

  // Users failed within the last minute: resolving now is refused.
  const auto refused = seated.run.act(seat::Resolve{0});
  REQUIRE(refused);
  CHECK(refused->reason.starts_with("browse's error ratio over the last minute is "));
  // The policy does not resolve for the seat, however long the SLIs have been fine.
  seated.run.run_until(seated.run.now() + minutes(20));
  CHECK(events_of<ev::IncidentResolved>(seated.recorder.record()).empty());
  CHECK_FALSE(seated.run.act(seat::Resolve{0}));
  CHECK(first<ev::IncidentResolved>(seated.recorder.record()) == seated.run.now());

  // Straight to the deploy: sooner than the policy's triage and search on the same seed.
  const RunRecord played = seated.finish();
  CHECK(first<ev::IncidentMitigated>(played) < first<ev::IncidentMitigated>(simulate(s, 1)));
}

TEST_CASE("Seat: an impossible action is refused with its reason and changes nothing",
          "[run][seat]") {
  const Scenario s = bad_deploy();
  const auto refusal = [](Run& run, const SeatAction& action) {
    const auto r = run.act(action);
    return r ? r->reason : std::string("(accepted)");
  };
  SeatedRun probed(s, 1, kOnCall);
  SeatedRun plain(s, 1, kOnCall);
  probed.until_event<ev::PageSent>();
  plain.run.run_until(probed.run.now());

  CHECK(refusal(probed.run, seat::Investigate{0, 1}) ==
        "you are not working incident 0: acknowledge its page first");
  CHECK(refusal(probed.run, seat::Acknowledge{1}) == "no page for incident 1 rings for you");
  CHECK(refusal(probed.run, seat::Investigate{7, 1}) == "there is no incident 7");
  for (SeatedRun* r : {&probed, &plain}) CHECK_FALSE(r->run.act(seat::Acknowledge{0}));
  CHECK(refusal(probed.run, seat::Acknowledge{0}) == "no page for incident 0 rings for you");
  // The policy's recent-change window: what the change feed shows.
  const auto window_min = std::chrono::duration_cast<minutes>(s.policy.recent_change_window);
  CHECK(refusal(probed.run, seat::Mitigate{0, MitigationAction::Rollback, 2}) ==
        "db has no change within the last " + std::to_string(window_min.count()) +
            " min to roll back");
  CHECK(refusal(probed.run, seat::Mitigate{0, MitigationAction::SwitchProvider, 1}) ==
        "api has no second provider to switch to");
  CHECK(
      refusal(probed.run, seat::PostStatus{0, seat::StatusPhase::Investigating, "Looking.", {}}) ==
      "declare incident 0's severity before the status page");
  CHECK(refusal(probed.run, seat::PageTeam{0, 0}) == "web has been paged for incident 0 already");
  CHECK(refusal(probed.run, seat::Investigate{0, 9}) == "there is no service 9");
  for (SeatedRun* r : {&probed, &plain}) CHECK_FALSE(r->run.act(seat::Investigate{0, 2}));
  CHECK(refusal(probed.run, seat::Investigate{0, 1}) == "you are still investigating db");

  const RunRecord a = probed.finish();
  const RunRecord b = plain.finish();
  CHECK(a.timeline == b.timeline);
  CHECK(a.segments == b.segments);
}

TEST_CASE("Seat: a wrong restart has its real cost: a replica out while it rolls", "[run][seat]") {
  const Scenario s = bad_deploy();
  SeatedRun seated(s, 1, kOnCall);
  seated.until_event<ev::PageSent>();
  REQUIRE_FALSE(seated.run.act(seat::Acknowledge{0}));
  REQUIRE_FALSE(seated.run.act(seat::Mitigate{0, MitigationAction::Restart, 0}));  // frontend
  seated.until_event<ev::MitigationFinished>();
  const RunRecord played = seated.finish();

  const auto started = events_of<ev::MitigationStarted>(played);
  REQUIRE(started.size() == 1);
  CHECK(started[0].second.reason == MitigationReason::WrongGuess);
  const SimTime from = started[0].first;
  const SimTime to = first<ev::MitigationFinished>(played);
  // frontend's 4 replicas: one restarts at a time, so 3 serve while the restart runs.
  bool reduced = false;
  for (const Segment& seg : played.segments)
    if (seg.start >= from && seg.end <= to) reduced |= seg.services[0].healthy_replicas == 3;
  CHECK(reduced);
  for (const Segment& seg : simulate(s, 1).segments) CHECK(seg.services[0].healthy_replicas == 4);
  // A restart is no fix for a bad deploy: the incident is not mitigated by it.
  for (const auto& [at, m] : events_of<ev::IncidentMitigated>(played)) CHECK(at > to);
}

TEST_CASE("Seat: a person's seat is theirs on whatever page reaches them", "[run][seat]") {
  const Scenario s = bad_deploy();
  const PersonRef on_call = first_paged(simulate(s, 1));  // the policy twin's first page
  SeatedRun seated(s, 1, Seat{Seat::Kind::Person, on_call, 0});
  seated.until_event<ev::PageSent>();
  const auto pages = seated.run.seat_pages();
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].incident == 0);
  CHECK(pages[0].level == 0);
  CHECK(pages[0].escalates_at == pages[0].since + s.teams[0].escalation.levels[0].delay);
  CHECK_FALSE(pages[0].alerts.empty());  // an alert raised it
  CHECK_FALSE(seated.run.act(seat::Acknowledge{0}));
  CHECK(seated.run.seat_pages().empty());
  CHECK(events_of<ev::PageAcknowledged>(seated.recorder.record()).front().second.by == on_call);
}

TEST_CASE(
    "Seat: as incident commander the seat writes the updates and resolves, while the policy's "
    "responders still find and fix the cause",
    "[run][seat]") {
  Scenario s = bad_deploy();
  s.teams.push_back(incident_command());
  s.policy.incident_commander = RolePolicy{1, Severity::P4};
  SeatedRun seated(s, 1, Seat{Seat::Kind::IncidentCommander, {}, 0});
  seated.until([](const RunRecord& r) {
    for (const auto& [at, p] : events_of<ev::PageSent>(r))
      if (p.role == Role::IncidentCommander) return true;
    return false;
  });
  CHECK_FALSE(seated.run.act(seat::Acknowledge{0}));
  const auto roles = events_of<ev::RoleAssigned>(seated.recorder.record());
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].second.role == Role::IncidentCommander);
  const PersonRef ic = roles[0].second.who;

  seated.until_event<ev::IncidentMitigated>();  // the policy's lead rolled the deploy back
  CHECK(events_of<ev::MitigationStarted>(seated.recorder.record()).front().second.by != ic);
  seated.run.run_until(seated.run.now() + minutes(30));
  // The commander writes the updates and resolves: the policy does neither for the seat.
  CHECK(events_of<ev::StatusUpdatePosted>(seated.recorder.record()).empty());
  CHECK(events_of<ev::IncidentResolved>(seated.recorder.record()).empty());
  CHECK_FALSE(seated.run.act(seat::PostStatus{0, seat::StatusPhase::Resolved, "Fixed.", {}}));
  CHECK_FALSE(seated.run.act(seat::Resolve{0}));
  CHECK(events_of<ev::StatusUpdatePosted>(seated.recorder.record()).front().second.by == ic);
  CHECK(first<ev::IncidentResolved>(seated.recorder.record()) == seated.run.now());
}

TEST_CASE("Seat: a seat paged as an expert works beside the lead, who declares and resolves",
          "[run][seat]") {
  // db (service 2) belongs to team "data", whose one engineer is the seat; a bad deploy of db
  // leads web's on-call (the policy) down to it, and they page data.
  Scenario s = testing::with_fault(FaultType::BadDeploy);
  s.faults[0].service = 2;
  Team data;
  data.name = "data";
  data.people = {{"Dee", "UTC"}};
  data.escalation.levels = {{{{EscalationTarget::Kind::Person, 0}}, minutes(5)}};
  data.escalation.loops = 1;
  s.teams.push_back(data);
  s.services[2].team = 1;
  SeatedRun seated(s, 1, Seat{Seat::Kind::OnCall, {}, 1});
  seated.until([](const RunRecord& r) {
    for (const auto& [at, p] : events_of<ev::PageSent>(r))
      if (p.policy_team == 1) return true;
    return false;
  });
  CHECK_FALSE(seated.run.act(seat::Acknowledge{0}));
  const auto refused = seated.run.act(seat::DeclareSeverity{0, Severity::P1});
  REQUIRE(refused);
  CHECK(refused->reason ==
        "incident 0's lead or incident commander declares its severity and resolves it");
  CHECK(seated.run.act(seat::Resolve{0})->reason == refused->reason);
  CHECK_FALSE(seated.run.act(seat::Investigate{0, 2}));  // the expert looks at their own db
}

TEST_CASE("Seat: asking for an incident commander pages the policy's rotation for the role",
          "[run][seat]") {
  Scenario s = bad_deploy();
  s.teams.push_back(incident_command());
  const auto role_pages = [](const RunRecord& r) {
    std::size_t n = 0;
    for (const auto& [at, p] : events_of<ev::PageSent>(r))
      n += p.role == Role::IncidentCommander && p.policy_team == 1;
    return n;
  };

  // Without a rotation for the role, there is nobody to page.
  SeatedRun without(s, 1, kOnCall);
  without.until_event<ev::PageSent>();
  REQUIRE_FALSE(without.run.act(seat::Acknowledge{0}));
  const auto refused = without.run.act(seat::PageRole{0, Role::IncidentCommander});
  REQUIRE(refused);
  CHECK(refused->reason == "the policy names no incident commander rotation to page");

  // The policy would page an incident commander only at P1; the seat asks for one at P3.
  s.policy.incident_commander = RolePolicy{1, Severity::P1};
  SeatedRun seated(s, 1, kOnCall);
  seated.until_event<ev::PageSent>();
  REQUIRE_FALSE(seated.run.act(seat::Acknowledge{0}));
  REQUIRE_FALSE(seated.run.act(seat::DeclareSeverity{0, Severity::P3}));
  CHECK(role_pages(seated.recorder.record()) == 0);
  CHECK_FALSE(seated.run.act(seat::PageRole{0, Role::IncidentCommander}));
  CHECK(role_pages(seated.recorder.record()) == 1);
  const auto again = seated.run.act(seat::PageRole{0, Role::IncidentCommander});
  REQUIRE(again);
  CHECK(again->reason == "an incident commander has been paged for incident 0 already");
  seated.until_event<ev::RoleAssigned>();
  CHECK(events_of<ev::RoleAssigned>(seated.recorder.record()).front().second.who ==
        PersonRef{1, 0});
}

TEST_CASE("Seat: the change feed shows harmless changes and bad deploys alike, oldest first, "
          "once they happened",
          "[run][seat]") {
  Scenario s = bad_deploy();  // a bad deploy of api at 10 min
  s.changes = {{"db-upgrade", 2, minutes(20)}, {"web-release", 0, minutes(5)}};
  Run run(s, 1, nullptr);
  CHECK(change_feed(s, run.faults(), minutes(4)).empty());
  const auto feed = change_feed(s, run.faults(), minutes(30));
  REQUIRE(feed.size() == 3);
  CHECK(feed[0].at == minutes(5));
  CHECK(feed[0].service == 0);
  CHECK(feed[1].at == minutes(10));
  CHECK(feed[1].service == 1);  // the bad deploy, not marked as such
  CHECK_FALSE(feed[1].config);
  CHECK(feed[2].at == minutes(20));
  CHECK(change_feed(s, run.faults(), minutes(10)).size() == 2);
}
