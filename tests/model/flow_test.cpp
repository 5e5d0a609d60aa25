#include "sim/model/flow.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/queueing.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;

namespace {
// Own latency of a service (base latency ms, capacity μ req/s per replica) on c replicas at
// utilisation rho: base latency + the M/M/c mean wait in queue, W − 1/μ (Erlang C; Kleinrock
// 1975), in ms.
double own_ms(double base_ms, int c, double mu, double rho) {
  return base_ms + 1000.0 * (mmc_mean_response_time(c, rho * c * mu, mu) - 1.0 / mu);
}
// E[min(T, timeout)] for exponential T with mean L.
double capped(double mean_ms, double timeout_ms) {
  return mean_ms * (1.0 - std::exp(-timeout_ms / mean_ms));
}
}  // namespace

TEST_CASE("FlowModel: a healthy journey succeeds and its latency is the M/M/c sum of its calls",
          "[flow]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  const Segment seg = model.steady_state(nominal_flow_state(s));
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
  // Loads: every service sees the journey's 100 req/s once.
  for (std::size_t i = 0; i < s.services.size(); ++i)
    CHECK(seg.services[i].load_rps == Approx(100.0));
  CHECK(seg.services[1].utilisation == Approx(0.5));  // 100 / (2 × 100)
  const double db = own_ms(5.0, 2, 200.0, 0.25);
  const double recs = own_ms(30.0, 1, 200.0, 0.5);
  const double api = own_ms(20.0, 2, 100.0, 0.5) + capped(db, 1000.0);
  const double frontend = own_ms(10.0, 4, 100.0, 0.25) + capped(api, 1000.0) + capped(recs, 500.0);
  CHECK(seg.journeys[0].mean_latency_ms == Approx(frontend).epsilon(1e-9));
}

TEST_CASE("FlowModel: a hard dependency's errors cascade to the journey, a soft one's do not",
          "[flow]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.3;  // db, behind two hard calls
  CHECK(model.steady_state(state).journeys[0].good_rps == Approx(70.0));
  CHECK(model.steady_state(state).services[1].error_ratio == Approx(0.3));

  state = nominal_flow_state(s);
  state.services[3].injected_error_ratio = 1.0;  // recs is soft: the frontend degrades
  const Segment seg = model.steady_state(state);
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
  CHECK(seg.services[3].error_ratio == Approx(1.0));
}

TEST_CASE("FlowModel: crashed replicas cut capacity and overload sheds the excess", "[flow]") {
  Scenario s = testing::three_tier();
  // A timeout far above any latency here, so only shed load fails requests: the api at the
  // queueing cap (ρ = 0.99 on one replica, μ = 100/s) waits 0.99 / (100 − 99) s ≈ 1 s.
  s.calls[0].timeout_ms = 60'000.0;
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.journey_rate_rps[0] = 150.0;
  state.services[1].crashed_replicas = 1;  // api: 1 × 100 req/s left for 150 req/s
  const Segment seg = model.steady_state(state);
  CHECK(seg.services[1].utilisation == Approx(1.5));
  CHECK(seg.services[1].healthy_replicas == 1);
  // Overload error 1 − 1/ρ = 1/3 of the api's requests fail, and with them the journey's.
  CHECK(seg.journeys[0].good_rps == Approx(150.0 * (1.0 - 1.0 / 3.0)));

  state.services[1].crashed_replicas = 2;  // no healthy replica at all
  CHECK(model.steady_state(state).journeys[0].good_rps == Approx(0.0));
}

TEST_CASE("FlowModel: a fan-out call must succeed on every call of a request", "[flow]") {
  Scenario s = testing::three_tier();
  s.calls[1].calls_per_request = 3.0;  // api calls db three times per request
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.1;
  const Segment seg = model.steady_state(state);
  CHECK(seg.services[2].load_rps == Approx(300.0));
  CHECK(seg.journeys[0].good_rps == Approx(100.0 * std::pow(0.9, 3)));
}

TEST_CASE("FlowModel: latency beyond a call's timeout turns into errors", "[flow]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_latency_ms = 2000.0;  // db becomes slower than api's 1 s timeout
  const Segment seg = model.steady_state(state);
  // Both the api → db call and the frontend → api call (which waits for db) can time out.
  const double db_ms = seg.services[2].mean_latency_ms;
  const double api_ms = seg.services[1].mean_latency_ms;
  CHECK(api_ms == Approx(own_ms(20.0, 2, 100.0, 0.5) + capped(db_ms, 1000.0)));
  const double expected =
      100.0 * (1.0 - std::exp(-1000.0 / db_ms)) * (1.0 - std::exp(-1000.0 / api_ms));
  CHECK(seg.journeys[0].good_rps == Approx(expected));
}

TEST_CASE("FlowModel: a cycle in the topology is walked once and a disabled call is skipped",
          "[flow]") {
  Scenario s = testing::three_tier();
  s.calls.push_back({2, 1, true, 1.0, 1000.0});  // db → api closes a cycle api → db → api
  s.journeys[0].calls.push_back(3);
  const FlowModel model(s);
  CHECK(model.call_tree(0).size() == 4);  // frontend, api, db, recs: api is not re-entered
  FlowState state = nominal_flow_state(s);
  CHECK(model.steady_state(state).services[1].load_rps == Approx(100.0));

  state.services[2].injected_error_ratio = 1.0;
  state.call_disabled[1] = true;  // api stops calling db: db gets no load, the journey is fine
  const Segment seg = model.steady_state(state);
  CHECK(seg.services[2].load_rps == Approx(0.0));
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
}
