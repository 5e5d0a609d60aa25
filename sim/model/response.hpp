#pragma once
// The response to incidents: Alertmanager turns firing alerts into notifications, the pager
// escalates them over the teams' policies, responders acknowledge, triage, search the
// dependency graph for the cause (diagnosis.cpp), declare a severity that follows the impact
// (severity.cpp), mitigate, post status updates (comms.cpp) and resolve.

#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/model/alertmanager.hpp"
#include "sim/model/evidence.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/on_call.hpp"
#include "sim/model/responders.hpp"
#include "sim/model/seat.hpp"
#include "sim/model/world_context.hpp"

namespace firedrill::model::world {

// Spread of the lognormal human and repair durations around their medians.
constexpr double kWorkSigma = 0.5;

// One incident per fault (its impact is ground truth, noticed or not), and false alarms for
// pages no fault explains. Owns the incidents, the alert groups and the people.
class Response {
 public:
  Response(Context& ctx, System& system);
  // After the world that owns it was copied (a fork): points at the copy's context and system.
  void rebind(Context& ctx, System& system) {
    ctx_ = &ctx;
    system_ = &system;
    people_.rebind(ctx, clocks_);
  }

  // Opens the incident of run fault `fault` (incidents are numbered in order of opening).
  void on_fault_started(std::size_t fault);
  // The fault stopped acting (`by` says how): its incident is mitigated.
  void on_fault_cleared(std::size_t fault, MitigatedBy by);
  // An alert (of rule `rule`, formed by `condition` onwards) started or stopped firing;
  // `spurious` for the false-positive process, which fires rules with nothing wrong.
  // Alertmanager sees a page alert fire while either source fires it; a ticket pages no one, but
  // responders following alerts see it.
  void on_alert(AlertRuleKind kind, std::size_t rule, std::size_t condition, bool firing,
                bool spurious);
  // Resolves every mitigated incident whose SLIs have recovered (see check_recovery).
  void check_recoveries();
  // Lets every declared incident's severity follow its impact (see reassess_severity).
  void reassess_severities();
  // Support escalated customers' reports of failures on `journey`: detects the incident whose
  // fault explains them, unless an alert detected it first, and pages the team owning the
  // journey's entry service.
  void on_customer_report(std::size_t journey);
  // Returns the incident whose fault explains failures on `journey`: one acting on a service of
  // the journey's own call tree first, else as for an alert on its entry service.
  std::optional<std::size_t> incident_for_journey(std::size_t journey);

  void handle(const wev::GroupFlush& e);
  void handle(const wev::PageTimeout& e);
  void handle(const wev::PageAck& e);
  void handle(const wev::ResponderReady& e);
  void handle(const wev::FalseAlarmAck& e);
  void handle(const wev::FalseAlarmClosed& e);
  void handle(const wev::TriageDone& e);
  void handle(const wev::DiagnosisStepDone& e);
  void handle(const wev::MitigationDone& e);
  void handle(const wev::ShiftEnd& e);
  void handle(const wev::HandoffDone& e);
  void handle(const wev::StatusUpdateDue& e);
  void handle(const wev::StatusUpdateDrafted& e);

  // The seats (seat.cpp), numbered in the order taken. From now on `seat` is played from
  // outside: its pages ring until it acknowledges them, and in an incident a seat leads (or
  // commands) the policy does not triage, diagnose, mitigate, post updates or resolve for it.
  // Returns why it is refused (an equal seat is taken: Run::take_seat).
  std::optional<Refusal> take_seat(const Seat& seat);
  std::size_t seat_count() const { return seats_.size(); }
  // Applies seat `seat`'s `action` now. Returns why it is refused (then nothing changed).
  std::optional<Refusal> act(const SeatAction& action, std::size_t seat);
  // From now on the policy plays seat `seat` (Run::release_seat).
  void release_seat(std::size_t seat);
  // Seat `seat` is played from outside again (Run::rejoin_seat).
  std::optional<Refusal> rejoin_seat(std::size_t seat);
  // The facilitator's order (orders.cpp, Run::order): the policy's responders take `decision`
  // now. Returns why it is refused (then nothing changed).
  std::optional<Refusal> order(const SeatAction& decision);
  void handle(const wev::SeatStepDone& e);
  void handle(const wev::SeatMitigationDone& e);
  std::vector<RingingPage> seat_pages(std::size_t seat) const;
  const std::vector<Finding>& seat_findings(std::size_t seat) const;
  std::vector<PersonRef> seat_people(std::size_t seat) const {
    return seat < seats_.size() ? seats_[seat].people : std::vector<PersonRef>{};
  }

 private:
  // A seat's page, ringing: the seat, the person it plays on it, the schedule that paged them,
  // and how the page would have landed on them (drawn as for anyone: release_seat uses it).
  struct SeatPage {
    std::size_t seat = 0;
    PersonRef person;
    std::optional<std::size_t> schedule;
    PageOutcome outcome;
  };

  struct TeamPage {
    std::size_t team = 0;
    std::size_t level = 0;
    int loop = 0;
    std::optional<EventId> timeout;  // the pending escalation to the next level
    std::vector<EventId> pending_acks;
    std::vector<PersonRef> paged;  // everyone paged at the current level
    std::optional<Role> role;      // a page for a role, not for investigators
    // A direct page of one person (the seat's page_person and hand_off), outside the team's
    // escalation policy: it never escalates. `handoff`: the seat whose place they are paged to
    // take.
    std::optional<PersonRef> person;
    std::optional<std::size_t> handoff;
    std::optional<SeatPage> seat;  // rings for the seat until it answers or the page escalates
    SimTime level_since{0};         // when the current level was notified
    std::vector<std::pair<AlertRuleKind, std::size_t>> alerts;  // what raised it, if alerts did
    bool acknowledged = false;
    bool exhausted = false;
  };

  // One step of the search for the cause: a service inspected, `misleading` when the cause is
  // neither there nor below it, and what led the responder there.
  struct Step {
    std::size_t service = 0;
    bool misleading = false;
    DiagnosisLead lead = DiagnosisLead::Symptom;
  };

  // A mitigation under way; `fix` is the fault it removes if it works.
  struct Attempt {
    MitigationAction action = MitigationAction::Restart;
    std::size_t service = 0;
    MitigationReason reason = MitigationReason::Fix;
    std::optional<std::size_t> fix;
  };

  // A change the responders can see: a deploy or config push, harmless or a fault.
  struct SeenChange {
    std::size_t service = 0;
    SimTime at{0};
    std::optional<std::size_t> fault;  // the run fault it is, if it is one
  };

  // A seat's part in an incident: the person it plays there, once it answered a page, the
  // schedule and the page it answered, and whom it handed the incident to.
  struct SeatPart {
    std::optional<PersonRef> person;
    std::optional<std::size_t> schedule;
    std::optional<std::size_t> page;
    std::optional<PersonRef> handed_to;
  };

  struct Incident {
    std::size_t fault = 0;
    bool detected = false;
    SimTime detected_at{0};
    bool mitigated = false;
    bool resolved = false;
    std::optional<Severity> severity;         // the declared severity now
    std::optional<Severity> matrix_severity;  // the severity matrix's answer it follows
    std::optional<SimTime> calm_since;        // impact below the downgrade band since
    std::optional<SimTime> last_update_due;   // when the last status update fell due
    std::optional<PersonRef> lead;          // the first responder to acknowledge
    std::optional<PersonRef> investigator;  // who takes the next diagnosis step
    std::vector<SeatPart> seats;            // by seat
    std::vector<PersonRef> responders;      // everyone who acknowledged
    std::size_t alert_service = 0;          // where the diagnosis starts
    std::vector<TeamPage> pages;
    // The search (docs/diagnosis.md): the service whose dependencies the responder reads, the
    // services inspected so far, and, following alerts, the alerting services still to open.
    std::size_t search_at = 0;
    std::vector<std::size_t> inspected;
    std::vector<std::size_t> alert_leads;
    Step step;  // the step under way
    std::size_t cause_found_at = 0;  // where the cause was identified
    std::optional<std::size_t> waiting_for_team;
    bool cause_identified = false;
    std::array<std::optional<PersonRef>, 3> roles;  // by Role
    std::optional<Attempt> attempt;
    bool guessed = false;  // a wrong action was considered already
    bool recovery_action_taken = false;
    bool diagnosing = false;  // the search has begun (begin_diagnosis)
    // The pending triage, diagnosis step or mitigation, kept so that drafting a status update
    // or a handoff can push it back.
    std::optional<EventId> work;
    std::optional<std::pair<SimTime, WorldEvent>> work_event;
    std::optional<EventId> status_timer;
    bool drafting = false;  // the investigator is drafting a status update
    std::optional<SimTime> mitigated_at;
    std::optional<SimTime> healthy_since;

    std::optional<PersonRef>& role(Role r) { return roles[static_cast<std::size_t>(r)]; }
    const std::optional<PersonRef>& role(Role r) const {
      return roles[static_cast<std::size_t>(r)];
    }
  };

  struct FalseAlarm {
    PersonRef paged;
    bool looked = false;  // acknowledged and looked into, not missed
  };

  // Alerts
  void notify(const Notification& n);
  std::optional<std::size_t> explaining_incident(const Alert& alert);
  std::optional<std::size_t> incident_acting_on(const std::vector<bool>& services);
  const std::vector<bool>& reachable_from(std::size_t service);
  std::vector<std::size_t> bfs_predecessors(std::size_t from) const;
  std::vector<std::size_t> affected_services(const Fault& fault) const;
  void page_false_alarm(std::size_t team, const Alert& alert);

  // Pager
  void acknowledge(std::size_t id, std::size_t p, PersonRef who);
  void page_team(std::size_t id, std::size_t team, std::optional<Role> role = std::nullopt);
  void page_directly(std::size_t id, PersonRef who, std::optional<std::size_t> handoff);
  void send_page(std::size_t id, std::size_t p, std::size_t target, PersonRef who,
                 std::optional<std::size_t> schedule);
  void page_roles(std::size_t id);
  void page_experts(std::size_t id);
  void notify_level(std::size_t id, std::size_t p);
  void stop_paging(TeamPage& page);

  // Responders
  struct ImpactReading {
    double failed_share = 0.0;           // 0–1
    std::optional<std::size_t> journey;  // the worst journey
  };
  void begin_triage(std::size_t id);
  void declare_severity(std::size_t id);
  Severity matrix_severity(const Incident& inc, double failed_share);
  std::optional<PersonRef> declarer(const Incident& inc) const;
  void reassess_severity(std::size_t id);
  void change_severity(std::size_t id, Severity to, const ImpactReading& impact,
                       bool reschedule_updates = true);
  ImpactReading measured_impact();
  bool revenue_journey_failing();
  Severity classify(double failed_share) const;
  void watch_shift(std::size_t id, PersonRef who, std::optional<std::size_t> schedule);
  void start_handoff(std::size_t id, PersonRef from, PersonRef to,
                     std::optional<std::size_t> schedule, bool at_shift_end);

  // Diagnosis
  std::vector<std::size_t> cause_services(std::size_t fault) const;
  bool is_cause(const Incident& inc, std::size_t service) const;
  bool leads_to_cause(const Incident& inc, std::size_t service);
  std::vector<bool> alerting_services() const;
  std::vector<bool> changed_services() const;
  std::vector<DependencyEvidence> evidence_at(std::size_t service,
                                              const std::vector<bool>& alerting,
                                              const std::vector<bool>& changed) const;
  static double lead_strength(const DependencyEvidence& e, double seen_contribution);
  std::vector<std::size_t> suspected_chain(std::size_t from) const;
  std::vector<std::size_t> alert_leads(std::size_t from);
  Step choose_step(Incident& inc);
  void begin_diagnosis(std::size_t id);
  void schedule_work(std::size_t id, SimTime delay, WorldEvent e);
  void cancel_work(Incident& inc);
  bool delay_work(std::size_t id, SimTime delay);
  void next_diagnosis_step(std::size_t id);
  void schedule_diagnosis_step(std::size_t id);
  SimTime step_duration(const Incident& inc, std::size_t service, PersonRef who);
  bool parallel_search(const Incident& inc) const;
  PersonRef other_responder(const Incident& inc) const;
  bool familiar(PersonRef who, std::size_t service) const;
  bool has_runbook(std::size_t service, FaultType type) const;

  // Mitigation
  std::optional<SeenChange> latest_change(std::optional<std::size_t> service) const;
  bool possible(MitigationAction action, std::size_t service,
                std::optional<std::size_t> fault) const;
  void choose_mitigation(std::size_t id);
  void start_action(std::size_t id, MitigationAction action, std::size_t service,
                    MitigationReason reason, std::optional<std::size_t> fix);
  std::pair<SimTime, bool> draw_attempt(MitigationAction action);
  void abandon_action(Incident& inc);
  void mark_mitigated(std::size_t id, MitigatedBy by);
  void check_recovery(std::size_t id);
  void resolve(std::size_t id);
  std::optional<std::size_t> most_overloaded_service();
  void post_status_update(std::size_t id, std::optional<PersonRef> by);
  std::vector<std::pair<std::size_t, double>> failing_journeys();
  // What the status page says, given the journeys failing now (failing_journeys()).
  std::string status_message(const Incident& inc,
                             const std::vector<std::pair<std::size_t, double>>& failing);
  std::optional<PersonRef> poster(const Incident& inc) const;
  bool seat_writes_updates(const Incident& inc) const;

  // The seat
  struct SeatStep {  // an investigation under way, by `who`
    std::size_t incident = 0;
    std::size_t service = 0;
    PersonRef who;
  };
  struct SeatAttempt {  // a mitigation under way, by `who`; `fix` as in Attempt
    std::size_t incident = 0;
    MitigationAction action = MitigationAction::Restart;
    std::size_t service = 0;
    int replicas = 0;  // a scale-out to this many; 0: as the policy scales out
    std::optional<std::size_t> fix;
    PersonRef who;
  };
  struct SeatState {
    Seat seat;
    std::optional<SeatStep> step;
    std::optional<SeatAttempt> attempt;
    bool released = false;          // the policy plays it now (release_seat)
    std::vector<PersonRef> people;  // whom it answered pages as, once each, in order
    std::vector<PersonRef> rung;    // whom a page rang for it as, once each: the people it owns
    std::vector<Finding> findings;  // what its finished investigations showed, in order
  };
  std::optional<std::size_t> seat_takes(const TeamPage& page, std::size_t target,
                                        PersonRef who) const;
  std::optional<std::size_t> owner(PersonRef who) const;
  std::optional<std::size_t> seat_playing(const Incident& inc, PersonRef who) const;
  bool seat_decides(const Incident& inc) const;
  std::optional<Refusal> seat_works(std::size_t s, std::size_t incident) const;
  std::optional<Refusal> seat_leads(std::size_t s, std::size_t incident) const;
  std::optional<Refusal> act(std::size_t s, const seat::Acknowledge& a);
  std::optional<Refusal> act(std::size_t s, const seat::DeclareSeverity& a);
  std::optional<Refusal> act(std::size_t s, const seat::Investigate& a);
  std::optional<Refusal> act(std::size_t s, const seat::Mitigate& a);
  std::optional<Refusal> act(std::size_t s, const seat::PageTeam& a);
  std::optional<Refusal> act(std::size_t s, const seat::PageRole& a);
  std::optional<Refusal> act(std::size_t s, const seat::PagePerson& a);
  std::optional<Refusal> act(std::size_t s, const seat::Escalate& a);
  std::optional<Refusal> act(std::size_t s, const seat::HandOff& a);
  std::optional<Refusal> act(std::size_t s, const seat::AssignRole& a);
  // Why `who` cannot be paged for `incident` by seat `s` (or by an order, without one).
  std::optional<Refusal> person_to_page(std::optional<std::size_t> s, std::size_t incident,
                                        PersonRef who) const;

  // The facilitator's orders (orders.cpp)
  std::optional<Refusal> ordered_incident(std::size_t incident) const;
  std::optional<Refusal> order_mitigation(const seat::Mitigate& a);
  void resume_after_order(std::size_t id);
  std::optional<Refusal> act(std::size_t s, const seat::PostStatus& a);
  std::optional<Refusal> act(std::size_t s, const seat::Resolve& a);
  std::optional<std::size_t> seat_fix(MitigationAction action, std::size_t service);
  bool seat_working(std::size_t s, std::size_t incident) const;
  void resume_policy(std::size_t s, std::size_t id, PersonRef who);
  void seat_work_done(std::size_t s, std::size_t id, PersonRef who);
  std::vector<std::string> log_lines(std::size_t service);

  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

  Context* ctx_;
  const Scenario& sc_;
  System* system_;
  LocalClocks clocks_;
  Responders people_;
  Alertmanager alertmanager_;
  std::shared_ptr<const Graph> graph_;  // the calls; never changes, so forks share it
  std::vector<std::size_t> by_name_;  // service indices in order of name (ties, draws)
  std::vector<std::optional<std::vector<bool>>> reachable_;  // per service, computed on demand
  // Per alert (kind, rule, condition): whether it fires for real, and spuriously.
  std::map<std::tuple<AlertRuleKind, std::size_t, std::size_t>, std::pair<bool, bool>> firing_;
  std::vector<Incident> incidents_;
  std::vector<std::optional<std::size_t>> fault_incident_;  // by run fault
  std::vector<FalseAlarm> false_alarms_;
  std::vector<SeatState> seats_;
};

}  // namespace firedrill::model::world
