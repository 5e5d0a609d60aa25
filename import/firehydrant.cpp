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
  std::vector<IncidentRecord> records;
  const nlohmann::json* incidents = root_array(document, "data", problems);
  if (incidents == nullptr) return records;
  for (std::size_t i = 0; i < incidents->size(); ++i) {
    const std::string pointer = "/data/" + std::to_string(i);
    if (!(*incidents)[i].is_object()) {
      problems.add(pointer, "must be an incident object, got " + (*incidents)[i].dump());
      continue;
    }
    const JsonFields f((*incidents)[i], pointer, problems);
    IncidentRecord r;
    const auto created = f.time("created_at", true);
    if (!created) continue;
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
    r.paged = detected ? *detected : r.started ? *r.started : *created;
    if (const auto severity = f.string("severity")) r.severity = parse_severity(*severity);
    finish_record(r, time_zone, pointer, problems);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace firedrill::import::internal
