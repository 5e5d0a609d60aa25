#include "sim/model/monitor.hpp"

#include <algorithm>

#include "sim/model/segments.hpp"

namespace firedrill::model {

double window_metric(const Scenario& scenario, const std::vector<Segment>& segments,
                     MetricKind metric, TargetKind target_kind, std::size_t target, SimTime from,
                     SimTime to) {
  if (to <= from) return 0.0;
  const bool journey = target_kind == TargetKind::Journey;
  const std::size_t service = journey ? scenario.journeys[target].entry_service : target;
  const auto requests = [&](const Segment& s) {
    return journey ? s.journeys[target].offered_rps : s.services[target].load_rps;
  };
  switch (metric) {
    case MetricKind::ErrorRatio: {
      const double offered = integrate(segments, from, to, requests);
      if (offered <= 0) return 0.0;
      const double failed = integrate(segments, from, to, [&](const Segment& s) {
        return journey ? s.journeys[target].offered_rps - s.journeys[target].good_rps
                       : s.services[target].load_rps * s.services[target].error_ratio;
      });
      return failed / offered;
    }
    case MetricKind::LatencyMs: {
      const double offered = integrate(segments, from, to, requests);
      if (offered <= 0) return 0.0;
      return integrate(segments, from, to,
                       [&](const Segment& s) {
                         return requests(s) * (journey ? s.journeys[target].mean_latency_ms
                                                       : s.services[target].mean_latency_ms);
                       }) /
             offered;
    }
    case MetricKind::Utilisation:
      return integrate(segments, from, to,
                       [&](const Segment& s) { return s.services[service].utilisation; }) /
             engine::to_seconds(to - from);
  }
  return 0.0;
}

double burn_rate_value(const Scenario& scenario, const std::vector<Segment>& segments,
                       const BurnRateRule& rule, SimTime now, bool& met) {
  const double budget = 1.0 - scenario.journeys[rule.journey].slo.objective;
  const auto ratio = [&](SimTime window) {
    return window_metric(scenario, segments, MetricKind::ErrorRatio, TargetKind::Journey,
                         rule.journey, std::max(SimTime{0}, now - window), now);
  };
  double value = 0.0;
  met = false;
  for (const BurnRateCondition& c : rule.conditions) {
    const double burn = std::min(ratio(c.long_window), ratio(c.short_window)) / budget;
    value = std::max(value, burn);
    met = met || burn >= c.burn_rate;
  }
  return value;
}

Monitor::Monitor(const Scenario& scenario)
    : scenario_(scenario),
      threshold_(scenario.threshold_rules.size()),
      burn_rate_(scenario.burn_rate_rules.size()) {}

std::vector<AlertTransition> Monitor::evaluate(const std::vector<Segment>& segments,
                                               SimTime now) {
  std::vector<AlertTransition> out;
  for (std::size_t i = 0; i < threshold_.size(); ++i) {
    const ThresholdRule& r = scenario_.threshold_rules[i];
    const double value = window_metric(scenario_, segments, r.metric, r.target_kind, r.target,
                                       std::max(SimTime{0}, now - r.window), now);
    step(threshold_[i], AlertRuleKind::Threshold, i, value > r.threshold, value, r.for_duration,
         now, out);
  }
  for (std::size_t i = 0; i < burn_rate_.size(); ++i) {
    const BurnRateRule& r = scenario_.burn_rate_rules[i];
    bool met = false;
    const double value = burn_rate_value(scenario_, segments, r, now, met);
    step(burn_rate_[i], AlertRuleKind::BurnRate, i, met, value, r.for_duration, now, out);
  }
  return out;
}

void Monitor::step(RuleState& state, AlertRuleKind kind, std::size_t rule, bool condition,
                   double value, SimTime for_duration, SimTime now,
                   std::vector<AlertTransition>& out) {
  if (!condition) {
    if (state.firing) out.push_back({kind, rule, AlertState::Resolved, value});
    state = RuleState{};
    return;
  }
  if (!state.active) {
    state.active = true;
    state.active_since = now;
    if (for_duration.count() > 0) out.push_back({kind, rule, AlertState::Pending, value});
  }
  if (!state.firing && now - state.active_since >= for_duration) {
    state.firing = true;
    out.push_back({kind, rule, AlertState::Firing, value});
  }
}

}  // namespace firedrill::model
