#include "sim/model/monitor.hpp"

#include <catch2/catch.hpp>
#include <optional>

#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using firedrill::engine::from_seconds;
using firedrill::engine::to_seconds;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// A journey-only telemetry: 100 req/s throughout, with error ratio `e` inside [from, to).
std::vector<Segment> errors_between(SimTime from, SimTime to, double e, SimTime end) {
  const auto seg = [](SimTime a, SimTime b, double ratio) {
    Segment s;
    s.start = a;
    s.end = b;
    s.journeys = {{100.0, 100.0 * (1.0 - ratio), 50.0}};
    s.services.resize(4);
    return s;
  };
  return {seg(SimTime{0}, from, 0.0), seg(from, to, e), seg(to, end, 0.0)};
}

struct Timeline {
  std::optional<SimTime> pending, firing, resolved;
};

// Evaluates every `interval` up to `end` and records the first time of each transition.
Timeline evaluate(Monitor& m, const std::vector<Segment>& segs, AlertRuleKind kind,
                  SimTime interval, SimTime end) {
  Timeline t;
  for (SimTime now = interval; now <= end; now += interval) {
    for (const AlertTransition& tr : m.evaluate(segs, now)) {
      if (tr.kind != kind) continue;
      auto& slot = tr.state == AlertState::Pending  ? t.pending
                   : tr.state == AlertState::Firing ? t.firing
                                                    : t.resolved;
      if (!slot) slot = now;
    }
  }
  return t;
}

}  // namespace

TEST_CASE("Monitor: a threshold alert is pending first and fires once true for its `for`",
          "[monitor]") {
  Scenario s = testing::three_tier();
  s.burn_rate_rules.clear();
  Monitor m(s);
  // Total outage from 10:00 to 20:00 (minutes). Rule: error ratio over 1 min > 5 %, for 1 min.
  const auto segs = errors_between(minutes(10), minutes(20), 1.0, minutes(40));
  const Timeline t = evaluate(m, segs, AlertRuleKind::Threshold, seconds(15), minutes(40));
  // At 10:15 the 1-min window holds 15 s of errors = 25 % > 5 %: pending at the first evaluation.
  REQUIRE(t.pending);
  CHECK(*t.pending == minutes(10) + seconds(15));
  // Firing at the first evaluation at least `for` (1 min) after it became pending.
  CHECK(*t.firing == *t.pending + minutes(1));
  // Resolved at the first evaluation whose 1-min window holds ≤ 5 % errors: 20:00 + 57 s.
  CHECK(*t.resolved == minutes(21));
}

TEST_CASE("Monitor: a threshold alert that stops being true while pending never fires",
          "[monitor]") {
  Scenario s = testing::three_tier();
  s.burn_rate_rules.clear();
  s.threshold_rules[0].for_duration = minutes(5);
  Monitor m(s);
  const auto segs = errors_between(minutes(10), minutes(12), 1.0, minutes(30));
  const Timeline t = evaluate(m, segs, AlertRuleKind::Threshold, seconds(15), minutes(30));
  CHECK(t.pending);
  CHECK_FALSE(t.firing);
  CHECK_FALSE(t.resolved);
}

TEST_CASE("Monitor: a burn-rate alert on a total outage fires when the SRE Workbook's formula "
          "says",
          "[monitor]") {
  // SRE Workbook ch. 5, approach 4: time to fire = (1 − SLO) / e × W × b. With two window
  // pairs the 1 h/5 m pair at 14.4 decides: 0.001 / 1.0 × 3600 s × 14.4 = 51.84 s; the 5 m
  // window crosses earlier (4.32 s). One evaluation interval (15 s) of tolerance.
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  Monitor m(s);
  const SimTime outage = hours(6);  // after six clean hours, so every window starts clean
  const auto segs = errors_between(outage, outage + hours(1), 1.0, hours(8));
  const Timeline t = evaluate(m, segs, AlertRuleKind::BurnRate, seconds(15), hours(8));
  const double expected_s = to_seconds(outage) + (1.0 - 0.999) / 1.0 * 3600.0 * 14.4;
  REQUIRE(t.firing);
  CHECK(to_seconds(*t.firing) >= expected_s);
  CHECK(to_seconds(*t.firing) < expected_s + 15.0);
}

TEST_CASE("Monitor: multiwindow burn rate follows SRE Workbook figure 5-6 (15 % errors, 10 min)",
          "[monitor]") {
  // Long window (1 h) crosses 14.4 × 0.001 when 0.15 × t / 3600 ≥ 0.0144: t = 345.6 s ("about
  // 5 minutes"). After errors stop at 600 s, the short window (5 min) holds 0.15 × r / 300 of
  // errors, r the remaining error seconds, below 0.0144 once r < 28.8 s: at 871.2 s — the alert
  // resets 4.5 minutes after the errors stop, not an hour later.
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules[0].conditions.resize(1);  // the 1 h / 5 m pair at 14.4
  Monitor m(s);
  const SimTime start = hours(2);
  const auto segs = errors_between(start, start + minutes(10), 0.15, hours(4));
  const Timeline t = evaluate(m, segs, AlertRuleKind::BurnRate, seconds(15), hours(4));
  REQUIRE(t.firing);
  REQUIRE(t.resolved);
  const double fire_s = to_seconds(*t.firing - start);
  const double reset_s = to_seconds(*t.resolved - start);
  CHECK(fire_s >= 345.6);
  CHECK(fire_s < 345.6 + 15.0);
  CHECK(reset_s >= 871.2);
  CHECK(reset_s < 871.2 + 15.0);
}

TEST_CASE("window_metric: error ratio and latency are request-weighted over the window",
          "[monitor]") {
  const Scenario s = testing::three_tier();
  auto segs = errors_between(minutes(1), minutes(2), 0.5, minutes(3));
  segs[1].journeys[0].mean_latency_ms = 150.0;
  // Window [1:30, 2:30): 30 s at 50 % errors and 150 ms, 30 s clean at 50 ms.
  const double ratio = window_metric(s, segs, MetricKind::ErrorRatio, TargetKind::Journey, 0,
                                     from_seconds(90), from_seconds(150));
  CHECK(ratio == Approx(0.25));
  const double latency = window_metric(s, segs, MetricKind::LatencyMs, TargetKind::Journey, 0,
                                       from_seconds(90), from_seconds(150));
  CHECK(latency == Approx(100.0));
}
