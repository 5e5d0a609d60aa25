#include "scoring/drill_debrief.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"

namespace firedrill::scoring {
namespace {

std::string offset_or_never(std::optional<double> s) {
  return s ? format_offset(engine::from_seconds(*s)) : std::string("never");
}

std::string duration_or_dash(std::optional<double> s) {
  return s ? format_duration(*s) : std::string("—");
}

void incident_section(std::string& out, const model::Scenario& scenario,
                      const model::RunRecord& record, const IncidentMetrics& m) {
  out += fmt::format("## {}: {}{}, score {:.0f}/100\n\n", m.id,
                     describe_fault(scenario, record.faults.at(m.fault)),
                     m.severity ? std::string(" (") + model::to_string(*m.severity) + ")" : "",
                     m.score);
  out += fmt::format(
      "Fault at {}; detected {}, acknowledged {}, mitigated {}, resolved {}. Time to detect {}, "
      "to acknowledge {}, to mitigate {}, to resolve {}.\n\n",
      format_offset(engine::from_seconds(m.fault_start_s)), offset_or_never(m.detected_s),
      offset_or_never(m.acknowledged_s), offset_or_never(m.mitigated_s),
      offset_or_never(m.resolved_s), duration_or_dash(m.ttd_s), duration_or_dash(m.tta_s),
      duration_or_dash(m.ttm_s), duration_or_dash(m.ttr_s));
  out += "| score part | points | of |\n|---|---:|---:|\n";
  for (std::size_t c = 0; c < kScoreComponentCount; ++c) {
    const auto component = static_cast<ScoreComponent>(c);
    out += fmt::format("| {} | {:.1f} | {:.0f} |\n", to_string(component),
                       m.score_breakdown.points(component), kScoreWeights[c]);
  }
  const TimeToMitigateBreakdown& b = m.time_to_mitigate_breakdown;
  if (b.phases.empty() || b.total_s() <= 0.0) {
    out += "\n";
    return;
  }
  out += fmt::format("\nWhere the time to mitigate went ({}{}):\n\n", format_duration(b.total_s()),
                     b.mitigated ? "" : ", not mitigated when the run ended");
  out += "| phase | time | share |\n|---|---:|---:|\n";
  std::vector<const Phase*> phases;
  for (const Phase& p : b.phases) phases.push_back(&p);
  std::stable_sort(phases.begin(), phases.end(), [](const Phase* a, const Phase* c) {
    return a->end_s - a->start_s > c->end_s - c->start_s;
  });
  for (const Phase* p : phases)
    out += fmt::format("| {} | {} | {} |\n", describe_phase(*p),
                       format_duration(p->end_s - p->start_s),
                       format_percent((p->end_s - p->start_s) / b.total_s()));
  out += "\n";
}

}  // namespace

std::string drill_debrief_markdown(const model::Scenario& scenario, const model::RunRecord& record,
                                   const Report& report) {
  const Summary& s = report.summary;
  std::string out = fmt::format("# Debrief: {}\n\n", scenario.name);
  out += fmt::format(
      "Score {:.0f}/100 over {} incident{}. Users saw {} failed requests; the worst journey "
      "used {} of its error budget. {} page{}, {} of them waking someone; {:.1f} person-hours. "
      "T+ is the time since the drill's start.\n\n",
      s.score, s.incidents, s.incidents == 1 ? "" : "s", format_count(s.impact.failed_requests),
      format_percent(s.impact.error_budget_consumed), s.pages, s.pages == 1 ? "" : "s", s.wake_ups,
      s.person_hours);
  for (const IncidentMetrics& m : report.incidents) incident_section(out, scenario, record, m);
  std::string bookmarks;
  for (const model::TimelineEvent& e : record.timeline)
    if (const auto* mark = std::get_if<model::ev::Bookmarked>(&e.payload))
      bookmarks += fmt::format("- {} {}\n", format_offset(e.at), mark->note);
  if (!bookmarks.empty()) out += "## Bookmarks\n\n" + bookmarks;
  return out;
}

}  // namespace firedrill::scoring
