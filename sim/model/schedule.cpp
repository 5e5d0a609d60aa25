#include "sim/model/schedule.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cassert>

namespace firedrill::model {
namespace {

using std::chrono::seconds;
using LocalSeconds = date::local_seconds;
using date::days;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Wall clock → instant: a skipped local time maps to the instant of the change (date's
// nonexistent rule), a repeated one to its first occurrence. Monotonic (non-decreasing) in
// `local`, which the turn search below relies on.
UnixTime to_unix(const date::time_zone* zone, LocalSeconds local) {
  return zone->to_sys(local, date::choose::earliest);
}

LocalSeconds to_local(const date::time_zone* zone, UnixTime t) { return zone->to_local(t); }

// The instant turn k of `layer` begins.
UnixTime turn_start(const date::time_zone* zone, const ScheduleLayer& layer, std::int64_t k) {
  return to_unix(zone,
                 to_local(zone, layer.rotation_virtual_start) + k * layer.rotation_turn_length);
}

// The turn holding `t`: turn_start(k) <= t < turn_start(k + 1). The local-time estimate is off by
// at most a turn or two around a daylight-saving change; the loops correct it.
std::int64_t turn_at(const date::time_zone* zone, const ScheduleLayer& layer, UnixTime t) {
  const auto elapsed = to_local(zone, t) - to_local(zone, layer.rotation_virtual_start);
  std::int64_t k = floor_div(elapsed.count(), layer.rotation_turn_length.count());
  while (turn_start(zone, layer, k + 1) <= t) ++k;
  while (turn_start(zone, layer, k) > t) --k;
  return k;
}

// The windows of `r` that may contain or follow `t`: for a daily restriction those starting on
// the local day before `t`'s through two days after, for a weekly one the week before through two
// weeks after. Each as [begin, end) instants.
struct Window {
  UnixTime begin;
  UnixTime end;
};

template <typename F>
void for_each_window_near(const date::time_zone* zone, const Restriction& r, UnixTime t, F&& f) {
  const LocalSeconds local = to_local(zone, t);
  const auto day = std::chrono::floor<days>(local);
  if (r.kind == Restriction::Kind::Daily) {
    for (int d = -1; d <= 2; ++d) {
      const LocalSeconds begin = day + days(d) + r.start_time_of_day;
      f(Window{to_unix(zone, begin), to_unix(zone, begin + r.duration)});
    }
    return;
  }
  // ISO weekday of `day`: 1 = Monday … 7 = Sunday; the week starts on its Monday.
  const auto iso = static_cast<int>(date::weekday{day}.iso_encoding());
  const auto monday = day - days(iso - 1);
  for (int w = -1; w <= 2; ++w) {
    const LocalSeconds begin = monday + days(7 * w + r.start_day_of_week - 1) + r.start_time_of_day;
    f(Window{to_unix(zone, begin), to_unix(zone, begin + r.duration)});
  }
}

bool inside_restrictions(const date::time_zone* zone, const ScheduleLayer& layer, UnixTime t) {
  if (layer.restrictions.empty()) return true;
  bool inside = false;
  for (const Restriction& r : layer.restrictions) {
    for_each_window_near(zone, r, t, [&](const Window& w) {
      if (w.begin <= t && t < w.end) inside = true;
    });
    if (inside) return true;
  }
  return false;
}

std::optional<std::size_t> layer_on_call(const date::time_zone* zone, const ScheduleLayer& layer,
                                         UnixTime t) {
  if (layer.users.empty() || t < layer.start || (layer.end && t >= *layer.end)) return std::nullopt;
  if (!inside_restrictions(zone, layer, t)) return std::nullopt;
  const auto n = static_cast<std::int64_t>(layer.users.size());
  const std::int64_t k = turn_at(zone, layer, t);
  return layer.users[static_cast<std::size_t>(((k % n) + n) % n)];
}

}  // namespace

std::optional<std::size_t> who_is_on_call(const Schedule& schedule, UnixTime at) {
  for (auto o = schedule.overrides.rbegin(); o != schedule.overrides.rend(); ++o) {
    if (o->start <= at && at < o->end) return o->user;
  }
  const date::time_zone* zone = date::locate_zone(schedule.time_zone);
  for (auto l = schedule.layers.rbegin(); l != schedule.layers.rend(); ++l) {
    if (const auto who = layer_on_call(zone, *l, at)) return who;
  }
  return std::nullopt;
}

std::optional<UnixTime> next_on_call_change(const Schedule& schedule, UnixTime after) {
  std::optional<UnixTime> next;
  const auto consider = [&](UnixTime t) {
    if (t > after && (!next || t < *next)) next = t;
  };
  for (const ScheduleOverride& o : schedule.overrides) {
    consider(o.start);
    consider(o.end);
  }
  const date::time_zone* zone = date::locate_zone(schedule.time_zone);
  for (const ScheduleLayer& layer : schedule.layers) {
    if (layer.end && *layer.end <= after) continue;
    consider(layer.start);
    if (layer.end) consider(*layer.end);
    if (layer.users.size() > 1) {
      // After the layer's start the next boundary follows `after`; before it, the first one
      // that matters is the layer's start itself (considered above).
      const UnixTime from = std::max(after, layer.start);
      consider(turn_start(zone, layer, turn_at(zone, layer, from) + 1));
    }
    for (const Restriction& r : layer.restrictions) {
      for_each_window_near(zone, r, after, [&](const Window& w) {
        consider(w.begin);
        consider(w.end);
      });
    }
  }
  return next;
}

std::vector<Schedule> rotation_schedules(UnixTime start, std::chrono::seconds turn_length,
                                         const std::vector<std::size_t>& members) {
  assert(!members.empty() && turn_length > seconds{0});
  ScheduleLayer layer;
  layer.name = "rotation";
  // The rotation repeats before its start as after it, so the layer covers all time.
  layer.start = UnixTime::min();
  layer.rotation_virtual_start = start;
  layer.rotation_turn_length = turn_length;
  layer.users = members;
  Schedule primary{"primary", "UTC", {layer}, {}};
  std::rotate(layer.users.begin(), layer.users.begin() + 1, layer.users.end());
  Schedule secondary{"secondary", "UTC", {layer}, {}};
  return {std::move(primary), std::move(secondary)};
}

}  // namespace firedrill::model
