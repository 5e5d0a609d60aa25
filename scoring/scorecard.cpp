#include "scoring/scorecard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>

#include "scoring/format.hpp"
#include "scoring/score.hpp"

namespace firedrill::scoring {
namespace {

template <typename... Args>
void emit(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string time_or_dash(const std::optional<double>& seconds) {
  return seconds ? format_duration(*seconds) : "-";
}

constexpr std::array<const char*, kScoreComponentCount> kShortNames{
    "detection", "response", "mitigation", "budget", "update", "silence"};

// Points to one decimal, without a trailing ".0": 12.5, 20.
std::string trimmed(double points) {
  std::string s = fmt::format("{:.1f}", points);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// "3 min 12 s", or "9 min (late)" over `target_s`; "-" when it never happened.
std::string against(const std::optional<double>& seconds, double target_s) {
  if (!seconds) return "-";
  return format_duration(*seconds) + (*seconds <= target_s ? "" : " (late)");
}

// The three largest kinds of phase and their shares: "mitigation 41 %, diagnosis 28 %,
// waiting for acknowledgement 10 %".
std::string where_the_time_went(const TimeToMitigateBreakdown& b) {
  if (b.total_s() <= 0.0) return "";
  std::array<std::pair<double, std::size_t>, kPhaseKindCount> kinds{};
  for (std::size_t k = 0; k < kPhaseKindCount; ++k)
    kinds[k] = {b.seconds_in(static_cast<PhaseKind>(k)), k};
  std::stable_sort(kinds.begin(), kinds.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  std::string text;
  for (std::size_t i = 0; i < 3 && kinds[i].first > 0.0; ++i) {
    std::string title = phase_title(static_cast<PhaseKind>(kinds[i].second));
    title[0] = static_cast<char>(std::tolower(title[0]));
    if (i > 0) text += ", ";
    text += title + " " + format_percent(kinds[i].first / b.total_s());
  }
  return text;
}

}  // namespace

std::string scorecard_text(const Report& report) {
  const Summary& s = report.summary;
  std::string out;
  emit(out, "firedrill scorecard: {} (seed {}, {})\n", report.scenario, report.seed,
       format_duration(report.duration_s));
  emit(out, "  Score      {:5.1f} / 100 over {} incident{}\n", s.score, s.incidents,
       s.incidents == 1 ? "" : "s");
  emit(out, "  MTTD {}   MTTA {}   MTTM {}   MTTR {}\n", time_or_dash(s.mttd_s),
       time_or_dash(s.mtta_s), time_or_dash(s.mttm_s), time_or_dash(s.mttr_s));
  emit(out, "  Impact     {} failed requests, {} revenue lost\n", format_count(s.impact.failed_requests),
       format_money(s.impact.revenue_lost, report.currency));
  std::string budgets;
  for (std::size_t j = 0; j < report.journeys.size(); ++j) {
    if (j > 0) budgets += ", ";
    budgets += report.journeys[j] + " " + format_percent(s.impact.error_budget_consumed_by_journey.at(j));
  }
  emit(out, "  Budget     {}\n", budgets.empty() ? "no journeys" : budgets);
  emit(out, "  Pages      {} ({} after hours), {} wake-up{}, {} false alarm{}", s.pages,
       s.after_hours_pages, s.wake_ups, s.wake_ups == 1 ? "" : "s", s.false_alarm_pages,
       s.false_alarm_pages == 1 ? "" : "s");
  if (s.false_alarm_wake_ups > 0) emit(out, " ({} woke someone)", s.false_alarm_wake_ups);
  emit(out, "\n  People     {:.1f} person-hours", s.person_hours);
  if (s.false_alarm_person_hours > 0.0)
    emit(out, " ({:.1f} on false alarms)", s.false_alarm_person_hours);
  emit(out, "\n");
  if (report.incidents.empty()) {
    emit(out, "  No incidents.\n");
    return out;
  }
  for (const IncidentMetrics& m : report.incidents) {
    emit(out, "{} {} {} on {}: score {:.1f}\n", m.id,
         m.severity ? model::to_string(*m.severity) : "--", m.root_cause.fault,
         m.root_cause.service, m.score);
    emit(out, "  TTD {}  TTA {}  TTM {}  TTR {}  failed {}  budget {}\n",
         against(m.ttd_s, kTargetTtdS), against(m.tta_s, kTargetTtaS),
         against(m.ttm_s, kTargetTtmS), time_or_dash(m.ttr_s), format_count(m.impact.failed_requests),
         format_percent(m.impact.error_budget_consumed));
    std::string parts;
    for (std::size_t c = 0; c < kScoreComponentCount; ++c) {
      const auto component = static_cast<ScoreComponent>(c);
      if (c > 0) parts += "  ";
      parts += fmt::format("{} {}/{:g}", kShortNames[c],
                           trimmed(m.score_breakdown.points(component)), kScoreWeights[c]);
    }
    emit(out, "  {}\n", parts);
    const std::string where = where_the_time_went(m.time_to_mitigate_breakdown);
    if (!where.empty()) emit(out, "  {}: {}\n", m.mitigated_s ? "TTM" : "impact", where);
    std::string people = fmt::format("  people {} responder{}, {:.1f} person-h, {} wake-up{}",
                                     m.responders.size(), m.responders.size() == 1 ? "" : "s",
                                     m.person_hours, m.wake_ups, m.wake_ups == 1 ? "" : "s");
    for (const RoleFilled& r : m.roles) {
      people += fmt::format(", {} {}", r.role == model::Role::IncidentCommander ? "IC" : "comms",
                            r.person);
    }
    emit(out, "{}\n", people);
  }
  return out;
}

}  // namespace firedrill::scoring
