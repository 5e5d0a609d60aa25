#include "sim/model/traffic.hpp"

#include <date/tz.h>

namespace firedrill::model {

double calendar_multiplier(const TrafficCalendar& calendar, std::int64_t start_unix_s,
                           SimTime at) {
  const date::sys_seconds utc{std::chrono::seconds{start_unix_s} +
                              std::chrono::floor<std::chrono::seconds>(at)};
  const auto local = date::locate_zone(calendar.time_zone)->to_local(utc);
  const auto day = std::chrono::floor<date::days>(local);
  const auto hour = std::chrono::floor<std::chrono::hours>(local - day).count();
  const unsigned weekday = date::weekday{day}.c_encoding();
  double m = calendar.hourly[static_cast<std::size_t>(hour)];
  if (weekday == 0 || weekday == 6) m *= calendar.weekend_multiplier;
  for (const NamedSurge& s : calendar.surges)
    if (s.start <= at && at < s.end) m *= s.multiplier;
  return m;
}

SimTime next_calendar_change(const TrafficCalendar& calendar, std::int64_t start_unix_s,
                             SimTime at) {
  // Quarter hours of the wall clock, whatever the run's start second.
  const std::int64_t step_ms = kCalendarStep.count();
  const std::int64_t wall_ms = start_unix_s * 1000 + at.count();
  SimTime next{at.count() + (step_ms - ((wall_ms % step_ms) + step_ms) % step_ms)};
  for (const NamedSurge& s : calendar.surges) {
    if (s.start > at && s.start < next) next = s.start;
    if (s.end > at && s.end < next) next = s.end;
  }
  return next;
}

}  // namespace firedrill::model
