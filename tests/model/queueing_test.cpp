#include "sim/model/queueing.hpp"

#include <catch2/catch.hpp>

using namespace firedrill::model;

// Published check values from shared/reference/alerting-and-queueing.md.

TEST_CASE("Erlang B and C: agree with the published values for 132 servers, 123 Erlangs",
          "[queueing]") {
  CHECK(erlang_b(132, 123.0) == Approx(0.0312).margin(0.00005));
  CHECK(erlang_c(132, 123.0) == Approx(0.3211).margin(0.00005));
}

TEST_CASE("M/M/1: lambda 50, mu 60 gives W = 0.1 s and L = 5 (Little's law)", "[queueing]") {
  const double w = mmc_mean_response_time(1, 50.0, 60.0);
  CHECK(w == Approx(0.1));
  CHECK(50.0 * w == Approx(5.0));
}

TEST_CASE("M/M/3: lambda 0.1, mu 0.05 gives W ≈ 28.89 and Lq ≈ 0.889", "[queueing]") {
  const double w = mmc_mean_response_time(3, 0.1, 0.05);
  CHECK(w == Approx(28.89).margin(0.005));
  CHECK(0.1 * (w - 1.0 / 0.05) == Approx(0.889).margin(0.0005));
}

TEST_CASE("Erlang C with one server is the utilisation (M/M/1 waits with probability rho)",
          "[queueing]") {
  for (const double rho : {0.1, 0.5, 0.9}) CHECK(erlang_c(1, rho) == Approx(rho));
}
