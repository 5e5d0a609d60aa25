// Synthetic probes: the failure probability one probe request meets in a steady state, and the
// alert on consecutive failures in whole runs, against hand-computed times and the waiting time
// for a run of successes in Bernoulli trials.

#include "sim/model/probes.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <variant>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// three_tier with a probe on journey browse (every 60 s, 3 failures to alert) as its only
// detection path: no threshold or burn-rate rule, and customers who never report.
Scenario probed() {
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.clear();
  s.customers.report_probability = 0.0;
  ProbeRule p;
  p.name = "browse-probe";
  p.target_kind = TargetKind::Journey;
  p.target = 0;
  s.probe_rules = {p};
  return s;
}

Fault fault_on(FaultType type, std::size_t service, SimTime start) {
  Fault f;
  f.id = "fault";
  f.type = type;
  f.service = service;
  f.start = start;
  return f;
}

struct ProbeAlert {
  SimTime at;
  AlertState state;
  double value;
};

std::vector<ProbeAlert> probe_alerts(const RunRecord& r) {
  std::vector<ProbeAlert> out;
  for (const TimelineEvent& e : r.timeline) {
    const auto* a = std::get_if<ev::AlertChanged>(&e.payload);
    if (a && a->kind == AlertRuleKind::Probe) out.push_back({e.at, a->state, a->value});
  }
  return out;
}

std::optional<SimTime> first_firing(const RunRecord& r) {
  for (const ProbeAlert& a : probe_alerts(r))
    if (a.state == AlertState::Firing) return a.at;
  return std::nullopt;
}

Segment journey_segment(double offered, double good, double p50_ms, double p99_ms) {
  Segment seg;
  seg.journeys = {{offered, good, p50_ms, p50_ms, p99_ms}};
  seg.services.resize(4);
  return seg;
}

}  // namespace

TEST_CASE(
    "Probes: a probe fails with the failed share, or when a lognormal through p50 and p99 "
    "outlasts its timeout",
    "[probes]") {
  const Scenario s = probed();
  ProbeRule probe = s.probe_rules[0];
  probe.timeout_ms = 1000.0;
  // p99 at the timeout: 1 % of requests take longer.
  CHECK(probe_failure_probability(s, probe, journey_segment(100, 100, 400, 1000)) ==
        Approx(0.01).margin(1e-12));
  // The timeout at the median: half of them.
  probe.timeout_ms = 400.0;
  CHECK(probe_failure_probability(s, probe, journey_segment(100, 100, 400, 1000)) ==
        Approx(0.5).margin(1e-12));
  // 20 % failing and 1 % late among the rest: 1 − 0.8 × 0.99.
  probe.timeout_ms = 1000.0;
  CHECK(probe_failure_probability(s, probe, journey_segment(100, 80, 400, 1000)) ==
        Approx(1.0 - 0.8 * 0.99).margin(1e-12));
  // Requests beyond the users' own timeout already count as failed: a probe that waits as long
  // adds nothing.
  probe.timeout_ms = s.journeys[0].timeout_ms;
  CHECK(probe_failure_probability(s, probe, journey_segment(100, 80, 400, 50'000)) ==
        Approx(0.2).margin(1e-12));
  // Without traffic the entry service's error ratio stands in.
  Segment idle = journey_segment(0, 0, 0, 0);
  idle.services[0].error_ratio = 0.3;
  CHECK(probe_failure_probability(s, probe, idle) == Approx(0.3));
  // A service probe reads the service.
  ProbeRule on_api = probe;
  on_api.target_kind = TargetKind::Service;
  on_api.target = 1;
  on_api.timeout_ms = 1000.0;
  Segment seg = journey_segment(100, 100, 10, 20);
  seg.services[1] = {2, 100.0, 0.5, 0.25, 20.0, 400.0, 1000.0};
  CHECK(probe_failure_probability(s, on_api, seg) == Approx(1.0 - 0.75 * 0.99).margin(1e-12));
}

TEST_CASE(
    "Probes: against a total outage a 60 s probe needing 3 failures fires at the third "
    "probe after it began, pages through Alertmanager and resolves at the first success",
    "[probes][run]") {
  Scenario s = probed();
  s.faults = {fault_on(FaultType::Outage, 1, seconds(630))};  // api down from 10:30
  const RunRecord r = simulate(s, 1);
  // Probes go out at k × 60 s. The first to meet the outage is at 11:00 (pending, one failure),
  // the third at 13:00 (firing); Alertmanager's group waits group_wait before it notifies.
  const auto alerts = probe_alerts(r);
  REQUIRE(alerts.size() >= 2);
  CHECK(alerts[0].at == minutes(11));
  CHECK(alerts[0].state == AlertState::Pending);
  CHECK(alerts[0].value == 1.0);
  CHECK(alerts[1].at == minutes(13));
  CHECK(alerts[1].state == AlertState::Firing);
  CHECK(alerts[1].value == 3.0);
  SimTime detected{-1};
  for (const TimelineEvent& e : r.timeline) {
    if (const auto* d = std::get_if<ev::IncidentDetected>(&e.payload)) {
      detected = e.at;
      CHECK(d->kind == AlertRuleKind::Probe);
      CHECK(d->rule == 0);
    }
  }
  CHECK(detected == minutes(13) + s.alert_route.group_wait);
  // The restart ends the outage; the next probe succeeds and resolves the alert.
  SimTime cleared{-1};
  for (const TimelineEvent& e : r.timeline)
    if (std::holds_alternative<ev::FaultCleared>(e.payload)) cleared = e.at;
  REQUIRE(cleared > detected);
  REQUIRE(alerts.size() == 3);
  CHECK(alerts[2].state == AlertState::Resolved);
  const SimTime next_probe = (cleared + minutes(1) - SimTime{1}) / minutes(1) * minutes(1);
  CHECK(alerts[2].at == next_probe);
}

TEST_CASE("Probes: a healthy journey never fails a probe", "[probes][run]") {
  Scenario s = probed();
  s.probe_rules[0].interval = seconds(15);
  s.probe_rules[0].failures_to_alert = 1;
  s.run.duration = hours(12);
  const RunRecord r = simulate(s, 1);
  CHECK(probe_failure_probability(s, s.probe_rules[0], r.segments.front()) < 1e-12);
  for (std::uint64_t seed = 1; seed <= 5; ++seed) CHECK(probe_alerts(simulate(s, seed)).empty());
}

TEST_CASE(
    "Probes: at a 50 % failure share the alert fires after the expected waiting time for "
    "three failures in a row",
    "[probes][run]") {
  Scenario s = probed();
  Fault half = fault_on(FaultType::ErrorRate, 0, SimTime{0});  // frontend fails half its work
  half.error_ratio = 0.5;
  s.faults = {half};
  s.run.duration = hours(4);
  s.run.scrape_interval = minutes(1);
  const int k = s.probe_rules[0].failures_to_alert;
  const double p = probe_failure_probability(s, s.probe_rules[0], simulate(s, 1).segments.front());
  REQUIRE(p == Approx(0.5).margin(1e-9));
  // Bernoulli trials failing with probability p: the number of trials up to and including the
  // end of the first run of k failures has mean (1 − p^k) / ((1 − p) p^k) and variance
  // 1/((1 − p) p^k)² − (2k + 1)/((1 − p) p^k) − p/(1 − p)² (Feller, "An Introduction to
  // Probability Theory and Its Applications", vol. 1, 3rd ed., ch. XIII §7, success runs): 14 and
  // 142 at p = 1/2, k = 3. Probes go out at k × 60 s from the fault's start at 0.
  const double qpk = (1.0 - p) * std::pow(p, k);
  const double mean = (1.0 - std::pow(p, k)) / qpk;
  const double var = 1.0 / (qpk * qpk) - (2.0 * k + 1.0) / qpk - p / ((1.0 - p) * (1.0 - p));
  constexpr int kSeeds = 2000;
  double sum = 0.0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const auto fired = first_firing(simulate(s, static_cast<std::uint64_t>(seed)));
    REQUIRE(fired);
    REQUIRE(*fired % minutes(1) == SimTime{0});
    sum += static_cast<double>(*fired / minutes(1));
  }
  const double measured = sum / kSeeds;
  INFO("mean probes to fire " << measured << ", theory " << mean);
  CHECK(std::abs(measured - mean) <= 4.0 * std::sqrt(var / kSeeds));
}
