// See the note at the top of load_scenario.cpp: the suppression must come before every include.
#pragma GCC diagnostic ignored "-Warray-bounds"

#include "sim/scenario/pagerduty.hpp"

#include <algorithm>
#include <climits>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>

#include "sim/scenario/value_ranges.hpp"

namespace firedrill::scenario::internal {
namespace {

constexpr Presence kRequired = Presence::Required;
constexpr Presence kOptional = Presence::Optional;
constexpr std::int64_t kDaySeconds = 24 * 3600;

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + in_quotes(n);
  return out;
}

// One JSON value to read: a file's parsed content with its own problems, or an embedded value
// reported to the section's problems.
struct Source {
  const json* value = nullptr;  // nullptr: unreadable (reported)
  std::string pointer;          // of `value` in its document
  Problems* problems = nullptr;
};

class Importer {
 public:
  Importer(const ObjectReader& section, FileScope scope)
      : section_(section), scope_(std::move(scope)) {}

  PagerDutyImport run() {
    section_.check_keys({"schedules", "escalation_policy"});
    if (const json* schedules = section_.array("schedules", kOptional)) {
      for (std::size_t i = 0; i < schedules->size(); ++i) {
        with_source((*schedules)[i], child_pointer(section_.pointer_to("schedules"), i), "schedule",
                    [this](const ObjectReader& r) { read_schedule(r); });
      }
    }
    if (const json* policy = section_.find("escalation_policy")) {
      with_source(*policy, section_.pointer_to("escalation_policy"), "escalation_policy",
                  [this](const ObjectReader& r) { read_policy(r); });
    }
    return std::move(out_);
  }

 private:
  // Calls `read` on the object `wrapper` names (in a file or embedded at `pointer`), then moves a
  // file's problems to the section's.
  template <typename F>
  void with_source(const json& value, const std::string& pointer, const std::string& wrapper,
                   F&& read) {
    Problems& section_problems = section_.problems();
    if (value.is_string()) {
      const std::string name = value.get<std::string>();
      const std::string source = (scope_.base_dir / name).lexically_normal().string();
      std::optional<json> file;
      try {
        file = read_json_file(resolve_reference(scope_, name), source, pointer, section_problems);
      } catch (const InputFileError& e) {
        section_problems.add(pointer, "cannot read " + in_quotes(source) + ": " + e.what());
      }
      if (!file) return;
      const json& document = *file;
      Problems file_problems(source);
      const ObjectReader top(document, "", file_problems);
      if (top.ok()) {
        if (const json* inner = top.object(wrapper, kRequired)) {
          read(ObjectReader(*inner, top.pointer_to(wrapper), file_problems));
        }
      }
      section_problems.append(file_problems.take());
      return;
    }
    if (!value.is_object()) {
      section_problems.add(pointer, "must be a file name or an object, got " + describe(value));
      return;
    }
    const auto it = value.find(wrapper);
    if (it != value.end() && it->is_object()) {
      read(ObjectReader(*it, child_pointer(pointer, wrapper), section_problems));
    } else {
      read(ObjectReader(value, pointer, section_problems));
    }
  }

  // A user object or user reference: {"id", "type", "summary", "name", "time_zone", ...}.
  std::optional<std::size_t> read_user(const ObjectReader& r, const std::string& default_zone) {
    if (!r.ok()) return std::nullopt;
    if (const auto type = r.string("type", kOptional);
        type && *type != "user_reference" && *type != "user") {
      r.problems().add(r.pointer_to("type"),
                       "must be \"user_reference\" or \"user\", got " + in_quotes(*type));
    }
    const auto id = r.name("id", kRequired);
    if (!id) return std::nullopt;
    const auto known = user_index_.find(*id);
    if (known != user_index_.end()) return known->second;
    PagerDutyUser user;
    user.id = *id;
    user.name = *id;
    for (const char* key : {"summary", "name"}) {
      const json* v = r.find(key);
      if (v != nullptr && v->is_string() && !v->get<std::string>().empty()) {
        user.name = v->get<std::string>();
        break;
      }
    }
    user.time_zone = r.time_zone("time_zone", kOptional).value_or(default_zone);
    out_.users.push_back(std::move(user));
    user_index_.emplace(*id, out_.users.size() - 1);
    return out_.users.size() - 1;
  }

  // {"user": {...}} or, for an override, the object holding "user".
  std::optional<std::size_t> read_user_member(const ObjectReader& r, const std::string& zone) {
    const json* user = r.object("user", kRequired);
    if (user == nullptr) return std::nullopt;
    return read_user(ObjectReader(*user, r.pointer_to("user"), r.problems()), zone);
  }

  void read_schedule(const ObjectReader& r) {
    if (!r.ok()) return;
    model::Schedule schedule;
    const auto id = r.name("id", kRequired);
    const json* name = r.find("name");
    schedule.name = name != nullptr && name->is_string() && !name->get<std::string>().empty()
                        ? name->get<std::string>()
                        : id.value_or("");
    if (auto zone = r.time_zone("time_zone", kRequired)) schedule.time_zone = std::move(*zone);
    if (const json* layers = r.array("schedule_layers", kRequired, /*non_empty=*/true)) {
      for (std::size_t i = 0; i < layers->size(); ++i) {
        const ObjectReader lr((*layers)[i], child_pointer(r.pointer_to("schedule_layers"), i),
                              r.problems());
        if (auto layer = read_layer(lr, schedule.time_zone)) schedule.layers.push_back(*layer);
      }
      // The API lists the layer with the highest precedence first (terraform-provider-pagerduty
      // reverses schedule_layers when reading a schedule back, flattenScheduleLayers); the model
      // wants ascending precedence.
      std::reverse(schedule.layers.begin(), schedule.layers.end());
    }
    // Overrides: the items of GET /schedules/{id}/overrides under "overrides", and those the
    // schedule itself renders for the requested window (overrides_subschedule).
    read_overrides(r, "overrides", schedule);
    if (const json* sub = r.is_null("overrides_subschedule")
                              ? nullptr
                              : r.object("overrides_subschedule", kOptional)) {
      read_overrides(ObjectReader(*sub, r.pointer_to("overrides_subschedule"), r.problems()),
                     "rendered_schedule_entries", schedule);
    }
    if (!id) return;
    if (const auto [it, inserted] = schedule_index_.try_emplace(*id, out_.schedules.size());
        !inserted) {
      r.problems().add(r.pointer_to("id"), "duplicate schedule id " + in_quotes(*id) +
                                               " (schedule " + std::to_string(it->second + 1) +
                                               " has it too)");
      return;
    }
    schedule_ids_.push_back(*id);
    out_.schedules.push_back(std::move(schedule));
  }

  // [{"start", "end", "user": {...}}, ...] at `key`.
  void read_overrides(const ObjectReader& r, std::string_view key, model::Schedule& schedule) {
    const json* overrides = r.array(key, kOptional);
    if (overrides == nullptr) return;
    for (std::size_t i = 0; i < overrides->size(); ++i) {
      const ObjectReader orr((*overrides)[i], child_pointer(r.pointer_to(key), i), r.problems());
      if (!orr.ok()) continue;
      const auto start = orr.date_time("start", kRequired);
      const auto end = orr.date_time("end", kRequired);
      const auto user = read_user_member(orr, schedule.time_zone);
      if (start && end && *end <= *start) {
        orr.problems().add(orr.pointer_to("end"), "must be after start");
        continue;
      }
      if (start && end && user) schedule.overrides.push_back({*start, *end, *user});
    }
  }

  std::optional<model::ScheduleLayer> read_layer(const ObjectReader& r, const std::string& zone) {
    if (!r.ok()) return std::nullopt;
    model::ScheduleLayer layer;
    bool ok = true;
    if (const json* name = r.find("name"); name != nullptr && name->is_string()) {
      layer.name = name->get<std::string>();
    }
    if (const auto start = r.date_time("start", kRequired))
      layer.start = *start;
    else
      ok = false;
    if (!r.is_null("end")) {
      if (const auto end = r.date_time("end", kOptional)) {
        layer.end = *end;
        if (ok && *end <= layer.start) {
          r.problems().add(r.pointer_to("end"), "must be after start");
          ok = false;
        }
      } else if (r.has("end")) {
        ok = false;
      }
    }
    if (const auto v = r.date_time("rotation_virtual_start", kRequired)) {
      layer.rotation_virtual_start = *v;
    } else {
      ok = false;
    }
    if (const auto turn = r.integer("rotation_turn_length_seconds", kRequired,
                                    ranges::rotation_turn_length_s())) {
      layer.rotation_turn_length = std::chrono::seconds(*turn);
    } else {
      ok = false;
    }
    if (const json* users = r.array("users", kRequired, /*non_empty=*/true)) {
      for (std::size_t i = 0; i < users->size(); ++i) {
        const ObjectReader ur((*users)[i], child_pointer(r.pointer_to("users"), i), r.problems());
        if (!ur.ok()) {
          ok = false;
          continue;
        }
        if (const auto user = read_user_member(ur, zone)) {
          layer.users.push_back(*user);
        } else {
          ok = false;
        }
      }
    } else {
      ok = false;
    }
    if (const json* restrictions = r.array("restrictions", kOptional)) {
      for (std::size_t i = 0; i < restrictions->size(); ++i) {
        const ObjectReader rr((*restrictions)[i], child_pointer(r.pointer_to("restrictions"), i),
                              r.problems());
        if (const auto restriction = read_restriction(rr, /*strict=*/false)) {
          layer.restrictions.push_back(*restriction);
        } else {
          ok = false;
        }
      }
    }
    if (!ok) return std::nullopt;
    return layer;
  }

  void read_policy(const ObjectReader& r) {
    if (!r.ok()) return;
    model::EscalationPolicy policy;
    const std::string zone = out_.schedules.empty() ? "UTC" : out_.schedules.front().time_zone;
    if (const json* rules = r.array("escalation_rules", kRequired, /*non_empty=*/true)) {
      for (std::size_t i = 0; i < rules->size(); ++i) {
        const ObjectReader rule((*rules)[i], child_pointer(r.pointer_to("escalation_rules"), i),
                                r.problems());
        if (!rule.ok()) continue;
        model::EscalationLevel level;
        if (const auto delay = rule.duration("escalation_delay_in_minutes", kRequired,
                                             TimeUnit::Minutes, ranges::escalation_delay_min())) {
          level.delay = *delay;
        }
        if (const json* targets = rule.array("targets", kRequired, /*non_empty=*/true)) {
          for (std::size_t t = 0; t < targets->size(); ++t) {
            const ObjectReader tr((*targets)[t], child_pointer(rule.pointer_to("targets"), t),
                                  r.problems());
            if (auto target = read_target(tr, zone)) level.targets.push_back(*target);
          }
        }
        policy.levels.push_back(std::move(level));
      }
    }
    if (const auto n = r.integer("num_loops", kOptional, ranges::pagerduty_num_loops())) {
      policy.loops = static_cast<int>(*n) + 1;  // num_loops counts the repeats after the first run
    }
    out_.escalation = std::move(policy);
  }

  std::optional<model::EscalationTarget> read_target(const ObjectReader& r,
                                                     const std::string& zone) {
    if (!r.ok()) return std::nullopt;
    const auto type = r.string("type", kRequired);
    if (!type) return std::nullopt;
    using Kind = model::EscalationTarget::Kind;
    if (*type == "user_reference" || *type == "user") {
      const auto user = read_user(r, zone);
      if (!user) return std::nullopt;
      return model::EscalationTarget{Kind::Person, *user};
    }
    if (*type == "schedule_reference" || *type == "schedule") {
      const auto id = r.name("id", kRequired);
      if (!id) return std::nullopt;
      const auto it = schedule_index_.find(*id);
      if (it == schedule_index_.end()) {
        r.problems().add(r.pointer_to("id"),
                         "unknown schedule reference " + in_quotes(*id) +
                             " (expected the id of a schedule in " +
                             section_.pointer_to("schedules") +
                             (schedule_ids_.empty() ? std::string(", which has none")
                                                    : ": " + quoted_list(schedule_ids_)) +
                             ")");
        return std::nullopt;
      }
      return model::EscalationTarget{Kind::Schedule, it->second};
    }
    r.problems().add(r.pointer_to("type"),
                     "unsupported target type " + in_quotes(*type) +
                         " (expected \"user_reference\" or \"schedule_reference\")");
    return std::nullopt;
  }

  const ObjectReader& section_;
  FileScope scope_;
  PagerDutyImport out_;
  std::map<std::string, std::size_t> user_index_;      // PagerDuty user id → out_.users
  std::map<std::string, std::size_t> schedule_index_;  // schedule id → out_.schedules
  std::vector<std::string> schedule_ids_;              // in order, for messages
};

}  // namespace

PagerDutyImport read_pagerduty(const ObjectReader& section, const FileScope& scope) {
  if (!section.ok()) return {};
  return Importer(section, scope).run();
}

std::optional<model::Restriction> read_restriction(const ObjectReader& r, bool strict) {
  if (!r.ok()) return std::nullopt;
  if (strict) r.check_keys({"type", "start_time_of_day", "start_day_of_week", "duration_seconds"});
  model::Restriction restriction;
  bool ok = true;
  const auto type = r.string("type", kRequired);
  if (type == "daily_restriction") {
    restriction.kind = model::Restriction::Kind::Daily;
  } else if (type == "weekly_restriction") {
    restriction.kind = model::Restriction::Kind::Weekly;
  } else {
    if (type) {
      r.problems().add(
          r.pointer_to("type"),
          "must be \"daily_restriction\" or \"weekly_restriction\", got " + in_quotes(*type));
    }
    ok = false;
  }
  if (const auto t = r.time_of_day("start_time_of_day", kRequired)) {
    restriction.start_time_of_day = *t;
  } else {
    ok = false;
  }
  const bool weekly = ok && restriction.kind == model::Restriction::Kind::Weekly;
  if (weekly) {
    if (const auto d = r.integer("start_day_of_week", kRequired, Range{1.0, true, 7.0, true})) {
      restriction.start_day_of_week = static_cast<int>(*d);
    } else {
      ok = false;
    }
  } else if (strict && type == "daily_restriction" && r.has("start_day_of_week") &&
             !r.is_null("start_day_of_week")) {
    r.problems().add(r.pointer_to("start_day_of_week"), "only a weekly_restriction has a day");
    ok = false;
  }
  // PagerDuty: a daily window lasts at most a day, a weekly one at most a week.
  const double max_s = static_cast<double>(weekly ? 7 * kDaySeconds : kDaySeconds);
  if (const auto d = r.integer("duration_seconds", kRequired, Range{0.0, false, max_s, true})) {
    restriction.duration = std::chrono::seconds(*d);
  } else {
    ok = false;
  }
  if (!ok) return std::nullopt;
  return restriction;
}

}  // namespace firedrill::scenario::internal
