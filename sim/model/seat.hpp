#pragma once
// A seat: one responder of the drill played by a person (or a program) instead of the policy
// (DESIGN.md, "People in the loop"). Everyone else keeps following the scenario's policy. The
// seat's decisions are plain data, like the facilitator's commands, so a played drill is a
// function of (scenario, seed, commands with their simulated times) and replays exactly.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// Who the seat plays:
// - Person: one person of a team (`person`), whenever they are paged;
// - OnCall: whoever team `team`'s first escalation level pages ("on-call:checkout"): the seat
//   takes the place of the person the schedule puts there when the page goes out;
// - IncidentCommander: whoever is paged for the incident commander role.
struct Seat {
  enum class Kind { Person, OnCall, IncidentCommander };
  Kind kind = Kind::Person;
  PersonRef person{};    // Kind::Person
  std::size_t team = 0;  // Kind::OnCall
  friend bool operator==(const Seat&, const Seat&) = default;
};

// The seat's actions. `incident` is the incident number the seat's page carries (incidents are
// numbered in order of opening, as the record numbers them). Each applies at the simulated time
// it is given; the work it starts (an investigation, a mitigation) takes the simulated time the
// policy's responders would take for it.
// The most replicas a seat may scale a service out to: the loader's bound on a service's
// replicas (value_ranges.hpp).
inline constexpr int kMaxScaleOutReplicas = 10000;

namespace seat {
// Answer the page that rings for the seat.
struct Acknowledge {
  std::size_t incident = 0;
  friend bool operator==(const Acknowledge&, const Acknowledge&) = default;
};
// Declare the incident's severity, or change it.
struct DeclareSeverity {
  std::size_t incident = 0;
  Severity severity = Severity::P3;
  friend bool operator==(const DeclareSeverity&, const DeclareSeverity&) = default;
};
// Inspect `service`: dashboards, and logs and traces where the service has them. Takes one
// diagnosis step's time (the policy's median, scaled by observability, familiarity, a runbook
// and tiredness, as for the policy's responders).
struct Investigate {
  std::size_t incident = 0;
  std::size_t service = 0;
  friend bool operator==(const Investigate&, const Investigate&) = default;
};
// Apply `action` at `service`, with its real prerequisites, duration and side effects.
// `replicas`, for scale_out only: the replicas the service is to run (more than it is set to
// run now; at most 10,000, the loader's bound); 0 scales out as the policy does (every saturated
// service to 60 % utilisation). Scaled to a number, a fault that scaling out absorbs (a surge, a
// weaker promoted datastore) counts as mitigated only once no service is saturated (utilisation
// below 0.8).
struct Mitigate {
  std::size_t incident = 0;
  MitigationAction action = MitigationAction::Restart;
  std::size_t service = 0;
  int replicas = 0;
  friend bool operator==(const Mitigate&, const Mitigate&) = default;
};
// Page team `team`'s escalation policy for the incident (subject-matter experts).
struct PageTeam {
  std::size_t incident = 0;
  std::size_t team = 0;
  friend bool operator==(const PageTeam&, const PageTeam&) = default;
};
// Page the rotation of `role` for the incident: ask for an incident commander, a
// communications lead or a scribe (the policy's RolePolicy names who fills it).
struct PageRole {
  std::size_t incident = 0;
  Role role = Role::IncidentCommander;
  friend bool operator==(const PageRole&, const PageRole&) = default;
};
// Page `person` for the incident directly (a responder request), outside any escalation policy:
// the page reaches them as any page does (their local time, their fatigue); they join the
// incident when they answer. Unanswered, it does not escalate.
struct PagePerson {
  std::size_t incident = 0;
  PersonRef person{};
  friend bool operator==(const PagePerson&, const PagePerson&) = default;
};
// Escalate now: the escalation policy of the page the seat answered pages its next level (one
// beyond the highest already paged for the incident), and escalates on from there unanswered.
// The seat stays on the incident.
struct Escalate {
  std::size_t incident = 0;
  friend bool operator==(const Escalate&, const Escalate&) = default;
};
// Hand the incident to `person`: they are paged; once they answer and are at a keyboard, the seat
// briefs them (the policy's handoff time, both busy), then they take the seat's place (lead,
// investigator, roles) and the policy plays them. Until then the incident is the seat's.
struct HandOff {
  std::size_t incident = 0;
  PersonRef person{};
  friend bool operator==(const HandOff&, const HandOff&) = default;
};
// As the incident's lead or commander, give `role` to `person`, a responder who answered a page
// for the incident (the seat itself included): a communications lead writes the status updates
// from then on; giving the incident commander role away hands over command.
struct AssignRole {
  std::size_t incident = 0;
  Role role = Role::CommsLead;
  PersonRef person{};
  friend bool operator==(const AssignRole&, const AssignRole&) = default;
};
// Post a status-page update: the phase (Statuspage's incident states), the text, and the
// journeys it names as affected (indices, in order of name; none: it names none).
enum class StatusPhase { Investigating, Identified, Monitoring, Resolved };
inline constexpr std::size_t kStatusPhaseCount = 4;
struct PostStatus {
  std::size_t incident = 0;
  StatusPhase phase = StatusPhase::Investigating;
  std::string message;
  std::vector<std::size_t> journeys;
  friend bool operator==(const PostStatus&, const PostStatus&) = default;
};
// Close the incident. Refused while a journey's error ratio over the last minute is above its
// SLO (the dashboards show users still failing).
struct Resolve {
  std::size_t incident = 0;
  friend bool operator==(const Resolve&, const Resolve&) = default;
};
}  // namespace seat

using SeatAction =
    std::variant<seat::Acknowledge, seat::DeclareSeverity, seat::Investigate, seat::Mitigate,
                 seat::PageTeam, seat::PageRole, seat::PagePerson, seat::Escalate, seat::HandOff,
                 seat::AssignRole, seat::PostStatus, seat::Resolve>;

// The actions' names in drill logs and in the seat's protocol, in the variant's order.
inline constexpr std::array<const char*, std::variant_size_v<SeatAction>> kSeatActionNames{
    "acknowledge", "declare_severity", "investigate", "mitigate",    "page_team",   "page_role",
    "page_person", "escalate",         "hand_off",    "assign_role", "post_status", "resolve"};
inline const char* action_name(const SeatAction& action) {
  return kSeatActionNames[action.index()];
}
// "investigating", "identified", "monitoring", "resolved".
const char* to_string(seat::StatusPhase phase);

// One entry of the change feed a responder reads: a deploy (or a config push) of `service` at
// `at`, harmless or not (the feed does not say which).
struct FeedChange {
  SimTime at{0};
  std::size_t service = 0;
  bool config = false;
};
// The change feed up to `now`, oldest first: the scenario's harmless changes and the run's bad
// deploys and bad configs (`faults`: Run::faults()) that started by then.
std::vector<FeedChange> change_feed(const Scenario& scenario, const std::vector<Fault>& faults,
                                    SimTime now);

// A page ringing for the seat now: for `incident`, from team `team`'s escalation policy at
// `level`, since `since`; unanswered it escalates at `escalates_at`. `alerts`: the alerts that
// raised it (kind and rule), empty when a responder paged the team.
struct RingingPage {
  std::size_t incident = 0;
  std::size_t team = 0;
  std::size_t level = 0;
  SimTime since{0};
  SimTime escalates_at{0};
  std::vector<std::pair<AlertRuleKind, std::size_t>> alerts;
};

// What the seat saw when an investigation of `service` finished at `at`, as far as the
// service's observability allows: its log lines (only with logs), and with traces each
// dependency's share of the errors and of the added latency it serves (0–1, as the policy's
// responders read them: evidence.hpp). Its dashboards are the telemetry's, read by the caller.
struct Finding {
  std::size_t incident = 0;
  std::size_t service = 0;
  SimTime at{0};
  std::vector<std::string> log_lines;
  struct Dependency {
    std::size_t service = 0;
    double error_share = 0.0;
    double latency_share = 0.0;
  };
  std::vector<Dependency> dependencies;
};

// What a service's runbook says (the scenario's `runbooks` of the service): for each kind of
// failure it covers, how it shows and the catalogue's fixes for it, in the scenario's order.
// Empty when the service has no runbook. Throws std::out_of_range when there is no service
// `service`.
struct RunbookEntry {
  FaultType fault = FaultType::BadDeploy;
  std::string symptoms;
  std::vector<MitigationAction> mitigations;
};
std::vector<RunbookEntry> runbook(const Scenario& scenario, std::size_t service);

// Why the world refused a seat's action (nothing changed), in a sentence the seat can act on:
// "no page for incident 2 rings for you".
struct Refusal {
  std::string reason;
};

}  // namespace firedrill::model
