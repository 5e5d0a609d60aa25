#include "sim/model/on_call.hpp"

#include <date/tz.h>

namespace firedrill::model {

std::optional<PersonRef> resolve_target(const Scenario& scenario, std::size_t team,
                                        const EscalationTarget& target, SimTime at) {
  if (target.kind == EscalationTarget::Kind::Person) return PersonRef{team, target.index};
  const Schedule& schedule = scenario.teams[team].schedules[target.index];
  const auto who = who_is_on_call(schedule, unix_time(scenario, at));
  if (!who) return std::nullopt;
  return PersonRef{team, *who};
}

UnixTime unix_time(const Scenario& scenario, SimTime at) {
  return UnixTime{std::chrono::seconds{scenario.run.start_unix_s} +
                  std::chrono::floor<std::chrono::seconds>(at)};
}

LocalClocks::LocalClocks(const Scenario& scenario) : start_unix_s_(scenario.run.start_unix_s) {
  for (const Team& t : scenario.teams) {
    auto& zones = zones_.emplace_back();
    for (const Person& p : t.people) zones.push_back(date::locate_zone(p.time_zone));
  }
}

LocalClock LocalClocks::at(PersonRef who, SimTime at) const {
  const date::sys_seconds utc{std::chrono::seconds{start_unix_s_} +
                              std::chrono::floor<std::chrono::seconds>(at)};
  const auto local = zones_[who.team][who.person]->to_local(utc);
  const auto day = std::chrono::floor<date::days>(local);
  const date::hh_mm_ss<std::chrono::seconds> time{local - day};
  return {static_cast<int>(time.hours().count()),
          static_cast<int>(date::weekday{day}.c_encoding())};
}

}  // namespace firedrill::model
