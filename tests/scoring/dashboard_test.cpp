// The seat's dashboard (scoring::dashboard) on a run of a small scenario: per minute over exactly
// the last hour, each figure the windowed metric the monitor reads over that minute, and the
// nominal past before the run's start.

#include "scoring/dashboard.hpp"

#include <catch2/catch.hpp>

#include "sim/model/monitor.hpp"
#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

namespace firedrill::scoring {
namespace {

using model::MetricKind;
using model::SimTime;
using model::TargetKind;
using std::chrono::minutes;

constexpr std::size_t kApi = 1;

TEST_CASE(
    "dashboard: one point a minute over exactly the last hour, each the windowed metric "
    "over its minute",
    "[scoring][dashboard]") {
  // An error-rate fault at api from 10 min on (half its requests fail).
  const model::Scenario s = model::testing::with_fault(model::FaultType::ErrorRate);
  const model::RunRecord r = model::simulate(s, 7);
  const model::Telemetry telemetry{r.nominal_past, r.segments};
  const SimTime now = minutes(75) + std::chrono::seconds(20);
  for (const TargetKind kind : {TargetKind::Service, TargetKind::Journey}) {
    const std::size_t target = kind == TargetKind::Service ? kApi : 0;
    const auto points = dashboard(s, telemetry, kind, target, now);
    REQUIRE(points.size() == 60);
    CHECK(points.front().at == now - minutes(59));
    CHECK(points.back().at == now);
    for (const DashboardPoint& p : points) {
      const auto metric = [&](MetricKind m) {
        return model::window_metric(s, telemetry, m, kind, target, p.at - minutes(1), p.at);
      };
      CHECK(p.error_ratio == Approx(metric(MetricKind::ErrorRatio)));
      CHECK(p.latency_ms == Approx(metric(MetricKind::LatencyMs)));
      CHECK(p.utilisation == Approx(metric(MetricKind::Utilisation)));
      // The rate is the minute's requests over 60 s.
      const double requests = model::integrate(telemetry, p.at - minutes(1), p.at, [&](auto& seg) {
        return kind == TargetKind::Service ? seg.services[target].load_rps
                                           : seg.journeys[target].offered_rps;
      });
      CHECK(p.rate_rps == Approx(requests / 60.0));
      CHECK(p.p50_latency_ms <= p.p99_latency_ms);
    }
  }
  // The fault shows: half of api's requests fail in a minute after it began.
  const auto api = dashboard(s, telemetry, TargetKind::Service, kApi, minutes(20));
  CHECK(api.back().error_ratio > 0.4);
  CHECK(api.front().error_ratio == Approx(r.nominal_past.services[kApi].error_ratio));
}

TEST_CASE(
    "dashboard: a minute inside one steady state shows that state's figures, and before the "
    "run's start the nominal past's",
    "[scoring][dashboard]") {
  const model::Scenario s = model::testing::with_fault(model::FaultType::ErrorRate);
  const model::RunRecord r = model::simulate(s, 7);
  const model::Telemetry telemetry{r.nominal_past, r.segments};
  const auto points = dashboard(s, telemetry, TargetKind::Service, kApi, minutes(5));
  REQUIRE(points.size() == 60);
  const model::ServiceFlow& past = r.nominal_past.services[kApi];
  for (const DashboardPoint& p : points) {
    if (p.at > SimTime{0}) continue;
    CHECK(p.rate_rps == Approx(past.load_rps));
    CHECK(p.error_ratio == Approx(past.error_ratio));
    CHECK(p.p50_latency_ms == Approx(past.p50_latency_ms));
    CHECK(p.p99_latency_ms == Approx(past.p99_latency_ms));
    CHECK(p.utilisation == Approx(past.utilisation));
  }
  CHECK(points.front().at == minutes(5) - minutes(59));
  // Before the fault the run holds its opening steady state: the same percentiles.
  const model::Segment& first = r.segments.front();
  REQUIRE(first.end >= minutes(5));
  CHECK(points.back().p99_latency_ms == Approx(first.services[kApi].p99_latency_ms));
  CHECK(points.back().p50_latency_ms == Approx(first.services[kApi].p50_latency_ms));
}

}  // namespace
}  // namespace firedrill::scoring
