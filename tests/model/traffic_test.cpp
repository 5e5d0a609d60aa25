#include "sim/model/traffic.hpp"

#include <catch2/catch.hpp>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::hours;
using std::chrono::minutes;

namespace {
// 2026-11-27T17:00:00Z, a Friday: 12:00 in New York (EST, UTC−5).
constexpr std::int64_t kFridayNoonNewYork = 1795798800;

TrafficCalendar by_hour_in_new_york() {
  TrafficCalendar c;
  c.time_zone = "America/New_York";
  for (std::size_t h = 0; h < 24; ++h) c.hourly[h] = static_cast<double>(h);
  return c;
}
}  // namespace

TEST_CASE("Traffic calendar: the hourly curve follows the users' local hour", "[traffic]") {
  const TrafficCalendar c = by_hour_in_new_york();
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, SimTime{0}) == 12.0);
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, minutes(59)) == 12.0);
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, minutes(60)) == 13.0);
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, hours(13)) == 1.0);  // Saturday 01:00
}

TEST_CASE("Traffic calendar: weekends and named surges multiply the curve", "[traffic]") {
  TrafficCalendar c = by_hour_in_new_york();
  c.weekend_multiplier = 0.5;
  c.surges = {{"doorbusters", hours(1), hours(2), 3.0}};
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, minutes(90)) == 13.0 * 3.0);
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, hours(2)) == 14.0);  // the surge is over
  CHECK(calendar_multiplier(c, kFridayNoonNewYork, hours(22)) == 10.0 * 0.5);  // Sat 10:00
}

TEST_CASE("Traffic calendar: changes come on the wall clock's quarter hours and at surges",
          "[traffic]") {
  TrafficCalendar c = by_hour_in_new_york();
  // A run starting at 12:05:00 local: the next quarter hour is 12:15, ten minutes in.
  const std::int64_t start = kFridayNoonNewYork + 5 * 60;
  CHECK(next_calendar_change(c, start, SimTime{0}) == SimTime{minutes(10)});
  CHECK(next_calendar_change(c, start, minutes(10)) == SimTime{minutes(25)});
  c.surges = {{"flash", minutes(12), minutes(20), 2.0}};
  CHECK(next_calendar_change(c, start, SimTime{0}) == SimTime{minutes(10)});
  CHECK(next_calendar_change(c, start, minutes(10)) == SimTime{minutes(12)});
  CHECK(next_calendar_change(c, start, minutes(12)) == SimTime{minutes(20)});
}

TEST_CASE("Run: a journey's rate follows its calendar, hour by hour", "[traffic][run]") {
  Scenario s = testing::three_tier();
  s.run.start_unix_s = kFridayNoonNewYork;
  s.journeys[0].rate_rps = 10.0;
  s.journeys[0].calendar = by_hour_in_new_york();
  const RunRecord r = simulate(s, 1);
  const auto offered_at = [&r](SimTime t) {
    for (const Segment& seg : r.segments)
      if (seg.start <= t && t < seg.end) return seg.journeys[0].offered_rps;
    return -1.0;
  };
  CHECK(offered_at(minutes(30)) == Approx(120.0));  // 12:30 local
  CHECK(offered_at(minutes(90)) == Approx(130.0));  // 13:30 local
}
