#include "sim/model/monitor.hpp"

#include <algorithm>
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

// Evaluates every `interval` up to `end` and records the first time of each transition. Before 0
// the windows read a clean nominal past.
Timeline evaluate(Monitor& m, const std::vector<Segment>& segs, AlertRuleKind kind,
                  SimTime interval, SimTime end) {
  Timeline t;
  const Segment past = testing::nominal_past();
  for (SimTime now = interval; now <= end; now += interval) {
    for (const AlertTransition& tr : m.evaluate({past, segs}, now)) {
      if (tr.kind != kind) continue;
      auto& slot = tr.state == AlertState::Pending  ? t.pending
                   : tr.state == AlertState::Firing ? t.firing
                                                    : t.resolved;
      if (!slot) slot = now;
    }
  }
  return t;
}

using testing::piecewise;
using testing::Step;

// Every transition of every alert, evaluating the monitor at every `scrape` up to `end`. Before 0
// the windows read a clean nominal past.
std::vector<AlertTransition> run_monitor(Monitor& m, const std::vector<Segment>& segs,
                                         SimTime scrape, SimTime end) {
  std::vector<AlertTransition> all;
  const Segment past = testing::nominal_past();
  for (SimTime now = scrape; now <= end; now += scrape) {
    for (const AlertTransition& t : m.evaluate({past, segs}, now)) all.push_back(t);
  }
  return all;
}

// The instant of the first transition to `state` of an alert with `severity`, if any.
std::optional<SimTime> first(const std::vector<AlertTransition>& all, AlertState state,
                             AlertSeverity severity = AlertSeverity::Page) {
  for (const AlertTransition& t : all) {
    if (t.state == state && t.severity == severity) return t.at;
  }
  return std::nullopt;
}

std::size_t count(const std::vector<AlertTransition>& all, AlertState state) {
  return static_cast<std::size_t>(std::count_if(
      all.begin(), all.end(), [state](const AlertTransition& t) { return t.state == state; }));
}

// A scenario whose only rule is a threshold rule on the journey's error ratio.
Scenario with_threshold(double threshold, SimTime window, SimTime for_duration) {
  Scenario s = testing::three_tier();
  s.burn_rate_rules.clear();
  ThresholdRule& r = s.threshold_rules.at(0);
  r.threshold = threshold;
  r.window = window;
  r.for_duration = for_duration;
  return s;
}

// A scenario whose only rule is a burn-rate rule with `conditions`.
Scenario with_burn_rate(std::vector<BurnRateCondition> conditions) {
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.at(0).conditions = std::move(conditions);
  return s;
}

constexpr double kBudget = 1.0 - 0.999;  // three_tier's SLO
const SimTime kPeriod = hours(24 * 30);

double seconds_between(SimTime from, SimTime to) { return to_seconds(to - from); }

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
  const Segment past = testing::nominal_past();
  const double ratio = window_metric(s, {past, segs}, MetricKind::ErrorRatio, TargetKind::Journey,
                                     0, from_seconds(90), from_seconds(150));
  CHECK(ratio == Approx(0.25));
  const double latency = window_metric(s, {past, segs}, MetricKind::LatencyMs, TargetKind::Journey,
                                       0, from_seconds(90), from_seconds(150));
  CHECK(latency == Approx(100.0));
}

TEST_CASE("window_metric: the part of a window before 0 holds the nominal past", "[monitor]") {
  const Scenario s = testing::three_tier();
  Segment past = testing::nominal_past();
  past.journeys[0].mean_latency_ms = 150.0;
  past.services[0].utilisation = 0.5;
  // Half the journey fails from 0 on, at 50 ms; before 0 it was clean at 150 ms.
  const auto segs = testing::piecewise({{SimTime{0}, 0.5}}, minutes(5));
  // Window [−1 min, 1 min): 60 s clean at 150 ms, 60 s at 50 % errors and 50 ms.
  const Telemetry telemetry{past, segs};
  const auto metric = [&](MetricKind kind, TargetKind target) {
    return window_metric(s, telemetry, kind, target, 0, -minutes(1), minutes(1));
  };
  CHECK(metric(MetricKind::ErrorRatio, TargetKind::Journey) == Approx(0.25));
  CHECK(metric(MetricKind::LatencyMs, TargetKind::Journey) == Approx(100.0));
  // Utilisation is time-weighted: 0.5 for the past minute, 0 (the segments say none) after.
  CHECK(metric(MetricKind::Utilisation, TargetKind::Service) == Approx(0.25));
  // A window wholly before 0 is the past alone.
  CHECK(window_metric(s, telemetry, MetricKind::LatencyMs, TargetKind::Journey, 0, -hours(6),
                      -hours(1)) == Approx(150.0));
}

// ---- SRE Workbook ch. 5, "Alerting on SLOs": the six approaches, 99.9 % SLO, 30-day period ------
// The book assumes constant traffic and a clean window before errors start, so every outage here
// starts once the longest window in play holds only clean traffic. Expected instants come from
// the book's formulas; tolerance is one evaluation interval (the monitor sees only evaluations).

TEST_CASE("Monitor: approach 1, error ratio over 10 min >= budget, fires 0.6 s into an outage",
          "[monitor][sre-workbook]") {
  Scenario s = with_threshold(kBudget, minutes(10), SimTime{0});
  const SimTime eval = seconds(15);
  const SimTime start = minutes(10) + seconds(5);  // off the evaluation grid
  SECTION("a total outage: fires after budget × window = 0.6 s") {
    Monitor m(s);
    const auto all = run_monitor(m, piecewise({{start, 1.0}}, hours(1)), eval, hours(1));
    const double expected_s = kBudget / 1.0 * 600.0;
    CHECK(expected_s == Approx(0.6));
    REQUIRE(first(all, AlertState::Firing));
    CHECK(seconds_between(start, *first(all, AlertState::Firing)) >= expected_s);
    CHECK(seconds_between(start, *first(all, AlertState::Firing)) <= expected_s + 15.0);
  }
  SECTION("an error ratio of 1.5 × the budget: fires after budget / e × window = 400 s") {
    Monitor m(s);
    const auto all = run_monitor(m, piecewise({{start, 1.5 * kBudget}}, hours(1)), eval, hours(1));
    const double expected_s = kBudget / (1.5 * kBudget) * 600.0;
    REQUIRE(first(all, AlertState::Firing));
    CHECK(seconds_between(start, *first(all, AlertState::Firing)) >= expected_s);
    CHECK(seconds_between(start, *first(all, AlertState::Firing)) <= expected_s + 15.0);
    // It fires having spent e × t of a 30-day budget B × P: 0.02 % (the book's "0.02 %").
    const double spent = 1.5 * kBudget * expected_s / (kBudget * to_seconds(kPeriod));
    CHECK(spent == Approx(0.0002).epsilon(0.2));
  }
}

TEST_CASE("Monitor: approach 2, a 36 h window fires 2 min 10 s into an outage and keeps firing "
          "for 36 h",
          "[monitor][sre-workbook]") {
  Scenario s = with_threshold(kBudget, hours(36), SimTime{0});
  s.run.evaluation_interval = minutes(1);  // Prometheus' default
  const SimTime start = hours(36);
  const SimTime outage = minutes(10);
  const SimTime end = start + hours(37);
  Monitor m(s);
  const auto all = run_monitor(m, piecewise({{start, 1.0}, {start + outage, 0.0}}, end),
                               seconds(15), end);
  // Book: "2 minutes and 10 seconds for a complete outage": budget × 36 h = 129.6 s.
  const double fire_s = kBudget * to_seconds(hours(36));
  REQUIRE(first(all, AlertState::Firing));
  CHECK(seconds_between(start, *first(all, AlertState::Firing)) >= fire_s);
  CHECK(seconds_between(start, *first(all, AlertState::Firing)) <= fire_s + 60.0);
  // The 36 h window holds more than 129.6 s of errors until the outage's first
  // (outage − 129.6 s) have left it: 36 h + outage − 129.6 s after the start.
  const double reset_s = to_seconds(hours(36) + outage) - fire_s;
  REQUIRE(first(all, AlertState::Resolved));
  CHECK(seconds_between(start, *first(all, AlertState::Resolved)) >= reset_s);
  CHECK(seconds_between(start, *first(all, AlertState::Resolved)) <= reset_s + 60.0);
}

TEST_CASE("Monitor: approach 3, a 1 min window with `for: 1h` fires an hour into an outage, and a "
          "momentary recovery resets the timer",
          "[monitor][sre-workbook]") {
  Scenario s = with_threshold(kBudget, minutes(1), hours(1));
  const SimTime start = minutes(5) + seconds(5);  // off the evaluation grid
  const SimTime end = hours(4);
  SECTION("a total outage fires after 1 h, having spent 140 % of the budget") {
    Monitor m(s);
    const auto all = run_monitor(m, piecewise({{start, 1.0}}, end), seconds(15), end);
    REQUIRE(first(all, AlertState::Firing));
    const double fire_s = seconds_between(start, *first(all, AlertState::Firing));
    CHECK(fire_s >= 3600.0);
    CHECK(fire_s <= 3600.0 + 15.0);
    // Book: "consumed 140 % of the budget": 1 h of errors / (B × 30 d) = 1.39.
    CHECK(1.0 * fire_s / (kBudget * to_seconds(kPeriod)) == Approx(1.4).epsilon(0.01));
  }
  SECTION("two clean minutes at minute 30 restart the `for` timer") {
    Monitor m(s);
    const SimTime back = start + minutes(32);
    const auto all = run_monitor(
        m, piecewise({{start, 1.0}, {start + minutes(30), 0.0}, {back, 1.0}}, end), seconds(15),
        end);
    CHECK(count(all, AlertState::Pending) == 2);
    REQUIRE(first(all, AlertState::Firing));
    const double fire_s = seconds_between(back, *first(all, AlertState::Firing));
    CHECK(fire_s >= 3600.0);
    CHECK(fire_s <= 3600.0 + 15.0);
  }
}

TEST_CASE("Monitor: approach 4, a single 1 h window at 36× fires and resets as the book computes",
          "[monitor][sre-workbook]") {
  // Long window only: no short window, as the book's approach 4.
  Scenario s = with_burn_rate({{hours(1), std::nullopt, 36.0}});
  const SimTime start = hours(1);
  SECTION("a total outage of an hour: fires after (1 − SLO) / e × W × b, resets 58 min after") {
    const SimTime end = start + hours(3);
    Monitor m(s);
    const auto all =
        run_monitor(m, piecewise({{start, 1.0}, {start + hours(1), 0.0}}, end), seconds(15), end);
    const double fire_s = kBudget / 1.0 * 3600.0 * 36.0;  // 129.6 s
    REQUIRE(first(all, AlertState::Firing));
    CHECK(seconds_between(start, *first(all, AlertState::Firing)) >= fire_s);
    CHECK(seconds_between(start, *first(all, AlertState::Firing)) <= fire_s + 15.0);
    // After a full window of errors the 1 h ratio is (3600 − t) / 3600, below 36 × 0.001 once
    // t > 3600 × (1 − 0.036) = 3470.4 s: the book's "58 minutes".
    const double reset_s = 3600.0 * (1.0 - 36.0 * kBudget);
    CHECK(reset_s / 60.0 == Approx(58.0).margin(0.5));
    REQUIRE(first(all, AlertState::Resolved));
    const double resolved_s = seconds_between(start + hours(1), *first(all, AlertState::Resolved));
    CHECK(resolved_s >= reset_s);
    CHECK(resolved_s <= reset_s + 15.0);
    // Budget consumed when it fires: b × W / P = 5 %.
    CHECK(budget_consumed(s.burn_rate_rules[0].conditions[0], kPeriod) == Approx(0.05));
  }
  SECTION("a 35× burn never fires, yet exhausts the budget in 20.5 hours") {
    const SimTime end = start + hours(24);
    Monitor m(s);
    const auto all = run_monitor(m, piecewise({{start, 35.0 * kBudget}}, end), minutes(1), end);
    CHECK_FALSE(first(all, AlertState::Firing));
    CHECK(to_seconds(kPeriod) / 35.0 / 3600.0 == Approx(20.5).margin(0.1));
  }
}

TEST_CASE("Monitor: approach 5, multiple burn rates page on the 6 h window and ticket on the 3 d "
          "window of a slow burn",
          "[monitor][sre-workbook]") {
  // Page on 1 h at 14.4× (2 % of the budget) or 6 h at 6× (5 %); ticket on 3 d at 1× (10 %).
  Scenario s = with_burn_rate({{hours(1), std::nullopt, 14.4},
                               {hours(6), std::nullopt, 6.0},
                               {hours(72), std::nullopt, 1.0, std::nullopt,
                                AlertSeverity::Ticket}});
  s.run.evaluation_interval = minutes(1);
  const auto& c = s.burn_rate_rules[0].conditions;
  CHECK(budget_consumed(c[0], kPeriod) == Approx(0.02));
  CHECK(budget_consumed(c[1], kPeriod) == Approx(0.05));
  CHECK(budget_consumed(c[2], kPeriod) == Approx(0.10));
  // An 8× burn: never 14.4× over 1 h; 6× over 6 h once 8 B t / 6 h = 6 B (t = 4.5 h); 1× over
  // 3 d once 8 B t / 72 h = B (t = 9 h).
  const SimTime start = hours(72);
  const SimTime end = start + hours(10);
  Monitor m(s);
  const auto all =
      run_monitor(m, piecewise({{start, 8.0 * kBudget}}, end), seconds(15), end);
  REQUIRE(first(all, AlertState::Firing, AlertSeverity::Page));
  REQUIRE(first(all, AlertState::Firing, AlertSeverity::Ticket));
  const double page_s = seconds_between(start, *first(all, AlertState::Firing));
  const double ticket_s =
      seconds_between(start, *first(all, AlertState::Firing, AlertSeverity::Ticket));
  CHECK(page_s >= 4.5 * 3600.0);
  CHECK(page_s <= 4.5 * 3600.0 + 60.0);
  CHECK(ticket_s >= 9.0 * 3600.0);
  CHECK(ticket_s <= 9.0 * 3600.0 + 60.0);
  // The page alert is the `or` of the two page conditions; the ticket is its own alert.
  for (const AlertTransition& t : all) {
    CHECK(t.condition == (t.severity == AlertSeverity::Page ? 0u : 2u));
  }
}

TEST_CASE("Monitor: conditions with different `for` are separate alerts, each with its own timer",
          "[monitor]") {
  // Pyrra's first two windows: 14× over 1h/5m for 2 min, 7× over 6h/30m for 15 min.
  Scenario s = with_burn_rate({{hours(1), minutes(5), 14.0, minutes(2)},
                               {hours(6), minutes(30), 7.0, minutes(15)}});
  const SimTime start = hours(6);
  const SimTime end = start + hours(2);
  Monitor m(s);
  const auto all = run_monitor(m, piecewise({{start, 1.0}}, end), seconds(15), end);
  std::optional<SimTime> fire0, fire1;
  for (const AlertTransition& t : all) {
    if (t.state != AlertState::Firing) continue;
    (t.condition == 0 ? fire0 : fire1) = t.at;
  }
  REQUIRE(fire0);
  REQUIRE(fire1);
  // Each turns true when its long window holds burn × B of errors (14 × 0.001 × 3600 s = 50.4 s;
  // 7 × 0.001 × 21600 s = 151.2 s), then waits its own `for`.
  CHECK(seconds_between(start, *fire0) >= 50.4 + 120.0);
  CHECK(seconds_between(start, *fire0) < 50.4 + 120.0 + 15.0);
  CHECK(seconds_between(start, *fire1) >= 151.2 + 900.0);
  CHECK(seconds_between(start, *fire1) < 151.2 + 900.0 + 15.0);
}

TEST_CASE("Monitor: keep_firing_for holds a firing alert after its expression turns false",
          "[monitor]") {
  Scenario s = with_threshold(0.05, minutes(1), SimTime{0});
  s.threshold_rules[0].keep_firing_for = minutes(10);
  SECTION("resolved keep_firing_for after the first false evaluation") {
    Monitor m(s);
    // As the first test: the expression is first false at 21:00.
    const auto all = run_monitor(m, piecewise({{minutes(10), 1.0}, {minutes(20), 0.0}}, hours(1)),
                                 seconds(15), hours(1));
    CHECK(first(all, AlertState::Firing) == minutes(10) + seconds(15));
    CHECK(first(all, AlertState::Resolved) == minutes(21) + minutes(10));
  }
  SECTION("true again while kept firing: still one firing, the hold restarts") {
    Monitor m(s);
    const auto all = run_monitor(m,
                                 piecewise({{minutes(10), 1.0},
                                            {minutes(20), 0.0},
                                            {minutes(25), 1.0},
                                            {minutes(26), 0.0}},
                                           hours(1)),
                                 seconds(15), hours(1));
    CHECK(count(all, AlertState::Firing) == 1);
    CHECK(first(all, AlertState::Resolved) == minutes(27) + minutes(10));
  }
}

TEST_CASE("Monitor: rules are evaluated every evaluation interval, not every scrape",
          "[monitor]") {
  Scenario s = with_threshold(0.05, minutes(1), SimTime{0});
  s.run.evaluation_interval = minutes(1);
  Monitor m(s);
  CHECK(m.evaluation_interval() == minutes(1));
  CHECK(m.next_evaluation(SimTime{0}) == minutes(1));
  CHECK(m.next_evaluation(minutes(1)) == minutes(2));
  CHECK(m.next_evaluation(minutes(1) + seconds(15)) == minutes(2));
  const auto all = run_monitor(m, piecewise({{minutes(10) + seconds(5), 1.0}}, minutes(20)),
                               seconds(15), minutes(20));
  // Every scrape would see the outage at 10:15; the first evaluation after it is at 11:00.
  CHECK(first(all, AlertState::Firing) == minutes(11));
  // Without the setting, every scrape evaluates, as before it existed.
  Scenario every_scrape = s;
  every_scrape.run.evaluation_interval.reset();
  CHECK(Monitor(every_scrape).evaluation_interval() == s.run.scrape_interval);
}

// ---- The six approaches again, with the fault one minute into the run ------------------------
// A run begins as if the system had already run in its nominal state, so a window reaching
// before 0 holds clean traffic there, as the book assumes: detection times are the book's even
// for a fault at 1:00. (Windows cut at 0 fired far too early: with 5 % errors from 1:00, a 6 h
// window at 6× held 0.05 × (t − 60 s) / t ≥ 0.006 from t = 68.2 s, so the rule fired at the first
// evaluation after the fault instead of 2 592 s into it.) Same formulas and tolerances as above;
// the fault starts at kOneMinuteIn, on the 15 s evaluation grid.

namespace {

const SimTime kOneMinuteIn = minutes(1);

// SRE Workbook ch. 5, approach 4: seconds from the start of errors at ratio `e` until a window
// of `window` holds burn × (1 − SLO) of errors: (1 − SLO) / e × W × b.
double workbook_detection_s(double e, SimTime window, double burn) {
  return kBudget / e * to_seconds(window) * burn;
}

}  // namespace

TEST_CASE("Monitor: approach 1 fires 400 s into an outage at 1.5 × the budget that starts a minute "
          "into the run",
          "[monitor][sre-workbook]") {
  Scenario s = with_threshold(kBudget, minutes(10), SimTime{0});
  Monitor m(s);
  const auto all =
      run_monitor(m, piecewise({{kOneMinuteIn, 1.5 * kBudget}}, hours(1)), seconds(15), hours(1));
  // budget / e × window = 400 s (windows cut at 0 fired after 120 s).
  const double expected_s = kBudget / (1.5 * kBudget) * 600.0;
  REQUIRE(first(all, AlertState::Firing));
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) >= expected_s);
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) <= expected_s + 15.0);
}

TEST_CASE("Monitor: approach 2, a 36 h window fires 2 min 10 s into an outage that starts a "
          "minute into the run",
          "[monitor][sre-workbook]") {
  Scenario s = with_threshold(kBudget, hours(36), SimTime{0});
  s.run.evaluation_interval = minutes(1);
  const SimTime outage = minutes(10);
  const SimTime end = kOneMinuteIn + hours(37);
  Monitor m(s);
  const auto all = run_monitor(
      m, piecewise({{kOneMinuteIn, 1.0}, {kOneMinuteIn + outage, 0.0}}, end), seconds(15), end);
  // budget × 36 h = 129.6 s (windows cut at 0 fired at the first evaluation, after 60 s).
  const double fire_s = kBudget * to_seconds(hours(36));
  REQUIRE(first(all, AlertState::Firing));
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) >= fire_s);
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) <= fire_s + 60.0);
  const double reset_s = to_seconds(hours(36) + outage) - fire_s;
  REQUIRE(first(all, AlertState::Resolved));
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Resolved)) >= reset_s);
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Resolved)) <= reset_s + 60.0);
}

TEST_CASE("Monitor: approach 3, a 1 min window with `for: 1h` fires an hour into an outage that "
          "starts a minute into the run",
          "[monitor][sre-workbook]") {
  // The control: a 1 min window read after 1:00 never reaches before 0, so this held before the
  // nominal past too.
  Scenario s = with_threshold(kBudget, minutes(1), hours(1));
  Monitor m(s);
  const auto all =
      run_monitor(m, piecewise({{kOneMinuteIn, 1.0}}, hours(3)), seconds(15), hours(3));
  REQUIRE(first(all, AlertState::Firing));
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) >= 3600.0);
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) <= 3600.0 + 15.0);
}

TEST_CASE("Monitor: approach 4, a 1 h window at 36× fires 129.6 s into an outage that starts a "
          "minute into the run",
          "[monitor][sre-workbook]") {
  Scenario s = with_burn_rate({{hours(1), std::nullopt, 36.0}});
  Monitor m(s);
  const auto all =
      run_monitor(m, piecewise({{kOneMinuteIn, 1.0}}, hours(2)), seconds(15), hours(2));
  // (1 − SLO) / e × W × b = 129.6 s (windows cut at 0 fired after 15 s).
  const double fire_s = workbook_detection_s(1.0, hours(1), 36.0);
  REQUIRE(first(all, AlertState::Firing));
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) >= fire_s);
  CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) <= fire_s + 15.0);
}

TEST_CASE("Monitor: approach 5, multiple burn rates page and ticket at the book's times for a "
          "burn that starts a minute into the run",
          "[monitor][sre-workbook]") {
  SECTION("an 8× burn pages on the 6 h window after 4.5 h, tickets on the 3 d window after 9 h") {
    Scenario s =
        with_burn_rate({{hours(1), std::nullopt, 14.4},
                        {hours(6), std::nullopt, 6.0},
                        {hours(72), std::nullopt, 1.0, std::nullopt, AlertSeverity::Ticket}});
    s.run.evaluation_interval = minutes(1);
    const SimTime end = kOneMinuteIn + hours(10);
    Monitor m(s);
    const auto all =
        run_monitor(m, piecewise({{kOneMinuteIn, 8.0 * kBudget}}, end), seconds(15), end);
    // 8 B never reaches 14.4 B over 1 h. Windows cut at 0 paged after 3 min and ticketed at once.
    const double page_s = workbook_detection_s(8.0 * kBudget, hours(6), 6.0);
    const double ticket_s = workbook_detection_s(8.0 * kBudget, hours(72), 1.0);
    CHECK(page_s == Approx(4.5 * 3600.0));
    CHECK(ticket_s == Approx(9.0 * 3600.0));
    REQUIRE(first(all, AlertState::Firing, AlertSeverity::Page));
    REQUIRE(first(all, AlertState::Firing, AlertSeverity::Ticket));
    const double paged_s = seconds_between(kOneMinuteIn, *first(all, AlertState::Firing));
    const double ticketed_s =
        seconds_between(kOneMinuteIn, *first(all, AlertState::Firing, AlertSeverity::Ticket));
    CHECK(paged_s >= page_s);
    CHECK(paged_s <= page_s + 60.0);
    CHECK(ticketed_s >= ticket_s);
    CHECK(ticketed_s <= ticket_s + 60.0);
  }
  SECTION("5 % errors against the 6 h window at 6× fire after 2 592 s, not at once") {
    Scenario s = with_burn_rate({{hours(6), std::nullopt, 6.0}});
    const SimTime end = kOneMinuteIn + hours(1);
    Monitor m(s);
    const auto all = run_monitor(m, piecewise({{kOneMinuteIn, 0.05}}, end), seconds(15), end);
    const double fire_s = workbook_detection_s(0.05, hours(6), 6.0);
    CHECK(fire_s == Approx(2592.0));
    REQUIRE(first(all, AlertState::Firing));
    CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) >= fire_s);
    CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) <= fire_s + 15.0);
  }
}

TEST_CASE("Monitor: approach 6, multiwindow multi-burn-rate alerts fire at the book's times for "
          "errors that start a minute into the run",
          "[monitor][sre-workbook]") {
  SECTION("15 % errors for 10 min against 1h/5m at 14.4×: fires after 345.6 s, resets at 871.2 s") {
    Scenario s = with_burn_rate({{hours(1), minutes(5), 14.4}});
    const SimTime end = hours(1);
    Monitor m(s);
    const auto all =
        run_monitor(m, piecewise({{kOneMinuteIn, 0.15}, {kOneMinuteIn + minutes(10), 0.0}}, end),
                    seconds(15), end);
    // The long window decides (the 5 min one crosses after 28.8 s); cut at 0 it fired after 15 s.
    const double fire_s = workbook_detection_s(0.15, hours(1), 14.4);
    CHECK(fire_s == Approx(345.6));
    REQUIRE(first(all, AlertState::Firing));
    REQUIRE(first(all, AlertState::Resolved));
    CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) >= fire_s);
    CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Firing)) <= fire_s + 15.0);
    CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Resolved)) >= 871.2);
    CHECK(seconds_between(kOneMinuteIn, *first(all, AlertState::Resolved)) <= 871.2 + 15.0);
  }
  SECTION("5 % errors: the SRE Workbook's page pairs fire on 1h/5m after 1 036.8 s, the 6h/30m "
          "pair alone after 2 592 s") {
    const auto fired_s = [](std::vector<BurnRateCondition> conditions) {
      Scenario s = with_burn_rate(std::move(conditions));
      const SimTime end = kOneMinuteIn + hours(1);
      Monitor m(s);
      const auto all = run_monitor(m, piecewise({{kOneMinuteIn, 0.05}}, end), seconds(15), end);
      REQUIRE(first(all, AlertState::Firing));
      return seconds_between(kOneMinuteIn, *first(all, AlertState::Firing));
    };
    // Each pair's short window crosses first (5 min: 86.4 s; 30 min: 216 s); the long one decides.
    const double both_s = workbook_detection_s(0.05, hours(1), 14.4);
    const double six_hour_s = workbook_detection_s(0.05, hours(6), 6.0);
    const double both = fired_s(testing::three_tier().burn_rate_rules[0].conditions);
    CHECK(both >= both_s);
    CHECK(both <= both_s + 15.0);
    const double six_hour = fired_s({{hours(6), minutes(30), 6.0}});
    CHECK(six_hour >= six_hour_s);
    CHECK(six_hour <= six_hour_s + 15.0);
  }
}
