#pragma once
// On-call: who an escalation level reaches at a given time, and a person's local clock (IANA time
// zones from the system tz database, through Howard Hinnant's date library).

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace date {
class time_zone;
}

namespace firedrill::model {

// Returns the person that `target` of team `team` designates at run time `at`: for a schedule
// whoever is on call in it then (who_is_on_call), or nullopt in a gap of the schedule; for a
// person that person. Throws as who_is_on_call.
std::optional<PersonRef> resolve_target(const Scenario& scenario, std::size_t team,
                                        const EscalationTarget& target, SimTime at);

// Converts run time `at` (ms since the run's start) to Unix time, rounding down to the second.
UnixTime unix_time(const Scenario& scenario, SimTime at);

// A person's wall clock: hour 0–23 and weekday 0–6 (0 = Sunday) in their time zone.
struct LocalClock {
  int hour = 0;
  int weekday = 0;
};

// Local 22:00–07:59 is night: a paged person is asleep and slower to answer.
constexpr int kNightStartHour = 22;
constexpr int kNightEndHour = 8;
inline bool is_night(LocalClock c) { return c.hour >= kNightStartHour || c.hour < kNightEndHour; }
// Returns true iff `c` falls outside `hours` (Person::working_hours): a page then is after hours.
inline bool is_after_hours(LocalClock c, const WorkingHours& hours) {
  return !hours.days[static_cast<std::size_t>(c.weekday)] || c.hour < hours.start_hour ||
         c.hour >= hours.end_hour;
}

// The local clocks of every person of a scenario; time zones are looked up once.
class LocalClocks {
 public:
  // Throws std::runtime_error if a person's time zone is not in the tz database (the loader
  // rejects such scenarios first).
  explicit LocalClocks(const Scenario& scenario);

  // Returns `who`'s local clock at run time `at`.
  LocalClock at(PersonRef who, SimTime at) const;

 private:
  std::int64_t start_unix_s_;
  std::vector<std::vector<const date::time_zone*>> zones_;  // [team][person]
};

}  // namespace firedrill::model
