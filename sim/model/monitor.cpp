#include "sim/model/monitor.hpp"

#include <algorithm>
#include <cstddef>

#include "sim/model/segments.hpp"

namespace firedrill::model {

double window_metric(const Scenario& scenario, const Telemetry& telemetry, MetricKind metric,
                     TargetKind target_kind, std::size_t target, SimTime from, SimTime to) {
  if (to <= from) return 0.0;
  const bool journey = target_kind == TargetKind::Journey;
  const std::size_t service = journey ? scenario.journeys[target].entry_service : target;
  const auto requests = [&](const Segment& s) {
    return journey ? s.journeys[target].offered_rps : s.services[target].load_rps;
  };
  switch (metric) {
    case MetricKind::ErrorRatio: {
      const double offered = integrate(telemetry, from, to, requests);
      if (offered <= 0) return 0.0;
      const double failed = integrate(telemetry, from, to, [&](const Segment& s) {
        return journey ? s.journeys[target].offered_rps - s.journeys[target].good_rps
                       : s.services[target].load_rps * s.services[target].error_ratio;
      });
      return failed / offered;
    }
    case MetricKind::LatencyMs: {
      const double offered = integrate(telemetry, from, to, requests);
      if (offered <= 0) return 0.0;
      return integrate(telemetry, from, to,
                       [&](const Segment& s) {
                         return requests(s) * (journey ? s.journeys[target].mean_latency_ms
                                                       : s.services[target].mean_latency_ms);
                       }) /
             offered;
    }
    case MetricKind::Utilisation:
      return integrate(telemetry, from, to,
                       [&](const Segment& s) { return s.services[service].utilisation; }) /
             engine::to_seconds(to - from);
  }
  return 0.0;
}

double condition_burn_rate(const Scenario& scenario, const Telemetry& telemetry,
                           std::size_t journey, const BurnRateCondition& c, SimTime now) {
  const double budget = 1.0 - scenario.journeys[journey].slo.objective;
  const auto ratio = [&](SimTime window) {
    return window_metric(scenario, telemetry, MetricKind::ErrorRatio, TargetKind::Journey, journey,
                         now - window, now);
  };
  double ratio_both = ratio(c.long_window);
  if (c.short_window) ratio_both = std::min(ratio_both, ratio(*c.short_window));
  return ratio_both / budget;
}

double burn_rate_value(const Scenario& scenario, const Telemetry& telemetry,
                       const BurnRateRule& rule, SimTime now, bool& met) {
  double value = 0.0;
  met = false;
  for (const BurnRateCondition& c : rule.conditions) {
    const double burn = condition_burn_rate(scenario, telemetry, rule.journey, c, now);
    value = std::max(value, burn);
    met = met || burn >= c.burn_rate;
  }
  return value;
}

double budget_consumed(const BurnRateCondition& c, SimTime period) {
  return c.burn_rate * engine::to_seconds(c.long_window) / engine::to_seconds(period);
}

Monitor::Monitor(const Scenario& scenario)
    : scenario_(scenario),
      interval_(scenario.run.evaluation_interval.value_or(scenario.run.scrape_interval)),
      next_(interval_),
      threshold_(scenario.threshold_rules.size()) {
  for (std::size_t r = 0; r < scenario.burn_rate_rules.size(); ++r) {
    const BurnRateRule& rule = scenario.burn_rate_rules[r];
    const std::size_t first_alert = burn_rate_.size();
    for (std::size_t c = 0; c < rule.conditions.size(); ++c) {
      const BurnRateCondition& condition = rule.conditions[c];
      const SimTime for_duration = condition.for_duration.value_or(rule.for_duration);
      const auto same =
          std::find_if(burn_rate_.begin() + static_cast<std::ptrdiff_t>(first_alert),
                       burn_rate_.end(), [&](const BurnRateAlert& a) {
                         return a.severity == condition.severity && a.for_duration == for_duration;
                       });
      if (same != burn_rate_.end()) {
        same->conditions.push_back(c);
      } else {
        burn_rate_.push_back({r, {c}, condition.severity, for_duration, {}});
      }
    }
  }
}

const std::string& Monitor::rule_name(const AlertTransition& t) const {
  return t.kind == AlertRuleKind::Threshold ? scenario_.threshold_rules[t.rule].name
                                            : scenario_.burn_rate_rules[t.rule].name;
}

SimTime Monitor::next_evaluation(SimTime now) const { return (now / interval_ + 1) * interval_; }

std::vector<AlertTransition> Monitor::evaluate(const Telemetry& telemetry, SimTime now) {
  std::vector<AlertTransition> out;
  for (; next_ <= now; next_ += interval_) {
    const auto first = static_cast<std::ptrdiff_t>(out.size());
    evaluate_at(telemetry, next_, out);
    // One instant's transitions by rule name, whatever the order of the scenario's rules: what
    // Alertmanager receives first groups and pages first.
    std::stable_sort(out.begin() + first, out.end(),
                     [this](const AlertTransition& a, const AlertTransition& b) {
                       return rule_name(a) < rule_name(b);
                     });
  }
  return out;
}

void Monitor::evaluate_at(const Telemetry& telemetry, SimTime at,
                          std::vector<AlertTransition>& out) {
  for (std::size_t i = 0; i < threshold_.size(); ++i) {
    const ThresholdRule& r = scenario_.threshold_rules[i];
    const double value =
        window_metric(scenario_, telemetry, r.metric, r.target_kind, r.target, at - r.window, at);
    step(threshold_[i],
         {AlertRuleKind::Threshold, i, AlertState::Pending, value, r.severity, 0, at},
         value > r.threshold, r.for_duration, r.keep_firing_for, out);
  }
  for (BurnRateAlert& alert : burn_rate_) {
    const BurnRateRule& r = scenario_.burn_rate_rules[alert.rule];
    double value = 0.0;
    bool met = false;
    for (const std::size_t c : alert.conditions) {
      const BurnRateCondition& condition = r.conditions[c];
      const double burn = condition_burn_rate(scenario_, telemetry, r.journey, condition, at);
      value = std::max(value, burn);
      met = met || burn >= condition.burn_rate;
    }
    step(alert.state,
         {AlertRuleKind::BurnRate, alert.rule, AlertState::Pending, value, alert.severity,
          alert.conditions.front(), at},
         met, alert.for_duration, r.keep_firing_for, out);
  }
}

// Prometheus 2.42, rules/alerting.go (AlertingRule.Eval): an alert becomes active (pending) at
// the first evaluation where its expression is true, fires at the first evaluation at least
// `for` after that; a firing alert whose expression turns false keeps firing while less than
// keep_firing_for has passed since the first false evaluation, and is resolved after.
void Monitor::step(AlertRuleState& state, AlertTransition transition, bool condition,
                   SimTime for_duration, SimTime keep_firing_for,
                   std::vector<AlertTransition>& out) {
  const auto emit = [&](AlertState s) {
    transition.state = s;
    out.push_back(transition);
  };
  if (!condition) {
    if (state.firing && keep_firing_for.count() > 0) {
      if (!state.keep_firing_since) state.keep_firing_since = transition.at;
      if (transition.at - *state.keep_firing_since < keep_firing_for) return;
    }
    if (state.firing) emit(AlertState::Resolved);
    state = AlertRuleState{};
    return;
  }
  state.keep_firing_since.reset();
  if (!state.active) {
    state.active = true;
    state.active_since = transition.at;
    if (for_duration.count() > 0) emit(AlertState::Pending);
  }
  if (!state.firing && transition.at - state.active_since >= for_duration) {
    state.firing = true;
    emit(AlertState::Firing);
  }
}

}  // namespace firedrill::model
