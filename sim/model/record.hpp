#pragma once
// A run's record: the timeline of typed events and the exact steady-state segments of the flow
// model. It is the single source of truth after a run: scores, postmortems and exports are pure
// functions of (Scenario, RunRecord).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/model/scenario.hpp"

namespace firedrill::model {

// The flow through one journey during a segment.
struct JourneyFlow {
  double offered_rps = 0.0;      // requests arriving, req/s
  double good_rps = 0.0;         // requests that succeed, req/s
  double mean_latency_ms = 0.0;  // mean end-to-end latency of a request, ms
  double p50_latency_ms = 0.0;   // median end-to-end latency, ms (flow level: an estimate)
  double p99_latency_ms = 0.0;   // 99th percentile, ms (flow level: an estimate)
  friend bool operator==(const JourneyFlow&, const JourneyFlow&) = default;
};

// The state of one service during a segment.
struct ServiceFlow {
  int healthy_replicas = 0;
  double load_rps = 0.0;         // offered load, req/s
  double utilisation = 0.0;      // load / capacity; >= 1 means overload; 0 when capacity is 0
  double error_ratio = 0.0;      // share of its responses that are errors (own + hard deps), 0–1
  double mean_latency_ms = 0.0;  // mean response time seen by its callers, ms
  double p50_latency_ms = 0.0;   // median response time seen by its callers, ms (an estimate)
  double p99_latency_ms = 0.0;   // 99th percentile of it, ms (an estimate)
  double capacity_rps = 0.0;     // healthy replicas × capacity per replica, req/s
  double backlog = 0.0;          // requests queued beyond the steady state at the segment's start
  double backlog_growth_rps = 0.0;  // d backlog / dt during the segment, req/s; < 0: draining
  friend bool operator==(const ServiceFlow&, const ServiceFlow&) = default;
};

// The traffic on one call edge during a segment.
struct CallFlow {
  double demand_rps = 0.0;     // calls the callers want to make, before retries, req/s
  double attempts_rps = 0.0;   // attempts that reach the callee (retries included), req/s
  double failure_ratio = 0.0;  // share of attempts that fail or time out, 0–1; for an open
                               // breaker, the share a probe would see
  bool breaker_open = false;
  friend bool operator==(const CallFlow&, const CallFlow&) = default;
};

// Requests that failed because of what responders did rather than because of the fault: while
// `action` of incident `incident` acted at `service` with a side effect (a rolling restart's
// replica out, load shed), each journey's good rate in the same state without that side effect
// minus its good rate, req/s, >= 0 (the steady state computed both ways: a counterfactual).
struct ActionHarm {
  std::size_t incident = 0;
  MitigationAction action = MitigationAction::Restart;
  std::size_t service = 0;
  std::vector<double> failed_rps_by_journey;  // indexed like Scenario::journeys
  friend bool operator==(const ActionHarm&, const ActionHarm&) = default;
};

// Between two state changes every rate is constant: a segment is one such interval [start, end).
// Integrals of good and bad requests over any window are exact sums over segments.
struct Segment {
  SimTime start{0};
  SimTime end{0};
  std::vector<JourneyFlow> journeys;    // indexed like Scenario::journeys
  std::vector<ServiceFlow> services;    // indexed like Scenario::services
  std::vector<CallFlow> calls;          // indexed like Scenario::calls
  std::vector<ActionHarm> action_harm;  // empty unless responders' actions hurt users
  friend bool operator==(const Segment&, const Segment&) = default;
};

// Identifies a responder: person `person` of team `team` (indices into the scenario).
struct PersonRef {
  std::size_t team = 0;
  std::size_t person = 0;
  friend bool operator==(const PersonRef&, const PersonRef&) = default;
};

// What a responder is doing. At rest a person is available (local working hours), asleep (local
// night) or off duty; paged while a page rings unanswered; acknowledging from the
// acknowledgement until they are at a keyboard (a woken person needs a few minutes); then
// triaging, investigating, mitigating or communicating for an incident, or handing it off at the
// end of a shift.
enum class ResponderState {
  OffDuty,
  Asleep,
  Available,
  Paged,
  Acknowledging,
  Triaging,
  Investigating,
  Mitigating,
  Communicating,
  HandingOff,
};
constexpr std::size_t kResponderStateCount = 10;
const char* to_string(ResponderState s);

enum class AlertState { Pending, Firing, Resolved };
// Why responders took a mitigation: the cause is found and this is its fix; a guess without a
// runbook that does not fix the fault; "mitigate first", rolling back the latest change before
// diagnosing; the SLIs did not recover after the fix (a metastable overload), so they shed load;
// the facilitator ordered it (model::Order: a what-if's "roll back now"), whether it fixes or not.
enum class MitigationReason { Fix, WrongGuess, MitigateFirst, StalledRecovery, Ordered };
const char* to_string(MitigationReason r);  // "fix", "wrong_guess", "mitigate_first", ...
// Why a responder inspected a service (docs/diagnosis.md): it is where the symptom was seen (the
// alerting service); its own alert fires; it changed recently (a deploy or config push); it
// contributes most of the errors or of the added latency the service under inspection serves, as
// its observability shows them; an unrelated anomaly there caught the eye (the policy's
// red-herring chance); nothing was visible, so the responder opened one dependency at random; or
// no dependency led on and the responder found the cause elsewhere (the change feed, the zone
// status, asking around); or the seat (a person or program playing the responder) chose it.
enum class DiagnosisLead {
  Symptom,
  Alert,
  Change,
  Errors,
  Latency,
  Noise,
  Guess,
  Elsewhere,
  Chosen
};
const char* to_string(DiagnosisLead lead);  // "symptom", "alert", "change", "errors", ...
// How an incident's fault stopped hurting: a responders' action, an auto-remediation rule, the
// fault's own scheduled end, or a facilitator ending it (which earns no mitigation credit).
enum class MitigatedBy { Responders, Automation, FaultExpired, Facilitator };
const char* to_string(MitigatedBy by);  // "responders", "automation", "fault_expired", ...
// What raised an alert or detected an incident: a rule of each kind (`rule` then indexes
// Scenario::threshold_rules, burn_rate_rules or probe_rules), or customers' reports escalated by
// support (`rule` is then the journey whose users reported; no alert rule of that kind exists).
enum class AlertRuleKind { Threshold, BurnRate, Probe, CustomerReport };

// Timeline event payloads. `incident` is an index into the incidents in order of opening;
// escalation `level`s count from 0 (the policy's first level).
namespace ev {
struct FaultInjected {
  std::size_t fault;
  friend bool operator==(const FaultInjected&, const FaultInjected&) = default;
};
// The fault stopped acting: it expired (`mitigated` false), a facilitator ended it
// (`by_facilitator`), or a mitigation removed it.
struct FaultCleared {
  std::size_t fault;
  bool mitigated;
  bool by_facilitator = false;
  friend bool operator==(const FaultCleared&, const FaultCleared&) = default;
};
// A circuit breaker on call `call` opened (tripped, or a half-open probe failed) or closed.
struct BreakerChanged {
  std::size_t call;
  bool open;
  double failure_ratio;
  friend bool operator==(const BreakerChanged&, const BreakerChanged&) = default;
};
// The autoscaler asked for `added` replicas of `service` (they serve after its cold start), or,
// with `ready`, they started serving.
struct Autoscaled {
  std::size_t service;
  int added;
  bool ready;
  friend bool operator==(const Autoscaled&, const Autoscaled&) = default;
};
// `severity` tells a page from a ticket; `condition` names which alert of a burn-rate rule
// changed: the first of the conditions that form it (0 for a threshold rule).
// `spurious`: fired by the false-positive process, with nothing wrong (value 0).
struct AlertChanged {
  AlertRuleKind kind;
  std::size_t rule;
  AlertState state;
  double value;
  AlertSeverity severity = AlertSeverity::Page;
  std::size_t condition = 0;
  bool spurious = false;
  friend bool operator==(const AlertChanged&, const AlertChanged&) = default;
};
// Impact began: one incident per fault (ground truth, whether or not anyone notices).
struct IncidentOpened {
  std::size_t incident;
  std::size_t fault;
  friend bool operator==(const IncidentOpened&, const IncidentOpened&) = default;
};
// The first firing alert, or the first customer report support escalated, was attached to the
// incident (kind CustomerReport: `rule` is the journey).
struct IncidentDetected {
  std::size_t incident;
  AlertRuleKind kind;
  std::size_t rule;
  friend bool operator==(const IncidentDetected&, const IncidentDetected&) = default;
};
// The first customer report of failures on `journey` since it began failing reached support,
// which escalates it to the on-call after its triage; `incident`: the incident whose fault
// explains the failures, if any.
struct CustomerReported {
  std::size_t journey;
  std::optional<std::size_t> incident;
  friend bool operator==(const CustomerReported&, const CustomerReported&) = default;
};
// `count` customers of `journey` opened a support ticket (one, unless tickets came too fast to
// draw one by one and were counted over a window ending now: world::Customers); `silence`: how
// long the status page had been silent then (since the last status update, or since the journey
// began failing if later).
struct SupportTicketOpened {
  std::size_t journey;
  std::optional<std::size_t> incident;
  SimTime silence{0};
  std::uint64_t count = 1;
  friend bool operator==(const SupportTicketOpened&, const SupportTicketOpened&) = default;
};
// `woke`: the page reached a person asleep (local night) and woke them. The page chain: the
// escalation policy of team `policy_team` at `level` in its `loop`-th pass (from 0), paging for
// `role` (an incident command role) or, without one, for responders.
struct PageSent {
  std::size_t incident;
  PersonRef to;
  std::size_t level;
  bool after_hours;
  bool woke = false;
  std::size_t policy_team = 0;
  int loop = 0;
  std::optional<Role> role{};
  friend bool operator==(const PageSent&, const PageSent&) = default;
};
// `role`: the page was for an incident command role (see PageSent).
struct PageAcknowledged {
  std::size_t incident;
  PersonRef by;
  std::optional<Role> role{};
  friend bool operator==(const PageAcknowledged&, const PageAcknowledged&) = default;
};
// Team `team`'s escalation policy moved the page to `to_level` in pass `loop` (see PageSent):
// the level's delay passed unanswered, or a responder escalated by hand (`by`, having answered).
struct PageEscalated {
  std::size_t incident;
  std::size_t team;
  std::size_t to_level;
  int loop = 0;
  std::optional<Role> role{};
  std::optional<PersonRef> by{};
  friend bool operator==(const PageEscalated&, const PageEscalated&) = default;
};
// Every level and loop of the team's policy passed without an acknowledgement.
struct EscalationExhausted {
  std::size_t incident;
  std::size_t team;
  friend bool operator==(const EscalationExhausted&, const EscalationExhausted&) = default;
};
// A severity was declared (`previous` empty) or changed from `previous` as the impact changed
// (docs/scoring.md, "Severity"). `failed_share`: the worst journey's failed share over the last
// 5 minutes, 0–1; `journey`: that journey (none without traffic); `misjudged`: triage declared
// one level off the severity matrix's answer; `by`: who declared it (the lead responder, or the
// incident commander once there is one).
struct SeverityDeclared {
  std::size_t incident;
  Severity severity;
  double failed_share;
  bool misjudged = false;
  std::optional<Severity> previous{};
  std::optional<std::size_t> journey{};
  std::optional<PersonRef> by{};
  friend bool operator==(const SeverityDeclared&, const SeverityDeclared&) = default;
};
// `by` inspected `service`, led there by `lead` (docs/diagnosis.md); a red herring when the
// cause is neither there nor below it.
struct DiagnosisStep {
  std::size_t incident;
  PersonRef by;
  std::size_t service;
  bool red_herring;
  DiagnosisLead lead = DiagnosisLead::Symptom;
  friend bool operator==(const DiagnosisStep&, const DiagnosisStep&) = default;
};
struct CauseIdentified {
  std::size_t incident;
  std::size_t service;
  std::optional<PersonRef> by{};
  friend bool operator==(const CauseIdentified&, const CauseIdentified&) = default;
};
// Another team was engaged, by `by`, because the search reached a service it owns, or as
// subject-matter experts.
struct TeamEngaged {
  std::size_t incident;
  std::size_t team;
  std::optional<PersonRef> by{};
  friend bool operator==(const TeamEngaged&, const TeamEngaged&) = default;
};
// `by`: the responder who took the action.
struct MitigationStarted {
  std::size_t incident;
  MitigationAction action;
  std::size_t service;
  MitigationReason reason = MitigationReason::Fix;
  std::optional<PersonRef> by{};
  friend bool operator==(const MitigationStarted&, const MitigationStarted&) = default;
};
// `success`: the action itself worked (it may still not fix the fault: see `reason`).
struct MitigationFinished {
  std::size_t incident;
  MitigationAction action;
  bool success;
  MitigationReason reason = MitigationReason::Fix;
  std::optional<PersonRef> by{};
  friend bool operator==(const MitigationFinished&, const MitigationFinished&) = default;
};
// The cause is found but no fix for it is possible here (no second provider, no feature flag):
// responders wait for the fault to end.
struct MitigationUnavailable {
  std::size_t incident;
  std::size_t service;
  friend bool operator==(const MitigationUnavailable&, const MitigationUnavailable&) = default;
};
// An engaged responder hands the incident to another: at the end of their shift to the
// incoming on-call (`at_shift_end`), or by choice to a colleague they paged (the seat's
// hand_off). Both are busy with the briefing until the other takes over.
struct Handoff {
  std::size_t incident;
  PersonRef from;
  PersonRef to;
  bool at_shift_end = true;
  friend bool operator==(const Handoff&, const Handoff&) = default;
};
// An auto-remediation rule acted on a fault: `attempt` counts from 1; on success the fault stops.
struct AutoRemediation {
  std::size_t rule;  // index into Scenario::automation
  std::size_t fault;
  MitigationAction action;
  std::size_t service;
  int attempt;
  bool success;
  friend bool operator==(const AutoRemediation&, const AutoRemediation&) = default;
};
// The facilitator marked this moment with `note` (a drill log's bookmark).
struct Bookmarked {
  std::string note;
  friend bool operator==(const Bookmarked&, const Bookmarked&) = default;
};
// The incident's fault stopped acting, or a mitigation absorbed it: `by` says how.
struct IncidentMitigated {
  std::size_t incident;
  MitigatedBy by = MitigatedBy::Responders;
  friend bool operator==(const IncidentMitigated&, const IncidentMitigated&) = default;
};
// `by`: who posted it (the communications lead, the incident commander or a responder);
// `journeys`: the journeys it names as affected, in order of name.
struct StatusUpdatePosted {
  std::size_t incident;
  Severity severity;
  std::string message;
  std::optional<PersonRef> by{};
  std::vector<std::size_t> journeys{};
  friend bool operator==(const StatusUpdatePosted&, const StatusUpdatePosted&) = default;
};
struct IncidentResolved {
  std::size_t incident;
  friend bool operator==(const IncidentResolved&, const IncidentResolved&) = default;
};
// `who` took role `role` for the incident (acknowledged the role's page).
struct RoleAssigned {
  std::size_t incident;
  Role role;
  PersonRef who;
  friend bool operator==(const RoleAssigned&, const RoleAssigned&) = default;
};
// A responder's state changed; `incident` is the incident they work on, if any.
struct ResponderChanged {
  PersonRef who;
  ResponderState state;
  std::optional<std::size_t> incident;
  friend bool operator==(const ResponderChanged&, const ResponderChanged&) = default;
};
// A page that no fault explains (a false positive): `alarm` counts false alarms from 0. The
// on-call person of the alert's team is paged (no escalation); whoever acknowledges looks into
// it and closes it; `by` is nullopt when the page was missed.
// `kind` and `rule`: the first alert of the notification that paged (which rule cried wolf).
struct FalseAlarmPaged {
  std::size_t alarm;
  std::size_t team;
  PersonRef to;
  bool after_hours;
  bool woke;
  std::optional<AlertRuleKind> kind{};
  std::size_t rule = 0;
  friend bool operator==(const FalseAlarmPaged&, const FalseAlarmPaged&) = default;
};
struct FalseAlarmClosed {
  std::size_t alarm;
  std::optional<PersonRef> by;
  friend bool operator==(const FalseAlarmClosed&, const FalseAlarmClosed&) = default;
};
}  // namespace ev

using EventPayload = std::variant<
    ev::FaultInjected, ev::FaultCleared, ev::BreakerChanged, ev::Autoscaled, ev::AlertChanged,
    ev::IncidentOpened, ev::IncidentDetected, ev::PageSent, ev::PageAcknowledged, ev::PageEscalated,
    ev::EscalationExhausted, ev::SeverityDeclared, ev::DiagnosisStep, ev::CauseIdentified,
    ev::TeamEngaged, ev::MitigationStarted, ev::MitigationFinished, ev::IncidentMitigated,
    ev::StatusUpdatePosted, ev::IncidentResolved, ev::RoleAssigned, ev::ResponderChanged,
    ev::FalseAlarmPaged, ev::FalseAlarmClosed, ev::CustomerReported, ev::SupportTicketOpened,
    ev::MitigationUnavailable, ev::Handoff, ev::AutoRemediation, ev::Bookmarked>;

// One entry of the timeline, in the order it happened.
struct TimelineEvent {
  SimTime at{0};
  EventPayload payload;
  friend bool operator==(const TimelineEvent&, const TimelineEvent&) = default;
};

// Receives what the model publishes as it happens (the observer of DESIGN.md). The model never
// knows who listens: scoring and the visualizer subscribe through this interface.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_event(const TimelineEvent& event) = 0;
  virtual void on_segment(const Segment& segment) = 0;
};

// Everything a run recorded.
struct RunRecord {
  std::uint64_t seed = 0;
  SimTime duration{0};
  // Every fault of the run: the scenario's schedule, then those its fault and change processes
  // drew, by start time. Fault indices in the timeline refer to this list.
  std::vector<Fault> faults;
  std::vector<TimelineEvent> timeline;
  std::vector<Segment> segments;  // contiguous, covering [0, duration)
  // The nominal steady state before the run's start, which alert windows reaching before 0 read
  // (its start and end are not meaningful).
  Segment nominal_past;
  friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

// A TraceSink that keeps everything in a RunRecord.
class Recorder : public TraceSink {
 public:
  void on_event(const TimelineEvent& event) override { record_.timeline.push_back(event); }
  void on_segment(const Segment& segment) override { record_.segments.push_back(segment); }
  RunRecord& record() { return record_; }

 private:
  RunRecord record_;
};

}  // namespace firedrill::model
