// PagerDuty REST API v2, "List incidents" (GET /incidents): {"incidents": [{"created_at",
// "status", "urgency", "service": {"summary"}, "priority": {"summary"}, "acknowledgements":
// [{"at"}], "resolved_at", "last_status_change_at", ...}]} (developer.pagerduty.com, API
// Reference, Incidents). The list says nothing of escalations, so `escalated` stays unknown.

#include <algorithm>

#include "import/history_fields.hpp"

namespace firedrill::import::internal {

std::vector<IncidentRecord> read_pagerduty_incidents(const nlohmann::json& document,
                                                     const std::string& time_zone,
                                                     HistoryProblems& problems) {
  return read_incidents(
      document, "incidents", time_zone, problems, [&](const JsonFields& f, IncidentRecord& r) {
        // The first acknowledgement is the earliest "at" of the list (PagerDuty keeps one per
        // acknowledger, in no documented order).
        if (const nlohmann::json* acks = f.member("acknowledgements")) {
          if (!acks->is_array()) {
            problems.add(f.pointer_to("acknowledgements"), "must be an array, got " + acks->dump());
          } else {
            for (std::size_t k = 0; k < acks->size(); ++k) {
              const JsonFields a(
                  (*acks)[k], f.pointer_to("acknowledgements") + "/" + std::to_string(k), problems);
              if (const auto at = a.time("at", true))
                r.acknowledged = r.acknowledged ? std::min(*r.acknowledged, *at) : *at;
            }
          }
        }
        r.resolved = f.time("resolved_at");
        const auto status = f.string("status");
        if (!r.resolved && status == "resolved") r.resolved = f.time("last_status_change_at");
        if (const nlohmann::json* priority = f.member("priority")) {
          const JsonFields p(*priority, f.pointer_to("priority"), problems);
          if (const auto name = p.string("summary")) r.severity = parse_severity(*name);
        }
      });
}

}  // namespace firedrill::import::internal
