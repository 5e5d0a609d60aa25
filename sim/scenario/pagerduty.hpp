#pragma once
// Private to the scenario loader: a team's "pagerduty" section, whose schedules and escalation
// policy are exactly what PagerDuty's REST API returns (GET /schedules/{id},
// GET /escalation_policies/{id}), in files or embedded, read into model types.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/scenario/json_reader.hpp"

namespace firedrill::scenario::internal {

// A PagerDuty user met in the imported objects (a layer's user, an override's user or a
// user_reference target); the loader makes each a person of the team.
struct PagerDutyUser {
  std::string id;         // PagerDuty's user id, e.g. "PXPGF42"
  std::string name;       // the user object's "summary" (or "name"), else its id
  std::string time_zone;  // the user object's "time_zone", else that of the schedule where the
                          // user is first met, else the first schedule's, else "UTC"
};

// What a "pagerduty" section imports. Layer users, override users and Person targets index
// `users`; Schedule targets index `schedules`. Layers are in ascending precedence (the API's
// schedule_layers reversed: it lists the layer with the highest precedence first).
struct PagerDutyImport {
  std::vector<PagerDutyUser> users;
  std::vector<model::Schedule> schedules;
  std::optional<model::EscalationPolicy> escalation;
};

// Reads the section {"schedules": [file or object, ...], "escalation_policy": file or object}
// at `section`. A file name is resolved in `scope` (resolve_reference) and must hold the API's response,
// {"schedule": {...}} or {"escalation_policy": {...}}; an embedded object may be the response or
// the object inside it. Keys the model does not use (html_url, self, teams, description,
// rendered_schedule_entries, ...) are accepted and ignored. A problem inside a file is reported
// with the file's path as its source and the JSON pointer inside the file; any other at the
// pointer of the section's value.
PagerDutyImport read_pagerduty(const ObjectReader& section, const FileScope& scope);

// Reads one restriction {"type": "daily_restriction" | "weekly_restriction",
// "start_time_of_day": "HH:MM:SS", "start_day_of_week": 1–7 (weekly only), "duration_seconds"}
// (PagerDuty's shape, also the scenario format's). With `strict`, unknown keys are reported.
std::optional<model::Restriction> read_restriction(const ObjectReader& r, bool strict);

}  // namespace firedrill::scenario::internal
