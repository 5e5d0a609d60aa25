#pragma once
// The monitor: evaluates the scenario's alert rules on the simulated telemetry with Prometheus
// semantics (an alert is pending while its expression is true, firing once it has been true for
// at least `for`), at every evaluation.

#include <cstddef>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// A change of one rule's alert state at an evaluation.
struct AlertTransition {
  AlertRuleKind kind;
  std::size_t rule;
  AlertState state;
  double value;  // the rule's value at the evaluation (a ratio, ms, or a burn rate)
};

// Returns metric `metric` of a service or journey averaged over [from, to) of `segments`:
// error ratio = failed / offered requests; latency = request-weighted mean latency (ms);
// utilisation = time-weighted mean (for a journey, its entry service's). 0 without traffic.
double window_metric(const Scenario& scenario, const std::vector<Segment>& segments,
                     MetricKind metric, TargetKind target_kind, std::size_t target, SimTime from,
                     SimTime to);

// Returns the burn rate of `rule` at `now`: the largest, over its conditions, of
// min(error ratio over the long window, over the short window) / (1 − objective). The rule
// fires when this is at least the condition's burn rate (Google SRE Workbook ch. 5, approach 6);
// `met` is set to whether any condition is met.
double burn_rate_value(const Scenario& scenario, const std::vector<Segment>& segments,
                       const BurnRateRule& rule, SimTime now, bool& met);

// Evaluates every alert rule of a scenario. Windows reaching before the run's start are cut at
// 0 (as Prometheus sees only the data it has).
class Monitor {
 public:
  explicit Monitor(const Scenario& scenario);

  // Evaluates every rule at `now` over `segments` (which must cover [0, now)) and returns the
  // transitions, threshold rules first, each in rule order. REQUIRES: now does not decrease.
  std::vector<AlertTransition> evaluate(const std::vector<Segment>& segments, SimTime now);

 private:
  struct RuleState {
    bool active = false;  // expression true at the last evaluation (pending or firing)
    bool firing = false;
    SimTime active_since{0};
  };
  void step(RuleState& state, AlertRuleKind kind, std::size_t rule, bool condition, double value,
            SimTime for_duration, SimTime now, std::vector<AlertTransition>& out);

  const Scenario& scenario_;
  std::vector<RuleState> threshold_;
  std::vector<RuleState> burn_rate_;
};

}  // namespace firedrill::model
