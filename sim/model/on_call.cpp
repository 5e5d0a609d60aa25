#include "sim/model/on_call.hpp"

#include <date/tz.h>

namespace firedrill::model {

PersonRef resolve_target(const Scenario& scenario, std::size_t team,
                         const EscalationTarget& target, SimTime at) {
  if (target.kind == EscalationTarget::Kind::Person) return {team, target.person};
  const Rotation& r = scenario.teams[team].rotation;
  const auto n = static_cast<std::int64_t>(r.members.size());
  // Floor division, so shifts before the rotation's start continue the same order backwards.
  const std::int64_t elapsed = (at - r.start).count();
  const std::int64_t len = r.shift_length.count();
  std::int64_t shift = elapsed / len;
  if (elapsed % len != 0 && elapsed < 0) --shift;
  std::int64_t index = ((shift % n) + n) % n;
  if (target.kind == EscalationTarget::Kind::Secondary) index = (index + 1) % n;
  return {team, r.members[static_cast<std::size_t>(index)]};
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
