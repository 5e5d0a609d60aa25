#include "sim/model/schedule.hpp"

#include <catch2/catch.hpp>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using namespace std::chrono;

namespace {

constexpr seconds kDay = hours(24);
constexpr seconds kWeek = hours(24 * 7);

// A UTC instant from a civil date and a UTC time of day.
UnixTime utc(year_month_day date, seconds time_of_day) {
  return UnixTime{sys_days{date}.time_since_epoch() + time_of_day};
}

ScheduleLayer layer(std::vector<std::size_t> users, UnixTime virtual_start, seconds turn) {
  ScheduleLayer l;
  l.start = virtual_start;
  l.rotation_virtual_start = virtual_start;
  l.rotation_turn_length = turn;
  l.users = std::move(users);
  return l;
}

Restriction daily(seconds start_time_of_day, seconds duration) {
  return {Restriction::Kind::Daily, start_time_of_day, 1, duration};
}

}  // namespace

TEST_CASE("who_is_on_call: a weekly rotation hands over every turn, in user order", "[pager]") {
  // PagerDuty's rule: users[floor((t − rotation_virtual_start) / turn length) mod n].
  const UnixTime monday = utc(2026y / November / 23, hours(9));
  const Schedule s{"weekly", "UTC", {layer({0, 1, 2}, monday, kWeek)}, {}};
  const auto expected = [&](UnixTime t) {
    const auto k = floor<seconds>(t - monday).count();
    const auto turn = k >= 0 ? k / kWeek.count() : (k - kWeek.count() + 1) / kWeek.count();
    return static_cast<std::size_t>(((turn % 3) + 3) % 3);
  };
  for (const UnixTime t : {monday, monday + kWeek - seconds(1), monday + kWeek,
                           monday + 2 * kWeek + hours(5), monday + 3 * kWeek}) {
    CHECK(who_is_on_call(s, t) == expected(t));
  }
  CHECK(who_is_on_call(s, monday) == 0u);
  CHECK(who_is_on_call(s, monday + kWeek) == 1u);
  CHECK(who_is_on_call(s, monday + 3 * kWeek) == 0u);   // wraps around
  CHECK_FALSE(who_is_on_call(s, monday - seconds(1)));  // before the layer's start: a gap
  // The next handoff after Tuesday noon of the first week is the next Monday 09:00.
  CHECK(next_on_call_change(s, monday + hours(27)) == monday + kWeek);
  CHECK(next_on_call_change(s, monday + kWeek) == monday + 2 * kWeek);
}

TEST_CASE("who_is_on_call: a rotation_virtual_start before the layer's start only sets the phase",
          "[pager]") {
  // Turn 0 began two weeks before the layer starts: the layer starts in turn 2 (user 2 of 3).
  const UnixTime start = utc(2026y / November / 23, hours(9));
  ScheduleLayer l = layer({0, 1, 2}, start - 2 * kWeek, kWeek);
  l.start = start;
  const Schedule s{"phase", "UTC", {l}, {}};
  CHECK_FALSE(who_is_on_call(s, start - seconds(1)));
  CHECK(who_is_on_call(s, start) == 2u);
  CHECK(next_on_call_change(s, start - hours(1)) == start);
}

TEST_CASE("who_is_on_call: a daily 09:00–17:00 restriction in New York follows the US DST change",
          "[pager]") {
  // America/New_York is UTC−5 (EST) until 2026-03-08 02:00 local, then UTC−4 (EDT): the second
  // Sunday of March (US Energy Policy Act of 2005). 09:00–17:00 local is 14:00–22:00Z on
  // Saturday 7 March and 13:00–21:00Z from Sunday 8 March on.
  Restriction office = daily(hours(9), hours(8));
  ScheduleLayer l = layer({0}, utc(2026y / March / 1, hours(0)), kDay);
  l.restrictions = {office};
  const Schedule s{"office-hours", "America/New_York", {l}, {}};
  const UnixTime sat = utc(2026y / March / 7, hours(0));
  const UnixTime mon = utc(2026y / March / 9, hours(0));
  CHECK_FALSE(who_is_on_call(s, sat + hours(14) - seconds(1)));
  CHECK(who_is_on_call(s, sat + hours(14)) == 0u);
  CHECK(who_is_on_call(s, sat + hours(22) - seconds(1)) == 0u);
  CHECK_FALSE(who_is_on_call(s, sat + hours(22)));
  CHECK_FALSE(who_is_on_call(s, mon + hours(13) - seconds(1)));
  CHECK(who_is_on_call(s, mon + hours(13)) == 0u);
  CHECK(who_is_on_call(s, mon + hours(21) - seconds(1)) == 0u);
  CHECK_FALSE(who_is_on_call(s, mon + hours(21)));
  // After Saturday's window the next edge is Sunday 09:00 EDT = 13:00Z.
  CHECK(next_on_call_change(s, sat + hours(22)) == sat + kDay + hours(13));
  CHECK(next_on_call_change(s, sat + kDay + hours(13)) == sat + kDay + hours(21));
}

TEST_CASE("who_is_on_call: daily handoffs keep their local time across the US DST change",
          "[pager]") {
  // Two users hand over daily at 09:00 New York time, turn 0 from Friday 6 March 09:00 EST
  // (14:00Z). PagerDuty pins a schedule's times to its zone's wall clock (Knowledge Base, "Time
  // Zone Settings", "Daylight Saving Time"): handoffs at 14:00Z on the 7th, then 13:00Z (09:00
  // EDT) on the 8th and 9th; the turn from the 7th to the 8th lasts 23 h. Counting absolute
  // seconds instead would put the 8th's handoff at 14:00Z.
  const UnixTime friday = utc(2026y / March / 6, hours(14));
  const Schedule s{"daily", "America/New_York", {layer({0, 1}, friday, kDay)}, {}};
  const UnixTime sunday = utc(2026y / March / 8, hours(0));
  CHECK(who_is_on_call(s, friday) == 0u);
  CHECK(who_is_on_call(s, friday + kDay) == 1u);  // Sat 09:00 EST
  CHECK(who_is_on_call(s, sunday + hours(13) - seconds(1)) == 1u);
  CHECK(who_is_on_call(s, sunday + hours(13)) == 0u);         // Sun 09:00 EDT
  CHECK(who_is_on_call(s, sunday + hours(13) + kDay) == 1u);  // Mon 09:00 EDT
  CHECK(next_on_call_change(s, friday + kDay) == sunday + hours(13));
  CHECK(next_on_call_change(s, sunday + hours(13)) == sunday + hours(13) + kDay);
}

TEST_CASE("next_on_call_change: hourly turns across the autumn change advance and never repeat",
          "[pager]") {
  // New York falls back on 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST: local 01:00–02:00
  // happens twice. A handoff at a repeated local time happens at its first occurrence, so the
  // turn from 01:00 local lasts until 02:00 EST: 2 h of absolute time (05:00Z–07:00Z).
  const UnixTime start = utc(2026y / October / 31, hours(12));
  const Schedule s{"hourly", "America/New_York", {layer({0, 1, 2}, start, hours(1))}, {}};
  const UnixTime one_edt = utc(2026y / November / 1, hours(5));  // 01:00 EDT
  CHECK(next_on_call_change(s, one_edt - minutes(30)) == one_edt);
  CHECK(next_on_call_change(s, one_edt) == one_edt + hours(2));  // 02:00 EST = 07:00Z
  CHECK(who_is_on_call(s, one_edt) == who_is_on_call(s, one_edt + hours(2) - seconds(1)));
  UnixTime t = start;
  for (int i = 0; i < 48; ++i) {
    const UnixTime next = next_on_call_change(s, t).value();
    CHECK(next > t);
    CHECK(next - t <= hours(2));
    t = next;
  }
}

TEST_CASE("who_is_on_call: a weekend restriction in Berlin spans the EU DST change", "[pager]") {
  // Europe/Berlin is UTC+1 (CET) until 2026-03-29 01:00Z, then UTC+2 (CEST): the last Sunday of
  // March (EU Directive 2000/84/EC). The window opens Friday 18:00 local and lasts 72 h on the
  // local wall clock (schedule.hpp): Friday 27 March 18:00 CET = 17:00Z to Monday 30 March
  // 18:00 CEST = 16:00Z, 71 h of absolute time. The next opens Friday 3 April 18:00 CEST = 16:00Z.
  const Restriction weekend{Restriction::Kind::Weekly, hours(18), 5, hours(72)};
  // Weekly turns from Monday 2 March 00:00 CET (1 March 23:00Z).
  ScheduleLayer l = layer({0, 1}, utc(2026y / March / 1, hours(23)), kWeek);
  l.restrictions = {weekend};
  const Schedule s{"weekend", "Europe/Berlin", {l}, {}};
  const UnixTime friday = utc(2026y / March / 27, hours(0));
  const UnixTime monday = utc(2026y / March / 30, hours(0));
  CHECK_FALSE(who_is_on_call(s, friday + hours(17) - seconds(1)));
  // Turn 3 (weeks from Monday 2 March 00:00 CET): user 1.
  CHECK(who_is_on_call(s, friday + hours(17)) == 1u);
  // Monday 30 March 00:00 CEST (29 March 22:00Z) starts turn 4: user 0, still the weekend window.
  CHECK(who_is_on_call(s, monday - hours(2)) == 0u);
  CHECK(who_is_on_call(s, monday + hours(16) - seconds(1)) == 0u);
  CHECK_FALSE(who_is_on_call(s, monday + hours(16)));
  CHECK(next_on_call_change(s, monday + hours(16)) == utc(2026y / April / 3, hours(16)));
}

TEST_CASE("who_is_on_call: a later layer wins where it has someone, an override beats all",
          "[pager]") {
  // Layer 1: Ana (0) around the clock. Layer 2: Bo (1) 09:00–17:00 UTC. Override: Cy (2) 12–13.
  const UnixTime day = utc(2026y / November / 23, hours(0));
  ScheduleLayer base = layer({0}, day - kWeek, kWeek);
  ScheduleLayer office = layer({1}, day - kWeek, kDay);
  office.restrictions = {daily(hours(9), hours(8))};
  const Schedule s{"stack", "UTC", {base, office}, {{day + hours(12), day + hours(13), 2}}};
  CHECK(who_is_on_call(s, day + hours(8)) == 0u);
  CHECK(who_is_on_call(s, day + hours(10)) == 1u);
  CHECK(who_is_on_call(s, day + hours(12) + minutes(30)) == 2u);
  CHECK(who_is_on_call(s, day + hours(13)) == 1u);
  CHECK(who_is_on_call(s, day + hours(17)) == 0u);  // layer 1 shows through again
  // The same layers in the other order: Ana's round-the-clock layer hides Bo's entirely.
  const Schedule reversed{"reversed", "UTC", {office, base}, {}};
  CHECK(who_is_on_call(reversed, day + hours(10)) == 0u);
  // Every edge, in order: 09:00, 12:00, 13:00, 17:00, then the next day's 09:00.
  std::vector<UnixTime> edges;
  for (UnixTime t = day; edges.size() < 5;) {
    t = next_on_call_change(s, t).value();
    edges.push_back(t);
  }
  CHECK(edges == std::vector<UnixTime>{day + hours(9), day + hours(12), day + hours(13),
                                       day + hours(17), day + kDay + hours(9)});
}

TEST_CASE("who_is_on_call: outside every layer's restriction and span the schedule has a gap",
          "[pager]") {
  const UnixTime day = utc(2026y / November / 23, hours(0));
  // Daily turns handed over at 22:00, as the window opens.
  ScheduleLayer nights = layer({0, 1}, day + hours(22), kDay);
  nights.restrictions = {daily(hours(22), hours(8))};  // 22:00–06:00, past midnight
  nights.end = day + 2 * kWeek;
  const Schedule s{"nights", "UTC", {nights}, {}};
  CHECK(who_is_on_call(s, day + hours(23)) == 0u);
  CHECK(who_is_on_call(s, day + kDay + hours(5)) == 0u);  // still Monday night's window
  CHECK_FALSE(who_is_on_call(s, day + hours(21)));        // before the layer's start
  CHECK_FALSE(who_is_on_call(s, day + kDay + hours(6)));
  CHECK_FALSE(who_is_on_call(s, day + kDay + hours(12)));
  CHECK(who_is_on_call(s, day + kDay + hours(22)) == 1u);
  CHECK_FALSE(who_is_on_call(s, day + 2 * kWeek + hours(23)));  // the layer has ended
  CHECK(next_on_call_change(s, day + kDay + hours(12)) == day + kDay + hours(22));
  // One user, no restriction, no end: the answer never changes again.
  const Schedule forever{"forever", "UTC", {layer({0}, day, kWeek)}, {}};
  CHECK_FALSE(next_on_call_change(forever, day + hours(1)));
  CHECK_FALSE(who_is_on_call(Schedule{"empty", "UTC", {}, {}}, day));
}

TEST_CASE("rotation_schedules: secondary is the member after primary in every turn", "[pager]") {
  const UnixTime start = utc(2026y / November / 23, hours(9));
  const auto schedules = rotation_schedules(start, hours(12), {2, 0, 1});
  REQUIRE(schedules.size() == 2);
  for (int turn = -2; turn < 5; ++turn) {
    const UnixTime t = start + turn * hours(12) + minutes(1);
    const std::size_t primary = who_is_on_call(schedules[0], t).value();
    const std::size_t secondary = who_is_on_call(schedules[1], t).value();
    const std::vector<std::size_t> order{2, 0, 1};
    const auto i = static_cast<std::size_t>(((turn % 3) + 3) % 3);
    CHECK(primary == order[i]);
    CHECK(secondary == order[(i + 1) % 3]);
  }
}

TEST_CASE("EscalationPolicy: num_loops counts the repeats after the first run", "[pager]") {
  // PagerDuty REST API, Escalation Policies: num_loops is "the number of times the escalation
  // policy will repeat after reaching the end of its escalation"; loops counts every run.
  EscalationPolicy p;
  p.loops = 1;
  CHECK(p.num_loops() == 0);
  p.loops = 3;
  CHECK(p.num_loops() == 2);
}

TEST_CASE("Run: a level whose schedule has a gap pages no one but still escalates after its delay",
          "[run][pager]") {
  Scenario s = testing::three_tier();
  Fault f;
  f.id = "fault";
  f.type = FaultType::ErrorRate;
  f.service = 1;
  f.start = minutes(10);
  f.error_ratio = 0.5;
  s.faults = {f};
  s.policy.responders.missed_page_probability_day = 1.0;  // nobody ever answers
  s.policy.responders.missed_page_probability_night = 1.0;
  // "primary" (level 1) has nobody on call: its only layer starts after the run.
  s.teams[0].schedules[0].layers[0].start = UnixTime{seconds{s.run.start_unix_s}} + hours(24 * 365);
  const RunRecord r = simulate(s, 1);
  SimTime detected{-1};
  std::vector<SimTime> escalated;
  std::size_t level0_pages = 0;
  for (const TimelineEvent& e : r.timeline) {
    if (std::holds_alternative<ev::IncidentDetected>(e.payload) && detected < SimTime{0})
      detected = e.at;
    if (std::holds_alternative<ev::PageEscalated>(e.payload)) escalated.push_back(e.at);
    if (const auto* p = std::get_if<ev::PageSent>(&e.payload); p != nullptr && p->level == 0)
      ++level0_pages;
  }
  REQUIRE(detected >= SimTime{0});
  CHECK(level0_pages == 0);
  // Level 1 still waits its 5 minutes, then level 2 (10 min), level 3 (15 min), as with people.
  REQUIRE(escalated.size() >= 2);
  CHECK(escalated[0] == detected + minutes(5));
  CHECK(escalated[1] == detected + minutes(15));
}
