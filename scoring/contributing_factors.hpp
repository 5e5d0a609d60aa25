#pragma once
// Contributing factors found by the run itself: the parts of an incident's time to mitigate
// (time_breakdown.hpp) that held it up, in words, each with the action items that follow from it.
// Also the postmortem's action items that other findings share with the factors, so that each
// action is worded in one place.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "scoring/incident_metrics.hpp"
#include "scoring/time_breakdown.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// A concrete follow-up: what to do, the team that owns it, and its kind (detect, respond,
// mitigate, prevent, communicate).
struct ActionItem {
  std::string action;
  std::string owner;
  std::string kind;
};

// What a contributing factor measures, from the phases of the breakdown.
enum class FactorKind {
  Undetected,             // undetected phases
  SlowAcknowledgement,    // waiting for the detection page: every level, and exhaustion
  WokenResponder,         // getting to a keyboard after being woken
  RedHerrings,            // every red-herring step
  WaitingForTeam,         // waiting for one team (one factor per team)
  DraftingStatusUpdates,  // the investigator drafting status updates
  CoordinationOverhead,   // the coordination overhead inside diagnosis steps
  FailedMitigations,      // every failed mitigation attempt
  WrongMitigations,       // wrong actions tried without a runbook
  RollbacksInVain,        // mitigate-first rollbacks of changes that were not the cause
  Handoffs,               // shift handoffs of the investigator
  NoMitigation,           // no fix possible once the cause was found
};

// One factor: `seconds` of the time to mitigate, `share` of it; `text` says what held the
// incident up with the run's numbers and names; `actions` follow from it.
struct ContributingFactor {
  FactorKind kind = FactorKind::Undetected;
  std::optional<std::string> team;  // the team waited for (slow acknowledgement, another team)
  double seconds = 0.0;
  double share = 0.0;
  std::string text;
  std::vector<ActionItem> actions;
};

// A factor is named only when it took a material part of the time to mitigate: at least
// kMinFactorShare of it and at least kMinFactorSeconds. Both, so that neither the 2-minute
// triage of a 15-minute incident nor 5 minutes of a 2-hour one read as what held it up; 5 min is
// the score's detection and acknowledgement target (score.hpp), the smallest delay it counts.
constexpr double kMinFactorShare = 0.10;
constexpr double kMinFactorSeconds = 5 * 60.0;

// The contributing factors of incident `m` (measured from `record` of `scenario`), largest
// first: every FactorKind whose time reaches both thresholds. Triage, useful diagnosis and the
// successful mitigation are the work itself, never factors.
std::vector<ContributingFactor> contributing_factors(const model::Scenario& scenario,
                                                     const model::RunRecord& record,
                                                     const IncidentMetrics& m);

// The team that owns the faulty service: the caller of a failing call, a surging journey's entry
// service; nullopt for a zone outage (the cloud provider's) and a surge on every journey.
std::optional<std::size_t> fault_owner_team(const model::Scenario& scenario,
                                            const model::Fault& fault);
// The team that owns the follow-up of incident `m`: the owner of the faulty service (the caller
// of a failing call, a surging journey's entry service), else the team first paged, else "the
// incident commander" (a zone outage nobody was paged for).
std::string owning_team(const model::Scenario& scenario, const model::RunRecord& record,
                        const IncidentMetrics& m);
// The team that responded: the team first paged, else the owning team.
std::string responding_team(const model::Scenario& scenario, const model::RunRecord& record,
                            const IncidentMetrics& m);

// A runbook for `fault` on `service`, whose responders tried `tried` first.
ActionItem runbook_action(model::FaultType fault, const std::string& service,
                          model::MitigationAction tried, const std::string& owner);
// Action items shared by factors and the postmortem's other findings.
// Better alerting for the journey whose budget `m` hurt most.
ActionItem detection_action(const model::Scenario& scenario, const IncidentMetrics& m);
// Review team `team`'s paging: level 1 (`first_level`, a level with `level_delay_s`) did not
// acknowledge in time, or took `acknowledged_after_s` to acknowledge.
ActionItem paging_review_action(const std::string& team,
                                const std::vector<std::string>& first_level, double level_delay_s,
                                std::optional<double> acknowledged_after_s = std::nullopt);
// Add a level and a loop to a policy that ran out.
ActionItem exhausted_policy_action(const std::string& team);
// Dashboards and runbooks that let responders rule out the red-herring `services` quickly.
ActionItem red_herring_action(const std::string& cause_service,
                              const std::vector<std::string>& services, const std::string& owner);
// Make the mitigation `action` of `service` reliable: `failed` attempts failed.
ActionItem failed_mitigation_action(model::MitigationAction action, const std::string& service,
                                    std::size_t failed, const std::string& owner);

}  // namespace firedrill::scoring
