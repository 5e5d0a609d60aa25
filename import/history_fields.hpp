#pragma once
// Internal to firedrill::import's history readers: the problems of one file, the fields of one
// JSON object with their pointers, time stamps, severities and local hours.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/incident_history.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::import::internal {

// The problems found in one history file; thrown together as one ScenarioError.
class HistoryProblems {
 public:
  explicit HistoryProblems(std::string source) : source_(std::move(source)) {}
  void add(std::string pointer, std::string message);
  // Throws scenario::ScenarioError when any problem was added.
  void throw_if_any() const;
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<scenario::Problem> problems_;
};

// RFC 3339 / ISO 8601 date and time with a "Z" or ±hh:mm offset, fractions of a second allowed
// ("2024-03-01T02:15:07Z", "2021-08-17T13:28:57.801578Z", "2024-03-01T03:15:07+01:00");
// nullopt for anything else. Kept to milliseconds.
std::optional<WallTime> parse_wall_time(const std::string& text);

// "P1".."P4", "SEV1".."SEV4", "SEV 1", "sev-2" (any case) as a firedrill severity; nullopt for
// anything else (SEV0, SEV5, "Critical"): such incidents join no per-severity group.
std::optional<model::Severity> parse_severity(std::string_view text);

// The hour (0–23) of `time` in IANA zone `time_zone`; nullopt when the zone is unknown.
std::optional<int> local_hour(WallTime time, const std::string& time_zone);

// The members of one JSON object at `pointer`, each read with the problem reported at its own
// pointer. A member that is absent or null reads as nullopt.
class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, std::string pointer, HistoryProblems& problems)
      : object_(object), pointer_(std::move(pointer)), problems_(problems) {}
  std::string pointer_to(std::string_view key) const;
  const nlohmann::json* member(std::string_view key) const;
  // A time stamp (parse_wall_time); a problem when present and not one, or absent and required.
  std::optional<WallTime> time(std::string_view key, bool required = false) const;
  std::optional<std::string> string(std::string_view key) const;
  // A number >= 0; a problem when present and not one.
  std::optional<double> seconds(std::string_view key) const;

 private:
  const nlohmann::json& object_;
  std::string pointer_;
  HistoryProblems& problems_;
};

// The records of the incident objects in the array at the document root's member `key`: for
// each, `read` gets its fields (at "/key/i") and a record whose `paged` is its "created_at"
// (required), and fills in the rest; the record is then finished (finish_record) and kept.
// Elements that are not objects, and a missing or invalid created_at, are problems.
std::vector<IncidentRecord> read_incidents(
    const nlohmann::json& document, const char* key, const std::string& time_zone,
    HistoryProblems& problems, const std::function<void(const JsonFields&, IncidentRecord&)>& read);

// Sets the record's local hour from `time_zone` and checks its order (nothing before `paged`
// but the impact start); problems at `pointer`.
void finish_record(IncidentRecord& record, const std::string& time_zone, const std::string& pointer,
                   HistoryProblems& problems);

// One reader per format: the records of `document`, problems into `problems`.
std::vector<IncidentRecord> read_pagerduty_incidents(const nlohmann::json& document,
                                                     const std::string& time_zone,
                                                     HistoryProblems& problems);
std::vector<IncidentRecord> read_pagerduty_analytics(const nlohmann::json& document,
                                                     const std::string& time_zone,
                                                     HistoryProblems& problems);
std::vector<IncidentRecord> read_incident_io(const nlohmann::json& document,
                                             const std::string& time_zone,
                                             HistoryProblems& problems);
std::vector<IncidentRecord> read_firehydrant(const nlohmann::json& document,
                                             const std::string& time_zone,
                                             HistoryProblems& problems);
std::vector<IncidentRecord> read_incident_csv(const std::string& text, const std::string& time_zone,
                                              HistoryProblems& problems);

}  // namespace firedrill::import::internal
