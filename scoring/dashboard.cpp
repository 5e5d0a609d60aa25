#include "scoring/dashboard.hpp"

#include "sim/model/monitor.hpp"

namespace firedrill::scoring {

std::vector<DashboardPoint> dashboard(const model::Scenario& scenario,
                                      const model::Telemetry& telemetry, model::TargetKind kind,
                                      std::size_t target, model::SimTime now) {
  const bool journey = kind == model::TargetKind::Journey;
  const auto requests = [&](const model::Segment& s) {
    return journey ? s.journeys[target].offered_rps : s.services[target].load_rps;
  };
  const auto p50 = [&](const model::Segment& s) {
    return journey ? s.journeys[target].p50_latency_ms : s.services[target].p50_latency_ms;
  };
  const auto p99 = [&](const model::Segment& s) {
    return journey ? s.journeys[target].p99_latency_ms : s.services[target].p99_latency_ms;
  };
  std::vector<DashboardPoint> points;
  points.reserve(static_cast<std::size_t>(kDashboardSpan / kDashboardStep));
  for (model::SimTime to = now - kDashboardSpan + kDashboardStep; to <= now; to += kDashboardStep) {
    const model::SimTime from = to - kDashboardStep;
    const auto metric = [&](model::MetricKind m) {
      return model::window_metric(scenario, telemetry, m, kind, target, from, to);
    };
    const double arrived = model::integrate(telemetry, from, to, requests);
    // The request-weighted mean of a per-segment figure over the minute.
    const auto per_request = [&](const auto& figure) {
      if (arrived <= 0) return 0.0;
      return model::integrate(telemetry, from, to,
                              [&](const model::Segment& s) { return requests(s) * figure(s); }) /
             arrived;
    };
    DashboardPoint p;
    p.at = to;
    p.rate_rps = arrived / engine::to_seconds(to - from);
    p.error_ratio = metric(model::MetricKind::ErrorRatio);
    p.latency_ms = metric(model::MetricKind::LatencyMs);
    p.p50_latency_ms = per_request(p50);
    p.p99_latency_ms = per_request(p99);
    p.utilisation = metric(model::MetricKind::Utilisation);
    points.push_back(p);
  }
  return points;
}

}  // namespace firedrill::scoring
