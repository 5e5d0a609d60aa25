#include "scoring/summary.hpp"

#include <algorithm>
#include <variant>

#include "scoring/integrals.hpp"

namespace firedrill::scoring {
namespace {

std::optional<double> mean_of(const std::vector<IncidentMetrics>& incidents,
                              std::optional<double> IncidentMetrics::*field) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const IncidentMetrics& m : incidents) {
    if (const std::optional<double>& v = m.*field) {
      sum += *v;
      ++n;
    }
  }
  if (n == 0) return std::nullopt;
  return sum / static_cast<double>(n);
}

}  // namespace

Summary summarize(const model::Scenario& scenario, const model::RunRecord& record,
                  const std::vector<IncidentMetrics>& incidents) {
  Summary s;
  s.incidents = incidents.size();
  if (!incidents.empty()) {
    double sum = 0.0;
    for (const IncidentMetrics& m : incidents) sum += m.score;
    s.score = sum / static_cast<double>(incidents.size());
  }
  s.mttd_s = mean_of(incidents, &IncidentMetrics::ttd_s);
  s.mtta_s = mean_of(incidents, &IncidentMetrics::tta_s);
  s.mttm_s = mean_of(incidents, &IncidentMetrics::ttm_s);
  s.mttr_s = mean_of(incidents, &IncidentMetrics::ttr_s);

  s.impact = measure_impact(scenario, record.segments, Window{SimTime{0}, record.duration});

  for (const model::TimelineEvent& event : record.timeline) {
    if (const auto* page = std::get_if<model::ev::PageSent>(&event.payload)) {
      ++s.pages;
      if (page->after_hours) ++s.after_hours_pages;
      if (page->woke) ++s.wake_ups;
    } else if (const auto* alarm = std::get_if<model::ev::FalseAlarmPaged>(&event.payload)) {
      ++s.false_alarm_pages;
      if (alarm->after_hours) ++s.false_alarm_after_hours_pages;
      if (alarm->woke) ++s.false_alarm_wake_ups;
    } else if (const auto* ticket = std::get_if<model::ev::SupportTicketOpened>(&event.payload)) {
      s.support_tickets += ticket->count;
    }
  }
  const EngagedTime engaged = engaged_time(record, incidents.size());
  for (const double seconds : engaged.by_incident_s) s.person_hours += seconds / 3600.0;
  s.false_alarm_person_hours = engaged.no_incident_s / 3600.0;
  s.person_hours += s.false_alarm_person_hours;
  return s;
}

}  // namespace firedrill::scoring
