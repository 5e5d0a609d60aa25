#include "scoring/scorecard.hpp"

#include <fmt/format.h>

#include <array>
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
       format_money(s.impact.revenue_lost));
  std::string budgets;
  for (std::size_t j = 0; j < report.journeys.size(); ++j) {
    if (j > 0) budgets += ", ";
    budgets += report.journeys[j] + " " + format_percent(s.impact.error_budget_consumed_by_journey.at(j));
  }
  emit(out, "  Budget     {}\n", budgets.empty() ? "no journeys" : budgets);
  emit(out, "  Pages      {} ({} after hours)\n", s.pages, s.after_hours_pages);
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
  }
  return out;
}

}  // namespace firedrill::scoring
