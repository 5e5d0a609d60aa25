#include "scoring/sweep_metrics.hpp"

#include <algorithm>

namespace firedrill::scoring {

const SweepMetricInfo& info(SweepMetric m) {
  static constexpr std::array<SweepMetricInfo, kSweepMetricCount> kInfo{{
      {"ttd_s", "s", true},
      {"tta_s", "s", true},
      {"ttm_s", "s", true},
      {"ttr_s", "s", true},
      {"failed_requests", "requests", true},
      {"error_budget_consumed", "fraction", true},
      {"pages", "pages", true, true},
      {"after_hours_pages", "pages", true, true},
      {"wake_ups", "pages", true, true},
      {"false_alarm_pages", "pages", true, true},
      {"person_hours", "h", true},
      {"longest_silence_s", "s", true},
      {"support_tickets", "tickets", true, true},
      {"score", "points", false},
  }};
  return kInfo[static_cast<std::size_t>(m)];
}

const SmallestEffects& default_smallest_effects() {
  constexpr SmallestEffect kTime{60.0};
  constexpr SmallestEffect kPages{0.25};
  constexpr SmallestEffect kVolume{0.05, true};
  static constexpr SmallestEffects kEffects{{
      kTime,    // ttd_s
      kTime,    // tta_s
      kTime,    // ttm_s
      kTime,    // ttr_s
      kVolume,  // failed_requests
      {0.01},   // error_budget_consumed: 1 pp
      kPages,   // pages
      kPages,   // after_hours_pages
      kPages,   // wake_ups
      kPages,   // false_alarm_pages
      {0.25},   // person_hours
      kTime,    // longest_silence_s
      kVolume,  // support_tickets
      {2.0},    // score
  }};
  return kEffects;
}

SweepValues sweep_values(const Report& report) {
  const Summary& s = report.summary;
  SweepValues v;
  const auto set = [&v](SweepMetric m, std::optional<double> value) {
    v[static_cast<std::size_t>(m)] = value;
  };
  set(SweepMetric::Ttd, s.mttd_s);
  set(SweepMetric::Tta, s.mtta_s);
  set(SweepMetric::Ttm, s.mttm_s);
  set(SweepMetric::Ttr, s.mttr_s);
  set(SweepMetric::FailedRequests, s.impact.failed_requests);
  set(SweepMetric::ErrorBudget, s.impact.error_budget_consumed);
  set(SweepMetric::Pages, static_cast<double>(s.pages));
  set(SweepMetric::AfterHoursPages, static_cast<double>(s.after_hours_pages));
  set(SweepMetric::WakeUps, static_cast<double>(s.wake_ups));
  set(SweepMetric::FalseAlarmPages, static_cast<double>(s.false_alarm_pages));
  set(SweepMetric::PersonHours, s.person_hours);
  std::optional<double> silence;
  for (const IncidentMetrics& m : report.incidents)
    if (m.longest_silence_s) silence = std::max(silence.value_or(0.0), *m.longest_silence_s);
  set(SweepMetric::LongestSilence, silence);
  set(SweepMetric::SupportTickets, static_cast<double>(s.support_tickets));
  set(SweepMetric::Score, s.score);
  return v;
}

}  // namespace firedrill::scoring
