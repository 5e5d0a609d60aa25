#include "scoring/integrals.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "fixtures.hpp"

namespace firedrill::scoring {
namespace {

using testing::seconds;
using testing::segment;

// Journey 0: 10 req/s with 8 good over [0, 10 s) → 2 failed/s; 20 with 5 good over
// [10 s, 25 s) → 15 failed/s; 4 all good over [25 s, 40 s). Journey 1 never fails.
std::vector<model::Segment> three_segments() {
  return {segment(0, 10, {{10, 8}, {1, 1}}), segment(10, 25, {{20, 5}, {1, 1}}),
          segment(25, 40, {{4, 4}, {1, 1}})};
}

TEST_CASE("failed_requests: a window that cuts two segments counts only the parts inside it",
          "[scoring]") {
  const auto segs = three_segments();
  // [5.5 s, 30 s): 4.5 s at 2/s, the whole 15 s at 15/s, 5 s at 0/s.
  const double expected = 4.5 * (10 - 8) + 15.0 * (20 - 5) + 5.0 * (4 - 4);
  CHECK(failed_requests(segs, 0, {seconds(5.5), seconds(30)}) == Approx(expected));
  CHECK(offered_requests(segs, 0, {seconds(5.5), seconds(30)}) ==
        Approx(4.5 * 10 + 15.0 * 20 + 5.0 * 4));
  CHECK(good_requests(segs, 0, {seconds(5.5), seconds(30)}) ==
        Approx(4.5 * 8 + 15.0 * 5 + 5.0 * 4));
  CHECK(failed_requests(segs, 1, {seconds(5.5), seconds(30)}) == 0.0);
}

TEST_CASE("failed_requests: a window inside one segment is that segment's rate times its length",
          "[scoring]") {
  const auto segs = three_segments();
  CHECK(failed_requests(segs, 0, {seconds(12.25), seconds(13.75)}) == Approx(1.5 * 15.0));
  // Millisecond edges are exact: one millisecond at 15 failed/s.
  CHECK(failed_requests(segs, 0, {seconds(10), seconds(10.001)}) == Approx(0.015));
}

TEST_CASE("failed_requests: windows that split the run add up to the whole run", "[scoring]") {
  const auto segs = three_segments();
  const double whole = failed_requests(segs, 0, {seconds(0), seconds(40)});
  CHECK(whole == Approx(10.0 * 2 + 15.0 * 15));
  const double parts = failed_requests(segs, 0, {seconds(0), seconds(7.123)}) +
                       failed_requests(segs, 0, {seconds(7.123), seconds(17.5)}) +
                       failed_requests(segs, 0, {seconds(17.5), seconds(40)});
  CHECK(parts == Approx(whole));
}

TEST_CASE("failed_requests: empty windows and uncovered time count nothing", "[scoring]") {
  auto segs = three_segments();
  CHECK(failed_requests(segs, 0, {seconds(12), seconds(12)}) == 0.0);
  CHECK(failed_requests(segs, 0, {seconds(20), seconds(12)}) == 0.0);
  // Beyond the last segment nothing is recorded, so nothing counts.
  CHECK(failed_requests(segs, 0, {seconds(20), seconds(100)}) == Approx(5.0 * 15));
  // Time before the first segment counts nothing; the segments inside the window do.
  segs.erase(segs.begin());
  CHECK(failed_requests(segs, 0, {seconds(5.5), seconds(30)}) == Approx(15.0 * 15));
}

TEST_CASE("failed_requests: a segment with more good than offered requests counts 0, not less",
          "[scoring]") {
  const std::vector<model::Segment> segs = {segment(0, 10, {{10, 10.000001}}),
                                            segment(10, 20, {{10, 9}})};
  CHECK(failed_requests(segs, 0, {seconds(0), seconds(20)}) == Approx(10.0));
}

TEST_CASE("failed_requests_by_journey: one exact integral per journey", "[scoring]") {
  const auto segs = three_segments();
  const auto failed = failed_requests_by_journey(segs, 2, {seconds(0), seconds(40)});
  REQUIRE(failed.size() == 2);
  CHECK(failed[0] == Approx(245.0));
  CHECK(failed[1] == 0.0);
}

TEST_CASE("peak_failed_share: the worst segment overlapping the window", "[scoring]") {
  const auto segs = three_segments();
  CHECK(peak_failed_share(segs, 0, {seconds(0), seconds(40)}) == Approx(15.0 / 20.0));
  CHECK(peak_failed_share(segs, 0, {seconds(0), seconds(10)}) == Approx(2.0 / 10.0));
  CHECK(peak_failed_share(segs, 0, {seconds(30), seconds(40)}) == 0.0);
}

TEST_CASE("error_budget_requests: 99.9 % over 30 days at 100 req/s allows 259 200 failures",
          "[scoring]") {
  model::Journey journey;
  journey.rate_rps = 100.0;
  journey.slo = {0.999, std::chrono::hours(24 * 30)};
  const double period_s = 30.0 * 24 * 3600;
  CHECK(error_budget_requests(journey) == Approx((1 - 0.999) * 100.0 * period_s));
  CHECK(error_budget_requests(journey) == Approx(259200.0));
  // 36 000 failures (30 req/s for 20 minutes) consume 13.9 % of it.
  CHECK(budget_consumed(30.0 * 1200, error_budget_requests(journey)) == Approx(36000.0 / 259200.0));
  CHECK(budget_consumed(2 * 259200.0, error_budget_requests(journey)) == Approx(2.0));
}

TEST_CASE("budget_consumed: a zero budget is consumed infinitely by any failure, not by none",
          "[scoring]") {
  CHECK(budget_consumed(0.0, 0.0) == 0.0);
  CHECK(std::isinf(budget_consumed(1.0, 0.0)));
  CHECK(budget_consumed(5.0, 10.0) == Approx(0.5));
}

}  // namespace
}  // namespace firedrill::scoring
