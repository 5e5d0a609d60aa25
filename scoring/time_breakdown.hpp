#pragma once
// Time-to-mitigate breakdown: where an incident's time to mitigate went, phase by phase along
// its critical path (what the incident was waiting on at each moment), measured from the record.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// What held up an incident's mitigation during one phase of its critical path.
//
// To add a kind: add it here and to kPhaseKindCount, give it a name and a title in
// time_breakdown.cpp, detect it in the critical-path reader there, and say in
// contributing_factors.cpp what factor and action it gives (if any). Every switch over
// PhaseKind has no default, so -Wswitch points at each place to extend.
enum class PhaseKind {
  Undetected,               // impact began; no alert had detected it yet
  AwaitingAcknowledgement,  // the page rang unanswered at `escalation_level` of `team`
  EscalationExhausted,      // `team`'s escalation policy ran out: nobody left to page
  GettingToKeyboard,        // `people[0]` acknowledged a page that woke them; not yet at work
  Triage,                   // the first responder assessed the impact and declared a severity
  Diagnosis,                // diagnosis steps that led toward the cause
  RedHerring,               // a diagnosis step that inspected `service`, a wrong branch
  WaitingForTeam,           // diagnosis reached a service of `team`, which was paged only then
  DraftingStatusUpdate,     // the investigator `people[0]` drafted a status update; work waited
  FailedMitigation,         // an attempt of `action` on `service` that did not work
  WrongMitigation,          // a guess (`action` on `service`) without a runbook: not the fix
  RollbackInVain,           // "mitigate first": rolling back `service`'s change, not the cause
  Handoff,                  // `people[0]` handed the incident to `people[1]` at a shift change
  NoMitigation,             // the cause was found at `service`, but no fix was possible there
  Mitigation,               // the mitigation that ended impact (or was under way when it ended)
};
constexpr std::size_t kPhaseKindCount = 15;

// Stable snake_case names used in report.json: "undetected", "awaiting_acknowledgement", ...
const char* to_string(PhaseKind kind);
// Words for a table row: "Undetected", "Waiting for acknowledgement", ...
const char* phase_title(PhaseKind kind);

// One phase: [start_s, end_s), seconds since the run's start, never empty. The subject fields
// are set only for the kinds that have them (see PhaseKind); names are the scenario's.
struct Phase {
  PhaseKind kind = PhaseKind::Undetected;
  double start_s = 0.0;
  double end_s = 0.0;
  std::optional<std::string> team;
  std::optional<std::size_t> escalation_level;  // from 1, as the postmortem shows levels
  std::optional<double> escalation_delay_s;     // the level's delay before the page moves on
  // Awaiting acknowledgement: everyone paged at the level; waiting for a team: who joined
  // (empty if nobody did); otherwise the person doing the work.
  std::vector<std::string> people;
  std::optional<std::string> service;
  std::optional<model::MitigationAction> action;
  // Diagnosis and red herrings without an incident commander: the part of the phase that the
  // policy's coordination overhead added (see time_to_mitigate_breakdown), and how many
  // responders were working when its steps began (the most, over merged steps).
  double coordination_overhead_s = 0.0;
  std::size_t responders = 0;

  double duration_s() const { return end_s - start_s; }
};

// An incident's time to mitigate, [impact start, mitigated) or, if it was never mitigated,
// [impact start, run end), cut into phases; the impact start is incident_impact_start's
// (impact_start.hpp), and an incident whose fault never hurt users has an empty window at the
// window's end (no time to mitigate). Invariant: the phases are consecutive and cover the
// window exactly: the first starts at start_s, each ends where the next starts, the last ends
// at end_s; the window is empty only when it has no phases.
struct TimeToMitigateBreakdown {
  double start_s = 0.0;
  double end_s = 0.0;
  bool mitigated = false;  // false: the run ended first, and end_s is the run's end
  std::vector<Phase> phases;

  double total_s() const { return end_s - start_s; }
  // Seconds spent in phases of `kind`.
  double seconds_in(PhaseKind kind) const;
  // Seconds of coordination overhead inside diagnosis and red-herring phases.
  double coordination_overhead_s() const;
};

// Measures the critical path of incident `incident` from the record alone, from the fault's start
// (IncidentOpened), then cuts it to the window above: phases before the impact's start are
// dropped, the one under way then starts there.
//
// - undetected from the fault's start to IncidentDetected;
// - then waiting for an acknowledgement of the detection page, one phase per escalation level
//   (PageEscalated), or escalation exhausted (EscalationExhausted);
// - from the first PageAcknowledged, getting to a keyboard if that page woke the responder
//   (PageSent::woke), until they start triaging (ResponderChanged to Triaging);
// - triage until the first SeverityDeclared (or the responder turns Investigating);
// - then diagnosis steps, each ending at a DiagnosisStep. A step is a red herring when it ends
//   with a red-herring DiagnosisStep and no useful step ends at the same moment (with an
//   incident commander another responder takes the wrong branch meanwhile, at no cost).
//   From the investigator turning Communicating until their StatusUpdatePosted (or their turning
//   Investigating again), the step waits: drafting a status update. A TeamEngaged at the moment a
//   useful step ends means the next service belongs to a team not yet engaged: waiting for that
//   team until one of its people turns Investigating, who then investigates;
// - from MitigationStarted, a mitigation attempt; one whose MitigationFinished failed is a
//   failed mitigation; a wrong guess (MitigationReason::WrongGuess) is a wrong mitigation; a
//   mitigate-first rollback is a rollback in vain unless the incident is mitigated as it ends,
//   after which diagnosis begins;
// - from a Handoff of the investigator during triage or diagnosis, a handoff until the
//   incoming responder takes up the work (their next state other than HandingOff);
// - from MitigationUnavailable, no mitigation possible;
// - until IncidentMitigated (a mitigation landed or the fault expired), or the run's end.
//
// Coordination overhead: without an incident commander (RoleAssigned) the model lengthens each
// diagnosis step by the factor f = 1 + policy.coordination_overhead_per_responder × (n − 1), n
// the responders (people Triaging or Investigating for the incident) when the step began. The
// step's working time (drafting excluded) × (f − 1) / f is recorded as its coordination
// overhead, counted from the step's end backwards. Adjacent phases with the same kind and
// subject are merged, except waiting for acknowledgement: each escalation level stays a phase.
// REQUIRES: `record` was produced from `scenario` and incident `incident` was opened in it.
// Cost: one pass over the timeline.
TimeToMitigateBreakdown time_to_mitigate_breakdown(const model::Scenario& scenario,
                                                   const model::RunRecord& record,
                                                   std::size_t incident);

}  // namespace firedrill::scoring
