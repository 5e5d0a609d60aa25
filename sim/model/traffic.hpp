#pragma once
// Traffic calendars: a journey's rate multiplier at a moment of the run, from its diurnal curve,
// weekend factor and named surges in the users' time zone.

#include <cstdint>
#include <optional>

#include "sim/model/scenario.hpp"

namespace firedrill::model {

// Calendars change at most every quarter hour (so time zones with :30 and :45 offsets change on
// time); named surges start and end at their own times.
constexpr SimTime kCalendarStep = std::chrono::minutes(15);

// Returns the calendar's multiplier at run time `at` for a run starting at `start_unix_s`.
// Throws std::runtime_error for a time zone missing from the tz database (the loader rejects
// such scenarios first).
double calendar_multiplier(const TrafficCalendar& calendar, std::int64_t start_unix_s,
                           SimTime at);

// Returns the first time after `at` at which the calendar's multiplier may change: the next
// quarter hour of the run's clock, or an earlier surge boundary.
SimTime next_calendar_change(const TrafficCalendar& calendar, std::int64_t start_unix_s,
                             SimTime at);

}  // namespace firedrill::model
