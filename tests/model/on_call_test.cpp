#include "sim/model/on_call.hpp"

#include <catch2/catch.hpp>

#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::hours;
using Kind = EscalationTarget::Kind;

TEST_CASE("resolve_target: a weekly rotation hands primary and secondary on in order",
          "[pager]") {
  // members Ana, Bo, Cy; week-long shifts from the run's start; schedules "primary" (0) and
  // "secondary" (1), the old rotation's two roles.
  const Scenario s = testing::three_tier();
  const auto primary = [&](SimTime t) {
    return resolve_target(s, 0, {Kind::Schedule, 0}, t).value().person;
  };
  const auto secondary = [&](SimTime t) {
    return resolve_target(s, 0, {Kind::Schedule, 1}, t).value().person;
  };
  CHECK(primary(hours(0)) == 0);
  CHECK(secondary(hours(0)) == 1);
  CHECK(primary(hours(24 * 7 + 1)) == 1);
  CHECK(secondary(hours(24 * 7 + 1)) == 2);
  CHECK(primary(hours(24 * 14)) == 2);
  CHECK(secondary(hours(24 * 14)) == 0);   // wraps around
  CHECK(primary(hours(-1)) == 2);          // the shift before the rotation's start
  CHECK(resolve_target(s, 0, {Kind::Person, 1}, hours(500))->person == 1);
}

TEST_CASE("resolve_target: a gap in a schedule reaches no one", "[pager]") {
  Scenario s = testing::three_tier();
  // Ana is on call only for the run's first hour (a layer that ends), then nobody.
  ScheduleLayer layer;
  layer.start = unix_time(s, SimTime{0});
  layer.end = unix_time(s, hours(1));
  layer.rotation_virtual_start = layer.start;
  layer.users = {0};
  s.teams[0].schedules[0] = Schedule{"primary", "UTC", {layer}, {}};
  CHECK(resolve_target(s, 0, {Kind::Schedule, 0}, std::chrono::minutes(59))->person == 0);
  CHECK_FALSE(resolve_target(s, 0, {Kind::Schedule, 0}, hours(1)).has_value());
}

TEST_CASE("LocalClocks: local hour and weekday come from the tz database", "[pager]") {
  Scenario s = testing::three_tier();
  s.run.start_unix_s = 1795870800;  // 2026-11-28T13:00:00Z, a Saturday
  s.teams[0].people = {{"Ana", "America/New_York"}, {"Bo", "Asia/Kolkata"}, {"Cy", "UTC"}};
  const LocalClocks clocks(s);
  // New York is UTC−5 in November (EST): 08:00 Saturday — after hours (weekend), not night.
  const LocalClock ny = clocks.at({0, 0}, SimTime{0});
  CHECK(ny.hour == 8);
  CHECK(ny.weekday == 6);
  CHECK(is_after_hours(ny, WorkingHours{}));
  CHECK_FALSE(is_night(ny));
  // A team that works weekends from 07:00 is at work then.
  WorkingHours weekends;
  weekends.start_hour = 7;
  weekends.days = {true, true, true, true, true, true, true};
  CHECK_FALSE(is_after_hours(ny, weekends));
  weekends.start_hour = 9;
  CHECK(is_after_hours(ny, weekends));
  // Kolkata is UTC+5:30: 18:30 Saturday; nine hours later 03:30 Sunday, at night.
  CHECK(clocks.at({0, 1}, SimTime{0}).hour == 18);
  const LocalClock late = clocks.at({0, 1}, hours(9));
  CHECK(late.hour == 3);
  CHECK(late.weekday == 0);
  CHECK(is_night(late));
}
