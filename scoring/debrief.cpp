#include "scoring/debrief.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "sim/model/alertmanager.hpp"
#include "sim/model/monitor.hpp"

namespace firedrill::scoring {
namespace {

std::string duration_or_never(const std::optional<double>& s) {
  return s ? format_duration(*s) : std::string("never");
}

// One row of the comparison: the metric's words, then the seat's and the twin's values.
struct Row {
  const char* what;
  std::function<std::string(const IncidentMetrics&)> value;
};

const std::vector<Row>& rows() {
  static const std::vector<Row> kRows{
      {"time to acknowledge (from detection)",
       [](const auto& m) { return duration_or_never(m.tta_s); }},
      {"time to the cause (from the impact's start)",
       [](const auto& m) { return duration_or_never(time_to_cause(m)); }},
      {"time to mitigate (TTM)", [](const auto& m) { return duration_or_never(m.ttm_s); }},
      {"time to resolve (TTR)", [](const auto& m) { return duration_or_never(m.ttr_s); }},
      {"first status update (from detection)",
       [](const auto& m) { return duration_or_never(m.time_to_first_update_s); }},
      {"status updates", [](const auto& m) { return std::to_string(m.status_updates); }},
      {"failed requests", [](const auto& m) { return format_count(m.impact.failed_requests); }},
      {"error budget consumed",
       [](const auto& m) { return format_percent(m.impact.error_budget_consumed); }},
      {"pages", [](const auto& m) { return std::to_string(m.pages); }},
      {"wake-ups", [](const auto& m) { return std::to_string(m.wake_ups); }},
      {"person-hours", [](const auto& m) { return fmt::format("{:.1f}", m.person_hours); }},
      {"score (0–100)", [](const auto& m) { return fmt::format("{:.1f}", m.score); }},
  };
  return kRows;
}

// "+6 min", "−2 min 10 s", "0 s": a difference of durations, seconds.
std::string signed_duration(double s) {
  if (s == 0.0) return "0 s";
  return (s > 0 ? "+" : "−") + format_duration(std::abs(s));
}

std::string signed_count(double n) {
  if (std::abs(n) < 0.05) return "0";
  return (n > 0 ? "+" : "−") + format_count(std::abs(n));
}

std::string signed_points(double p) {
  if (std::abs(p) < 0.05) return "0.0";
  return fmt::format("{}{:.1f}", p > 0 ? "+" : "−", std::abs(p));
}

std::string ttm_difference(const DecisionCost& c) {
  if (c.ttm_with_s && c.ttm_instead_s) return signed_duration(*c.ttm_with_s - *c.ttm_instead_s);
  if (c.ttm_with_s) return format_duration(*c.ttm_with_s) + " (policy: never)";
  if (c.ttm_instead_s) return "never (policy: " + format_duration(*c.ttm_instead_s) + ")";
  return "never (policy: never)";
}

std::string costs_section(const std::vector<DecisionCost>& costs, const Report& played,
                          const Report& twin) {
  std::string out =
      "## What each decision cost\n\n"
      "Each decision against the policy's choice instead: the drill forked just after your "
      "previous decision (before your first: the policy twin), with the policy's responder in "
      "your seat from there. A row is your drill with this decision, made when you made it, "
      "minus that fork, so it counts the time you took to make it. Positive is worse for "
      "users. The time to mitigate is of the decision's incident, from its impact's start.\n\n"
      "| at | your decision | time to mitigate | failed requests | score points lost |\n"
      "|---|---|---|---|---|\n";
  for (const DecisionCost& c : costs)
    out += fmt::format("| {} | {} | {} | {} | {} |\n",
                       c.command ? format_offset(c.at) : "after " + format_offset(c.at), c.decision,
                       ttm_difference(c), signed_count(c.failed_requests),
                       signed_points(c.score_points));
  out += fmt::format(
      "| | in all: your drill minus the policy twin | | {} | {} |\n\n",
      signed_count(played.summary.impact.failed_requests - twin.summary.impact.failed_requests),
      signed_points(twin.summary.score - played.summary.score));
  return out;
}

bool by_seat(const std::optional<model::PersonRef>& who,
             const std::vector<model::PersonRef>& people) {
  return who && std::find(people.begin(), people.end(), *who) != people.end();
}

// The fewest services to inspect from `from` down the calls to one of `causes` (both ends
// included; breadth-first, callees in the scenario's order), or empty when none is reachable.
std::vector<std::size_t> shortest_path(const model::Scenario& scenario, std::size_t from,
                                       const std::vector<std::size_t>& causes) {
  std::vector<std::optional<std::size_t>> parent(scenario.services.size());
  std::vector<bool> seen(scenario.services.size(), false);
  std::vector<std::size_t> queue{from};
  seen[from] = true;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t s = queue[head];
    if (std::find(causes.begin(), causes.end(), s) != causes.end()) {
      std::vector<std::size_t> path{s};
      while (parent[path.back()]) path.push_back(*parent[path.back()]);
      std::reverse(path.begin(), path.end());
      return path;
    }
    for (const model::Call& c : scenario.calls)
      if (c.caller == s && !seen[c.callee]) {
        seen[c.callee] = true;
        parent[c.callee] = s;
        queue.push_back(c.callee);
      }
  }
  return {};
}

std::string names(const model::Scenario& scenario, const std::vector<std::size_t>& services,
                  const char* separator) {
  std::string out;
  for (const std::size_t s : services)
    out += (out.empty() ? "" : separator) + scenario.services[s].name;
  return out;
}

// For each status update the seat posted for `incident` before it was resolved (not a
// "Resolved:" one), the journeys it named that were within their SLO then, and those it left out
// that were failing beyond it, read as the policy's updates read them (the error ratio over the
// last kImpactWindow against the SLO's allowed ratio).
std::string status_update_journeys(const model::Scenario& scenario, const model::RunRecord& played,
                                   std::size_t incident,
                                   const std::vector<model::PersonRef>& people) {
  const model::Telemetry telemetry{played.nominal_past, played.segments};
  std::string out;
  for (const model::TimelineEvent& e : played.timeline) {
    const auto* u = std::get_if<model::ev::StatusUpdatePosted>(&e.payload);
    if (!u || u->incident != incident || !by_seat(u->by, people) ||
        u->message.starts_with("Resolved:"))
      continue;
    std::vector<std::string> wrong, missed;
    for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
      const double ratio =
          model::window_metric(scenario, telemetry, model::MetricKind::ErrorRatio,
                               model::TargetKind::Journey, j, e.at - model::kImpactWindow, e.at);
      const bool failing = ratio > 1.0 - scenario.journeys[j].slo.objective;
      const bool named = std::find(u->journeys.begin(), u->journeys.end(), j) != u->journeys.end();
      if (named && !failing) wrong.push_back(scenario.journeys[j].name);
      if (failing && !named)
        missed.push_back(
            fmt::format("{} ({} failing)", scenario.journeys[j].name, format_percent(ratio)));
    }
    const std::string at = format_offset(e.at);
    if (!wrong.empty())
      out += fmt::format("- Your update at {} named {} as affected: within the SLO then.\n", at,
                         fmt::join(wrong, ", "));
    if (!missed.empty())
      out += fmt::format("- Your update at {} did not name {}.\n", at, fmt::join(missed, ", "));
  }
  return out;
}

// For one incident the seat worked on: the shortest path from the symptom (the service the
// detecting alert watches) to the cause against the services the seat inspected, the red
// herrings it followed, the cause's own alerts that fired while it inspected elsewhere first, or
// never looked there (signals missed), a "Resolved" status update posted before the incident was
// resolved, and the teams it paged that own nothing between the symptom
// and the cause.
std::string incident_path(const model::Scenario& scenario, const model::RunRecord& played,
                          std::size_t incident, const std::vector<model::PersonRef>& people) {
  namespace ev = model::ev;
  std::vector<std::size_t> causes;
  for (const model::TimelineEvent& e : played.timeline)
    if (const auto* o = std::get_if<ev::IncidentOpened>(&e.payload); o && o->incident == incident)
      causes = fault_services(scenario, played.faults[o->fault]);
  std::optional<std::size_t> symptom;
  std::vector<std::size_t> inspected, herrings;
  std::map<std::size_t, model::SimTime> first_look;
  std::vector<model::SimTime> looks;  // when each inspection finished
  std::vector<std::size_t> paged;
  std::optional<model::SimTime> resolved, told_resolved;  // resolved; "Resolved" posted by the seat
  for (const model::TimelineEvent& e : played.timeline) {
    if (const auto* r = std::get_if<ev::IncidentResolved>(&e.payload); r && r->incident == incident)
      resolved = e.at;
    if (const auto* u = std::get_if<ev::StatusUpdatePosted>(&e.payload);
        u && u->incident == incident && by_seat(u->by, people) && !told_resolved &&
        u->message.starts_with("Resolved:") && (!resolved || e.at < *resolved))
      told_resolved = e.at;
    if (const auto* d = std::get_if<ev::IncidentDetected>(&e.payload);
        d && d->incident == incident) {
      symptom = model::alert_of(scenario, d->kind, d->rule).service;
    } else if (const auto* s = std::get_if<ev::DiagnosisStep>(&e.payload);
               s && s->incident == incident && by_seat(s->by, people)) {
      inspected.push_back(s->service);
      if (s->red_herring) herrings.push_back(s->service);
      first_look.emplace(s->service, e.at);
      looks.push_back(e.at);
    } else if (const auto* t = std::get_if<ev::TeamEngaged>(&e.payload);
               t && t->incident == incident && by_seat(t->by, people)) {
      paged.push_back(t->team);
    }
  }
  std::string out = fmt::format("### INC-{}\n\n", incident + 1);
  const auto path =
      symptom ? shortest_path(scenario, *symptom, causes) : std::vector<std::size_t>{};
  if (!path.empty())
    out += fmt::format("- The shortest path from the symptom to the cause: {} ({} services).\n",
                       names(scenario, path, " → "), path.size());
  out += inspected.empty() ? std::string("- You inspected no service.\n")
                           : fmt::format("- You inspected {} ({}).\n",
                                         names(scenario, inspected, ", "), inspected.size());
  if (!herrings.empty())
    out += fmt::format("- Red herrings you followed: {}.\n", names(scenario, herrings, ", "));
  // Signals missed: the cause's own alerts, firing for real while the seat finished
  // inspections elsewhere before looking there, or never looked there.
  std::set<std::pair<std::size_t, std::size_t>> told;
  for (const model::TimelineEvent& e : played.timeline) {
    const auto* a = std::get_if<ev::AlertChanged>(&e.payload);
    if (!a || a->state != model::AlertState::Firing || a->spurious) continue;
    const std::size_t service = model::alert_of(scenario, a->kind, a->rule).service;
    if (std::find(causes.begin(), causes.end(), service) == causes.end()) continue;
    const auto looked = first_look.find(service);
    const bool elsewhere_first = looked == first_look.end() ||
                                 std::any_of(looks.begin(), looks.end(), [&](model::SimTime t) {
                                   return t > e.at && t < looked->second;
                                 });
    if (!elsewhere_first) continue;
    if (!told.insert({static_cast<std::size_t>(a->kind), a->rule}).second) continue;
    out += fmt::format(
        "- Signal missed: {}'s alert {} was firing from {}; {}.\n", scenario.services[service].name,
        rule_name(scenario, a->kind, a->rule), format_offset(e.at),
        looked == first_look.end() ? std::string("you never looked there")
                                   : "you first looked there at " + format_offset(looked->second));
  }
  out += status_update_journeys(scenario, played, incident, people);
  if (told_resolved)
    out += fmt::format(
        "- You told customers it was resolved at {} while it was not ({}).\n",
        format_offset(*told_resolved),
        resolved ? "resolved at " + format_offset(*resolved) : std::string("never resolved"));
  for (const std::size_t team : paged) {
    const bool on_path = std::any_of(
        path.begin(), path.end(), [&](std::size_t s) { return scenario.services[s].team == team; });
    const bool owns_cause = std::any_of(causes.begin(), causes.end(), [&](std::size_t s) {
      return scenario.services[s].team == team;
    });
    if (!on_path && !owns_cause)
      out += fmt::format(
          "- Page not needed: team {} owns nothing between the symptom and the cause.\n",
          scenario.teams[team].name);
  }
  return out + "\n";
}

}  // namespace

std::optional<double> time_to_cause(const IncidentMetrics& m) {
  if (!m.cause_identified_s || !m.impact_start_s) return std::nullopt;
  return std::max(0.0, *m.cause_identified_s - *m.impact_start_s);
}

std::string debrief_markdown(const model::Scenario& scenario, const std::string& seat,
                             const model::RunRecord& played, const Report& played_report,
                             const Report& twin_report, const std::vector<model::PersonRef>& people,
                             const std::vector<DecisionCost>& costs) {
  std::string out = fmt::format(
      "# Debrief: {} in {} (seed {})\n\n"
      "You played {}; the policy twin is the same drill, same seed, with the policy's "
      "responder in your seat. Times are measured as in the report (docs/scoring.md).\n\n",
      seat, scenario.name, played_report.seed, seat);
  for (const IncidentMetrics& m : played_report.incidents) {
    const auto twin = std::find_if(twin_report.incidents.begin(), twin_report.incidents.end(),
                                   [&m](const IncidentMetrics& t) { return t.fault == m.fault; });
    out += fmt::format("## {}: {}\n\n| | you | policy twin |\n|---|---|---|\n", m.id,
                       describe_fault(scenario, played.faults[m.fault]));
    for (const Row& row : rows())
      out += fmt::format("| {} | {} | {} |\n", row.what, row.value(m),
                         twin != twin_report.incidents.end() ? row.value(*twin) : "—");
    out += "\n";
  }
  const Summary& a = played_report.summary;
  const Summary& b = twin_report.summary;
  out += fmt::format(
      "## The whole drill\n\n| | you | policy twin |\n|---|---|---|\n"
      "| score (0–100) | {:.1f} | {:.1f} |\n| failed requests | {} | {} |\n"
      "| revenue lost | {} | {} |\n| pages | {} | {} |\n| wake-ups | {} | {} |\n\n",
      a.score, b.score, format_count(a.impact.failed_requests),
      format_count(b.impact.failed_requests),
      format_money(a.impact.revenue_lost, played_report.currency),
      format_money(b.impact.revenue_lost, twin_report.currency), a.pages, b.pages, a.wake_ups,
      b.wake_ups);

  out += "## Your path\n\n";
  bool any = false;
  for (const model::TimelineEvent& e : played.timeline) {
    const std::string at = format_offset(e.at);
    if (const auto* d = std::get_if<model::ev::DiagnosisStep>(&e.payload);
        d && by_seat(d->by, people)) {
      out += fmt::format("- {} you inspected {}: {}\n", at, scenario.services[d->service].name,
                         d->red_herring ? "a red herring (the cause was neither there nor below it)"
                                        : "on the way to the cause");
      any = true;
    } else if (const auto* s = std::get_if<model::ev::MitigationStarted>(&e.payload);
               s && by_seat(s->by, people)) {
      out += fmt::format("- {} you started a {} of {}: {}\n", at, model::to_string(s->action),
                         scenario.services[s->service].name,
                         s->reason == model::MitigationReason::Fix
                             ? "a fix for what was wrong there"
                             : "no fix for anything wrong there");
      any = true;
    } else if (const auto* u = std::get_if<model::ev::StatusUpdatePosted>(&e.payload);
               u && by_seat(u->by, people)) {
      out += fmt::format("- {} you posted: \"{}\"\n", at, u->message);
      any = true;
    } else if (const auto* p = std::get_if<model::ev::PageEscalated>(&e.payload);
               p && by_seat(p->by, people)) {
      out += fmt::format("- {} you escalated to level {} of team {}'s escalation policy\n", at,
                         p->to_level + 1, scenario.teams[p->team].name);
      any = true;
    } else if (const auto* h = std::get_if<model::ev::Handoff>(&e.payload);
               h && by_seat(h->from, people)) {
      out += fmt::format("- {} you briefed {}, who took the incident over\n", at,
                         person_name(scenario, h->to));
      any = true;
    }
  }
  if (!any) out += "You took no action after answering.\n";
  out += "\n";
  std::set<std::size_t> worked;  // the incidents the seat answered a page of
  for (const model::TimelineEvent& e : played.timeline)
    if (const auto* ack = std::get_if<model::ev::PageAcknowledged>(&e.payload);
        ack && by_seat(ack->by, people))
      worked.insert(ack->incident);
  for (const std::size_t incident : worked)
    out += incident_path(scenario, played, incident, people);
  if (!costs.empty()) out += "\n" + costs_section(costs, played_report, twin_report);
  return out;
}

}  // namespace firedrill::scoring
