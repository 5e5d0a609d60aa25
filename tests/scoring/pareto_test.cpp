// The Pareto front of two lower-is-better costs.

#include "scoring/pareto.hpp"

#include <catch2/catch.hpp>

namespace firedrill::scoring {

TEST_CASE("pareto_front: the options no other beats on one cost without losing on the other",
          "[pareto]") {
  // (minutes to mitigate, pages): 1 and 3 trade off; 2 is beaten by 1 on both; 4 by 3 on pages at
  // equal time; 5 equals 1 and stays.
  const std::vector<TradeOffPoint> points{{40, 2}, {45, 3}, {60, 1}, {60, 1.5}, {40, 2}};
  CHECK(pareto_front(points) == std::vector<bool>{true, false, true, false, true});
  CHECK(pareto_front({}).empty());
  CHECK(pareto_front({{1, 1}}) == std::vector<bool>{true});
}

}  // namespace firedrill::scoring
