// incident.io API v2, "List Incidents" (GET /v2/incidents): {"incidents": [{"created_at",
// "severity": {"name"}, "incident_timestamp_values": [{"incident_timestamp": {"name"},
// "value": {"value"}}], ...}]} (api-docs.incident.io, Incidents V2). Timestamps are named by
// each organisation; these names (any case) are read: "Impact started"/"Started" → impact start,
// "Reported"/"Detected" → the page (else created_at), "Accepted"/"Acknowledged" →
// acknowledgement, "Mitigated"/"Stabilized" → mitigation, "Resolved"/"Closed" → resolution.

#include <algorithm>
#include <cctype>

#include "import/history_fields.hpp"

namespace firedrill::import::internal {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::vector<IncidentRecord> read_incident_io(const nlohmann::json& document,
                                             const std::string& time_zone,
                                             HistoryProblems& problems) {
  return read_incidents(
      document, "incidents", time_zone, problems, [&](const JsonFields& f, IncidentRecord& r) {
        std::optional<WallTime> reported;
        if (const nlohmann::json* values = f.member("incident_timestamp_values")) {
          const std::string at = f.pointer_to("incident_timestamp_values");
          if (!values->is_array()) {
            problems.add(at, "must be an array, got " + values->dump());
          } else {
            for (std::size_t k = 0; k < values->size(); ++k) {
              const JsonFields v((*values)[k], at + "/" + std::to_string(k), problems);
              const nlohmann::json* stamp = v.member("incident_timestamp");
              const nlohmann::json* value = v.member("value");
              if (stamp == nullptr || value == nullptr) continue;  // a timestamp not yet set
              const auto name =
                  JsonFields(*stamp, v.pointer_to("incident_timestamp"), problems).string("name");
              const auto t = JsonFields(*value, v.pointer_to("value"), problems).time("value");
              if (!name || !t) continue;
              const std::string n = lower(*name);
              if (n == "impact started" || n == "started") r.started = t;
              if (n == "reported" || n == "detected") reported = t;
              if (n == "accepted" || n == "acknowledged") r.acknowledged = t;
              if (n == "mitigated" || n == "stabilized") r.mitigated = t;
              if (n == "resolved" || n == "closed") r.resolved = r.resolved ? r.resolved : t;
            }
          }
        }
        if (reported) r.paged = *reported;
        if (const nlohmann::json* severity = f.member("severity")) {
          if (const auto name =
                  JsonFields(*severity, f.pointer_to("severity"), problems).string("name"))
            r.severity = parse_severity(*name);
        }
      });
}

}  // namespace firedrill::import::internal
