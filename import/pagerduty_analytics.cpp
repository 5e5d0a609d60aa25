// PagerDuty Analytics, "Get raw data - multiple incidents" (POST /analytics/raw/incidents):
// {"data": [{"created_at", "resolved_at", "seconds_to_first_ack", "seconds_to_resolve",
// "urgency", "priority_name", "service_name", "team_name", "escalation_count", ...}]}
// (developer.pagerduty.com, API Reference, Analytics). An incident with escalation_count > 0 left
// its first level unacknowledged (a manual escalation counts too: the response does not
// separate them).

#include <chrono>
#include <cmath>

#include "import/history_fields.hpp"

namespace firedrill::import::internal {

std::vector<IncidentRecord> read_pagerduty_analytics(const nlohmann::json& document,
                                                     const std::string& time_zone,
                                                     HistoryProblems& problems) {
  return read_incidents(
      document, "data", time_zone, problems, [&](const JsonFields& f, IncidentRecord& r) {
        const auto after = [&](double s) {
          return r.paged + std::chrono::milliseconds(std::llround(s * 1000.0));
        };
        // Seconds up to ~3e8 (ten years) fit a millisecond count with room to spare.
        constexpr double kMaxSeconds = 3.2e8;
        if (const auto s = f.seconds("seconds_to_first_ack")) {
          if (*s > kMaxSeconds) {
            problems.add(f.pointer_to("seconds_to_first_ack"), "more than ten years");
          } else {
            r.acknowledged = after(*s);
          }
        }
        r.resolved = f.time("resolved_at");
        if (!r.resolved) {
          if (const auto s = f.seconds("seconds_to_resolve"); s && *s <= kMaxSeconds)
            r.resolved = after(*s);
        }
        if (const auto name = f.string("priority_name")) r.severity = parse_severity(*name);
        if (const auto count = f.seconds("escalation_count")) r.escalated = *count > 0.0;
      });
}

}  // namespace firedrill::import::internal
