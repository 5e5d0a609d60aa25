// Cross-checks the Monitor against Prometheus itself: for a few timelines, writes the counters a
// Prometheus would scrape from the same flow (requests and errors, every scrape interval), alert
// rules equivalent to ours, and `alert_rule_test` expectations taken from our Monitor at instants
// more than one evaluation interval from any of its transitions; then runs `promtool test rules`
// (Debian 12's prometheus package, 2.42) and requires it to agree. promtool missing is a failure.

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/model/monitor.hpp"
#include "sim/model/segments.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using firedrill::engine::to_seconds;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

using testing::piecewise;
using testing::Step;

// Prometheus durations in whole seconds ("90s"), which every duration field and range accepts.
std::string duration(SimTime t) {
  return std::to_string(std::chrono::duration_cast<seconds>(t).count()) + "s";
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// `sum(rate(errors[W])) / sum(rate(requests[W]))`: the journey's error ratio over W as a
// Prometheus recording of our counters computes it.
std::string ratio_expr(SimTime window) {
  return "(sum(rate(journey_errors_total[" + duration(window) +
         "])) / sum(rate(journey_requests_total[" + duration(window) + "])))";
}

// One Prometheus alerting rule per alert of our Monitor for the scenario's only rule.
// REQUIRES: exactly one rule; a threshold rule watches a journey's error ratio; a burn-rate rule's
// conditions share one severity and `for` (one alert).
std::string rules_yaml(const Scenario& s) {
  std::ostringstream out;
  out << "groups:\n  - name: firedrill\n    interval: "
      << duration(s.run.evaluation_interval.value_or(s.run.scrape_interval)) << "\n    rules:\n";
  std::string name, expr, severity;
  SimTime for_duration{0}, keep_firing_for{0};
  if (!s.threshold_rules.empty()) {
    const ThresholdRule& r = s.threshold_rules.at(0);
    REQUIRE(r.metric == MetricKind::ErrorRatio);
    REQUIRE(r.target_kind == TargetKind::Journey);
    name = r.name;
    expr = ratio_expr(r.window) + " > " + number(r.threshold);
    severity = to_string(r.severity);
    for_duration = r.for_duration;
    keep_firing_for = r.keep_firing_for;
  } else {
    const BurnRateRule& r = s.burn_rate_rules.at(0);
    const double budget = 1.0 - s.journeys.at(r.journey).slo.objective;
    name = r.name;
    for (const BurnRateCondition& c : r.conditions) {
      std::string condition = ratio_expr(c.long_window) + " >= " + number(c.burn_rate * budget);
      if (c.short_window) {
        condition += " and " + ratio_expr(*c.short_window) + " >= " + number(c.burn_rate * budget);
      }
      expr += (expr.empty() ? "" : " or ") + ("(" + condition + ")");
    }
    severity = to_string(r.conditions.at(0).severity);
    for_duration = r.conditions.at(0).for_duration.value_or(r.for_duration);
    keep_firing_for = r.keep_firing_for;
  }
  out << "      - alert: " << name << "\n        expr: '" << expr << "'\n";
  if (for_duration.count() > 0) out << "        for: " << duration(for_duration) << "\n";
  if (keep_firing_for.count() > 0) {
    out << "        keep_firing_for: " << duration(keep_firing_for) << "\n";
  }
  out << "        labels:\n          severity: " << severity << "\n";
  return out.str();
}

// Counter samples at 0, s, 2s, …, end: the requests and errors integrated over the segments.
std::string series_values(const std::vector<Segment>& segs, SimTime scrape, SimTime end,
                          bool errors) {
  std::string values;
  for (SimTime t{0}; t <= end; t += scrape) {
    const double total = integrate(segs, SimTime{0}, t, [errors](const Segment& seg) {
      const JourneyFlow& j = seg.journeys[0];
      return errors ? j.offered_rps - j.good_rps : j.offered_rps;
    });
    values += (values.empty() ? "" : " ") + number(total);
  }
  return values;
}

struct CrossCheck {
  std::size_t instants = 0;  // instants compared
  std::size_t firing = 0;    // of which our Monitor said firing
  std::size_t pending = 0;   // of which it said pending
  std::vector<AlertTransition> transitions;
};

// Runs our Monitor over `segs` (called at every scrape, as the world does), writes the promtool
// test for the instants it is sure of, runs promtool and requires it to pass.
CrossCheck cross_check(const std::string& name, const Scenario& s, const std::vector<Segment>& segs,
                       SimTime end) {
  CrossCheck result;
  Monitor monitor(s);
  // Prometheus has no samples before 0, the monitor reads a clean nominal past there: the
  // timelines keep their errors out of every window that reaches before 0, where both agree.
  const Segment past = testing::nominal_past();
  const SimTime scrape = s.run.scrape_interval;
  const SimTime eval = monitor.evaluation_interval();
  for (SimTime now = scrape; now <= end; now += scrape) {
    for (const AlertTransition& t : monitor.evaluate({past, segs}, now))
      result.transitions.push_back(t);
  }
  REQUIRE_FALSE(result.transitions.empty());

  const std::string alert =
      s.threshold_rules.empty() ? s.burn_rate_rules[0].name : s.threshold_rules[0].name;
  const std::string severity = s.threshold_rules.empty()
                                   ? to_string(s.burn_rate_rules[0].conditions[0].severity)
                                   : to_string(s.threshold_rules[0].severity);
  // Our Monitor reports no transition when a pending alert's expression turns false (nothing is
  // sent, as in Prometheus), so a pending state is known only until it fires; after a pending
  // that never fired, the ALERTS check is left out until the next transition.
  std::ostringstream tests, pending;
  for (SimTime t = eval; t <= end; t += eval) {
    bool near = false;
    bool pending_known = true;
    AlertState state = AlertState::Resolved;  // inactive until a transition says otherwise
    for (std::size_t i = 0; i < result.transitions.size(); ++i) {
      const AlertTransition& tr = result.transitions[i];
      const SimTime gap = tr.at > t ? tr.at - t : t - tr.at;
      near = near || gap <= eval;
      if (tr.at > t) continue;
      state = tr.state;
      pending_known =
          state != AlertState::Pending || (i + 1 < result.transitions.size() &&
                                           result.transitions[i + 1].state == AlertState::Firing);
    }
    if (near) continue;
    ++result.instants;
    tests << "      - eval_time: " << duration(t) << "\n        alertname: " << alert
          << "\n        exp_alerts:";
    if (state == AlertState::Firing) {
      ++result.firing;
      tests << "\n          - exp_labels:\n              severity: " << severity << "\n";
    } else {
      tests << " []\n";
    }
    // Pending alerts are not alert_rule_test's business; Prometheus records them in the ALERTS
    // series, which a PromQL test reads.
    if (!pending_known) continue;
    pending << "      - expr: 'ALERTS{alertstate=\"pending\"}'\n        eval_time: " << duration(t)
            << "\n        exp_samples:";
    if (state == AlertState::Pending) {
      ++result.pending;
      pending << "\n          - labels: 'ALERTS{alertname=\"" << alert
              << "\", alertstate=\"pending\", severity=\"" << severity << "\"}'\n"
              << "            value: 1\n";
    } else {
      pending << " []\n";
    }
  }

  const std::filesystem::path dir = std::filesystem::path(FIREDRILL_BINARY_DIR) / "promtool" / name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "rules.yml") << rules_yaml(s);
  std::ofstream(dir / "test.yml") << "rule_files:\n  - rules.yml\nevaluation_interval: "
                                  << duration(eval)
                                  << "\ntests:\n  - interval: " << duration(scrape)
                                  << "\n    input_series:\n"
                                  << "      - series: 'journey_requests_total'\n        values: '"
                                  << series_values(segs, scrape, end, false) << "'\n"
                                  << "      - series: 'journey_errors_total'\n        values: '"
                                  << series_values(segs, scrape, end, true) << "'\n"
                                  << "    alert_rule_test:\n"
                                  << tests.str() << "    promql_expr_test:\n"
                                  << pending.str();

  const std::string command =
      "cd '" + dir.string() + "' && promtool test rules test.yml > promtool.out 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream log(dir / "promtool.out");
  const std::string output((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  INFO("promtool test rules in " << dir.string() << ":\n" << output.substr(0, 4000));
  CHECK(status == 0);
  return result;
}

// The Monitor's first transition to `state`.
std::optional<SimTime> first(const CrossCheck& c, AlertState state) {
  for (const AlertTransition& t : c.transitions)
    if (t.state == state) return t.at;
  return std::nullopt;
}

}  // namespace

TEST_CASE("promtool: promtool is installed (Debian 12's prometheus package)", "[promtool]") {
  // Never skip silently: scripts/test.sh installs the package.
  const int status = std::system("promtool --version > /dev/null 2>&1");
  INFO("promtool not found on PATH: apt-get install prometheus (scripts/test.sh does)");
  REQUIRE(status == 0);
}

TEST_CASE("promtool: a total outage against a threshold rule with `for`, evaluated every minute",
          "[promtool]") {
  Scenario s = testing::three_tier();
  s.burn_rate_rules.clear();
  s.run.evaluation_interval = minutes(1);  // Prometheus' default; scrapes every 15 s
  ThresholdRule& r = s.threshold_rules.at(0);
  r.name = "BrowseErrors";
  r.threshold = 0.05;
  r.window = minutes(5);
  r.for_duration = minutes(3);
  const SimTime end = minutes(60);
  const auto c = cross_check(
      "outage_for", s, piecewise({{minutes(10) + seconds(20), 1.0}, {minutes(30), 0.0}}, end), end);
  CHECK(first(c, AlertState::Pending));
  CHECK(first(c, AlertState::Firing));
  CHECK(first(c, AlertState::Resolved));
  CHECK(c.firing > 5);
  CHECK(c.instants > 40);
}

TEST_CASE(
    "promtool: 15 % errors for 10 min against the 1h/5m multiwindow rule (SRE Workbook "
    "figure 5-6)",
    "[promtool]") {
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  BurnRateRule& r = s.burn_rate_rules.at(0);
  r.name = "BrowseBurn";
  r.conditions.resize(1);  // 14.4× over 1 h and 5 min
  const SimTime start = minutes(70);
  const SimTime end = minutes(120);
  const auto c = cross_check("burst_multiwindow", s,
                             piecewise({{start, 0.15}, {start + minutes(10), 0.0}}, end), end);
  // Our Monitor: fires about 5 min 46 s in, resolves about 4 min 31 s after the errors stop.
  REQUIRE(first(c, AlertState::Firing));
  REQUIRE(first(c, AlertState::Resolved));
  CHECK(to_seconds(*first(c, AlertState::Firing) - start) == Approx(345.6).margin(15.0));
  CHECK(to_seconds(*first(c, AlertState::Resolved) - start) == Approx(871.2).margin(15.0));
  CHECK(c.firing > 10);
}

TEST_CASE("promtool: keep_firing_for holds a resolved outage's alert", "[promtool]") {
  Scenario s = testing::three_tier();
  s.burn_rate_rules.clear();
  ThresholdRule& r = s.threshold_rules.at(0);
  r.name = "BrowseErrorsHeld";
  r.threshold = 0.05;
  r.window = minutes(1);
  r.for_duration = SimTime{0};
  r.keep_firing_for = minutes(10);
  const SimTime end = minutes(45);
  const auto c =
      cross_check("keep_firing_for", s,
                  piecewise({{minutes(10) + seconds(5), 1.0}, {minutes(15), 0.0}}, end), end);
  REQUIRE(first(c, AlertState::Resolved));
  // The expression is false from 16:00 (the 1-min window clean); resolved 10 min later.
  CHECK(*first(c, AlertState::Resolved) == minutes(26));
  CHECK(c.firing > 20);
}

TEST_CASE("promtool: a momentary recovery resets the `for` timer", "[promtool]") {
  Scenario s = testing::three_tier();
  s.burn_rate_rules.clear();
  ThresholdRule& r = s.threshold_rules.at(0);
  r.name = "BrowseErrorsFor";
  r.threshold = 0.05;
  r.window = minutes(1);
  r.for_duration = minutes(5);
  const SimTime end = minutes(40);
  const auto c = cross_check("momentary_recovery", s,
                             piecewise({{minutes(10) + seconds(5), 1.0},
                                        {minutes(14), 0.0},
                                        {minutes(16) + seconds(5), 1.0},
                                        {minutes(30), 0.0}},
                                       end),
                             end);
  // Pending from 10:15, reset by the clean 1-min window at 15:00 (no firing: 4 min < 5 min),
  // pending again from 16:15, firing at 21:15.
  CHECK(*first(c, AlertState::Firing) == minutes(21) + seconds(15));
  CHECK(c.pending > 3);
  CHECK(c.firing > 10);
}
