#pragma once
// Small hand-built scenarios for the model's tests (the model tests link only the model, so
// they build scenarios in code rather than load files).

#include <catch2/catch.hpp>
#include <utility>
#include <variant>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model::testing {

// frontend → api (hard) → db (hard), frontend → recs (soft); one journey "browse" at 100 req/s
// over all calls; team "web" of three people in UTC, weekly rotation (schedules "primary" and
// "secondary"); a threshold rule on the journey's error ratio (> 5 % over 1 min, for 1 min); an
// SRE Workbook page burn-rate rule.
// Run: 2026-11-23 (a Monday) 10:00 UTC, 2 hours, scrape every 15 s. No faults.
inline Call make_call(std::size_t caller, std::size_t callee, bool hard, double timeout_ms) {
  Call c;
  c.caller = caller;
  c.callee = callee;
  c.hard = hard;
  c.timeout_ms = timeout_ms;
  c.feature_flag = !hard;  // the loader's default
  return c;
}

inline Scenario three_tier() {
  using std::chrono::minutes;
  Scenario s;
  s.name = "three-tier";
  s.run.start_unix_s = 1795428000;  // 2026-11-23T10:00:00Z
  s.run.duration = std::chrono::hours(2);
  s.services = {{"frontend", 0, 4, 100.0, 10.0},
                {"api", 0, 2, 100.0, 20.0},
                {"db", 0, 2, 200.0, 5.0},
                {"recs", 0, 1, 200.0, 30.0}};
  s.calls = {make_call(0, 1, true, 1000.0), make_call(1, 2, true, 1000.0),
             make_call(0, 3, false, 500.0)};
  Journey j;
  j.name = "browse";
  j.entry_service = 0;
  j.rate_rps = 100.0;
  j.calls = {0, 1, 2};
  j.slo = {0.999, std::chrono::hours(24 * 30)};
  s.journeys = {j};
  Team t;
  t.name = "web";
  t.people = {{"Ana", "UTC"}, {"Bo", "UTC"}, {"Cy", "UTC"}};
  // The default rotation: weekly turns from the run's start.
  t.schedules = rotation_schedules(UnixTime{std::chrono::seconds{s.run.start_unix_s}},
                                   std::chrono::hours(24 * 7), {0, 1, 2});
  t.escalation.levels = {
      {{{EscalationTarget::Kind::Schedule, 0}}, minutes(5)},
      {{{EscalationTarget::Kind::Schedule, 1}}, minutes(10)},
      {{{EscalationTarget::Kind::Person, 2}}, minutes(15)}};
  t.escalation.loops = 2;
  s.teams = {t};
  ThresholdRule r;
  r.name = "browse-errors";
  r.metric = MetricKind::ErrorRatio;
  r.target_kind = TargetKind::Journey;
  r.target = 0;
  r.threshold = 0.05;
  r.window = minutes(1);
  r.for_duration = minutes(1);
  s.threshold_rules = {r};
  // Responders apply the fix they find at once; tests of wrong guesses turn them on.
  s.policy.wrong_action_probability = 0.0;
  s.burn_rate_rules = {{"browse-burn", 0, {{std::chrono::hours(1), minutes(5), 14.4},
                                           {std::chrono::hours(6), minutes(30), 6.0}},
                        SimTime{0}, std::nullopt}};
  return s;
}

// A checkout entry (ample capacity) that hard-calls a payment service of `replicas` replicas at
// μ = 50 req/s, base latency 1/μ = 20 ms (no fixed delay), with a 100 ms timeout and `retries`
// retries; 135 req/s of checkouts. three_tier's team, rules and run. The retry-storm chain.
inline Scenario payment_chain(int replicas, int retries, std::optional<double> budget) {
  Scenario s = three_tier();
  s.name = "payment-chain";
  s.services = {{"checkout", 0, 10, 1000.0, 1.0}, {"payment", 0, replicas, 50.0, 20.0}};
  s.calls = {make_call(0, 1, true, 100.0)};
  s.calls[0].retries = retries;
  s.calls[0].retry_budget = budget;
  s.journeys[0].name = "checkout";
  s.journeys[0].rate_rps = 135.0;
  s.journeys[0].calls = {0};
  return s;
}

// A journey-only telemetry at kTelemetryRateRps for three_tier-shaped scenarios (four
// services): error ratio `ratio` from each step's `at` to the next's (and to `end` for the
// last); clean before the first.
constexpr double kTelemetryRateRps = 100.0;
struct Step {
  SimTime at;
  double ratio;
};
inline std::vector<Segment> piecewise(const std::vector<Step>& steps, SimTime end) {
  std::vector<Segment> out;
  SimTime from{0};
  double ratio = 0.0;
  const auto push = [&](SimTime to) {
    if (to <= from) return;
    Segment s;
    s.start = from;
    s.end = to;
    s.journeys = {{kTelemetryRateRps, kTelemetryRateRps * (1.0 - ratio), 50.0}};
    s.services.resize(4);
    out.push_back(s);
  };
  for (const Step& step : steps) {
    push(step.at);
    from = step.at;
    ratio = step.ratio;
  }
  push(end);
  return out;
}

// The nominal past of piecewise telemetry (what windows read before 0): kTelemetryRateRps, clean.
inline Segment nominal_past() {
  Segment s;
  s.journeys = {{kTelemetryRateRps, kTelemetryRateRps, 50.0}};
  s.services.resize(4);
  return s;
}

// One replica of `service` crashes over [start, end).
inline Fault replica_crash(std::size_t service, SimTime start, SimTime end) {
  Fault crash;
  crash.id = "crash";
  crash.type = FaultType::CrashReplicas;
  crash.service = service;
  crash.start = start;
  crash.end = end;
  return crash;
}

// three_tier with one fault of `type` on api (service 1) from 10 min on, error ratio 0.5.
inline Scenario with_fault(FaultType type) {
  Scenario s = three_tier();
  Fault f;
  f.id = "fault";
  f.type = type;
  f.service = 1;  // api
  f.start = std::chrono::minutes(10);
  f.error_ratio = 0.5;
  s.faults = {f};
  return s;
}

// The timeline events of type T, with their times, in order.
template <typename T>
std::vector<std::pair<SimTime, T>> events_of(const RunRecord& r) {
  std::vector<std::pair<SimTime, T>> out;
  for (const TimelineEvent& e : r.timeline)
    if (const T* p = std::get_if<T>(&e.payload)) out.emplace_back(e.at, *p);
  return out;
}

template <typename T>
std::vector<SimTime> times_of(const RunRecord& r) {
  std::vector<SimTime> out;
  for (const auto& [at, e] : events_of<T>(r)) out.push_back(at);
  return out;
}

// The time of the first event of type T; the calling test fails if there is none.
template <typename T>
SimTime first(const RunRecord& r) {
  const auto t = times_of<T>(r);
  REQUIRE_FALSE(t.empty());
  return t.front();
}

}  // namespace firedrill::model::testing
