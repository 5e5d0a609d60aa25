#include "scoring/whatif_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"

namespace firedrill::scoring {
namespace {

using Json = nlohmann::ordered_json;

std::optional<double> difference(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

// An incident's key across the two runs: its fault's id, and which occurrence of that id (drawn
// faults may share one).
using IncidentKey = std::pair<std::string, std::size_t>;

std::vector<IncidentKey> incident_keys(const WhatIfRun& run) {
  std::map<std::string, std::size_t> seen;
  std::vector<IncidentKey> keys;
  for (const IncidentMetrics& m : run.report.incidents) {
    const std::string& id = run.record.faults.at(m.fault).id;
    keys.emplace_back(id, seen[id]++);
  }
  return keys;
}

// The incidents of both runs, paired by key: (original's, branch's), either absent; in the
// original's order, then the branch's own.
std::vector<std::pair<const IncidentMetrics*, const IncidentMetrics*>> paired_incidents(
    const WhatIfRun& original, const WhatIfRun& what_if) {
  const auto a = incident_keys(original);
  const auto b = incident_keys(what_if);
  std::vector<std::pair<const IncidentMetrics*, const IncidentMetrics*>> out;
  std::vector<bool> used(b.size(), false);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const IncidentMetrics* match = nullptr;
    for (std::size_t j = 0; j < b.size() && !match; ++j)
      if (!used[j] && b[j] == a[i]) {
        used[j] = true;
        match = &what_if.report.incidents[j];
      }
    out.emplace_back(&original.report.incidents[i], match);
  }
  for (std::size_t j = 0; j < b.size(); ++j)
    if (!used[j]) out.emplace_back(nullptr, &what_if.report.incidents[j]);
  return out;
}

std::string value_text(std::optional<double> v, const std::string& unit) {
  if (!v) return "—";
  if (unit == "s") return format_duration(*v);
  if (unit == "fraction") return format_percent(*v);
  if (unit == "h") return fmt::format("{:.2f} h", *v);
  if (unit == "points") return fmt::format("{:.1f}", *v);
  if (unit == "requests" || unit == "pages") return format_count(*v);
  return format_count(*v) + " " + unit;  // money
}

std::string difference_text(std::optional<double> d, const std::string& unit) {
  if (!d) return "—";
  // Rounded as shown, so that "0" is what a zero shows.
  const bool zero = unit == "fraction" ? std::abs(*d) < 0.0005
                    : unit == "s"      ? std::abs(*d) < 0.05
                    : unit == "h"      ? std::abs(*d) < 0.005
                    : unit == "points" ? std::abs(*d) < 0.05
                                       : std::abs(*d) < 0.5;
  if (zero) return "0";
  const char* sign = *d < 0 ? "−" : "+";
  if (unit == "fraction") return fmt::format("{}{:.1f} pp", sign, std::abs(*d) * 100.0);
  return sign + value_text(std::abs(*d), unit);
}

std::optional<double> rounded_ms(std::optional<double> s) {
  if (!s) return std::nullopt;
  return std::round(*s * 1000.0) / 1000.0;
}

Json optional_json(std::optional<double> v) { return v ? Json(*v) : Json(nullptr); }

Json incident_json(const IncidentMetrics* m) {
  if (!m) return nullptr;
  return Json{{"id", m->id},
              {"detected_s", optional_json(rounded_ms(m->detected_s))},
              {"acknowledged_s", optional_json(rounded_ms(m->acknowledged_s))},
              {"mitigated_s", optional_json(rounded_ms(m->mitigated_s))},
              {"resolved_s", optional_json(rounded_ms(m->resolved_s))},
              {"ttm_s", optional_json(rounded_ms(m->ttm_s))}};
}

std::string offset_text(std::optional<double> s) {
  return s ? format_offset(engine::from_seconds(*s)) : "—";
}

void timeline_markdown(std::string& out, const model::Scenario& scenario, const WhatIfRun& run,
                       model::SimTime from) {
  std::size_t lines = 0;
  for (const model::TimelineEvent& event : run.record.timeline) {
    if (event.at < from || !in_timeline(event.payload)) continue;
    out += fmt::format("- {} {}\n", format_offset(event.at),
                       describe_event(scenario, run.record, event));
    ++lines;
  }
  if (lines == 0) out += "- (nothing happened)\n";
}

}  // namespace

std::vector<WhatIfFigure> whatif_figures(const Report& original, const Report& what_if) {
  const Summary& a = original.summary;
  const Summary& b = what_if.summary;
  const auto count = [](std::size_t n) { return std::optional<double>(static_cast<double>(n)); };
  std::vector<WhatIfFigure> figures{
      {"mean time to detect", "s", a.mttd_s, b.mttd_s, {}},
      {"mean time to acknowledge", "s", a.mtta_s, b.mtta_s, {}},
      {"mean time to mitigate", "s", a.mttm_s, b.mttm_s, {}},
      {"mean time to resolve", "s", a.mttr_s, b.mttr_s, {}},
      {"failed requests", "requests", a.impact.failed_requests, b.impact.failed_requests, {}},
      {"error budget consumed (worst journey)",
       "fraction",
       a.impact.error_budget_consumed,
       b.impact.error_budget_consumed,
       {}},
      {"revenue lost", original.currency, a.impact.revenue_lost, b.impact.revenue_lost, {}},
      {"pages", "pages", count(a.pages), count(b.pages), {}},
      {"wake-ups", "pages", count(a.wake_ups), count(b.wake_ups), {}},
      {"after-hours pages", "pages", count(a.after_hours_pages), count(b.after_hours_pages), {}},
      {"person-hours", "h", a.person_hours, b.person_hours, {}},
      {"score", "points", a.score, b.score, {}},
  };
  for (WhatIfFigure& f : figures) {
    // An infinite budget share (a zero budget with failures) has no difference.
    if (f.original && !std::isfinite(*f.original)) f.original.reset();
    if (f.what_if && !std::isfinite(*f.what_if)) f.what_if.reset();
    f.difference = difference(f.original, f.what_if);
  }
  return figures;
}

std::string whatif_markdown(const model::Scenario& scenario, const WhatIfRun& original,
                            const WhatIfRun& what_if, const WhatIfChanges& changes) {
  std::string out =
      fmt::format("# What if: {} at {}\n\n", scenario.name, format_offset(changes.at));
  out += fmt::format(
      "Seed {}. T+ is the time since the run's start. Both runs are the same run up to {} (one "
      "run, copied there); from then on the what-if branch differs by:\n\n",
      original.report.seed, format_offset(changes.at));
  for (const std::string& c : changes.changes) out += "- " + c + "\n";
  if (changes.changes.empty()) out += "- nothing (the branch is the drill again)\n";
  for (const std::string& n : changes.notes) out += "\n> " + n + "\n";
  out += "\n## Outcome\n\n| | original | what-if | difference |\n|---|---:|---:|---:|\n";
  for (const WhatIfFigure& f : whatif_figures(original.report, what_if.report))
    out += fmt::format("| {} | {} | {} | {} |\n", f.name, value_text(f.original, f.unit),
                       value_text(f.what_if, f.unit), difference_text(f.difference, f.unit));
  out +=
      "\nTimes are the report's means over the incidents where the phase happened; the error "
      "budget's difference is in percentage points (pp) of the budget.\n";

  out +=
      "\n## Incidents\n\n| fault | original | what-if | time to mitigate, original → what-if |\n"
      "|---|---|---|---|\n";
  const auto side = [](const IncidentMetrics* m) {
    if (!m) return std::string("did not happen");
    return fmt::format("{}: detected {}, mitigated {}, resolved {}", m->id,
                       offset_text(m->detected_s), offset_text(m->mitigated_s),
                       offset_text(m->resolved_s));
  };
  for (const auto& [a, b] : paired_incidents(original, what_if)) {
    const IncidentMetrics& any = a ? *a : *b;
    const WhatIfRun& run = a ? original : what_if;
    const auto ttm = [](const IncidentMetrics* m) {
      return m && m->ttm_s ? format_duration(*m->ttm_s) : std::string("—");
    };
    out += fmt::format("| {} | {} | {} | {} → {} |\n", run.record.faults.at(any.fault).id, side(a),
                       side(b), ttm(a), ttm(b));
  }
  if (original.report.incidents.empty() && what_if.report.incidents.empty())
    out += "| (no incident in either run) | | | |\n";

  out += fmt::format("\n## Timeline of the original from {}\n\n", format_offset(changes.at));
  timeline_markdown(out, scenario, original, changes.at);
  out += fmt::format("\n## Timeline of the what-if from {}\n\n", format_offset(changes.at));
  timeline_markdown(out, scenario, what_if, changes.at);
  return out;
}

std::string whatif_json(const WhatIfRun& original, const WhatIfRun& what_if,
                        const WhatIfChanges& changes) {
  Json out;
  out["at_s"] = *rounded_ms(engine::to_seconds(changes.at));
  out["changes"] = changes.changes;
  out["notes"] = changes.notes;
  Json& figures = out["figures"] = Json::array();
  for (const WhatIfFigure& f : whatif_figures(original.report, what_if.report)) {
    const auto round = [&f](std::optional<double> v) -> Json {
      if (!v) return nullptr;
      const double scale = f.unit == "fraction" ? 1e6 : 1e3;
      return std::round(*v * scale) / scale;
    };
    figures.push_back({{"name", f.name},
                       {"unit", f.unit},
                       {"original", round(f.original)},
                       {"what_if", round(f.what_if)},
                       {"difference", round(f.difference)}});
  }
  Json& incidents = out["incidents"] = Json::array();
  for (const auto& [a, b] : paired_incidents(original, what_if)) {
    const WhatIfRun& run = a ? original : what_if;
    incidents.push_back({{"fault_id", run.record.faults.at((a ? a : b)->fault).id},
                         {"original", incident_json(a)},
                         {"what_if", incident_json(b)}});
  }
  return out.dump(2) + "\n";
}

}  // namespace firedrill::scoring
