#include "sim/model/probes.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

namespace firedrill::model {
namespace {

// The standard normal's 0.99 quantile.
constexpr double kZ99 = 2.3263478740408408;

// Returns P(T > timeout) for a lognormal T with median p50 and 0.99 quantile p99.
double lognormal_exceedance(double p50_ms, double p99_ms, double timeout_ms) {
  if (p50_ms <= 0.0) return 0.0;
  if (p99_ms <= p50_ms) return p50_ms > timeout_ms ? 1.0 : 0.0;
  const double sigma = std::log(p99_ms / p50_ms) / kZ99;
  return 0.5 * boost::math::erfc(std::log(timeout_ms / p50_ms) / (sigma * std::sqrt(2.0)));
}

}  // namespace

double probe_failure_probability(const Scenario& scenario, const ProbeRule& probe,
                                 const Segment& segment) {
  double failed = 0.0;
  double late = 0.0;
  if (probe.target_kind == TargetKind::Journey) {
    const JourneyFlow& flow = segment.journeys[probe.target];
    const Journey& journey = scenario.journeys[probe.target];
    failed = flow.offered_rps > 0.0 ? 1.0 - flow.good_rps / flow.offered_rps
                                    : segment.services[journey.entry_service].error_ratio;
    if (probe.timeout_ms < journey.timeout_ms)
      late = lognormal_exceedance(flow.p50_latency_ms, flow.p99_latency_ms, probe.timeout_ms);
  } else {
    const ServiceFlow& flow = segment.services[probe.target];
    failed = flow.error_ratio;
    late = lognormal_exceedance(flow.p50_latency_ms, flow.p99_latency_ms, probe.timeout_ms);
  }
  failed = std::clamp(failed, 0.0, 1.0);
  return 1.0 - (1.0 - failed) * (1.0 - late);
}

Probes::Probes(const Scenario& scenario)
    : scenario_(scenario), state_(scenario.probe_rules.size()) {}

std::optional<AlertTransition> Probes::probe(std::size_t p, const Segment& segment,
                                             engine::RandomStreams::Engine& rng, SimTime now) {
  const ProbeRule& rule = scenario_.probe_rules[p];
  const double fail = probe_failure_probability(scenario_, rule, segment);
  const bool failed = boost::random::uniform_real_distribution<double>(0.0, 1.0)(rng) < fail;
  State& st = state_[p];
  AlertTransition t{AlertRuleKind::Probe, p, AlertState::Pending, 0.0, rule.severity, 0, now};
  if (!failed) {
    const bool was_firing = st.firing;
    st = State{};
    if (!was_firing) return std::nullopt;
    t.state = AlertState::Resolved;
    return t;
  }
  ++st.failures;
  t.value = st.failures;
  if (st.firing) return std::nullopt;
  if (st.failures >= rule.failures_to_alert) {
    st.firing = true;
    t.state = AlertState::Firing;
    return t;
  }
  if (st.failures == 1) return t;  // pending
  return std::nullopt;
}

}  // namespace firedrill::model
