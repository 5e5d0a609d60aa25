#pragma once
// On-call schedules shaped like PagerDuty's: layers of rotating users, restricted to times of the
// day or week in the schedule's time zone, stacked by precedence, with overrides on top.
// Sources: PagerDuty REST API reference, "Schedules" (schedule layers, restrictions, overrides);
// PagerDuty Knowledge Base, "Schedule Basics" (layer precedence, gaps) and "Setting up
// Restrictions for On-Call Shifts"; "Time Zone Settings" (daylight saving time).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace firedrill::model {

// A wall-clock instant: UTC seconds since 1970-01-01 (Unix time), as PagerDuty's date-times.
using UnixTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

// When a layer may put someone on call, in the schedule's time zone: every day from
// start_time_of_day for `duration` (daily_restriction), or every week from start_day_of_week at
// start_time_of_day for `duration` (weekly_restriction). A window may run past midnight (or the
// week's end) into the next day (week). Its end is start + duration on the local wall clock, so a
// window spanning a daylight-saving change is an hour shorter or longer in absolute time.
struct Restriction {
  enum class Kind { Daily, Weekly };
  Kind kind = Kind::Daily;
  std::chrono::seconds start_time_of_day{0};  // 0 … 86'399, local time
  int start_day_of_week = 1;                  // ISO 8601: 1 = Monday … 7 = Sunday; Weekly only
  std::chrono::seconds duration{0};           // > 0; at most a day (Daily) or a week (Weekly)
};

// One layer of a schedule: `users` take turns of `rotation_turn_length`, turn 0 beginning at
// `rotation_virtual_start` (which may precede `start`: it only fixes the rotation's phase). The
// layer puts someone on call only within [start, end) and, when it has restrictions, inside one
// of their windows.
//
// Turns are counted on the schedule's local wall clock: turn k begins when the local time is
// local(rotation_virtual_start) + k × turn length, so a handoff keeps its local time across a
// daylight-saving change (a daily 09:00 handoff in America/New_York is at 14:00 UTC in winter,
// 13:00 UTC in summer; the turn holding the change is an hour shorter or longer). PagerDuty
// anchors schedules to the schedule's time zone ("Time Zone Settings", section "Daylight Saving
// Time": a schedule's times keep their local time when DST begins in its zone). A local time the
// spring change skips maps to the instant of the change; one the autumn change repeats, to its
// first occurrence. In UTC (and any zone without DST) this is exactly PagerDuty's formula
// users[floor((t − rotation_virtual_start) / turn length) mod n].
struct ScheduleLayer {
  std::string name;  // for messages and reports
  UnixTime start{};
  std::optional<UnixTime> end{};  // nullopt: the layer never ends
  UnixTime rotation_virtual_start{};
  std::chrono::seconds rotation_turn_length{std::chrono::hours(24 * 7)};  // > 0
  std::vector<std::size_t> users;         // indices into Team::people, in turn order; non-empty
  std::vector<Restriction> restrictions;  // empty: the layer covers the clock
};

// A user who takes the schedule over [start, end), whatever its layers say.
struct ScheduleOverride {
  UnixTime start{};
  UnixTime end{};        // > start
  std::size_t user = 0;  // index into Team::people
};

// An on-call schedule as PagerDuty models it: at most one person is on call at any instant.
// Precedence: an override beats every layer; among layers a later one (higher in `layers`, shown
// lower in PagerDuty's editor: "Layer 2" over "Layer 1") wins wherever it has someone on call, and
// an earlier one shows through where it has not. Where no override and no layer has anyone, the
// schedule has a gap. Note the REST API lists schedule_layers with the highest precedence first;
// the importer reverses them into this order.
struct Schedule {
  std::string name;                         // unique in the team
  std::string time_zone = "UTC";            // IANA name: the zone of restrictions and handoff times
  std::vector<ScheduleLayer> layers;        // ascending precedence
  std::vector<ScheduleOverride> overrides;  // a later override wins where two overlap
};

// Returns the index (into Team::people) of the person on call at `at`, or nullopt in a gap.
// Throws std::runtime_error if the schedule's time zone is not in the tz database (the loader
// rejects such scenarios first). Cost: O(layers × restrictions + overrides) time-zone lookups.
std::optional<std::size_t> who_is_on_call(const Schedule& schedule, UnixTime at);

// Returns the first instant after `after` at which who_is_on_call may answer differently: a turn
// boundary (of a layer with two users or more), a restriction window's edge, a layer's start or
// end, an override's start or end; nullopt when none is left (no layer rotates and every edge is
// past). The answer may also stay the same there (the next user can be the same person).
// Throws as who_is_on_call.
std::optional<UnixTime> next_on_call_change(const Schedule& schedule, UnixTime after);

// The two schedules the scenario format's "rotation" stands for: "primary", one layer in UTC in
// which `members` take turns of `turn_length` from `start`, and "secondary", the same layer with
// every turn given to the member after that turn's primary (cyclically).
// REQUIRES: !members.empty(), turn_length > 0.
std::vector<Schedule> rotation_schedules(UnixTime start, std::chrono::seconds turn_length,
                                         const std::vector<std::size_t>& members);

}  // namespace firedrill::model
