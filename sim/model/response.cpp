#include "sim/model/response.hpp"

#include <algorithm>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/random/bernoulli_distribution.hpp>

#include "sim/model/faults.hpp"

namespace firedrill::model::world {
namespace {

using std::chrono::minutes;

// Spread of the lognormal human and repair durations around their medians.
constexpr double kWorkSigma = 0.5;
// Time from being ready to a declared severity, and to drafting the first status update.
constexpr SimTime kTriageMedian = minutes(3);
constexpr SimTime kFirstUpdateMedian = minutes(4);
// The window over which responders read the impact when they declare a severity.
constexpr SimTime kImpactWindow = minutes(5);
// The window over which SLIs must be within their SLO for an incident to count as recovered.
constexpr SimTime kRecoveryWindow = minutes(1);
// An alert that fires this long after an incident's fault stopped is still that incident's
// (a burn-rate rule's short window, up to 2 h in the SRE Workbook's ticket rules, lags the fix).
constexpr SimTime kAlertAfterglow = std::chrono::hours(2);

}  // namespace

Response::Response(Context& ctx, System& system)
    : ctx_(ctx),
      sc_(ctx.scenario),
      system_(system),
      clocks_(ctx.scenario),
      people_(ctx, clocks_),
      alertmanager_(ctx.scenario.alert_route),
      graph_(ctx.scenario.services.size()),
      reachable_(ctx.scenario.services.size()) {
  for (const Call& c : sc_.calls) boost::add_edge(c.caller, c.callee, graph_);
}

// ---- Incidents and alerts --------------------------------------------------------------------

void Response::on_fault_started(std::size_t fault) {
  if (fault_incident_.size() <= fault) fault_incident_.resize(fault + 1);
  fault_incident_[fault] = incidents_.size();
  Incident& inc = incidents_.emplace_back();
  inc.fault = fault;
  ctx_.publish(ev::IncidentOpened{incidents_.size() - 1, fault});
}

void Response::on_fault_cleared(std::size_t fault) { mark_mitigated(*fault_incident_[fault]); }

void Response::on_alert(AlertRuleKind kind, std::size_t rule, std::size_t condition,
                        bool firing, bool spurious) {
  const Alert alert = alert_of(sc_, kind, rule, condition);
  if (alert.severity == AlertSeverity::Ticket) return;
  auto& [real, noise] = firing_[{kind, rule, condition}];
  const bool before = real || noise;
  (spurious ? noise : real) = firing;
  const bool after = real || noise;
  if (before == after) return;
  if (!after) {
    alertmanager_.resolve(alert);
    return;
  }
  if (const auto flush = alertmanager_.fire(alert, ctx_.now()))
    ctx_.queue.schedule_at(flush->at, wev::GroupFlush{flush->group}, kPeople);
}

void Response::handle(const wev::GroupFlush& e) {
  const Notification n = alertmanager_.flush(e.group, ctx_.now());
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
    inc.alert_service = alert.service;
    ctx_.publish(ev::IncidentDetected{*id, alert.kind, alert.rule});
    detected.push_back(*id);
  }
  for (const std::size_t id : detected) page_team(id, n.team);
  if (!explained) page_false_alarm(n.team);
}

void Response::on_customer_report(std::size_t journey) {
  const Alert report = alert_of(sc_, AlertRuleKind::CustomerReport, journey);
  const auto id = explaining_incident(report);
  if (!id) return;
  Incident& inc = incidents_[*id];
  if (inc.detected || inc.resolved) return;
  inc.detected = true;
  inc.alert_service = report.service;
  ctx_.publish(ev::IncidentDetected{*id, report.kind, report.rule});
  page_team(*id, report.team);
}

std::optional<std::size_t> Response::incident_for_journey(std::size_t journey) {
  return explaining_incident(alert_of(sc_, AlertRuleKind::CustomerReport, journey));
}

// The incident whose fault explains an alert: a service the fault acts on is the alert's service
// or one it depends on (reachable along calls). Of several, the oldest not yet detected, else the
// oldest; only incidents unresolved or whose fault acted within kAlertAfterglow count.
std::optional<std::size_t> Response::explaining_incident(const Alert& alert) {
  const std::vector<bool>& reached = reachable_from(alert.service);
  std::optional<std::size_t> best;
  for (std::size_t id = 0; id < incidents_.size(); ++id) {
    const Incident& inc = incidents_[id];
    const Fault& fault = system_.faults()[inc.fault];
    if (inc.resolved && fault.end && ctx_.now() - *fault.end > kAlertAfterglow) continue;
    const auto services = affected_services(fault);
    if (std::none_of(services.begin(), services.end(), [&](std::size_t s) { return reached[s]; }))
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
  std::vector<std::size_t> pred(boost::num_vertices(graph_));
  for (std::size_t v = 0; v < pred.size(); ++v) pred[v] = v;
  boost::breadth_first_search(
      graph_, from,
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

void Response::page_false_alarm(std::size_t team) {
  const std::size_t alarm = false_alarms_.size();
  const EscalationLevel& first = sc_.teams[team].escalation.levels.front();
  const auto on_call = resolve_target(sc_, team, first.targets.front(), ctx_.now());
  if (!on_call) return;  // nobody on call: the false alarm pages no one
  const PersonRef who = *on_call;
  const PageOutcome out = people_.page(who, std::nullopt);
  ctx_.publish(ev::FalseAlarmPaged{alarm, team, who, out.after_hours, out.woke});
  false_alarms_.push_back(FalseAlarm{who});
  if (out.missed) {
    ctx_.schedule_in(first.delay, wev::FalseAlarmClosed{alarm});
  } else {
    ctx_.schedule_in(out.ack_delay + out.ready_delay, wev::FalseAlarmAck{alarm, who});
  }
}

void Response::handle(const wev::FalseAlarmAck& e) {
  people_.set(e.person, ResponderState::Investigating, std::nullopt);
  ctx_.schedule_in(lognormal(ctx_.streams.get("people"),
                             sc_.policy.responders.false_alarm_check_median, kWorkSigma),
                   wev::FalseAlarmClosed{e.alarm});
}

void Response::handle(const wev::FalseAlarmClosed& e) {
  const FalseAlarm& fa = false_alarms_[e.alarm];
  const bool looked = people_.state(fa.paged) == ResponderState::Investigating;
  ctx_.publish(ev::FalseAlarmClosed{e.alarm, looked ? std::optional{fa.paged} : std::nullopt});
  people_.release(fa.paged);
}

// ---- Pager -----------------------------------------------------------------------------------

void Response::page_team(std::size_t id, std::size_t team, std::optional<Role> role) {
  TeamPage& page = incidents_[id].pages.emplace_back();
  page.team = team;
  page.role = role;
  notify_level(id, incidents_[id].pages.size() - 1);
}

void Response::notify_level(std::size_t id, std::size_t p) {
  TeamPage& page = incidents_[id].pages[p];
  const EscalationLevel& level = sc_.teams[page.team].escalation.levels[page.level];
  page.paged.clear();
  for (const EscalationTarget& target : level.targets) {
    const auto on_call = resolve_target(sc_, page.team, target, ctx_.now());
    if (!on_call) continue;  // a gap in the schedule: no one to page; the level still times out
    const PersonRef who = *on_call;
    const PageOutcome out = people_.page(who, id);
    ctx_.publish(ev::PageSent{id, who, page.level, out.after_hours, out.woke});
    page.paged.push_back(who);
    if (!out.missed) {
      page.pending_acks.push_back(
          ctx_.schedule_in(out.ack_delay, wev::PageAck{id, p, who, out.ready_delay}));
    }
  }
  page.timeout = ctx_.schedule_in(level.delay, wev::PageTimeout{id, p});
}

// Cancels the page's escalation and pending acknowledgements; whoever is still only paged for it
// goes back to rest.
void Response::stop_paging(TeamPage& page) {
  if (page.timeout) ctx_.queue.cancel(*page.timeout);
  for (const EventId ack : page.pending_acks) ctx_.queue.cancel(ack);
  page.pending_acks.clear();
  for (const PersonRef who : page.paged)
    if (people_.state(who) == ResponderState::Paged) people_.release(who);
}

void Response::handle(const wev::PageTimeout& e) {
  TeamPage& page = incidents_[e.incident].pages[e.page];
  const EscalationPolicy& policy = sc_.teams[page.team].escalation;
  for (const PersonRef who : page.paged)
    if (people_.state(who) == ResponderState::Paged) people_.release(who);
  if (++page.level == policy.levels.size()) {
    page.level = 0;
    if (++page.loop == policy.loops) {
      page.exhausted = true;
      ctx_.publish(ev::EscalationExhausted{e.incident, page.team});
      return;
    }
  }
  ctx_.publish(ev::PageEscalated{e.incident, page.team, page.level});
  notify_level(e.incident, e.page);
}

void Response::handle(const wev::PageAck& e) {
  Incident& inc = incidents_[e.incident];
  TeamPage& page = inc.pages[e.page];
  if (page.acknowledged || inc.resolved) return;
  page.acknowledged = true;
  people_.set(e.person, ResponderState::Acknowledging, e.incident);
  stop_paging(page);
  ctx_.publish(ev::PageAcknowledged{e.incident, e.person});
  ctx_.queue.schedule_in(e.ready, wev::ResponderReady{e.incident, e.page, e.person}, kPeople);
}

void Response::handle(const wev::ResponderReady& e) {
  Incident& inc = incidents_[e.incident];
  if (inc.resolved) return;
  if (const auto role = inc.pages[e.page].role) {
    (*role == Role::IncidentCommander ? inc.commander : inc.comms_lead) = e.person;
    ctx_.publish(ev::RoleAssigned{e.incident, *role, e.person});
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
    schedule_work(e.incident, lognormal(ctx_.streams.get("people"), kTriageMedian, kWorkSigma),
                  wev::TriageDone{e.incident});
    return;
  }
  people_.set(e.person, ResponderState::Investigating, e.incident);
  if (inc.waiting_for_team == e.person.team) {
    inc.waiting_for_team.reset();
    inc.investigator = e.person;
    schedule_diagnosis_step(e.incident);
  }
}

// ---- Triage, diagnosis, mitigation -----------------------------------------------------------

void Response::handle(const wev::TriageDone& e) {
  Incident& inc = incidents_[e.incident];
  inc.work.reset();
  inc.work_event.reset();
  declare_severity(e.incident);
  if (inc.severity && sc_.policy.status_update_cadence[static_cast<std::size_t>(*inc.severity)])
    inc.status_timer = ctx_.schedule_in(
        lognormal(ctx_.streams.get("comms"), kFirstUpdateMedian, kWorkSigma),
        wev::StatusUpdateDue{e.incident});
  people_.set(*inc.lead, ResponderState::Investigating, e.incident);
  inc.path = diagnosis_path(inc.alert_service, cause_service(inc.fault));
  const auto experts = sc_.policy.page_experts_up_to;
  if (experts && inc.severity && *inc.severity <= *experts) page_experts(e.incident);
  schedule_diagnosis_step(e.incident);
}

// Pages, as subject-matter experts, every team that owns a service on the suspected path and is
// not engaged yet.
void Response::page_experts(std::size_t id) {
  for (const std::size_t service : incidents_[id].path) {
    const std::size_t owner = sc_.services[service].team;
    const auto& pages = incidents_[id].pages;
    if (std::any_of(pages.begin(), pages.end(),
                    [owner](const TeamPage& p) { return p.team == owner && !p.role; }))
      continue;
    ctx_.publish(ev::TeamEngaged{id, owner});
    page_team(id, owner);
  }
}

// Declares the severity of the policy's matrix for the impact measured now, misjudged by one
// level with the policy's probability; a re-declaration only ever raises it. Pages the roles the
// severity calls for.
void Response::declare_severity(std::size_t id) {
  Incident& inc = incidents_[id];
  const ResponsePolicy& policy = sc_.policy;
  const double share = measured_failed_share();
  int level = static_cast<int>(classify(share));
  if (policy.revenue_critical_raises && revenue_journey_failing()) level = std::max(0, level - 1);
  if (system_.faults()[inc.fault].type == FaultType::DatastoreFailover) level = 0;
  // Both draws are always made, so the stream's position does not depend on the outcome.
  auto& rng = ctx_.streams.get("triage");
  const bool misjudged =
      boost::random::bernoulli_distribution<double>(policy.misclassification_probability)(rng);
  const bool lower = boost::random::bernoulli_distribution<double>(0.5)(rng);
  const int judged = std::clamp(level + (misjudged ? (lower ? 1 : -1) : 0), 0,
                                static_cast<int>(kSeverityCount) - 1);
  const auto s = static_cast<Severity>(judged);
  if (inc.severity && *inc.severity <= s) return;
  inc.severity = s;
  ctx_.publish(ev::SeverityDeclared{id, s, share, judged != level});
  page_roles(id);
}

// Returns true iff a journey with revenue fails at least the P3 share over kImpactWindow.
bool Response::revenue_journey_failing() {
  const SimTime now = ctx_.now();
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    if (sc_.journeys[j].revenue_per_request <= 0.0) continue;
    const double failed =
        window_metric(sc_, system_.telemetry(), MetricKind::ErrorRatio, TargetKind::Journey, j,
                      std::max(SimTime{0}, now - kImpactWindow), now);
    if (failed >= sc_.policy.severity_failed_share.back()) return true;
  }
  return false;
}

void Response::page_roles(std::size_t id) {
  const Incident& inc = incidents_[id];
  const auto paged = [&inc](Role role) {
    return std::any_of(inc.pages.begin(), inc.pages.end(),
                       [role](const TeamPage& p) { return p.role == role; });
  };
  const auto page_role = [&](const std::optional<RolePolicy>& policy, Role role) {
    if (policy && *inc.severity <= policy->up_to && !paged(role)) page_team(id, policy->team, role);
  };
  page_role(sc_.policy.incident_commander, Role::IncidentCommander);
  page_role(sc_.policy.comms_lead, Role::CommsLead);
}

// Returns the share of failed requests on the worst journey over the last kImpactWindow.
double Response::measured_failed_share() {
  double worst = 0.0;
  const SimTime now = ctx_.now();
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    worst = std::max(worst, window_metric(sc_, system_.telemetry(), MetricKind::ErrorRatio,
                                          TargetKind::Journey, j,
                                          std::max(SimTime{0}, now - kImpactWindow), now));
  }
  return worst;
}

Severity Response::classify(double failed_share) const {
  const auto& t = sc_.policy.severity_failed_share;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (failed_share >= t[i]) return static_cast<Severity>(i);
  return Severity::P4;
}

// The service where responders find the fault: its target, the caller of a failing call, the
// entry service of a surging journey, or the first service with replicas in a lost zone.
std::size_t Response::cause_service(std::size_t f) const {
  const Fault& fault = system_.faults()[f];
  switch (fault.type) {
    case FaultType::CallFailure:
    case FaultType::TrafficSurge:
    case FaultType::ZoneOutage:
      return affected_services(fault).front();
    default:
      return fault.service;
  }
}

// Returns the shortest call path from the symptom to the cause (breadth-first search on the call
// graph, following calls as traces do). Without one, responders jump straight there.
std::vector<std::size_t> Response::diagnosis_path(std::size_t from, std::size_t to) const {
  const auto pred = bfs_predecessors(from);
  if (from != to && pred[to] == to) return {from, to};
  std::vector<std::size_t> path{to};
  while (path.back() != from) path.push_back(pred[path.back()]);
  std::reverse(path.begin(), path.end());
  return path;
}

void Response::schedule_work(std::size_t id, SimTime delay, WorldEvent e) {
  Incident& inc = incidents_[id];
  inc.work = ctx_.schedule_in(delay, e);
  inc.work_event.emplace(ctx_.now() + delay, std::move(e));
}

void Response::cancel_work(Incident& inc) {
  if (inc.work) ctx_.queue.cancel(*inc.work);
  inc.work.reset();
  inc.work_event.reset();
}

// Returns true iff an incident commander lets several responders search different branches.
bool Response::parallel_search(const Incident& inc) const {
  return inc.commander && inc.responders.size() >= 2;
}

// One diagnosis step; without an incident commander, each responder beyond the first adds the
// policy's coordination overhead.
void Response::schedule_diagnosis_step(std::size_t id) {
  const Incident& inc = incidents_[id];
  const double overhead =
      inc.commander ? 1.0
                    : 1.0 + sc_.policy.coordination_overhead_per_responder *
                                static_cast<double>(std::max<std::size_t>(1, inc.responders.size()) - 1);
  const SimTime d = lognormal(ctx_.streams.get("diagnosis"),
                              sc_.policy.responders.diagnosis_step_median, kWorkSigma);
  schedule_work(id, engine::from_seconds(engine::to_seconds(d) * overhead),
                wev::DiagnosisStepDone{id});
}

void Response::handle(const wev::DiagnosisStepDone& e) {
  Incident& inc = incidents_[e.incident];
  inc.work.reset();
  inc.work_event.reset();
  auto& rng = ctx_.streams.get("diagnosis");
  const std::size_t here = inc.path[inc.next_step];
  const bool herring = boost::random::bernoulli_distribution<double>(
      sc_.policy.responders.red_herring_probability)(rng);
  if (herring && inc.next_step + 1 < inc.path.size()) {
    // A misleading symptom: the responder inspects another dependency of this service first.
    const auto [first, last] = boost::adjacent_vertices(here, graph_);
    std::vector<std::size_t> decoys;
    for (auto it = first; it != last; ++it)
      if (*it != inc.path[inc.next_step + 1]) decoys.push_back(*it);
    if (!decoys.empty()) {
      const std::size_t decoy = decoys[rng() % decoys.size()];
      if (!parallel_search(inc)) {
        ctx_.publish(ev::DiagnosisStep{e.incident, *inc.investigator, decoy, true});
        schedule_diagnosis_step(e.incident);
        return;
      }
      // Another responder took the misleading branch meanwhile.
      const PersonRef other =
          inc.responders.front() == *inc.investigator ? inc.responders[1] : inc.responders.front();
      ctx_.publish(ev::DiagnosisStep{e.incident, other, decoy, true});
    }
  }
  ctx_.publish(ev::DiagnosisStep{e.incident, *inc.investigator, here, false});
  if (++inc.next_step == inc.path.size()) {
    inc.cause_identified = true;
    ctx_.publish(ev::CauseIdentified{e.incident, here});
    start_mitigation(e.incident);
    return;
  }
  const std::size_t owner = sc_.services[inc.path[inc.next_step]].team;
  const bool engaged = std::any_of(inc.pages.begin(), inc.pages.end(),
                                   [owner](const TeamPage& p) { return p.team == owner; });
  if (!engaged) {
    ctx_.publish(ev::TeamEngaged{e.incident, owner});
    inc.waiting_for_team = owner;
    page_team(e.incident, owner);
    return;
  }
  schedule_diagnosis_step(e.incident);
}

void Response::start_mitigation(std::size_t id) {
  Incident& inc = incidents_[id];
  const MitigationAction action = mitigation_for(system_.faults()[inc.fault].type);
  const MitigationSpec& spec = sc_.policy.mitigations[static_cast<std::size_t>(action)];
  auto& rng = ctx_.streams.get("mitigation");
  const SimTime d = lognormal(rng, spec.median_duration, kWorkSigma);
  const bool success =
      boost::random::bernoulli_distribution<double>(spec.success_probability)(rng);
  people_.set(*inc.investigator, ResponderState::Mitigating, id);
  ctx_.publish(ev::MitigationStarted{id, action, inc.path.back()});
  schedule_work(id, d, wev::MitigationDone{id, success});
}

void Response::handle(const wev::MitigationDone& e) {
  Incident& inc = incidents_[e.incident];
  inc.work.reset();
  inc.work_event.reset();
  const MitigationAction action = mitigation_for(system_.faults()[inc.fault].type);
  ctx_.publish(ev::MitigationFinished{e.incident, action, e.success});
  if (!e.success) {
    start_mitigation(e.incident);
    return;
  }
  people_.set(*inc.investigator, ResponderState::Investigating, e.incident);
  system_.apply_mitigation(inc.fault, action);
  mark_mitigated(e.incident);
}

void Response::mark_mitigated(std::size_t id) {
  Incident& inc = incidents_[id];
  if (inc.mitigated) return;
  inc.mitigated = true;
  cancel_work(inc);
  ctx_.publish(ev::IncidentMitigated{id});
}

void Response::check_recoveries() {
  for (std::size_t i = 0; i < incidents_.size(); ++i) check_recovery(i);
}

// Resolves a detected, mitigated incident once every journey's error ratio has stayed within its
// SLO for the policy's confirmation time. Responders go by the SLIs, not by the alerts: a
// burn-rate alert's long windows keep it firing well after recovery (SRE Workbook ch. 5).
void Response::check_recovery(std::size_t id) {
  Incident& inc = incidents_[id];
  if (!inc.detected || !inc.mitigated || inc.resolved) return;
  const SimTime now = ctx_.now();
  bool healthy = true;
  for (std::size_t j = 0; healthy && j < sc_.journeys.size(); ++j) {
    const double ratio = window_metric(sc_, system_.telemetry(), MetricKind::ErrorRatio,
                                       TargetKind::Journey, j, now - kRecoveryWindow, now);
    healthy = ratio <= 1.0 - sc_.journeys[j].slo.objective;
  }
  if (!healthy) {
    inc.healthy_since.reset();
    return;
  }
  if (!inc.healthy_since) inc.healthy_since = now;
  if (now - *inc.healthy_since < sc_.policy.responders.resolve_confirmation) return;
  inc.resolved = true;
  for (TeamPage& page : inc.pages) stop_paging(page);
  if (inc.status_timer) {
    ctx_.queue.cancel(*inc.status_timer);
    post_status_update(id, inc.comms_lead   ? inc.comms_lead
                           : inc.commander  ? inc.commander
                                            : inc.lead);
  }
  ctx_.publish(ev::IncidentResolved{id});
  for (const PersonRef who : inc.responders) people_.release(who);
  for (const auto& role : {inc.commander, inc.comms_lead})
    if (role) people_.release(*role);
}

// ---- Comms -----------------------------------------------------------------------------------

// The communications lead or the incident commander posts at once (they drafted it alongside
// the work); without them the investigator drafts it, and their pending work waits as long.
void Response::handle(const wev::StatusUpdateDue& e) {
  Incident& inc = incidents_[e.incident];
  if (!inc.mitigated) declare_severity(e.incident);
  const auto cadence = sc_.policy.status_update_cadence[static_cast<std::size_t>(*inc.severity)];
  inc.status_timer.reset();
  if (cadence) inc.status_timer = ctx_.schedule_in(*cadence, wev::StatusUpdateDue{e.incident});
  if (inc.comms_lead || inc.commander) {
    post_status_update(e.incident, inc.comms_lead ? inc.comms_lead : inc.commander);
    return;
  }
  const SimTime draft = lognormal(ctx_.streams.get("comms"),
                                  sc_.policy.status_update_draft_median, kWorkSigma);
  // A rollback or restart under way keeps running while its owner writes.
  if (inc.work_event && people_.state(*inc.investigator) != ResponderState::Mitigating) {
    auto [at, event] = *inc.work_event;
    cancel_work(inc);
    schedule_work(e.incident, at + draft - ctx_.now(), std::move(event));
    people_.set(*inc.investigator, ResponderState::Communicating, e.incident);
  }
  ctx_.schedule_in(draft, wev::StatusUpdateDrafted{e.incident});
}

void Response::handle(const wev::StatusUpdateDrafted& e) {
  Incident& inc = incidents_[e.incident];
  if (inc.resolved) return;
  post_status_update(e.incident, inc.investigator);
  if (people_.state(*inc.investigator) == ResponderState::Communicating)
    people_.set(*inc.investigator, ResponderState::Investigating, e.incident);
}

void Response::post_status_update(std::size_t id, std::optional<PersonRef> by) {
  const Incident& inc = incidents_[id];
  std::string message;
  if (inc.resolved) {
    message = "Resolved: the issue has been fixed and all services are operating normally.";
  } else if (inc.mitigated) {
    message = "Monitoring: a fix has been applied and we are monitoring the results.";
  } else if (inc.cause_identified) {
    message = "Identified: the cause has been found and a fix is being applied.";
  } else {
    message = "Investigating: some customers are seeing errors; we are investigating.";
  }
  ctx_.publish(ev::StatusUpdatePosted{id, *inc.severity, std::move(message), by});
  system_.status_update_posted();
}

}  // namespace firedrill::model::world
