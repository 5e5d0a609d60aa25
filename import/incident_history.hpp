#pragma once
// A team's incident history as other tools export it, normalised to one IncidentRecord per
// incident: PagerDuty (REST list and Analytics raw incidents), incident.io, FireHydrant, CSV.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/scenario/load_scenario.hpp"  // ScenarioError

namespace firedrill::import {

using WallTime = std::chrono::sys_time<std::chrono::milliseconds>;  // UTC

// One incident of a history, whatever the source. `paged` is when the first page went out (the
// source's detection or creation time); acknowledgement time (MTTA) is measured from it.
struct IncidentRecord {
  std::string where;                // "history.json: /incidents/3", "history.csv: line 4"
  std::optional<WallTime> started;  // impact start, when the source has it
  WallTime paged{};                 // detected, else created
  std::optional<WallTime> acknowledged;
  std::optional<WallTime> mitigated;
  std::optional<WallTime> resolved;
  std::optional<model::Severity> severity;
  // The responder's local hour (0–23) at `paged`: in `time_zone` when one was given, else UTC.
  int local_hour = 0;
  std::string time_zone = "UTC";
  // True iff the first page was not acknowledged before the escalation policy moved it on;
  // nullopt when the source does not say (PagerDuty's REST list, incident.io, FireHydrant).
  std::optional<bool> escalated;
};

enum class HistoryFormat {
  Auto,
  PagerDutyIncidents,  // REST API v2 GET /incidents: {"incidents": [...]}
  PagerDutyAnalytics,  // POST /analytics/raw/incidents: {"data": [...]}
  IncidentIo,          // incident.io API v2 GET /v2/incidents: {"incidents": [...]}
  FireHydrant,         // FireHydrant GET /v1/incidents: {"data": [...]}
  Csv,                 // docs/calibration.md
};

// "auto", "pagerduty", "pagerduty-analytics", "incident-io", "firehydrant", "csv".
std::optional<HistoryFormat> history_format_from_string(const std::string& name);

// Reads the history in `file`. Format Auto picks CSV by the ".csv" extension, else looks at the
// JSON: "incidents" whose first element has "incident_timestamp_values" is incident.io, other
// "incidents" PagerDuty's REST list; "data" whose first element has "milestones" is FireHydrant,
// other "data" PagerDuty Analytics. `time_zone` (IANA) is the responders' zone for the local
// hour where the source gives none (CSV rows may give their own).
// Throws scenario::ScenarioError listing every problem found, each with the file and the JSON
// pointer or the CSV line and column; never crashes on bad input.
std::vector<IncidentRecord> read_incident_history(const std::filesystem::path& file,
                                                  HistoryFormat format = HistoryFormat::Auto,
                                                  const std::string& time_zone = "UTC");

// The same for a history already read: `text` as the contents of `file_name` (which errors
// name). Format Auto looks at the JSON only (a CSV needs HistoryFormat::Csv).
std::vector<IncidentRecord> parse_incident_history(const std::string& text,
                                                   const std::string& file_name,
                                                   HistoryFormat format = HistoryFormat::Auto,
                                                   const std::string& time_zone = "UTC");

}  // namespace firedrill::import
