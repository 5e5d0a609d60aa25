// The model at the edges of the loader's value ranges (docs/limits.md): each value is in
// range, their products are not ordinary.

#include <catch2/catch.hpp>
#include <chrono>
#include <tuple>
#include <variant>
#include <vector>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE(
    "Run: an autoscaler far below its load asks for its max_replicas, not for more than an "
    "int holds",
    "[run][autoscaling]") {
  // 10^5 req/s on the api's 2 replicas of 0.001 req/s each, at a target of 1 %: the
  // HorizontalPodAutoscaler's ceil(healthy × utilisation / target) = 10^5 / (0.001 × 0.01) =
  // 10^10 replicas, beyond an int. All ranges allow it; the autoscaler adds what max_replicas
  // leaves (10,000 − 2): the first scrape (15 s) sees the overload, the one at 75 s acts after the
  // 60 s reaction, and the replicas serve 90 s later.
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.clear();
  s.run.duration = minutes(5);
  s.journeys[0].rate_rps = 1e5;
  s.services[1].capacity_rps = 0.001;
  s.services[1].autoscaling = Autoscaling{0.01, 10000, seconds(60), seconds(90)};
  const RunRecord r = simulate(s, 1);
  const auto scaled = testing::events_of<ev::Autoscaled>(r);
  REQUIRE(scaled.size() == 2);
  for (const auto& [at, a] : scaled) CHECK(a.service == 1);
  CHECK(scaled[0].first == SimTime{seconds(75)});
  CHECK(scaled[0].second.added == 9998);
  CHECK_FALSE(scaled[0].second.ready);
  CHECK(scaled[1].first == SimTime{seconds(165)});
  CHECK(scaled[1].second.added == 9998);
  CHECK(scaled[1].second.ready);
  CHECK(r.segments.back().services[1].healthy_replicas == 10000);
}
