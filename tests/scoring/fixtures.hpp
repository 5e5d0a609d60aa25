#pragma once
// Hand-made scenarios and run records for the scoring tests: small enough that every expected
// metric can be computed by hand in the test that checks it.

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <utility>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring::testing {

using model::SimTime;
namespace ev = model::ev;

constexpr SimTime seconds(double s) { return engine::from_seconds(s); }
constexpr SimTime minutes(double m) { return engine::from_minutes(m); }

// 2026-11-27 18:00:00 UTC, computed from the civil date.
inline std::int64_t drill_start_unix_s() {
  using namespace std::chrono;
  return duration_cast<std::chrono::seconds>(
             (sys_days{year{2026} / November / 27} + hours{18}).time_since_epoch())
      .count();
}

// Three services (frontend owned by team web; checkoutservice and paymentservice by team
// payments), two journeys (checkout at 100 req/s, 99.9 % over 30 days, 2.0 per request; browse
// at 50 req/s, 99 % over 30 days, no revenue), one threshold and one burn-rate rule, and three
// faults (a bad deploy of paymentservice, a failing call frontend->checkoutservice, a surge).
inline model::Scenario drill_scenario() {
  model::Scenario s;
  s.name = "checkout-bad-deploy";
  s.purpose = "Rehearse a bad deploy of the payment service during the evening peak.";
  s.run.start_unix_s = drill_start_unix_s();
  s.run.duration = std::chrono::hours(4);
  s.run.seed = 42;
  s.services = {{"frontend", 0, 3, 200.0, 5.0},
                {"checkoutservice", 1, 2, 100.0, 20.0},
                {"paymentservice", 1, 2, 100.0, 30.0}};
  s.calls = {{0, 1, true, 1.0, 1000.0}, {1, 2, true, 1.0, 1000.0}};
  model::Journey checkout;
  checkout.name = "checkout";
  checkout.entry_service = 0;
  checkout.rate_rps = 100.0;
  checkout.calls = {0, 1};
  checkout.slo = {0.999, std::chrono::hours(24 * 30)};
  checkout.revenue_per_request = 2.0;
  model::Journey browse;
  browse.name = "browse";
  browse.entry_service = 0;
  browse.rate_rps = 50.0;
  browse.slo = {0.99, std::chrono::hours(24 * 30)};
  s.journeys = {checkout, browse};

  model::Team web;
  web.name = "web";
  web.people = {{"Ana Silva", "Asia/Tokyo"}, {"Ben Okafor", "America/New_York"}};
  const model::UnixTime start{std::chrono::seconds{s.run.start_unix_s}};
  web.schedules = model::rotation_schedules(start, std::chrono::hours(24 * 7), {0, 1});
  web.escalation.levels = {{{{model::EscalationTarget::Kind::Schedule, 0}}, minutes(5)},
                           {{{model::EscalationTarget::Kind::Schedule, 1}}, minutes(5)}};
  model::Team payments;
  payments.name = "payments";
  payments.people = {{"Chen Wei", "Asia/Shanghai"}, {"Dana Kovacs", "Europe/Budapest"}};
  payments.schedules = model::rotation_schedules(start, std::chrono::hours(24 * 7), {0, 1});
  payments.escalation.levels = {{{{model::EscalationTarget::Kind::Schedule, 0}}, minutes(10)}};
  s.teams = {web, payments};

  model::ThresholdRule errors;
  errors.name = "payment-errors";
  errors.metric = model::MetricKind::ErrorRatio;
  errors.target_kind = model::TargetKind::Service;
  errors.target = 2;
  errors.threshold = 0.05;
  errors.window = minutes(1);
  errors.for_duration = minutes(2);
  s.threshold_rules = {errors};
  model::BurnRateRule burn;
  burn.name = "checkout-slo-burn";
  burn.journey = 0;
  burn.conditions = {{std::chrono::hours(1), minutes(5), 14.4}};
  s.burn_rate_rules = {burn};

  model::Fault deploy;
  deploy.id = "payment-bad-deploy";
  deploy.type = model::FaultType::BadDeploy;
  deploy.service = 2;
  deploy.start = minutes(10);
  deploy.error_ratio = 0.3;
  deploy.latency_ms = 200.0;
  model::Fault call_failure;
  call_failure.id = "frontend-checkout-partition";
  call_failure.type = model::FaultType::CallFailure;
  call_failure.call = 0;
  call_failure.start = std::chrono::hours(2);
  call_failure.error_ratio = 0.5;
  model::Fault surge;
  surge.id = "evening-surge";
  surge.type = model::FaultType::TrafficSurge;
  surge.start = std::chrono::hours(3);
  surge.multiplier = 3.0;
  s.faults = {deploy, call_failure, surge};
  return s;
}

// A segment [start_s, end_s) with (offered, good) req/s for checkout and browse, in that order.
inline model::Segment segment(double start_s, double end_s,
                              std::initializer_list<std::pair<double, double>> flows) {
  model::Segment seg;
  seg.start = seconds(start_s);
  seg.end = seconds(end_s);
  for (const auto& [offered, good] : flows) seg.journeys.push_back({offered, good, 50.0});
  seg.services.resize(3);
  return seg;
}

// A record that holds only the scenario's faults (for describing events).
inline model::RunRecord record_of(const model::Scenario& s) {
  model::RunRecord r;
  r.faults = s.faults;
  return r;
}

inline model::TimelineEvent at(double s, model::EventPayload payload) {
  return {seconds(s), std::move(payload)};
}

inline model::PersonRef ana() { return {0, 0}; }
inline model::PersonRef ben() { return {0, 1}; }
inline model::PersonRef chen() { return {1, 0}; }

// One incident from the bad deploy, every phase present:
//   impact 600 s; detected 780 s by the burn-rate rule; Ana paged at 780 s (after hours), the
//   page escalates at 1080 s to Ben, who acknowledges at 1140 s; P1 at 1200 s; Ben inspects
//   checkoutservice (a red herring) and Chen paymentservice; cause 1500 s; rollback 1560 s to
//   1800 s; mitigated 1800 s; status updates at 1320 s and 2000 s; resolved 2400 s.
// Checkout fails 30 of its 100 req/s over [600 s, 1800 s); browse never fails.
inline model::RunRecord drill_record() {
  model::RunRecord r;
  r.faults = drill_scenario().faults;
  r.seed = 42;
  r.duration = std::chrono::hours(4);
  r.segments = {segment(0, 600, {{100, 100}, {50, 50}}), segment(600, 1800, {{100, 70}, {50, 50}}),
                segment(1800, 14400, {{100, 100}, {50, 50}})};
  using K = model::AlertRuleKind;
  using S = model::AlertState;
  r.timeline = {
      at(600, ev::FaultInjected{0}),
      at(600, ev::IncidentOpened{0, 0}),
      at(660, ev::AlertChanged{K::Threshold, 0, S::Pending, 0.3}),
      at(780, ev::AlertChanged{K::BurnRate, 0, S::Firing, 300.0}),
      at(780, ev::IncidentDetected{0, K::BurnRate, 0}),
      at(780, ev::PageSent{0, ana(), 0, true}),
      at(780, ev::AlertChanged{K::Threshold, 0, S::Firing, 0.3}),
      at(1080, ev::PageEscalated{0, 0, 1}),
      at(1080, ev::PageSent{0, ben(), 1, false}),
      at(1140, ev::PageAcknowledged{0, ben()}),
      at(1200, ev::SeverityDeclared{0, model::Severity::P1, 0.3, false, std::nullopt, 0, ben()}),
      at(1260, ev::DiagnosisStep{0, ben(), 1, true, model::DiagnosisLead::Alert}),
      at(1320, ev::StatusUpdatePosted{0, model::Severity::P1, "Checkout errors | investigating"}),
      at(1400, ev::DiagnosisStep{0, chen(), 2, false, model::DiagnosisLead::Errors}),
      at(1500, ev::CauseIdentified{0, 2}),
      at(1500, ev::TeamEngaged{0, 1}),
      at(1560, ev::MitigationStarted{0, model::MitigationAction::Rollback, 2}),
      at(1800, ev::MitigationFinished{0, model::MitigationAction::Rollback, true}),
      at(1800, ev::FaultCleared{0, true}),
      at(1800, ev::IncidentMitigated{0}),
      at(1830, ev::AlertChanged{K::Threshold, 0, S::Resolved, 0.0}),
      at(2000, ev::StatusUpdatePosted{0, model::Severity::P1, "Fix deployed, monitoring"}),
      at(2400, ev::IncidentResolved{0}),
  };
  return r;
}

// The example: "18 of 31 minutes to mitigate were spent waiting for escalation level 2".
// The drill scenario with team web's level 1 waiting `level1_delay_min` before escalating. In
// minutes since impact (600 s): detected at 2 and Ana Silva paged at level 1; escalated to Ben
// Okafor at 2 + level1_delay_min; Ben acknowledges `level2_ack_min` later (not woken), triages
// for 2 min; one useful diagnosis step of 3 min; the cause step 3 min later, then a 3-min
// rollback. With the defaults (15, 3): acknowledged at 20, triage to 22, diagnosis to 28,
// mitigated at 31; 2 + 15 + 3 = 18 of 31 min waiting for an acknowledgement. Ben is released at
// resolution, 10 min after mitigation. Responder states are recorded as the model publishes them.
struct Escalated {
  model::Scenario scenario;
  model::RunRecord record;
};
inline Escalated escalated_record(double level1_delay_min = 15, double level2_ack_min = 3) {
  Escalated e;
  e.scenario = drill_scenario();
  e.scenario.teams[0].escalation.levels[0].delay = minutes(level1_delay_min);
  const double t0 = 600;
  const double detected = t0 + 120;
  const double escalated = detected + level1_delay_min * 60;
  const double acked = escalated + level2_ack_min * 60;
  const double triaged = acked + 120;
  const double step = triaged + 180;
  const double cause = step + 180;
  const double mitigated = cause + 180;
  model::RunRecord& r = e.record;
  r.faults = e.scenario.faults;
  r.seed = 42;
  r.duration = std::chrono::hours(4);
  r.segments = {segment(0, t0, {{100, 100}, {50, 50}}),
                segment(t0, mitigated, {{100, 70}, {50, 50}}),
                segment(mitigated, 14400, {{100, 100}, {50, 50}})};
  using K = model::AlertRuleKind;
  using RS = model::ResponderState;
  const auto rollback = model::MitigationAction::Rollback;
  r.timeline = {
      at(t0, ev::FaultInjected{0}),
      at(t0, ev::IncidentOpened{0, 0}),
      at(detected, ev::IncidentDetected{0, K::BurnRate, 0}),
      at(detected, ev::PageSent{0, ana(), 0, true}),
      at(detected, ev::ResponderChanged{ana(), RS::Paged, 0}),
      at(escalated, ev::ResponderChanged{ana(), RS::Asleep, std::nullopt}),
      at(escalated, ev::PageEscalated{0, 0, 1}),
      at(escalated, ev::PageSent{0, ben(), 1, false}),
      at(escalated, ev::ResponderChanged{ben(), RS::Paged, 0}),
      at(acked, ev::ResponderChanged{ben(), RS::Acknowledging, 0}),
      at(acked, ev::PageAcknowledged{0, ben()}),
      at(acked, ev::ResponderChanged{ben(), RS::Triaging, 0}),
      at(triaged, ev::SeverityDeclared{0, model::Severity::P2, 0.3}),
      at(triaged, ev::ResponderChanged{ben(), RS::Investigating, 0}),
      at(step, ev::DiagnosisStep{0, ben(), 1, false}),
      at(cause, ev::DiagnosisStep{0, ben(), 2, false}),
      at(cause, ev::CauseIdentified{0, 2}),
      at(cause, ev::ResponderChanged{ben(), RS::Mitigating, 0}),
      at(cause, ev::MitigationStarted{0, rollback, 2}),
      at(mitigated, ev::MitigationFinished{0, rollback, true}),
      at(mitigated, ev::ResponderChanged{ben(), RS::Investigating, 0}),
      at(mitigated, ev::FaultCleared{0, true}),
      at(mitigated, ev::IncidentMitigated{0}),
      at(mitigated + 600, ev::IncidentResolved{0}),
      at(mitigated + 600, ev::ResponderChanged{ben(), RS::Available, std::nullopt}),
  };
  return e;
}

// escalated_record() with people around it: Dana Kovacs takes the incident commander's role at
// triage's end (T+22 min, 1920 s) and communicates until the resolution (3060 s); after the
// incident, a false alarm wakes Ana at 5000 s, she looks into it from 5300 s and closes it at
// 5900 s.
inline Escalated staffed_record() {
  Escalated e = escalated_record();
  using RS = model::ResponderState;
  const model::PersonRef dana{1, 1};
  auto& t = e.record.timeline;
  const auto insert_at = [&t](double at_s, model::EventPayload payload) {
    const auto it = std::upper_bound(t.begin(), t.end(), seconds(at_s),
                                     [](SimTime v, const auto& ev) { return v < ev.at; });
    t.insert(it, at(at_s, std::move(payload)));
  };
  insert_at(1920, ev::RoleAssigned{0, model::Role::IncidentCommander, dana});
  insert_at(1920, ev::ResponderChanged{dana, RS::Communicating, 0});
  insert_at(3060, ev::ResponderChanged{dana, RS::OffDuty, std::nullopt});
  insert_at(5000, ev::FalseAlarmPaged{0, 0, ana(), true, true});
  insert_at(5000, ev::ResponderChanged{ana(), RS::Paged, std::nullopt});
  insert_at(5300, ev::ResponderChanged{ana(), RS::Investigating, std::nullopt});
  insert_at(5900, ev::FalseAlarmClosed{0, ana()});
  insert_at(5900, ev::ResponderChanged{ana(), RS::Asleep, std::nullopt});
  return e;
}

// Every kind of delay in one incident, its responder states as response.cpp publishes them. In
// seconds since the run's start: impact 600; detected 720, Ana paged (woken); she acknowledges at
// 960 and is at a keyboard at 1320; P2 at 1500; a red herring (checkoutservice) ends at 1740;
// she drafts a status update over [1860, 2160), which pushes her step to 2400; the next service
// is team payments', which is paged then; Chen acknowledges at 2580 and investigates at 2640.
// Two responders and no incident commander: each step takes f = 1 + 0.15 × (2 − 1) = 1.15 times
// its base, 276 s here (a 240 s base), of which 276 × 0.15 / 1.15 = 36 s is overhead. Steps end
// at 2916 and 3192 (the cause); a rollback fails at 3552, the next works at 3912.
inline model::RunRecord busy_record() {
  model::RunRecord r = record_of(drill_scenario());
  r.seed = 42;
  r.duration = std::chrono::hours(4);
  r.segments = {segment(0, 600, {{100, 100}, {50, 50}}), segment(600, 3912, {{100, 70}, {50, 50}}),
                segment(3912, 14400, {{100, 100}, {50, 50}})};
  using RS = model::ResponderState;
  const auto rollback = model::MitigationAction::Rollback;
  r.timeline = {
      at(600, ev::FaultInjected{0}),
      at(600, ev::IncidentOpened{0, 0}),
      at(720, ev::IncidentDetected{0, model::AlertRuleKind::BurnRate, 0}),
      at(720, ev::PageSent{0, ana(), 0, true, true}),
      at(720, ev::ResponderChanged{ana(), RS::Paged, 0}),
      at(960, ev::ResponderChanged{ana(), RS::Acknowledging, 0}),
      at(960, ev::PageAcknowledged{0, ana()}),
      at(1320, ev::ResponderChanged{ana(), RS::Triaging, 0}),
      at(1500, ev::SeverityDeclared{0, model::Severity::P2, 0.3}),
      at(1500, ev::ResponderChanged{ana(), RS::Investigating, 0}),
      at(1740, ev::DiagnosisStep{0, ana(), 1, true}),
      at(1860, ev::ResponderChanged{ana(), RS::Communicating, 0}),
      at(2160, ev::StatusUpdatePosted{0, model::Severity::P2, "Investigating", ana()}),
      at(2160, ev::ResponderChanged{ana(), RS::Investigating, 0}),
      at(2400, ev::DiagnosisStep{0, ana(), 0, false}),
      at(2400, ev::TeamEngaged{0, 1}),
      at(2400, ev::PageSent{0, chen(), 0, false, false, 1}),
      at(2400, ev::ResponderChanged{chen(), RS::Paged, 0}),
      at(2580, ev::ResponderChanged{chen(), RS::Acknowledging, 0}),
      at(2580, ev::PageAcknowledged{0, chen()}),
      at(2640, ev::ResponderChanged{chen(), RS::Investigating, 0}),
      at(2916, ev::DiagnosisStep{0, chen(), 1, false}),
      at(3192, ev::DiagnosisStep{0, chen(), 2, false}),
      at(3192, ev::CauseIdentified{0, 2}),
      at(3192, ev::ResponderChanged{chen(), RS::Mitigating, 0}),
      at(3192, ev::MitigationStarted{0, rollback, 2}),
      at(3552, ev::MitigationFinished{0, rollback, false}),
      at(3552, ev::MitigationStarted{0, rollback, 2}),
      at(3912, ev::MitigationFinished{0, rollback, true}),
      at(3912, ev::ResponderChanged{chen(), RS::Investigating, 0}),
      at(3912, ev::FaultCleared{0, true}),
      at(3912, ev::IncidentMitigated{0}),
  };
  return r;
}

// Incident 0 detected by customer reports of journey checkout: the first report at 700 s,
// support's escalation at 1600 s, P2 declared at 1700 s, an update at 2500 s; tickets after
// silences of 5, 20, 31 and 45 min, and one of a journey no incident explains.
inline model::RunRecord reported_record() {
  model::RunRecord r = drill_record();
  using K = model::AlertRuleKind;
  r.timeline = {
      at(600, ev::IncidentOpened{0, 0}),
      at(700, ev::CustomerReported{0, 0}),
      at(900, ev::SupportTicketOpened{0, 0, minutes(5)}),
      at(1600, ev::IncidentDetected{0, K::CustomerReport, 0}),
      at(1700, ev::SeverityDeclared{0, model::Severity::P2, 0.3}),
      at(1800, ev::SupportTicketOpened{0, 0, minutes(20)}),
      at(2460, ev::SupportTicketOpened{0, 0, minutes(31)}),
      at(2500, ev::StatusUpdatePosted{0, model::Severity::P2, "Investigating"}),
      at(3300, ev::SupportTicketOpened{0, 0, minutes(45)}),
      at(3400, ev::SupportTicketOpened{1, std::nullopt, minutes(1)}),
  };
  return r;
}

// A quiet run: four hours, nothing fails, no incident.
inline model::RunRecord quiet_record() {
  model::RunRecord r;
  r.faults = drill_scenario().faults;
  r.seed = 7;
  r.duration = std::chrono::hours(4);
  r.segments = {segment(0, 14400, {{100, 100}, {50, 50}})};
  return r;
}

}  // namespace firedrill::scoring::testing
