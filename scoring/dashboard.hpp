#pragma once
// A responder's dashboard: the golden signals of a service or the SLIs of a journey, per minute
// over the last hour, read from a run's steady-state segments (firedrill play: the stdio seat's
// `dashboard` looks and findings, and the window's Dashboard tab).

#include <chrono>
#include <cstddef>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/model/segments.hpp"

namespace firedrill::scoring {

// A dashboard's span and resolution (docs/seat-protocol.md).
constexpr model::SimTime kDashboardSpan = std::chrono::hours(1);
constexpr model::SimTime kDashboardStep = std::chrono::minutes(1);

// One minute of a dashboard: the figures over [at − kDashboardStep, at).
struct DashboardPoint {
  model::SimTime at{0};  // the minute's end
  // Requests arriving: a service's offered load (its callers' retries included), a journey's
  // offered requests; the mean over the minute, req/s.
  double rate_rps = 0.0;
  double error_ratio = 0.0;  // failed / arriving requests over the minute, 0–1
  // Latency of a request (a service's response time as its callers see it; a journey's end to
  // end), ms: the mean, and the segments' p50 and p99 estimates, each weighted by the requests
  // of the minute that arrived under it (exact while one steady state holds the whole minute;
  // across a state change, the request-weighted mean of the two states' percentiles, not the
  // percentile of their mixture).
  double latency_ms = 0.0;
  double p50_latency_ms = 0.0;
  double p99_latency_ms = 0.0;
  // Saturation: load / capacity, time-weighted over the minute; >= 1 is overload. For a journey,
  // its entry service's.
  double utilisation = 0.0;
};

// Returns the dashboard of a service or a journey (`target` indexes the scenario's services or
// journeys) up to `now`: one point per minute, the last ending at `now`, the first at
// `now − kDashboardSpan + kDashboardStep` (60 points), oldest first. A minute before the run's
// start reads the nominal past (model::Telemetry), as a monitoring system that watched the
// system before the drill would. error_ratio, latency_ms and utilisation are
// model::window_metric over the minute; rate and the percentiles integrate the segments'
// ServiceFlow / JourneyFlow the same way. 0 for a figure weighted by requests in a minute without
// any. A view from outside: it reads no fault and no cause, only the figures a metrics backend
// would hold (the caller decides whether the service has metrics). REQUIRES: `telemetry`'s
// segments cover [0, now). Cost: 60 × a few integrals over the hour's segments.
std::vector<DashboardPoint> dashboard(const model::Scenario& scenario,
                                      const model::Telemetry& telemetry, model::TargetKind kind,
                                      std::size_t target, model::SimTime now);

}  // namespace firedrill::scoring
