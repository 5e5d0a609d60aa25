#pragma once
// The monitor: evaluates the scenario's alert rules on the simulated telemetry with Prometheus
// semantics (an alert is pending while its expression is true, firing once it has been true for
// at least `for`, and kept firing for `keep_firing_for` after it stops), every evaluation interval.

#include <cstddef>
#include <string>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/segments.hpp"

namespace firedrill::model {

// A change of one alert's state at an evaluation.
struct AlertTransition {
  AlertRuleKind kind;
  std::size_t rule;
  AlertState state;
  double value;  // the alert's value at the evaluation (a ratio, ms, or a burn rate)
  AlertSeverity severity = AlertSeverity::Page;
  // For a burn-rate rule, the first of the conditions that form the alert (see BurnRateRule);
  // 0 for a threshold rule.
  std::size_t condition = 0;
  SimTime at{0};  // the evaluation instant
};

// Returns metric `metric` of a service or journey averaged over [from, to) of `telemetry`:
// error ratio = failed / offered requests; latency = request-weighted mean latency (ms);
// utilisation = time-weighted mean (for a journey, its entry service's). 0 without traffic.
// The part of the window before 0 holds the nominal past (see Telemetry): a run begins as if the
// system had already run in its nominal state, so a 6 h window read an hour in is not 1 h long.
//
// Prometheus computes a windowed ratio from counters scraped every scrape interval s:
// `rate(errors[W]) / rate(requests[W])` uses the samples in (now − W, now], and the extrapolation
// to the window's edges cancels in the ratio, so it is the exact ratio over [now − W + s, now]
// when samples fall on the evaluation grid. This integrates the steady-state segments over the
// whole [now − W, now) instead; transitions then differ by at most about one scrape interval,
// and tests compare transition times to one evaluation interval.
double window_metric(const Scenario& scenario, const Telemetry& telemetry, MetricKind metric,
                     TargetKind target_kind, std::size_t target, SimTime from, SimTime to);

// The window over which responders read the impact (a journey's error ratio over the last
// 5 min): to declare a severity (severity.cpp), to say it on the status page (comms.cpp), and
// to judge in the debrief whether a status update named the journeys failing then.
constexpr SimTime kImpactWindow = std::chrono::minutes(5);

// Returns the burn rate of condition `c` of a rule on journey `journey` at `now`: the error ratio
// over the long window, or the smaller of the long and the short window's when it has a short
// one, divided by the error budget 1 − objective.
double condition_burn_rate(const Scenario& scenario, const Telemetry& telemetry,
                           std::size_t journey, const BurnRateCondition& c, SimTime now);

// Returns the largest condition_burn_rate over the rule's conditions at `now`; `met` is set to
// whether any condition is met (its burn rate at least the condition's; SRE Workbook ch. 5).
double burn_rate_value(const Scenario& scenario, const Telemetry& telemetry,
                       const BurnRateRule& rule, SimTime now, bool& met);

// Returns the share of the error budget of an SLO over `period` that burns in the condition's long
// window at its burn rate: burn_rate × long_window / period (SRE Workbook ch. 5: 14.4 × 1 h /
// 30 d = 2 %). The threshold does not depend on the period; this share does, which is why a
// preset names the period it was designed for.
double budget_consumed(const BurnRateCondition& c, SimTime period);

// Evaluates every alert rule of a scenario at the evaluation instants k × evaluation interval
// (k >= 1; RunSettings::evaluation_interval, or the scrape interval when unset). Windows reaching
// before the run's start hold the nominal past there (see Telemetry), as a Prometheus that has
// watched the system for longer than its longest window would: a fault one minute into a run is
// detected when the SRE Workbook's formulas say, not earlier.
class Monitor {
 public:
  explicit Monitor(const Scenario& scenario);

  // Runs every evaluation instant in (the previous call's `now`, now] over `telemetry` (whose
  // segments must cover [0, now)) and returns the transitions in time order; at one instant in
  // order of rule name (never of the rules' places in the scenario), each burn-rate rule's alerts
  // in the order of their first conditions. The world calls this at every scrape: an evaluation
  // instant is then reported at the scrape that falls on it (the evaluation interval is a
  // multiple of the scrape interval). REQUIRES: now does not decrease.
  std::vector<AlertTransition> evaluate(const Telemetry& telemetry, SimTime now);

  // Returns the first evaluation instant strictly after `now`.
  SimTime next_evaluation(SimTime now) const;

  SimTime evaluation_interval() const { return interval_; }

 private:
  struct AlertRuleState {
    bool active = false;  // pending or firing
    bool firing = false;
    SimTime active_since{0};
    std::optional<SimTime> keep_firing_since;  // first false evaluation while firing
  };
  // One Prometheus alert of a burn-rate rule: the conditions sharing a severity and a `for`.
  struct BurnRateAlert {
    std::size_t rule;
    std::vector<std::size_t> conditions;  // non-empty, ascending
    AlertSeverity severity;
    SimTime for_duration;
    AlertRuleState state;
  };
  const std::string& rule_name(const AlertTransition& t) const;
  void evaluate_at(const Telemetry& telemetry, SimTime at, std::vector<AlertTransition>& out);
  static void step(AlertRuleState& state, AlertTransition transition, bool condition,
                   SimTime for_duration, SimTime keep_firing_for,
                   std::vector<AlertTransition>& out);

  const Scenario& scenario_;
  SimTime interval_;
  SimTime next_{0};  // the next evaluation instant to run
  std::vector<AlertRuleState> threshold_;
  std::vector<BurnRateAlert> burn_rate_;
};

}  // namespace firedrill::model
