#pragma once
// Per-incident metrics measured from a run's record: lifecycle times (TTD, TTA, TTM, TTR) and
// where the time to mitigate went, impact (failed requests, error budget, revenue), people,
// communication and the score.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "scoring/impact_start.hpp"
#include "scoring/integrals.hpp"
#include "scoring/score.hpp"
#include "scoring/time_breakdown.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// What broke, in the scenario's names.
struct RootCause {
  std::string service;   // the fault's target service; "caller->callee" for a call failure;
                         // the journey, or "all journeys", for a traffic surge
  std::string fault;     // model::to_string(FaultType), e.g. "bad_deploy"
  std::string fault_id;  // Fault::id
};

// The alert rule whose firing detected an incident, or the customer reports support escalated.
struct DetectingAlert {
  model::AlertRuleKind kind = model::AlertRuleKind::Threshold;
  std::size_t rule = 0;  // index into the kind's rules (Scenario::threshold_rules, burn_rate_rules
                         // or probe_rules); for customer reports, into Scenario::journeys
  std::string name;      // the rule's name; for customer reports, the journey's
};

// A service pushed beyond its normal load during an incident: a contributing factor (retry
// amplification, lost capacity, traffic moved onto it).
struct ServiceStrain {
  std::string service;            // its name
  double load_before_rps = 0.0;   // offered load just before the fault began, req/s
  double peak_load_rps = 0.0;     // highest offered load from then to the impact's end, req/s
  double peak_utilisation = 0.0;  // highest load / capacity over the same window
};

// Services that during [from, to) ran at utilisation >= 1, or carried at least 1.5 × their load
// just before `from`; in service order.
std::vector<ServiceStrain> strained_services(const model::Scenario& scenario,
                                             const model::RunRecord& record, SimTime from,
                                             SimTime to);

// A role of the incident command system and who filled it (RoleAssigned).
struct RoleFilled {
  model::Role role = model::Role::IncidentCommander;
  std::string person;
};

// A responders' action that failed requests by its side effect (model::ActionHarm): a rolling
// restart's replica out, load shed.
struct HarmfulAction {
  model::MitigationAction action = model::MitigationAction::Restart;
  std::string service;
  std::optional<double> started_s;  // its first MitigationStarted for the incident, s since start
  std::optional<std::string> by;    // who started it
  double failed_requests = 0.0;     // over the whole run
  std::vector<double> failed_requests_by_journey;
  double failed_in_impact = 0.0;  // of those, inside the incident's impact window
};

// One severity declaration or change (SeverityDeclared), in the scenario's names.
struct SeverityChange {
  double at_s = 0.0;  // seconds since the run's start
  model::Severity severity = model::Severity::P4;
  std::optional<model::Severity> previous;  // none for the declaration at triage
  double failed_share = 0.0;                // the worst journey's over 5 min, 0–1
  std::optional<std::string> journey;       // that journey
  std::optional<std::string> by;            // who declared it
  bool misjudged = false;
};

// The metrics of one incident (one IncidentOpened). Times are seconds since the run's start;
// an optional is empty when the phase never happened during the run. Every *_by_journey vector
// is indexed like Scenario::journeys. docs/scoring.md defines each field.
struct IncidentMetrics {
  std::size_t index = 0;                    // the incident's index in the record
  std::string id;                           // "INC-1" for index 0
  std::size_t fault = 0;                    // index into Scenario::faults
  std::optional<model::Severity> severity;  // the highest (most severe) one declared
  std::vector<SeverityChange> severity_history;  // in time order
  RootCause root_cause;
  std::optional<DetectingAlert> detected_by;

  double fault_start_s = 0.0;  // IncidentOpened: the fault began acting
  // When users began to feel it (incident_impact_start, impact_start.hpp), and the journey and
  // SLI that showed it; both empty when the fault never hurt users: then every time measured
  // from the impact (TTD, TTM, TTR, the breakdown) is empty too, and the impact is zero.
  std::optional<double> impact_start_s;
  std::optional<ImpactStart> impact_evidence;
  std::optional<double> detected_s;
  std::optional<double> acknowledged_s;  // first acknowledgement
  std::optional<double> cause_identified_s;
  std::optional<double> mitigated_s;
  std::optional<double> resolved_s;
  std::optional<double> ttd_s;  // detected − impact start; 0 if detected before users felt it
  std::optional<double> tta_s;  // acknowledged − detected
  std::optional<double> ttm_s;  // mitigated − impact start
  std::optional<double> ttr_s;  // resolved − impact start
  // How the impact ended (IncidentMitigated): the responders, automation, the fault's own end,
  // or the facilitator (no mitigation credit); none while unmitigated.
  std::optional<model::MitigatedBy> mitigated_by;
  TimeToMitigateBreakdown time_to_mitigate_breakdown;

  // The impact's end: for a resolved incident, the end of the last segment before the resolution
  // in which a journey the fault reaches breached an SLO (UserImpact::resolved_end: impact
  // outlasts the fix while queues drain); for a detected incident never resolved, the run's end;
  // for one nobody detected, mitigated (or the run's end); never before the impact's start.
  // `impact_over` is false when the run ended first. Both empty/false without an impact start.
  std::optional<double> impact_end_s;
  bool impact_over = false;
  Impact impact;  // over [impact start, impact end)
  // The failed requests the responders' own actions added (ordered by start), and the rest of
  // impact.failed_requests: what the fault's blast radius failed.
  std::vector<HarmfulAction> harmful_actions;
  double failed_requests_by_fault = 0.0;
  std::vector<ServiceStrain> strained_services;  // over [fault start, impact end)

  std::size_t pages = 0;
  std::size_t after_hours_pages = 0;
  std::size_t wake_ups = 0;  // pages that woke someone (PageSent::woke)
  std::size_t escalations = 0;
  bool escalation_exhausted = false;
  std::vector<std::string> responders;     // distinct people, in order of first appearance
  std::vector<std::string> teams_engaged;  // distinct teams paged or engaged, same order
  std::vector<RoleFilled> roles;           // in the order they were filled
  double person_hours = 0.0;  // Σ over people of their time engaged on it (see engaged_time)
  std::size_t diagnosis_steps = 0;
  std::size_t red_herrings = 0;
  std::size_t mitigation_attempts = 0;
  std::size_t failed_mitigations = 0;

  std::size_t status_updates = 0;
  std::optional<double> time_to_first_update_s;  // first status update − detected
  std::optional<double> longest_silence_s;       // from the first severity declaration
  // The longest gap without a status update from the impact start (what customers saw) to the
  // resolution or the run's end; none without impact.
  std::optional<double> customer_silence_s;

  // The customers' side: the first customer report support received (whether or not it
  // detected the incident), and the support tickets attributed to the incident; of those, the
  // ones that arrived after the status page had been silent for more than silence_threshold_s:
  // the cadence of the declared severity, or the customers' silence_doubling without one.
  std::optional<double> first_customer_report_s;
  std::size_t support_tickets = 0;
  std::size_t support_tickets_in_silence = 0;
  double silence_threshold_s = 0.0;

  ScoreBreakdown score_breakdown;
  double score = 100.0;  // score_breakdown.total()
};

// Returns true iff the incident hurt users: it failed at least one whole request
// (had_impact), or its impact started with a breach of a journey's latency SLO.
bool hurt_users(const IncidentMetrics& m);

// Measures and scores every incident of `record`, in order of opening.
// REQUIRES: `record` was produced from `scenario`: every index in it is valid, incidents are
// opened with indices 0, 1, … in order (checked; throws engine::InvariantError otherwise).
std::vector<IncidentMetrics> measure_incidents(const model::Scenario& scenario,
                                               const model::RunRecord& record);

// Returns true iff a person in state `s` is working: acknowledging, triaging, investigating,
// mitigating, communicating or handing off. At rest (available, asleep, off duty) and merely
// paged (the page rings; they may not have seen it) they are not.
bool is_engaged(model::ResponderState s);

// Time people spent engaged (is_engaged), from ResponderChanged: a person's state holds from one
// change to the next, or to the run's end. `by_incident_s[i]` counts the states whose incident
// is i; `no_incident_s` the rest (looking into false alarms).
struct EngagedTime {
  std::vector<double> by_incident_s;
  double no_incident_s = 0.0;
};
// REQUIRES: every incident index in the record's ResponderChanged is < `incidents`.
EngagedTime engaged_time(const model::RunRecord& record, std::size_t incidents);

// Returns the incident index an event belongs to, or nullopt for events that carry none
// (FaultInjected, FaultCleared, AlertChanged).
std::optional<std::size_t> incident_of(const model::EventPayload& payload);

}  // namespace firedrill::scoring
