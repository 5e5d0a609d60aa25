#include "sim/model/evidence.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace firedrill::model {
namespace {

struct Rise {
  double failed_rps = 0.0;        // failed calls beyond the baseline's ratio, calls/s
  double added_latency_ms = 0.0;  // per request of the inspected service, ms
};

}  // namespace

std::vector<std::size_t> services_by_name(const Scenario& scenario) {
  std::vector<std::size_t> order(scenario.services.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&scenario](std::size_t a, std::size_t b) {
    return scenario.services[a].name < scenario.services[b].name;
  });
  return order;
}

Visibility visibility(const Scenario& scenario, std::size_t service, std::size_t dependency) {
  const Observability& here = scenario.services[service].observability;
  if (here.traces) return Visibility::Traced;
  if (here.logs || scenario.services[dependency].observability.metrics)
    return Visibility::Dashboards;
  return Visibility::Blind;
}

std::vector<DependencyEvidence> dependency_evidence(const Scenario& scenario, std::size_t service,
                                                    const Segment& now, const Segment& baseline,
                                                    const std::vector<bool>& alerting,
                                                    const std::vector<bool>& changed) {
  // The rises per callee; calls are summed in order of the callee's name, then of the call's
  // fields, so that the sums do not depend on the order of the scenario's calls.
  std::vector<std::size_t> calls;
  for (std::size_t c = 0; c < scenario.calls.size(); ++c)
    if (scenario.calls[c].caller == service) calls.push_back(c);
  std::sort(calls.begin(), calls.end(), [&scenario](std::size_t a, std::size_t b) {
    const Call& x = scenario.calls[a];
    const Call& y = scenario.calls[b];
    const auto& nx = scenario.services[x.callee].name;
    const auto& ny = scenario.services[y.callee].name;
    if (nx != ny) return nx < ny;
    return std::tie(x.calls_per_request, x.timeout_ms, x.hard) <
           std::tie(y.calls_per_request, y.timeout_ms, y.hard);
  });
  std::vector<DependencyEvidence> out;
  std::vector<Rise> rises;
  for (const std::size_t c : calls) {
    const Call& call = scenario.calls[c];
    if (out.empty() || out.back().service != call.callee) {
      DependencyEvidence& e = out.emplace_back();
      e.service = call.callee;
      e.alert = alerting[call.callee];
      e.change = changed[call.callee];
      rises.emplace_back();
    }
    Rise& rise = rises.back();
    const CallFlow& edge = now.calls[c];
    const double ratio_rise = edge.failure_ratio - baseline.calls[c].failure_ratio;
    if (ratio_rise >= kMinErrorRise) rise.failed_rps += edge.attempts_rps * ratio_rise;
    const double before_ms = baseline.services[call.callee].mean_latency_ms;
    const double after_ms = now.services[call.callee].mean_latency_ms;
    if (after_ms - before_ms >= kMinLatencyRise * before_ms && after_ms > before_ms)
      rise.added_latency_ms += call.calls_per_request * (after_ms - before_ms);
  }
  double failed = 0.0;
  double added = 0.0;
  for (const Rise& r : rises) {
    failed += r.failed_rps;
    added += r.added_latency_ms;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (failed > 0.0) out[i].error_share = rises[i].failed_rps / failed;
    if (added > 0.0) out[i].latency_share = rises[i].added_latency_ms / added;
  }
  return out;
}

}  // namespace firedrill::model
