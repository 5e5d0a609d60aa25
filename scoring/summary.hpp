#pragma once
// The whole run at a glance: mean incident times, impact over the whole run, pages, wake-ups,
// false alarms, person-hours, score.

#include <cstddef>
#include <optional>
#include <vector>

#include "scoring/incident_metrics.hpp"
#include "scoring/integrals.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// A run's summary. The means are over the incidents where the phase happened (nullopt when it
// happened in none); impact is over the whole run [0, duration), whatever its cause. Every
// *_by_journey vector is indexed like Scenario::journeys.
struct Summary {
  std::size_t incidents = 0;
  double score = 100.0;  // mean of the incident scores; 100 without incidents
  std::optional<double> mttd_s;
  std::optional<double> mtta_s;
  std::optional<double> mttm_s;
  std::optional<double> mttr_s;
  Impact impact;  // over the whole run
  std::size_t pages = 0;  // incident pages (PageSent)
  std::size_t after_hours_pages = 0;
  std::size_t wake_ups = 0;           // incident pages that woke someone
  std::size_t false_alarm_pages = 0;  // FalseAlarmPaged: pages no fault explains
  std::size_t false_alarm_after_hours_pages = 0;
  std::size_t false_alarm_wake_ups = 0;
  double person_hours = 0.0;              // all engaged time, incidents and false alarms
  double false_alarm_person_hours = 0.0;  // engaged time on no incident (checking false alarms)
  std::size_t support_tickets = 0;  // every SupportTicketOpened's count, an incident's or not
};

// Summarises `record`, whose incidents `incidents` measured (measure_incidents).
Summary summarize(const model::Scenario& scenario, const model::RunRecord& record,
                  const std::vector<IncidentMetrics>& incidents);

}  // namespace firedrill::scoring
