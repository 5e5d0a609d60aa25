#include "sim/model/response.hpp"

#include <algorithm>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/random/bernoulli_distribution.hpp>

#include "sim/model/faults.hpp"

namespace firedrill::model::world {
namespace {

using std::chrono::minutes;

// Time from being ready to a declared severity, and to drafting the first status update.
constexpr SimTime kTriageMedian = minutes(3);
constexpr SimTime kFirstUpdateMedian = minutes(4);
// The window over which SLIs must be within their SLO for an incident to count as recovered.
constexpr SimTime kRecoveryWindow = minutes(1);
// An alert that fires this long after an incident's fault stopped is still that incident's
// (a burn-rate rule's short window, up to 2 h in the SRE Workbook's ticket rules, lags the fix).
constexpr SimTime kAlertAfterglow = std::chrono::hours(2);
// How long responders wait after a fix for the SLIs to recover before they act on an overload
// that outlived its trigger. Our own value.
constexpr SimTime kRecoveryPatience = minutes(10);
// How many on-call changes of a schedule watch_shift looks through for the end of a shift.
constexpr int kShiftLookahead = 64;

}  // namespace

Response::Response(Context& ctx, System& system)
    : ctx_(&ctx),
      sc_(ctx.scenario),
      system_(&system),
      clocks_(ctx.scenario),
      people_(ctx, clocks_),
      alertmanager_(ctx.scenario.alert_route),
      by_name_(services_by_name(ctx.scenario)),
      reachable_(ctx.scenario.services.size()) {
  auto graph = std::make_shared<Graph>(sc_.services.size());
  for (const Call& c : sc_.calls) boost::add_edge(c.caller, c.callee, *graph);
  graph_ = std::move(graph);
}

// ---- Incidents and alerts --------------------------------------------------------------------

void Response::on_fault_started(std::size_t fault) {
  if (fault_incident_.size() <= fault) fault_incident_.resize(fault + 1);
  fault_incident_[fault] = incidents_.size();
  Incident& inc = incidents_.emplace_back();
  inc.fault = fault;
  inc.seats.resize(seats_.size());
  ctx_->publish(ev::IncidentOpened{incidents_.size() - 1, fault});
}

void Response::on_fault_cleared(std::size_t fault, MitigatedBy by) {
  mark_mitigated(*fault_incident_[fault], by);
}

void Response::on_alert(AlertRuleKind kind, std::size_t rule, std::size_t condition,
                        bool firing, bool spurious) {
  const Alert alert = alert_of(sc_, kind, rule, condition);
  auto& [real, noise] = firing_[{kind, rule, condition}];
  const bool before = real || noise;
  (spurious ? noise : real) = firing;
  const bool after = real || noise;
  // Tickets are on the dashboards responders read, but page no one.
  if (before == after || alert.severity == AlertSeverity::Ticket) return;
  if (!after) {
    alertmanager_.resolve(alert);
    return;
  }
  if (const auto flush = alertmanager_.fire(alert, ctx_->now()))
    ctx_->queue.schedule_at(flush->at, wev::GroupFlush{flush->group}, kPeople);
}

void Response::handle(const wev::GroupFlush& e) {
  const Notification n = alertmanager_.flush(e.group, ctx_->now());
  if (!n.alerts.empty()) notify(n);
}

// One notification pages once for each incident it is the first news of; alerts of incidents
// already being worked are deduplicated; a notification that no fault explains is a false alarm.
void Response::notify(const Notification& n) {
  bool explained = false;
  std::vector<std::size_t> detected;
  for (const Alert& alert : n.alerts) {
    const auto id = explaining_incident(alert);
    if (!id) continue;
    explained = true;
    Incident& inc = incidents_[*id];
    if (inc.detected || inc.resolved) continue;
    inc.detected = true;
    inc.detected_at = ctx_->now();
    inc.alert_service = alert.service;
    ctx_->publish(ev::IncidentDetected{*id, alert.kind, alert.rule});
    detected.push_back(*id);
  }
  for (const std::size_t id : detected) {
    page_team(id, n.team);
    for (const Alert& a : n.alerts) incidents_[id].pages.back().alerts.emplace_back(a.kind, a.rule);
  }
  if (!explained) page_false_alarm(n.team, n.alerts.front());
}

void Response::on_customer_report(std::size_t journey) {
  const Alert report = alert_of(sc_, AlertRuleKind::CustomerReport, journey);
  const auto id = incident_for_journey(journey);
  if (!id) return;
  Incident& inc = incidents_[*id];
  if (inc.detected || inc.resolved) return;
  inc.detected = true;
  inc.alert_service = report.service;
  ctx_->publish(ev::IncidentDetected{*id, report.kind, report.rule});
  page_team(*id, report.team);
}

// Customers of a journey report what its own requests meet: an incident whose fault acts on a
// service of the journey's call tree; without one, as for an alert on its entry service.
std::optional<std::size_t> Response::incident_for_journey(std::size_t journey) {
  std::vector<bool> in_tree(sc_.services.size(), false);
  in_tree[sc_.journeys[journey].entry_service] = true;
  for (const std::size_t c : sc_.journeys[journey].calls) in_tree[sc_.calls[c].callee] = true;
  if (const auto id = incident_acting_on(in_tree)) return id;
  return explaining_incident(alert_of(sc_, AlertRuleKind::CustomerReport, journey));
}

// The incident whose fault explains an alert: a service the fault acts on is the alert's service
// or one it depends on (reachable along calls).
std::optional<std::size_t> Response::explaining_incident(const Alert& alert) {
  return incident_acting_on(reachable_from(alert.service));
}

// Of the incidents whose faults act on a service `services` marks, the oldest not yet detected,
// else the oldest; only incidents unresolved or whose fault acted within kAlertAfterglow count.
std::optional<std::size_t> Response::incident_acting_on(const std::vector<bool>& services) {
  std::optional<std::size_t> best;
  for (std::size_t id = 0; id < incidents_.size(); ++id) {
    const Incident& inc = incidents_[id];
    const Fault& fault = system_->faults()[inc.fault];
    if (inc.resolved && fault.end && ctx_->now() - *fault.end > kAlertAfterglow) continue;
    const auto acted_on = affected_services(fault);
    if (std::none_of(acted_on.begin(), acted_on.end(), [&](std::size_t s) { return services[s]; }))
      continue;
    if (!inc.detected && !inc.resolved) return id;
    if (!best) best = id;
  }
  return best;
}

const std::vector<bool>& Response::reachable_from(std::size_t service) {
  auto& cached = reachable_[service];
  if (!cached) {
    const auto pred = bfs_predecessors(service);
    cached.emplace(pred.size());
    for (std::size_t v = 0; v < pred.size(); ++v) (*cached)[v] = v == service || pred[v] != v;
  }
  return *cached;
}

// Breadth-first search along calls: every vertex's predecessor on a shortest path from `from`;
// a vertex not reached is its own predecessor.
std::vector<std::size_t> Response::bfs_predecessors(std::size_t from) const {
  std::vector<std::size_t> pred(boost::num_vertices(*graph_));
  for (std::size_t v = 0; v < pred.size(); ++v) pred[v] = v;
  boost::breadth_first_search(*graph_, from,
                              boost::visitor(boost::make_bfs_visitor(
                                  boost::record_predecessors(pred.data(), boost::on_tree_edge()))));
  return pred;
}

std::vector<std::size_t> Response::affected_services(const Fault& fault) const {
  std::vector<std::size_t> out;
  switch (fault.type) {
    case FaultType::CallFailure:
      return {sc_.calls[fault.call].caller, sc_.calls[fault.call].callee};
    case FaultType::NetworkPartition:
      return {fault.service, fault.peer_service};
    case FaultType::TrafficSurge:
      for (std::size_t j = 0; j < sc_.journeys.size(); ++j)
        if (!fault.journey || *fault.journey == j) out.push_back(sc_.journeys[j].entry_service);
      return out;
    case FaultType::ZoneOutage:
      for (std::size_t s = 0; s < sc_.services.size(); ++s)
        if (replicas_in_zone(sc_.services[s], fault.zone) > 0) out.push_back(s);
      return out;
    default:
      return {fault.service};
  }
}

void Response::page_false_alarm(std::size_t team, const Alert& alert) {
  const std::size_t alarm = false_alarms_.size();
  const EscalationLevel& first = sc_.teams[team].escalation.levels.front();
  const auto on_call = resolve_target(sc_, team, first.targets.front(), ctx_->now());
  if (!on_call) return;  // nobody on call: the false alarm pages no one
  const PersonRef who = *on_call;
  const PageOutcome out = people_.page(who, std::nullopt);
  ctx_->publish(
      ev::FalseAlarmPaged{alarm, team, who, out.after_hours, out.woke, alert.kind, alert.rule});
  false_alarms_.push_back(FalseAlarm{who});
  if (out.missed) {
    ctx_->schedule_in(first.delay, wev::FalseAlarmClosed{alarm});
  } else {
    ctx_->schedule_in(out.ack_delay + out.ready_delay, wev::FalseAlarmAck{alarm, who});
  }
}

// Whoever took the page looks into it; one busy with an incident meanwhile glances at it
// alongside and keeps their state.
void Response::handle(const wev::FalseAlarmAck& e) {
  false_alarms_[e.alarm].looked = true;
  if (!people_.busy(e.person)) people_.set(e.person, ResponderState::Investigating, std::nullopt);
  ctx_->schedule_in(lognormal(ctx_->streams.get("people"),
                              sc_.policy.responders.false_alarm_check_median, kWorkSigma),
                    wev::FalseAlarmClosed{e.alarm});
}

void Response::handle(const wev::FalseAlarmClosed& e) {
  const FalseAlarm& fa = false_alarms_[e.alarm];
  ctx_->publish(ev::FalseAlarmClosed{e.alarm, fa.looked ? std::optional{fa.paged} : std::nullopt});
  // Only someone still on the false alarm goes back to rest, not one an incident took since.
  if (!people_.incident(fa.paged) &&
      (people_.state(fa.paged) == ResponderState::Investigating ||
       people_.state(fa.paged) == ResponderState::Paged))
    people_.release(fa.paged);
}

// ---- Pager -----------------------------------------------------------------------------------

void Response::page_team(std::size_t id, std::size_t team, std::optional<Role> role) {
  TeamPage& page = incidents_[id].pages.emplace_back();
  page.team = team;
  page.role = role;
  notify_level(id, incidents_[id].pages.size() - 1);
}

// Pages one person for the incident, outside their team's escalation policy (see TeamPage).
void Response::page_directly(std::size_t id, PersonRef who, std::optional<std::size_t> handoff) {
  TeamPage& page = incidents_[id].pages.emplace_back();
  page.team = who.team;
  page.person = who;
  page.handoff = handoff;
  notify_level(id, incidents_[id].pages.size() - 1);
}

void Response::notify_level(std::size_t id, std::size_t p) {
  TeamPage& page = incidents_[id].pages[p];
  page.paged.clear();
  page.seat.reset();
  page.level_since = ctx_->now();
  if (page.person) {
    send_page(id, p, 0, *page.person, std::nullopt);
    return;
  }
  const EscalationLevel& level = sc_.teams[page.team].escalation.levels[page.level];
  for (std::size_t t = 0; t < level.targets.size(); ++t) {
    const EscalationTarget& target = level.targets[t];
    const auto on_call = resolve_target(sc_, page.team, target, ctx_->now());
    if (!on_call) continue;  // a gap in the schedule: no one to page; the level still times out
    send_page(id, p, t, *on_call,
              target.kind == EscalationTarget::Kind::Schedule ? std::optional{target.index}
                                                              : std::nullopt);
  }
  page.timeout = ctx_->schedule_in(level.delay, wev::PageTimeout{id, p});
}

// Page `p` reaches `who`, its `target`-th target (through `schedule`, if a schedule's).
void Response::send_page(std::size_t id, std::size_t p, std::size_t target, PersonRef who,
                         std::optional<std::size_t> schedule) {
  TeamPage& page = incidents_[id].pages[p];
  // The draws are made for the seat too, so that the streams stay aligned with the policy
  // twin's (the same seed without a seat).
  const PageOutcome out = people_.page(who, id);
  ctx_->publish(ev::PageSent{id, who, page.level, out.after_hours, out.woke, page.team, page.loop,
                             page.role});
  page.paged.push_back(who);
  if (const auto s = seat_takes(page, target, who)) {
    page.seat = SeatPage{*s, who, schedule, out};  // it rings until the seat answers or escalates
    auto& rung = seats_[*s].rung;
    if (std::find(rung.begin(), rung.end(), who) == rung.end()) rung.push_back(who);
  } else if (!out.missed) {
    page.pending_acks.push_back(
        ctx_->schedule_in(out.ack_delay, wev::PageAck{id, p, who, out.ready_delay, schedule}));
  }
}

// Cancels the page's escalation and pending acknowledgements; whoever is still only paged for it
// goes back to rest.
void Response::stop_paging(TeamPage& page) {
  if (page.timeout) ctx_->queue.cancel(*page.timeout);
  for (const EventId ack : page.pending_acks) ctx_->queue.cancel(ack);
  page.pending_acks.clear();
  page.seat.reset();
  for (const PersonRef who : page.paged)
    if (people_.state(who) == ResponderState::Paged) people_.release(who);
}

void Response::handle(const wev::PageTimeout& e) {
  TeamPage& page = incidents_[e.incident].pages[e.page];
  const EscalationPolicy& policy = sc_.teams[page.team].escalation;
  for (const PersonRef who : page.paged)
    if (people_.state(who) == ResponderState::Paged) people_.release(who);
  page.seat.reset();
  if (++page.level == policy.levels.size()) {
    page.level = 0;
    if (++page.loop == policy.loops) {
      page.exhausted = true;
      ctx_->publish(ev::EscalationExhausted{e.incident, page.team});
      return;
    }
  }
  ctx_->publish(ev::PageEscalated{e.incident, page.team, page.level, page.loop, page.role});
  notify_level(e.incident, e.page);
}

void Response::handle(const wev::PageAck& e) {
  const Incident& inc = incidents_[e.incident];
  if (inc.pages[e.page].acknowledged || inc.resolved) return;
  acknowledge(e.incident, e.page, e.person);
  ctx_->queue.schedule_in(e.ready, wev::ResponderReady{e.incident, e.page, e.person, e.schedule},
                          kPeople);
}

// `who` answers page `p` of the incident: its escalation stops.
void Response::acknowledge(std::size_t id, std::size_t p, PersonRef who) {
  TeamPage& page = incidents_[id].pages[p];
  page.acknowledged = true;
  people_.set(who, ResponderState::Acknowledging, id);
  stop_paging(page);
  ctx_->publish(ev::PageAcknowledged{id, who, page.role});
}

void Response::handle(const wev::ResponderReady& e) {
  Incident& inc = incidents_[e.incident];
  if (inc.resolved) return;
  const bool seat = seat_playing(inc, e.person).has_value();
  if (!seat) watch_shift(e.incident, e.person, e.schedule);  // the seat hands off by itself
  if (const auto from = inc.pages[e.page].handoff; from && inc.seats[*from].person) {
    start_handoff(e.incident, *inc.seats[*from].person, e.person, std::nullopt, false);
    return;
  }
  if (const auto role = inc.pages[e.page].role) {
    inc.role(*role) = e.person;
    ctx_->publish(ev::RoleAssigned{e.incident, *role, e.person});
    people_.set(e.person, ResponderState::Communicating, e.incident);
    return;
  }
  inc.responders.push_back(e.person);
  if (!inc.lead) {
    inc.lead = inc.investigator = e.person;
    if (inc.mitigated) {
      people_.set(e.person, ResponderState::Investigating, e.incident);
      return;
    }
    people_.set(e.person, ResponderState::Triaging, e.incident);
    if (!seat) begin_triage(e.incident);  // the seat triages by declaring a severity itself
    return;
  }
  people_.set(e.person, ResponderState::Investigating, e.incident);
  if (inc.waiting_for_team == e.person.team) {
    inc.waiting_for_team.reset();
    if (!seat) inc.investigator = e.person;  // the policy's investigator goes on beside the seat
    schedule_diagnosis_step(e.incident);
  }
}

// ---- Shift handoffs --------------------------------------------------------------------------

// Schedules the end of `who`'s shift in `schedule` (the first change of who is on call there
// that is not `who` again) if it falls within the run and the policy hands incidents off. A
// shift that ended between the page and now (a page answered just after the change) ends now.
void Response::watch_shift(std::size_t id, PersonRef who, std::optional<std::size_t> schedule) {
  if (!schedule || !sc_.policy.handoff_at_shift_end) return;
  const Schedule& sched = sc_.teams[who.team].schedules[*schedule];
  const UnixTime end = unix_time(sc_, sc_.run.duration);
  UnixTime t = unix_time(sc_, ctx_->now());
  if (who_is_on_call(sched, t) != std::optional{who.person}) {
    ctx_->schedule_in(SimTime{0}, wev::ShiftEnd{id, who, *schedule});
    return;
  }
  for (int i = 0; i < kShiftLookahead; ++i) {
    const auto next = next_on_call_change(sched, t);
    if (!next || *next >= end) return;
    if (who_is_on_call(sched, *next) != std::optional{who.person}) {
      ctx_->queue.schedule_at(
          SimTime{std::chrono::seconds{next->time_since_epoch().count() - sc_.run.start_unix_s}},
          wev::ShiftEnd{id, who, *schedule}, kPeople);
      return;
    }
    t = *next;
  }
}

// The outgoing responder briefs whoever is on call now; both are busy with the handoff, and if
// the outgoing one is the investigator the incident's next step waits as long. In a gap of the
// schedule the outgoing one stays on.
void Response::handle(const wev::ShiftEnd& e) {
  Incident& inc = incidents_[e.incident];
  if (inc.resolved || !people_.busy(e.person) || people_.incident(e.person) != e.incident ||
      seat_playing(inc, e.person))
    return;
  const auto incoming =
      who_is_on_call(sc_.teams[e.person.team].schedules[e.schedule], unix_time(sc_, ctx_->now()));
  if (!incoming || *incoming == e.person.person) return;
  start_handoff(e.incident, e.person, PersonRef{e.person.team, *incoming}, e.schedule, true);
}

// `from` briefs `to` on the incident (lognormal around the policy's handoff median); both are busy
// with it, and if `from` is the investigator the incident's next step waits as long.
void Response::start_handoff(std::size_t id, PersonRef from, PersonRef to,
                             std::optional<std::size_t> schedule, bool at_shift_end) {
  const SimTime d =
      lognormal(ctx_->streams.get("people"), sc_.policy.responders.handoff_median, kWorkSigma);
  ctx_->publish(ev::Handoff{id, from, to, at_shift_end});
  const ResponderState resume = people_.state(from);
  people_.set(from, ResponderState::HandingOff, id);
  people_.set(to, ResponderState::HandingOff, id);
  if (incidents_[id].investigator == from) delay_work(id, d);
  ctx_->schedule_in(d, wev::HandoffDone{id, from, to, schedule, resume});
}

void Response::handle(const wev::HandoffDone& e) {
  Incident& inc = incidents_[e.incident];
  people_.release(e.from);
  if (inc.resolved) {
    people_.release(e.to);
    return;
  }
  for (auto* slot : {&inc.lead, &inc.investigator, &inc.roles[0], &inc.roles[1], &inc.roles[2]})
    if (*slot == e.from) *slot = e.to;
  std::replace(inc.responders.begin(), inc.responders.end(), e.from, e.to);
  // A rollback or restart kept running meanwhile; an update drafted meanwhile was posted.
  ResponderState state = e.resume;
  if (inc.investigator == e.to && inc.attempt) state = ResponderState::Mitigating;
  if (state == ResponderState::Communicating && !inc.drafting) state = ResponderState::Investigating;
  people_.set(e.to, state, e.incident);
  watch_shift(e.incident, e.to, e.schedule);
  // The seat handed the incident over: the policy plays its successor from here, once the
  // seat's work under way is done.
  if (const auto s = seat_playing(inc, e.from)) {
    SeatPart& part = inc.seats[*s];
    part.person.reset();
    part.schedule.reset();
    part.handed_to = e.to;
    if (!seat_working(*s, e.incident)) resume_policy(*s, e.incident, e.to);
  }
}

// ---- Triage ----------------------------------------------------------------------------------

void Response::begin_triage(std::size_t id) {
  schedule_work(id, lognormal(ctx_->streams.get("people"), kTriageMedian, kWorkSigma),
                wev::TriageDone{id});
}

void Response::handle(const wev::TriageDone& e) {
  Incident& inc = incidents_[e.incident];
  inc.work.reset();
  inc.work_event.reset();
  declare_severity(e.incident);
  if (const auto due = inc.severity ? sc_.policy.first_update_due(*inc.severity) : std::nullopt) {
    // Detection was some time ago: what is left of the deadline.
    const SimTime left = std::max(SimTime{0}, *due - (ctx_->now() - inc.detected_at));
    inc.status_timer = ctx_->schedule_in(
        std::min(left, lognormal(ctx_->streams.get("comms"), kFirstUpdateMedian, kWorkSigma)),
        wev::StatusUpdateDue{e.incident});
  }
  people_.set(*inc.lead, ResponderState::Investigating, e.incident);
  if (sc_.policy.mitigate_first) {
    if (const auto change = latest_change(std::nullopt)) {
      start_action(
          e.incident, MitigationAction::Rollback, change->service, MitigationReason::MitigateFirst,
          change->fault && system_->fault_active(*change->fault) ? change->fault : std::nullopt);
      return;
    }
  }
  begin_diagnosis(e.incident);
}

// Pages, as subject-matter experts, every team that owns a service on the chain the dashboards
// suggest beyond the symptom (suspected_chain) and is not engaged yet.
void Response::page_experts(std::size_t id) {
  const auto chain = suspected_chain(incidents_[id].alert_service);
  for (std::size_t k = 1; k < chain.size(); ++k) {
    const std::size_t owner = sc_.services[chain[k]].team;
    const auto& pages = incidents_[id].pages;
    if (std::any_of(pages.begin(), pages.end(),
                    [owner](const TeamPage& p) { return p.team == owner && !p.role; }))
      continue;
    ctx_->publish(ev::TeamEngaged{id, owner, incidents_[id].investigator});
    page_team(id, owner);
  }
}

void Response::schedule_work(std::size_t id, SimTime delay, WorldEvent e) {
  Incident& inc = incidents_[id];
  inc.work = ctx_->schedule_in(delay, e);
  inc.work_event.emplace(ctx_->now() + delay, std::move(e));
}

void Response::cancel_work(Incident& inc) {
  if (inc.work) ctx_->queue.cancel(*inc.work);
  inc.work.reset();
  inc.work_event.reset();
}

// Pushes the incident's pending triage or diagnosis step back by `delay`; returns false when
// there is none (a rollback or restart under way keeps running).
bool Response::delay_work(std::size_t id, SimTime delay) {
  Incident& inc = incidents_[id];
  if (!inc.work_event || inc.attempt) return false;
  auto [at, event] = *inc.work_event;
  cancel_work(inc);
  schedule_work(id, at + delay - ctx_->now(), std::move(event));
  return true;
}

// Returns true iff an incident commander lets several responders search different branches.
bool Response::parallel_search(const Incident& inc) const {
  return inc.role(Role::IncidentCommander) && inc.responders.size() >= 2;
}

PersonRef Response::other_responder(const Incident& inc) const {
  return inc.responders.front() == *inc.investigator ? inc.responders[1] : inc.responders.front();
}

bool Response::familiar(PersonRef who, std::size_t service) const {
  const auto& known = sc_.teams[who.team].people[who.person].familiar_with;
  return sc_.services[service].team == who.team ||
         std::find(known.begin(), known.end(), service) != known.end();
}

bool Response::has_runbook(std::size_t service, FaultType type) const {
  const auto& runbooks = sc_.services[service].runbooks;
  return std::find(runbooks.begin(), runbooks.end(), type) != runbooks.end();
}

// ---- Mitigation ------------------------------------------------------------------------------

// The latest change (to `service`, or to any service) within the policy's recent-change window:
// a scenario change, or a bad deploy or config push that has started.
std::optional<Response::SeenChange> Response::latest_change(
    std::optional<std::size_t> service) const {
  const SimTime now = ctx_->now();
  const auto recent = [&](std::size_t s, SimTime at) {
    return (!service || *service == s) && at <= now &&
           now - at <= sc_.policy.recent_change_window;
  };
  std::optional<SeenChange> latest;
  // Of changes at the same instant, the later in the list (a fault after a scenario change), and
  // on different services, the one first by name: never the order of the services.
  const auto consider = [&](SeenChange c) {
    if (!latest || c.at > latest->at ||
        (c.at == latest->at &&
         sc_.services[c.service].name <= sc_.services[latest->service].name))
      latest = c;
  };
  for (const Change& c : sc_.changes)
    if (recent(c.service, c.at)) consider({c.service, c.at, std::nullopt});
  const auto& faults = system_->faults();
  for (std::size_t f = 0; f < faults.size(); ++f) {
    const bool change =
        faults[f].type == FaultType::BadDeploy || faults[f].type == FaultType::BadConfig;
    if (change && recent(faults[f].service, faults[f].start))
      consider({faults[f].service, faults[f].start, f});
  }
  return latest;
}

// Returns true iff responders can take `action` at `service` (MitigationAction lists the
// prerequisites); `fault` is the fault it is meant to fix, if any.
bool Response::possible(MitigationAction action, std::size_t service,
                        std::optional<std::size_t> fault) const {
  const Service& s = sc_.services[service];
  const Fault* f = fault ? &system_->faults()[*fault] : nullptr;
  switch (action) {
    case MitigationAction::Rollback:
      if (s.external) return false;
      if (f && (f->type == FaultType::BadDeploy || f->type == FaultType::BadConfig ||
                f->type == FaultType::MemoryLeak))
        return true;  // the fault's own release is the change to roll back
      return latest_change(service).has_value();
    case MitigationAction::Restart:
    case MitigationAction::ScaleOut:
    case MitigationAction::ShedLoad:
      return !s.external;
    case MitigationAction::DisableCall:
      if (!f) return false;
      if (f->type == FaultType::CallFailure) return sc_.calls[f->call].feature_flag;
      return std::any_of(sc_.calls.begin(), sc_.calls.end(), [service](const Call& c) {
        return c.callee == service && c.feature_flag;
      });
    case MitigationAction::SwitchProvider:
      return s.external && s.secondary_provider;
    default:
      return true;
  }
}

// The cause is found: responders apply the first possible fix for it. Without a runbook for the
// fault there they may first try a plausible wrong action.
void Response::choose_mitigation(std::size_t id) {
  Incident& inc = incidents_[id];
  const std::size_t service = inc.cause_found_at;
  const FaultType type = system_->faults()[inc.fault].type;
  std::optional<MitigationAction> fix;
  for (const MitigationAction a : fixes_for(type)) {
    if (possible(a, service, inc.fault)) {
      fix = a;
      break;
    }
  }
  if (!fix) {
    ctx_->publish(ev::MitigationUnavailable{id, service});
    return;
  }
  auto& rng = ctx_->streams.get("mitigation");
  const bool guess = !inc.guessed && !has_runbook(service, type);
  inc.guessed = true;  // a guess that did not help is not repeated
  if (boost::random::bernoulli_distribution<double>(
          guess ? sc_.policy.wrong_action_probability : 0.0)(rng)) {
    std::vector<MitigationAction> guesses;
    for (const MitigationAction a :
         {MitigationAction::Restart, MitigationAction::ScaleOut, MitigationAction::Rollback})
      if (a != *fix && possible(a, service, std::nullopt)) guesses.push_back(a);
    if (!guesses.empty()) {
      start_action(id, guesses[rng() % guesses.size()], service, MitigationReason::WrongGuess,
                   std::nullopt);
      return;
    }
  }
  start_action(id, *fix, service, MitigationReason::Fix, inc.fault);
}

void Response::start_action(std::size_t id, MitigationAction action, std::size_t service,
                            MitigationReason reason, std::optional<std::size_t> fix) {
  Incident& inc = incidents_[id];
  const auto [d, success] = draw_attempt(action);
  people_.set(*inc.investigator, ResponderState::Mitigating, id);
  ctx_->publish(ev::MitigationStarted{id, action, service, reason, inc.investigator});
  inc.attempt = Attempt{action, service, reason, fix};
  system_->begin_action(action, service, id);
  schedule_work(id, d, wev::MitigationDone{id, success});
}

// How long `action` takes and whether it works, from the policy's MitigationSpec (lognormal
// duration, Bernoulli success); draws both from stream "mitigation".
std::pair<SimTime, bool> Response::draw_attempt(MitigationAction action) {
  const MitigationSpec& spec = sc_.policy.mitigations[static_cast<std::size_t>(action)];
  auto& rng = ctx_->streams.get("mitigation");
  const SimTime d = lognormal(rng, spec.median_duration, kWorkSigma);
  const bool success = boost::random::bernoulli_distribution<double>(spec.success_probability)(rng);
  return {d, success};
}

// Stops the action under way without its effects (the incident ended first).
void Response::abandon_action(Incident& inc) {
  if (!inc.attempt) return;
  const Attempt a = *inc.attempt;
  inc.attempt.reset();
  system_->end_action(a.action, a.service, false, std::nullopt, MitigatedBy::Responders,
                      std::nullopt);
}

void Response::handle(const wev::MitigationDone& e) {
  Incident& inc = incidents_[e.incident];
  inc.work.reset();
  inc.work_event.reset();
  const Attempt a = *inc.attempt;
  inc.attempt.reset();
  ctx_->publish(
      ev::MitigationFinished{e.incident, a.action, e.success, a.reason, inc.investigator});
  people_.set(*inc.investigator, ResponderState::Investigating, e.incident);
  // A fix that removes its fault marks the incident mitigated through on_fault_cleared.
  system_->end_action(a.action, a.service, e.success, a.fix, MitigatedBy::Responders, e.incident);
  if (inc.mitigated) {
    if (a.reason == MitigationReason::MitigateFirst && !inc.cause_identified) {
      inc.cause_identified = true;
      ctx_->publish(ev::CauseIdentified{e.incident, a.service, inc.investigator});
    }
    return;
  }
  switch (a.reason) {
    case MitigationReason::Fix:
      if (e.success) {
        mark_mitigated(e.incident, MitigatedBy::Responders);  // absorbed: scaled out, calls to a third party turned off
      } else {
        start_action(e.incident, a.action, a.service, a.reason, a.fix);
      }
      return;
    case MitigationReason::WrongGuess:
      choose_mitigation(e.incident);
      return;
    case MitigationReason::MitigateFirst:
      begin_diagnosis(e.incident);
      return;
    case MitigationReason::StalledRecovery:
      return;
    case MitigationReason::Ordered:
      // A fix of this incident's fault that absorbs it (its fault keeps acting) mitigates it.
      if (e.success && a.fix && fault_incident_[*a.fix] == e.incident) {
        mark_mitigated(e.incident, MitigatedBy::Responders);
        return;
      }
      resume_after_order(e.incident);
      return;
  }
}

void Response::mark_mitigated(std::size_t id, MitigatedBy by) {
  Incident& inc = incidents_[id];
  if (inc.mitigated) return;
  inc.mitigated = true;
  inc.mitigated_at = ctx_->now();
  cancel_work(inc);
  if (inc.attempt) {
    abandon_action(inc);
    people_.set(*inc.investigator, ResponderState::Investigating, id);
  }
  ctx_->publish(ev::IncidentMitigated{id, by});
}

void Response::check_recoveries() {
  for (std::size_t i = 0; i < incidents_.size(); ++i) check_recovery(i);
}

// The most utilised service that is overloaded or still holds a backlog, if any (external ones
// aside: nobody can shed load there).
std::optional<std::size_t> Response::most_overloaded_service() {
  const Segment& now = system_->telemetry().segments.back();
  std::optional<std::size_t> worst;
  for (std::size_t s = 0; s < sc_.services.size(); ++s) {
    const ServiceFlow& f = now.services[s];
    if (sc_.services[s].external || (f.utilisation < 1.0 && f.backlog <= 0.0)) continue;
    if (!worst || f.utilisation > now.services[*worst].utilisation) worst = s;
  }
  return worst;
}

// Resolves a detected, mitigated incident once every journey's error ratio has stayed within its
// SLO for the policy's confirmation time. Responders go by the SLIs, not by the alerts: a
// burn-rate alert's long windows keep it firing well after recovery (SRE Workbook ch. 5). When
// the SLIs have not recovered kRecoveryPatience after the fix and a service is still overloaded
// (a metastable state: retries or a backlog keep it there after the trigger is gone; Bronson et
// al., "Metastable Failures in Distributed Systems", HotOS 2021), responders shed load there.
void Response::check_recovery(std::size_t id) {
  Incident& inc = incidents_[id];
  if (!inc.detected || !inc.mitigated || inc.resolved) return;
  const SimTime now = ctx_->now();
  bool healthy = true;
  for (std::size_t j = 0; healthy && j < sc_.journeys.size(); ++j) {
    const double ratio = window_metric(sc_, system_->telemetry(), MetricKind::ErrorRatio,
                                       TargetKind::Journey, j, now - kRecoveryWindow, now);
    healthy = ratio <= 1.0 - sc_.journeys[j].slo.objective;
  }
  if (!healthy) {
    inc.healthy_since.reset();
    if (inc.investigator && !seat_decides(inc) && !inc.attempt && !inc.recovery_action_taken &&
        now - *inc.mitigated_at >= kRecoveryPatience) {
      if (const auto service = most_overloaded_service()) {
        inc.recovery_action_taken = true;
        start_action(id, MitigationAction::ShedLoad, *service, MitigationReason::StalledRecovery,
                     std::nullopt);
      }
    }
    return;
  }
  if (!inc.healthy_since) inc.healthy_since = now;
  if (now - *inc.healthy_since < sc_.policy.responders.resolve_confirmation) return;
  if (!seat_decides(inc)) resolve(id);  // the seat resolves when it judges the SLIs recovered
}

// Closes the incident: its work and pages stop, the status page says it is resolved (unless the
// seat writes the updates: it says so itself), and everyone on it goes back to rest.
void Response::resolve(std::size_t id) {
  Incident& inc = incidents_[id];
  inc.resolved = true;
  cancel_work(inc);
  abandon_action(inc);
  for (TeamPage& page : inc.pages) stop_paging(page);
  if (inc.status_timer) {
    ctx_->queue.cancel(*inc.status_timer);
    if (!seat_writes_updates(inc)) post_status_update(id, poster(inc) ? poster(inc) : inc.lead);
  }
  ctx_->publish(ev::IncidentResolved{id});
  for (const PersonRef who : inc.responders) people_.release(who);
  for (const auto& role : inc.roles)
    if (role) people_.release(*role);
}

}  // namespace firedrill::model::world
