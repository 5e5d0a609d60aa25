// FireHydrant, "List incidents" (GET /v1/incidents): {"data": [{"created_at", "severity":
// "SEV1", "milestones": [{"type", "occurred_at"}], ...}]} (docs.firehydrant.com, API reference,
// Incidents; milestone types started, detected, acknowledged, investigating, identified,
// mitigated, resolved, postmortem_started, ...). The page is the "detected" milestone, else
// "started", else created_at.

#include "import/history_fields.hpp"

namespace firedrill::import::internal {

std::vector<IncidentRecord> read_firehydrant(const nlohmann::json& document,
                                             const std::string& time_zone,
                                             HistoryProblems& problems) {
  return read_incidents(
      document, "data", time_zone, problems, [&](const JsonFields& f, IncidentRecord& r) {
        std::optional<WallTime> detected;
        if (const nlohmann::json* milestones = f.member("milestones")) {
          const std::string at = f.pointer_to("milestones");
          if (!milestones->is_array()) {
            problems.add(at, "must be an array, got " + milestones->dump());
          } else {
            for (std::size_t k = 0; k < milestones->size(); ++k) {
              const JsonFields m((*milestones)[k], at + "/" + std::to_string(k), problems);
              const auto type = m.string("type");
              const auto t = m.time("occurred_at", true);
              if (!type || !t) continue;
              if (*type == "started") r.started = t;
              if (*type == "detected") detected = t;
              if (*type == "acknowledged") r.acknowledged = t;
              if (*type == "mitigated") r.mitigated = t;
              if (*type == "resolved") r.resolved = t;
            }
          }
        }
        if (detected || r.started) r.paged = detected ? *detected : *r.started;
        if (const auto severity = f.string("severity")) r.severity = parse_severity(*severity);
      });
}

}  // namespace firedrill::import::internal
