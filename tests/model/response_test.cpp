// The response's diagnosis, mitigation catalogue, shift handoffs and auto-remediation, on
// three_tier (frontend → api → db, frontend → recs soft; team "web": Ana, Bo, Cy in UTC).

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::events_of;
using testing::first;
using testing::times_of;
using testing::with_fault;

namespace {

// Diagnosis without chance: no red herrings, no status updates interleaving with the work.
Scenario exact_diagnosis(std::size_t fault_service) {
  Scenario s = with_fault(FaultType::ErrorRate);
  s.faults[0].service = fault_service;
  s.policy.responders.red_herring_probability = 0.0;
  s.policy.status_update_cadence = {};
  return s;
}

// The services the diagnosis steps inspected, in order.
std::vector<std::size_t> inspected(const RunRecord& r) {
  std::vector<std::size_t> out;
  for (const auto& [at, step] : events_of<ev::DiagnosisStep>(r)) out.push_back(step.service);
  return out;
}

// The duration of each diagnosis step in seconds: from the severity declaration (the end of
// triage) to the first step, then between steps.
std::vector<double> step_durations(const RunRecord& r) {
  std::vector<double> out;
  SimTime from = first<ev::SeverityDeclared>(r);
  for (const SimTime at : times_of<ev::DiagnosisStep>(r)) {
    out.push_back(firedrill::engine::to_seconds(at - from));
    from = at;
  }
  return out;
}

std::vector<MitigationReason> reasons(const RunRecord& r) {
  std::vector<MitigationReason> out;
  for (const auto& [at, m] : events_of<ev::MitigationStarted>(r)) out.push_back(m.reason);
  return out;
}

}  // namespace

TEST_CASE("Response: a step at a service without metrics takes the policy's factor longer, and "
          "a runbook for the fault shortens the step that finds it",
          "[response][diagnosis]") {
  // Same seed, same draws from stream "diagnosis": each step's lognormal draw is equal across
  // the runs, so the step durations differ exactly by the factors (to the millisecond).
  const Scenario base = exact_diagnosis(2);  // db: frontend → api → db
  const auto plain = step_durations(simulate(base, 3));
  REQUIRE(plain.size() == 3);

  Scenario blind = base;
  blind.services[1].observability.metrics = false;
  const auto without_metrics = step_durations(simulate(blind, 3));
  REQUIRE(without_metrics.size() == 3);
  CHECK(without_metrics[0] == Approx(plain[0]).margin(0.002));
  CHECK(without_metrics[1] ==
        Approx(plain[1] * base.policy.responders.step_factor_without_metrics).margin(0.002));
  CHECK(without_metrics[2] == Approx(plain[2]).margin(0.002));

  Scenario documented = base;
  documented.services[2].runbooks = {FaultType::ErrorRate};
  const auto with_runbook = step_durations(simulate(documented, 3));
  REQUIRE(with_runbook.size() == 3);
  CHECK(with_runbook[1] == Approx(plain[1]).margin(0.002));
  CHECK(with_runbook[2] ==
        Approx(plain[2] * base.policy.responders.step_factor_runbook).margin(0.002));

  // A runbook for another fault type does not help.
  documented.services[2].runbooks = {FaultType::Latency};
  CHECK(step_durations(simulate(documented, 3))[2] == Approx(plain[2]).margin(0.002));
}

TEST_CASE("Response: a responder is slower at a service they are not familiar with",
          "[response][diagnosis]") {
  // Every service belongs to team "storage" (Sam); the alerts are routed to team "web", whose
  // Ana takes the page and inspects frontend, a service she does not know unless
  // familiar_with names it.
  Scenario s = exact_diagnosis(2);
  Team storage;
  storage.name = "storage";
  storage.people = {{"Sam", "UTC"}};
  storage.schedules = s.teams[0].schedules;
  storage.escalation.levels = {{{{EscalationTarget::Kind::Person, 0}}, minutes(5)}};
  s.teams.push_back(storage);
  for (Service& service : s.services) service.team = 1;
  for (ThresholdRule& rule : s.threshold_rules) rule.team = 0;
  for (BurnRateRule& rule : s.burn_rate_rules) rule.team = 0;
  const auto unfamiliar = step_durations(simulate(s, 4));
  for (Person& p : s.teams[0].people) p.familiar_with = {0};
  const auto familiar = step_durations(simulate(s, 4));
  REQUIRE(unfamiliar.size() >= 1);
  REQUIRE(familiar.size() >= 1);
  CHECK(unfamiliar[0] ==
        Approx(familiar[0] * s.policy.responders.step_factor_unfamiliar).margin(0.002));
}

TEST_CASE("Response: following alerts goes straight to the deepest alerting service, an alert "
          "on a bystander misleads",
          "[response][diagnosis]") {
  Scenario s = exact_diagnosis(2);  // the fault is in db
  ThresholdRule db_errors = s.threshold_rules[0];
  db_errors.name = "db-errors";
  db_errors.target_kind = TargetKind::Service;
  db_errors.target = 2;
  ThresholdRule recs_busy = db_errors;  // a ticket that always fires: recs is never idle
  recs_busy.name = "recs-busy";
  recs_busy.metric = MetricKind::Utilisation;
  recs_busy.target = 3;
  recs_busy.threshold = 0.0;
  recs_busy.severity = AlertSeverity::Ticket;

  SECTION("the cause has its own alert") {
    s.threshold_rules.push_back(db_errors);
    CHECK(inspected(simulate(s, 6)) == std::vector<std::size_t>{0, 1, 2});  // traces: hop by hop
    s.policy.diagnosis = DiagnosisStrategy::FollowAlerts;
    CHECK(inspected(simulate(s, 6)) == std::vector<std::size_t>{0, 2});
  }
  SECTION("only a bystander's alert fires") {
    s.threshold_rules.push_back(recs_busy);
    s.policy.diagnosis = DiagnosisStrategy::FollowAlerts;
    const RunRecord r = simulate(s, 6);
    CHECK(inspected(r) == std::vector<std::size_t>{0, 3, 1, 2});
    const auto steps = events_of<ev::DiagnosisStep>(r);
    REQUIRE(steps.size() == 4);
    CHECK(steps[1].second.red_herring);
    CHECK_FALSE(steps[2].second.red_herring);
  }
}

TEST_CASE("Response: without a runbook responders may first try a wrong action, a restart takes "
          "one replica out while it runs",
          "[response][mitigation]") {
  Scenario s = with_fault(FaultType::ErrorRate);  // api: the fix is a restart
  s.policy.wrong_action_probability = 1.0;
  const RunRecord r = simulate(s, 7);
  const auto started = events_of<ev::MitigationStarted>(r);
  REQUIRE(started.size() >= 2);
  // Nothing changed api recently, so rollback is impossible: the guess is a scale-out.
  CHECK(started[0].second.action == MitigationAction::ScaleOut);
  CHECK(started[0].second.reason == MitigationReason::WrongGuess);
  CHECK(started[1].second.action == MitigationAction::Restart);
  CHECK(started[1].second.reason == MitigationReason::Fix);
  // The rolling restart: between its start and end api runs on one replica fewer (the guess
  // scaled it out first, by what one replica serves).
  const auto finished = events_of<ev::MitigationFinished>(r);
  REQUIRE(finished.size() >= 2);
  const SimTime mid = started[1].first + (finished[1].first - started[1].first) / 2;
  const auto during = std::find_if(r.segments.begin(), r.segments.end(), [mid](const Segment& g) {
    return g.start <= mid && mid < g.end;
  });
  const auto before = std::find_if(r.segments.begin(), r.segments.end(), [&](const Segment& g) {
    return g.end == started[1].first;
  });
  REQUIRE(during != r.segments.end());
  REQUIRE(before != r.segments.end());
  CHECK(during->services[1].healthy_replicas == before->services[1].healthy_replicas - 1);

  // With a runbook for the fault there, no guess.
  s.services[1].runbooks = {FaultType::ErrorRate};
  CHECK(reasons(simulate(s, 7)) == std::vector<MitigationReason>{MitigationReason::Fix});
}

TEST_CASE("Response: mitigate first rolls back the latest change before diagnosing",
          "[response][mitigation]") {
  SECTION("the change is the cause: no diagnosis at all") {
    Scenario s = with_fault(FaultType::BadDeploy);
    s.policy.mitigate_first = true;
    const RunRecord r = simulate(s, 8);
    const auto started = events_of<ev::MitigationStarted>(r);
    REQUIRE(started.size() == 1);
    CHECK(started[0].second.action == MitigationAction::Rollback);
    CHECK(started[0].second.service == 1);
    CHECK(started[0].second.reason == MitigationReason::MitigateFirst);
    CHECK(times_of<ev::DiagnosisStep>(r).empty());
    CHECK(first<ev::CauseIdentified>(r) == first<ev::IncidentMitigated>(r));
  }
  SECTION("a harmless change is rolled back in vain, then the diagnosis finds the cause") {
    Scenario s = with_fault(FaultType::ErrorRate);
    s.changes = {{"recs-deploy", 3, minutes(5)}};
    s.policy.mitigate_first = true;
    const RunRecord r = simulate(s, 8);
    const auto started = events_of<ev::MitigationStarted>(r);
    REQUIRE(started.size() == 2);
    CHECK(started[0].second.service == 3);
    CHECK(started[0].second.reason == MitigationReason::MitigateFirst);
    CHECK(started[1].second.action == MitigationAction::Restart);
    CHECK(started[1].second.reason == MitigationReason::Fix);
    CHECK(first<ev::DiagnosisStep>(r) > started[0].first);
    // Outside the recent-change window the change is not suspected.
    s.policy.recent_change_window = minutes(3);
    CHECK(reasons(simulate(s, 8)) == std::vector<MitigationReason>{MitigationReason::Fix});
  }
}

TEST_CASE("Response: a third-party outage is fixed by switching provider, absorbed by turning "
          "the calls off behind a feature flag, or waited out",
          "[response][mitigation]") {
  Scenario s = with_fault(FaultType::ThirdPartyOutage);
  s.faults[0].service = 2;  // db is a third party's API here
  s.faults[0].error_ratio = 1.0;
  s.services[2].external = true;
  const auto cleared = [](const RunRecord& r) { return times_of<ev::FaultCleared>(r).size(); };
  // Every attempt (a failed one is repeated) takes `action`, and at least one is made.
  const auto only = [](const RunRecord& r, MitigationAction action) {
    const auto started = events_of<ev::MitigationStarted>(r);
    return !started.empty() && std::all_of(started.begin(), started.end(), [action](const auto& m) {
      return m.second.action == action;
    });
  };

  SECTION("a secondary provider") {
    s.services[2].secondary_provider = true;
    const RunRecord r = simulate(s, 9);
    CHECK(only(r, MitigationAction::SwitchProvider));
    CHECK(cleared(r) == 1);
  }
  SECTION("a feature flag on the call") {
    s.calls[1].feature_flag = true;
    const RunRecord r = simulate(s, 9);
    CHECK(only(r, MitigationAction::DisableCall));
    CHECK(cleared(r) == 0);  // the provider is still down, but api no longer calls it
    CHECK_FALSE(times_of<ev::IncidentResolved>(r).empty());
    CHECK(r.segments.back().journeys[0].good_rps == Approx(100.0));
  }
  SECTION("neither") {
    const RunRecord r = simulate(s, 9);
    CHECK(times_of<ev::MitigationStarted>(r).empty());
    CHECK(times_of<ev::MitigationUnavailable>(r).size() == 1);
    CHECK(times_of<ev::IncidentMitigated>(r).empty());
  }
}

TEST_CASE("Response: a retry storm that outlives its trigger makes responders shed load",
          "[response][mitigation][retry]") {
  // The metastable failure of run_test's retry-storm case: a payment replica crashes from 10:00
  // to 15:00 and the retries keep payment overloaded after it is back. The incident counts as
  // mitigated when the crash ends; 10 min later the SLIs still fail, so the responders shed
  // load at payment, which drops its backlog: the journey recovers.
  Scenario s = testing::payment_chain(4, 3, std::nullopt);
  s.faults = {testing::replica_crash(1, minutes(10), minutes(15))};
  const RunRecord r = simulate(s, 1);
  const auto started = events_of<ev::MitigationStarted>(r);
  REQUIRE(started.size() == 1);
  CHECK(started[0].second.action == MitigationAction::ShedLoad);
  CHECK(started[0].second.service == 1);
  CHECK(started[0].second.reason == MitigationReason::StalledRecovery);
  CHECK(started[0].first >= minutes(15) + minutes(10));
  CHECK_FALSE(times_of<ev::IncidentResolved>(r).empty());
  CHECK(r.segments.back().journeys[0].good_rps > 0.99 * 135.0);
}

TEST_CASE("Response: at a shift change the outgoing on-call hands the incident to the incoming "
          "one, who carries on",
          "[response][people]") {
  // 20-minute turns: Ana is primary until 10:20, then Bo, then Cy from 10:40. The incident
  // (detected about 10:11) is still being diagnosed at 10:20.
  Scenario s = with_fault(FaultType::ErrorRate);
  Team& web = s.teams[0];
  web.schedules = rotation_schedules(UnixTime{seconds{s.run.start_unix_s}}, minutes(20), {0, 1, 2});
  s.policy.status_update_cadence = {};
  const PersonRef ana{0, 0};
  const PersonRef bo{0, 1};

  const RunRecord r = simulate(s, 10);
  REQUIRE(events_of<ev::PageAcknowledged>(r).at(0).second.by == ana);
  const auto handoffs = events_of<ev::Handoff>(r);
  REQUIRE(handoffs.size() >= 1);
  CHECK(handoffs[0].first == minutes(20));
  CHECK(handoffs[0].second.from == ana);
  CHECK(handoffs[0].second.to == bo);
  bool ana_handing_off = false;
  for (const auto& [at, c] : events_of<ev::ResponderChanged>(r))
    if (c.who == ana && c.state == ResponderState::HandingOff) ana_handing_off = at == minutes(20);
  CHECK(ana_handing_off);
  // Every step during Bo's turn is his.
  for (const auto& [at, step] : events_of<ev::DiagnosisStep>(r))
    if (at > minutes(20) && at < minutes(40)) CHECK(step.by == bo);

  SECTION("a page answered just after the shift ended is handed off at once") {
    // Turns of 12 min: the page goes to Ana at 10:11:45 and her shift ends at 10:12:00; she
    // acknowledges after that (by day the acknowledgement takes a lognormal 2 min).
    web.schedules =
        rotation_schedules(UnixTime{seconds{s.run.start_unix_s}}, minutes(12), {0, 1, 2});
    const RunRecord late = simulate(s, 10);
    const auto acked = events_of<ev::PageAcknowledged>(late).at(0);
    REQUIRE(acked.second.by == ana);
    REQUIRE(acked.first > minutes(12));
    const auto handoff = events_of<ev::Handoff>(late).at(0);
    CHECK(handoff.first == acked.first);
    CHECK(handoff.second.to == bo);
  }

  s.policy.handoff_at_shift_end = false;
  const RunRecord stay = simulate(s, 10);
  CHECK(times_of<ev::Handoff>(stay).empty());
  for (const auto& [at, step] : events_of<ev::DiagnosisStep>(stay)) CHECK(step.by == ana);
}

TEST_CASE("Automation: restart on crash acts after its delay, backs off on failure and gives up "
          "after max_attempts",
          "[automation]") {
  Scenario s = with_fault(FaultType::CrashReplicas);
  AutomationRule rule;
  rule.name = "k8s-restart";
  rule.kind = AutomationKind::RestartOnCrash;
  rule.delay = seconds(60);
  rule.success_probability = 1.0;
  s.automation = {rule};
  const RunRecord fixed = simulate(s, 11);
  const auto acted = events_of<ev::AutoRemediation>(fixed);
  REQUIRE(acted.size() == 1);
  CHECK(acted[0].first == minutes(11));
  CHECK(acted[0].second.success);
  const auto cleared = events_of<ev::FaultCleared>(fixed);
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].first == minutes(11));
  CHECK(cleared[0].second.mitigated);

  // Crash-looping: attempts at +60 s, then 120 s and 240 s later (doubling back-off); then the
  // people must fix it.
  s.automation[0].success_probability = 0.0;
  const RunRecord looping = simulate(s, 11);
  std::vector<SimTime> attempts;
  for (const auto& [at, a] : events_of<ev::AutoRemediation>(looping)) attempts.push_back(at);
  CHECK(attempts == std::vector<SimTime>{minutes(11), minutes(13), minutes(17)});
  CHECK(events_of<ev::MitigationStarted>(looping).size() >= 1);
}

TEST_CASE("Automation: a canary analysis rolls back a failing rollout, a latency-only defect "
          "passes it",
          "[automation]") {
  // api's new version fails 50 % of what it serves and serves 10 % for 30 min: api's error
  // ratio is 5 % > the 2 % threshold. Analyses at 11:00 and 12:00 fail; the second reaches the
  // failure limit and the rollback lands one delay later, at 13:00.
  Scenario s = with_fault(FaultType::BadDeploy);
  s.faults[0].rollout = {{0.1, minutes(30)}, {1.0, SimTime{0}}};
  AutomationRule rule;
  rule.name = "canary";
  rule.kind = AutomationKind::RollbackFailingCanary;
  rule.delay = seconds(60);
  rule.success_probability = 1.0;
  rule.error_ratio_threshold = 0.02;
  rule.analysis_interval = seconds(60);
  rule.failure_limit = 2;
  s.automation = {rule};
  const RunRecord r = simulate(s, 12);
  const auto acted = events_of<ev::AutoRemediation>(r);
  REQUIRE(acted.size() == 1);
  CHECK(acted[0].first == minutes(13));
  CHECK(acted[0].second.action == MitigationAction::Rollback);
  CHECK(first<ev::FaultCleared>(r) == minutes(13));

  s.faults[0].error_ratio = 0.0;
  s.faults[0].latency_ms = 300.0;
  CHECK(events_of<ev::AutoRemediation>(simulate(s, 12)).empty());
}

TEST_CASE("Response: a false alarm closing never sends a responder an incident took since back "
          "to rest",
          "[response][people]") {
  // 300 spurious firings a day (one every ~5 min) over the rules while a real fault is worked:
  // people looking into false alarms are paged for the incident too.
  Scenario s = with_fault(FaultType::ErrorRate);
  s.false_positives.per_day = 300.0;
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    INFO("seed " << seed);
    const RunRecord r = simulate(s, seed);
    std::vector<std::size_t> resolved;
    for (const auto& [at, e] : events_of<ev::IncidentResolved>(r)) resolved.push_back(e.incident);
    // Each person's incident, from the working states they were set to (a page that rang and
    // was cancelled is not work).
    std::map<std::size_t, std::optional<std::size_t>> working;
    std::vector<std::size_t> done;
    for (const TimelineEvent& e : r.timeline) {
      if (const auto* res = std::get_if<ev::IncidentResolved>(&e.payload)) done.push_back(res->incident);
      const auto* c = std::get_if<ev::ResponderChanged>(&e.payload);
      if (c == nullptr) continue;
      const bool rest = c->state == ResponderState::Available ||
                        c->state == ResponderState::Asleep || c->state == ResponderState::OffDuty;
      auto& mine = working[c->who.person];
      if (rest && mine) {
        CHECK(std::find(done.begin(), done.end(), *mine) != done.end());
      }
      const bool working_state = !rest && c->state != ResponderState::Paged;
      if (rest) mine.reset();
      if (working_state && c->incident) mine = c->incident;
    }
    CHECK_FALSE(events_of<ev::FalseAlarmPaged>(r).empty());
  }
}
