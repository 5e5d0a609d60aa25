#include "scoring/report.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "scoring/describe.hpp"

namespace firedrill::scoring {
namespace {

using Json = nlohmann::ordered_json;

// Rounds to `decimals` places; non-finite values become null. Adding 0.0 turns −0 into 0 so
// the bytes do not depend on the sign of a zero.
Json rounded(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale + 0.0;
}

Json seconds(double s) { return rounded(s, 3); }
Json seconds(const std::optional<double>& s) { return s ? seconds(*s) : Json(nullptr); }
Json requests(double n) { return rounded(n, 1); }
Json money(double x) { return rounded(x, 2); }
Json fraction(double f) { return rounded(f, 6); }

Json by_journey(const std::vector<std::string>& journeys, const std::vector<double>& values,
                Json (*round)(double)) {
  Json object = Json::object();
  for (std::size_t j = 0; j < journeys.size() && j < values.size(); ++j) {
    object[journeys[j]] = round(values[j]);
  }
  return object;
}

Json strings(const std::vector<std::string>& values) {
  Json array = Json::array();
  for (const std::string& v : values) array.push_back(v);
  return array;
}

Json phase_json(const Phase& p, double total_s) {
  Json j;
  j["kind"] = to_string(p.kind);
  j["start_s"] = seconds(p.start_s);
  j["end_s"] = seconds(p.end_s);
  j["duration_s"] = seconds(p.duration_s());
  j["share"] = fraction(total_s > 0.0 ? p.duration_s() / total_s : 0.0);
  if (p.team) j["team"] = *p.team;
  if (p.escalation_level) j["escalation_level"] = *p.escalation_level;
  if (p.escalation_delay_s) j["escalation_delay_s"] = seconds(*p.escalation_delay_s);
  if (!p.people.empty() || p.kind == PhaseKind::WaitingForTeam) j["people"] = strings(p.people);
  if (p.service) j["service"] = *p.service;
  if (p.action) j["action"] = model::to_string(*p.action);
  if (p.kind == PhaseKind::Diagnosis || p.kind == PhaseKind::RedHerring) {
    j["coordination_overhead_s"] = seconds(p.coordination_overhead_s);
    j["responders"] = p.responders;
  }
  return j;
}

Json breakdown_json(const TimeToMitigateBreakdown& b) {
  Json j;
  j["start_s"] = seconds(b.start_s);
  j["end_s"] = seconds(b.end_s);
  j["total_s"] = seconds(b.total_s());
  j["mitigated"] = b.mitigated;
  Json by_kind = Json::object();
  for (std::size_t k = 0; k < kPhaseKindCount; ++k) {
    const auto kind = static_cast<PhaseKind>(k);
    by_kind[to_string(kind)] = seconds(b.seconds_in(kind));
  }
  j["by_kind_s"] = std::move(by_kind);
  j["coordination_overhead_s"] = seconds(b.coordination_overhead_s());
  Json phases = Json::array();
  for (const Phase& p : b.phases) phases.push_back(phase_json(p, b.total_s()));
  j["phases"] = std::move(phases);
  return j;
}

Json incident_json(const IncidentMetrics& m, const std::vector<std::string>& journeys) {
  Json j;
  j["id"] = m.id;
  j["severity"] = m.severity ? Json(model::to_string(*m.severity)) : Json(nullptr);
  Json history = Json::array();
  for (const SeverityChange& c : m.severity_history) {
    history.push_back(
        {{"at_s", seconds(c.at_s)},
         {"severity", model::to_string(c.severity)},
         {"previous", c.previous ? Json(model::to_string(*c.previous)) : Json(nullptr)},
         {"failed_share", fraction(c.failed_share)},
         {"journey", c.journey ? Json(*c.journey) : Json(nullptr)},
         {"by", c.by ? Json(*c.by) : Json(nullptr)},
         {"misjudged", c.misjudged}});
  }
  j["severity_history"] = std::move(history);
  j["root_cause"] = {{"service", m.root_cause.service},
                     {"fault", m.root_cause.fault},
                     {"fault_id", m.root_cause.fault_id}};
  if (m.detected_by) {
    j["detected_by"] = {{"kind", kind_name(m.detected_by->kind)}, {"rule", m.detected_by->name}};
  } else {
    j["detected_by"] = nullptr;
  }
  j["fault_start_s"] = seconds(m.fault_start_s);
  j["impact_start_s"] = seconds(m.impact_start_s);
  if (m.impact_evidence) {
    const ImpactStart& e = *m.impact_evidence;
    Json signal{{"journey", journeys.at(e.journey)}, {"sli", to_string(e.signal)}};
    if (e.signal == ImpactSignal::FailedShare) {
      signal["failed_share_before"] = fraction(e.before);
      signal["failed_share_at_start"] = fraction(e.value);
    } else {
      signal["p99_latency_ms_before"] = rounded(e.before, 3);
      signal["p99_latency_ms_at_start"] = rounded(e.value, 3);
    }
    j["impact_signal"] = std::move(signal);
  } else {
    j["impact_signal"] = nullptr;
  }
  j["detected_s"] = seconds(m.detected_s);
  j["acknowledged_s"] = seconds(m.acknowledged_s);
  j["cause_identified_s"] = seconds(m.cause_identified_s);
  j["mitigated_s"] = seconds(m.mitigated_s);
  j["resolved_s"] = seconds(m.resolved_s);
  j["mitigated_by"] = m.mitigated_by ? Json(model::to_string(*m.mitigated_by)) : Json(nullptr);
  j["ttd_s"] = seconds(m.ttd_s);
  j["tta_s"] = seconds(m.tta_s);
  j["ttm_s"] = seconds(m.ttm_s);
  j["ttr_s"] = seconds(m.ttr_s);
  j["impact_end_s"] = seconds(m.impact_end_s);
  j["impact_over"] = m.impact_over;
  j["failed_requests"] = requests(m.impact.failed_requests);
  j["failed_requests_by_fault"] = requests(m.failed_requests_by_fault);
  Json harmful = Json::array();
  for (const HarmfulAction& a : m.harmful_actions) {
    harmful.push_back({{"action", model::to_string(a.action)},
                       {"service", a.service},
                       {"started_s", seconds(a.started_s)},
                       {"by", a.by ? Json(*a.by) : Json(nullptr)},
                       {"failed_requests", requests(a.failed_requests)},
                       {"failed_requests_in_impact", requests(a.failed_in_impact)},
                       {"failed_requests_by_journey",
                        by_journey(journeys, a.failed_requests_by_journey, requests)}});
  }
  j["harmful_actions"] = std::move(harmful);
  j["failed_requests_by_journey"] = by_journey(journeys, m.impact.failed_requests_by_journey, requests);
  j["revenue_lost"] = money(m.impact.revenue_lost);
  j["error_budget_consumed"] = fraction(m.impact.error_budget_consumed);
  j["error_budget_consumed_by_journey"] =
      by_journey(journeys, m.impact.error_budget_consumed_by_journey, fraction);
  j["pages"] = m.pages;
  j["after_hours_pages"] = m.after_hours_pages;
  j["wake_ups"] = m.wake_ups;
  Json strained = Json::array();
  for (const ServiceStrain& st : m.strained_services) {
    strained.push_back({{"service", st.service},
                        {"load_before_rps", requests(st.load_before_rps)},
                        {"peak_load_rps", requests(st.peak_load_rps)},
                        {"peak_utilisation", fraction(st.peak_utilisation)}});
  }
  j["strained_services"] = std::move(strained);
  j["escalations"] = m.escalations;
  j["escalation_exhausted"] = m.escalation_exhausted;
  j["responders"] = m.responders.size();
  j["responder_names"] = strings(m.responders);
  j["teams_engaged"] = m.teams_engaged.size();
  j["team_names"] = strings(m.teams_engaged);
  Json roles = Json::array();
  for (const RoleFilled& r : m.roles)
    roles.push_back({{"role", model::to_string(r.role)}, {"person", r.person}});
  j["roles"] = std::move(roles);
  j["person_hours"] = rounded(m.person_hours, 4);
  j["diagnosis_steps"] = m.diagnosis_steps;
  j["red_herrings"] = m.red_herrings;
  j["mitigation_attempts"] = m.mitigation_attempts;
  j["failed_mitigations"] = m.failed_mitigations;
  j["status_updates"] = m.status_updates;
  j["time_to_first_update_s"] = seconds(m.time_to_first_update_s);
  j["longest_silence_s"] = seconds(m.longest_silence_s);
  j["customer_silence_s"] = seconds(m.customer_silence_s);
  j["time_to_mitigate_breakdown"] = breakdown_json(m.time_to_mitigate_breakdown);
  j["first_customer_report_s"] = seconds(m.first_customer_report_s);
  j["support_tickets"] = m.support_tickets;
  j["support_tickets_in_silence"] = m.support_tickets_in_silence;
  j["silence_threshold_s"] = seconds(m.silence_threshold_s);
  j["score"] = rounded(m.score, 2);
  Json breakdown = Json::object();
  for (std::size_t c = 0; c < kScoreComponentCount; ++c) {
    const auto component = static_cast<ScoreComponent>(c);
    breakdown[to_string(component)] = {{"weight", kScoreWeights[c]},
                                       {"target_s", seconds(m.score_breakdown.targets_s[c])},
                                       {"subscore", fraction(m.score_breakdown.subscores[c])},
                                       {"points", rounded(m.score_breakdown.points(component), 2)}};
  }
  j["score_breakdown"] = std::move(breakdown);
  return j;
}

Json summary_json(const Summary& s, const std::vector<std::string>& journeys) {
  Json j;
  j["incidents"] = s.incidents;
  j["score"] = rounded(s.score, 2);
  j["mttd_s"] = seconds(s.mttd_s);
  j["mtta_s"] = seconds(s.mtta_s);
  j["mttm_s"] = seconds(s.mttm_s);
  j["mttr_s"] = seconds(s.mttr_s);
  j["failed_requests"] = requests(s.impact.failed_requests);
  j["failed_requests_by_journey"] = by_journey(journeys, s.impact.failed_requests_by_journey, requests);
  j["error_budget_consumed"] = fraction(s.impact.error_budget_consumed);
  j["error_budget_consumed_by_journey"] =
      by_journey(journeys, s.impact.error_budget_consumed_by_journey, fraction);
  j["revenue_lost"] = money(s.impact.revenue_lost);
  j["pages"] = s.pages;
  j["after_hours_pages"] = s.after_hours_pages;
  j["wake_ups"] = s.wake_ups;
  j["false_alarm_pages"] = s.false_alarm_pages;
  j["false_alarm_after_hours_pages"] = s.false_alarm_after_hours_pages;
  j["false_alarm_wake_ups"] = s.false_alarm_wake_ups;
  j["person_hours"] = rounded(s.person_hours, 4);
  j["false_alarm_person_hours"] = rounded(s.false_alarm_person_hours, 4);
  j["support_tickets"] = s.support_tickets;
  return j;
}

}  // namespace

Report evaluate(const model::Scenario& scenario, const model::RunRecord& record) {
  Report report;
  report.scenario = scenario.name;
  report.seed = record.seed;
  report.duration_s = engine::to_seconds(record.duration);
  report.start_unix_s = scenario.run.start_unix_s;
  report.currency = scenario.run.currency;
  for (const model::Journey& journey : scenario.journeys) report.journeys.push_back(journey.name);
  report.incidents = measure_incidents(scenario, record);
  report.summary = summarize(scenario, record, report.incidents);
  return report;
}

std::string report_json(const Report& report) {
  Json j;
  j["scenario"] = report.scenario;
  j["seed"] = report.seed;
  j["duration_s"] = seconds(report.duration_s);
  j["start_unix_s"] = report.start_unix_s;
  j["currency"] = report.currency;
  Json incidents = Json::array();
  for (const IncidentMetrics& m : report.incidents) {
    incidents.push_back(incident_json(m, report.journeys));
  }
  j["incidents"] = std::move(incidents);
  j["summary"] = summary_json(report.summary, report.journeys);
  // Replace invalid UTF-8 in names rather than throw: the report must always be writable.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace firedrill::scoring
