// The seat (seat.hpp): the Response's pages ring for it until it answers, and in the incidents
// it leads or commands its actions take the place of the policy's decisions. Each action costs
// what it costs the policy's responders: an investigation takes a diagnosis step's time, a
// mitigation the policy's duration, success chance and side effects.

#include "sim/model/seat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/model/faults.hpp"
#include "sim/model/response.hpp"

namespace firedrill::model {

const char* to_string(seat::StatusPhase phase) {
  constexpr std::array<const char*, seat::kStatusPhaseCount> kNames{"investigating", "identified",
                                                                    "monitoring", "resolved"};
  return kNames[static_cast<std::size_t>(phase)];
}

std::vector<FeedChange> change_feed(const Scenario& scenario, const std::vector<Fault>& faults,
                                    SimTime now) {
  std::vector<FeedChange> feed;
  for (const Change& c : scenario.changes)
    if (c.at <= now) feed.push_back({c.at, c.service, false});
  for (const Fault& f : faults)
    if ((f.type == FaultType::BadDeploy || f.type == FaultType::BadConfig) && f.start <= now)
      feed.push_back({f.start, f.service, f.type == FaultType::BadConfig});
  std::stable_sort(feed.begin(), feed.end(),
                   [](const FeedChange& a, const FeedChange& b) { return a.at < b.at; });
  return feed;
}

// How each kind of failure shows, as a runbook says it: what the dashboards, the logs and the
// change feed show (the log lines are those log_lines writes).
std::string runbook_symptoms(FaultType type) {
  switch (type) {
    case FaultType::BadDeploy:
      return "errors rise right after a release; logs: unhandled exceptions in the request handler";
    case FaultType::BadConfig:
      return "errors rise right after a config push; logs: invalid configuration value";
    case FaultType::CrashReplicas:
      return "replicas restarting, capacity down, latency up; logs: OOMKilled (exit code 137)";
    case FaultType::ErrorRate:
      return "a share of requests fail with 500s; logs: 500 Internal Server Error";
    case FaultType::Latency:
      return "latency up with no change deployed; logs: slow requests";
    case FaultType::Outage:
      return "every request fails and the logs fall silent: the process is not running";
    case FaultType::ResourceExhaustion:
      return "errors climb as a resource runs out; logs: too many open files";
    case FaultType::MemoryLeak:
      return "latency creeps up over hours; logs: heap usage high, long garbage-collection pauses";
    case FaultType::CertificateExpiry:
      return "every TLS call fails at once; logs: x509 certificate has expired";
    case FaultType::DatastoreFailover:
      return "connections reset while a replica is promoted; the new primary serves less";
    case FaultType::ThirdPartyOutage:
      return "calls to the provider fail; logs: 503 Service Unavailable from the provider";
    case FaultType::CallFailure:
      return "calls to one dependency fail; logs: 503 from upstream";
    case FaultType::NetworkPartition:
      return "calls across the partition time out; logs: dial tcp: i/o timeout";
    case FaultType::ZoneOutage:
      return "replicas in one zone unreachable, the others overloaded";
    case FaultType::TrafficSurge:
      return "request rate far above normal, utilisation near 100 %, queues growing";
  }
  return "";
}

std::vector<RunbookEntry> runbook(const Scenario& scenario, std::size_t service) {
  std::vector<RunbookEntry> entries;
  for (const FaultType type : scenario.services.at(service).runbooks)
    entries.push_back({type, runbook_symptoms(type), fixes_for(type)});
  return entries;
}

}  // namespace firedrill::model

namespace firedrill::model::world {
namespace {

// The window over which the seat's Resolve checks that users no longer fail, as the policy's
// responders do before resolving (check_recovery's window).
constexpr SimTime kResolveWindow = std::chrono::minutes(1);

// "Investigating", "Identified", ...: the phase as a status page heads an update.
std::string phase_heading(seat::StatusPhase phase) {
  std::string s = to_string(phase);
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

std::optional<Refusal> Response::take_seat(const Seat& seat) {
  if (std::any_of(seats_.begin(), seats_.end(),
                  [&seat](const SeatState& taken) { return taken.seat == seat; }))
    return Refusal{"that seat is taken already"};
  SeatState& state = seats_.emplace_back();
  state.seat = seat;
  if (seat.kind == Seat::Kind::Person) state.rung.push_back(seat.person);  // theirs from the start
  return std::nullopt;
}

const std::vector<Finding>& Response::seat_findings(std::size_t seat) const {
  static const std::vector<Finding> kNone;
  return seat < seats_.size() ? seats_[seat].findings : kNone;
}

// The seat, not released, that owns `who`: the first a page for them rang for (a person's seat
// from the start). Two seats never play the same person.
std::optional<std::size_t> Response::owner(PersonRef who) const {
  for (std::size_t s = 0; s < seats_.size(); ++s)
    if (!seats_[s].released &&
        std::find(seats_[s].rung.begin(), seats_[s].rung.end(), who) != seats_[s].rung.end())
      return s;
  return std::nullopt;
}

// The seat that takes target `target` of the page's current level, if any: a person's seat when
// the page reaches its person (a direct page too), an on-call seat the first target of its
// team's first level, an incident commander's seat the first target of an incident commander's
// page; the first such seat in order, unless another seat owns `who`. Pages to take a seat's
// place in a hand-off ring for no seat.
std::optional<std::size_t> Response::seat_takes(const TeamPage& page, std::size_t target,
                                                PersonRef who) const {
  if (page.handoff) return std::nullopt;
  const auto takes = [&](const Seat& seat) {
    switch (seat.kind) {
      case Seat::Kind::Person:
        return who == seat.person;
      case Seat::Kind::OnCall:
        return !page.person && page.team == seat.team && page.level == 0 && target == 0 &&
               !page.role;
      case Seat::Kind::IncidentCommander:
        return !page.person && page.role == Role::IncidentCommander && target == 0;
    }
    return false;
  };
  if (const auto s = owner(who)) return takes(seats_[*s].seat) ? s : std::nullopt;
  for (std::size_t s = 0; s < seats_.size(); ++s)
    if (!seats_[s].released && takes(seats_[s].seat)) return s;
  return std::nullopt;
}

// The seat that plays `who` in the incident, if one does.
std::optional<std::size_t> Response::seat_playing(const Incident& inc, PersonRef who) const {
  for (std::size_t s = 0; s < inc.seats.size(); ++s)
    if (inc.seats[s].person == who) return s;
  return std::nullopt;
}

// Returns true iff a seat makes the incident's decisions: it leads it or commands it.
bool Response::seat_decides(const Incident& inc) const {
  return std::any_of(inc.seats.begin(), inc.seats.end(), [&inc](const SeatPart& part) {
    return part.person &&
           (inc.lead == part.person || inc.role(Role::IncidentCommander) == part.person);
  });
}

// Why seat `s` cannot act on `incident` (nullopt: it can): it must exist, be unresolved, and
// the seat must have answered its page.
std::optional<Refusal> Response::seat_works(std::size_t s, std::size_t incident) const {
  if (incident >= incidents_.size() || !incidents_[incident].detected)
    return Refusal{fmt::format("there is no incident {}", incident)};
  const Incident& inc = incidents_[incident];
  if (inc.resolved) return Refusal{fmt::format("incident {} is resolved", incident)};
  const SeatPart& part = inc.seats[s];
  if (part.handed_to)
    return Refusal{
        fmt::format("you handed incident {} to {}", incident,
                    sc_.teams[part.handed_to->team].people[part.handed_to->person].name)};
  if (!part.person)
    return Refusal{
        fmt::format("you are not working incident {}: acknowledge its page first", incident)};
  return std::nullopt;
}

// As seat_works, and the seat must lead or command the incident: the severity and the
// resolution are theirs to declare.
std::optional<Refusal> Response::seat_leads(std::size_t s, std::size_t incident) const {
  if (auto refused = seat_works(s, incident)) return refused;
  const Incident& inc = incidents_[incident];
  const auto& me = inc.seats[s].person;
  if (inc.lead != me && inc.role(Role::IncidentCommander) != me)
    return Refusal{fmt::format(
        "incident {}'s lead or incident commander declares its severity and resolves it",
        incident)};
  return std::nullopt;
}

std::optional<Refusal> Response::act(const SeatAction& action, std::size_t s) {
  if (seats_.empty()) return Refusal{"nobody has taken a seat in this drill"};
  if (s >= seats_.size()) return Refusal{fmt::format("there is no seat {}", s)};
  if (seats_[s].released) return Refusal{"the seat was handed to the policy"};
  return std::visit([this, s](const auto& a) { return act(s, a); }, action);
}

std::optional<Refusal> Response::act(std::size_t s, const seat::Acknowledge& a) {
  if (a.incident < incidents_.size()) {
    Incident& inc = incidents_[a.incident];
    for (std::size_t p = 0; p < inc.pages.size(); ++p) {
      const auto ringing = inc.pages[p].seat;
      if (!ringing || ringing->seat != s || inc.pages[p].acknowledged || inc.resolved) continue;
      inc.seats[s] = SeatPart{ringing->person, ringing->schedule, p, inc.seats[s].handed_to};
      auto& people = seats_[s].people;
      if (std::find(people.begin(), people.end(), ringing->person) == people.end())
        people.push_back(ringing->person);
      acknowledge(a.incident, p, ringing->person);
      handle(wev::ResponderReady{a.incident, p, ringing->person, ringing->schedule});
      return std::nullopt;
    }
  }
  return Refusal{fmt::format("no page for incident {} rings for you", a.incident)};
}

// The first declaration starts the status page's clock (the first update falls due by the
// severity's deadline, counted from detection); later ones change the severity, paging the
// roles a worse one calls for.
std::optional<Refusal> Response::act(std::size_t s, const seat::DeclareSeverity& a) {
  if (auto refused = seat_leads(s, a.incident)) return refused;
  Incident& inc = incidents_[a.incident];
  if (inc.severity == a.severity)
    return Refusal{fmt::format("incident {} is {} already", a.incident, to_string(a.severity))};
  const ImpactReading impact = measured_impact();
  inc.matrix_severity = matrix_severity(inc, impact.failed_share);
  if (inc.severity) {
    change_severity(a.incident, a.severity, impact);
    return std::nullopt;
  }
  inc.severity = a.severity;
  ctx_->publish(ev::SeverityDeclared{a.incident, a.severity, impact.failed_share,
                                     a.severity != *inc.matrix_severity, std::nullopt,
                                     impact.journey, inc.seats[s].person});
  page_roles(a.incident);
  if (const auto due = sc_.policy.first_update_due(a.severity)) {
    const SimTime left = std::max(SimTime{0}, *due - (ctx_->now() - inc.detected_at));
    inc.status_timer = ctx_->schedule_in(left, wev::StatusUpdateDue{a.incident});
  }
  if (const PersonRef me = *inc.seats[s].person; people_.state(me) == ResponderState::Triaging)
    people_.set(me, ResponderState::Investigating, a.incident);
  return std::nullopt;
}

std::optional<Refusal> Response::act(std::size_t s, const seat::Investigate& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  if (a.service >= sc_.services.size())
    return Refusal{fmt::format("there is no service {}", a.service)};
  SeatState& seat = seats_[s];
  if (seat.step)
    return Refusal{
        fmt::format("you are still investigating {}", sc_.services[seat.step->service].name)};
  Incident& inc = incidents_[a.incident];
  const PersonRef me = *inc.seats[s].person;
  seat.step = SeatStep{a.incident, a.service, me};
  people_.set(me, ResponderState::Investigating, a.incident);
  ctx_->schedule_in(step_duration(inc, a.service, me), wev::SeatStepDone{s});
  return std::nullopt;
}

// The step is done: what the seat saw there is its view's business (the observation); the
// record states the facts: where it looked, whether that led away from the cause, and when it
// first inspected a service where the cause shows.
void Response::handle(const wev::SeatStepDone& e) {
  SeatState& seat = seats_[e.seat];
  const SeatStep step = *seat.step;
  seat.step.reset();
  Incident& inc = incidents_[step.incident];
  const PersonRef who = step.who;
  ctx_->publish(ev::DiagnosisStep{step.incident, who, step.service,
                                  !leads_to_cause(inc, step.service), DiagnosisLead::Chosen});
  inc.inspected.push_back(step.service);
  Finding finding{step.incident, step.service, ctx_->now(), {}, {}};
  const Observability& seen = sc_.services[step.service].observability;
  if (seen.logs) finding.log_lines = log_lines(step.service);
  if (seen.traces)
    for (const DependencyEvidence& d :
         evidence_at(step.service, alerting_services(), changed_services()))
      finding.dependencies.push_back({d.service, d.error_share, d.latency_share});
  seat.findings.push_back(std::move(finding));
  if (is_cause(inc, step.service) && !inc.cause_identified) {
    inc.cause_identified = true;
    inc.cause_found_at = step.service;
    ctx_->publish(ev::CauseIdentified{step.incident, step.service, who});
  }
  seat_work_done(e.seat, step.incident, who);
}

std::vector<RingingPage> Response::seat_pages(std::size_t seat) const {
  std::vector<RingingPage> out;
  for (std::size_t id = 0; id < incidents_.size(); ++id)
    for (const TeamPage& page : incidents_[id].pages) {
      if (!page.seat || page.seat->seat != seat || page.acknowledged) continue;
      const SimTime delay = sc_.teams[page.team].escalation.levels[page.level].delay;
      out.push_back(
          {id, page.team, page.level, page.level_since, page.level_since + delay, page.alerts});
    }
  return out;
}

// What `service`'s logs say now: the error a fault acting there writes (docs/seat-protocol.md
// lists them), then what its failing dependencies give it, else that nothing is wrong. Read
// from the faults acting now and the current steady state: what a log search would show.
std::vector<std::string> Response::log_lines(std::size_t service) {
  std::vector<std::string> lines;
  const auto& faults = system_->faults();
  const auto clock = [](SimTime t) {
    return fmt::format("T+{}:{:02}", std::chrono::duration_cast<std::chrono::minutes>(t).count(),
                       std::chrono::duration_cast<std::chrono::seconds>(t).count() % 60);
  };
  for (std::size_t f = 0; f < faults.size(); ++f) {
    if (!system_->fault_active(f)) continue;
    const auto causes = cause_services(f);
    if (std::find(causes.begin(), causes.end(), service) == causes.end()) continue;
    const Fault& fault = faults[f];
    switch (fault.type) {
      case FaultType::BadDeploy:
        lines.push_back("ERROR unhandled exception in request handler (new release since " +
                        clock(fault.start) + ")");
        break;
      case FaultType::BadConfig:
        lines.push_back("ERROR invalid configuration value (config reloaded " + clock(fault.start) +
                        ")");
        break;
      case FaultType::CrashReplicas:
        lines.push_back("WARN container restarted: OOMKilled (exit code 137)");
        break;
      case FaultType::ErrorRate:
        lines.push_back("ERROR 500 Internal Server Error");
        break;
      case FaultType::Latency:
        lines.push_back("WARN slow request: handler took longer than usual");
        break;
      case FaultType::Outage:
        lines.push_back("ERROR no log lines since " + clock(fault.start) +
                        ": the process is not running");
        break;
      case FaultType::ResourceExhaustion:
        lines.push_back("ERROR resource exhausted: too many open files");
        break;
      case FaultType::MemoryLeak:
        lines.push_back("WARN heap usage high, long garbage-collection pauses");
        break;
      case FaultType::CertificateExpiry:
        lines.push_back("ERROR x509: certificate has expired or is not yet valid");
        break;
      case FaultType::DatastoreFailover:
        lines.push_back("ERROR connection reset by peer: primary failover in progress");
        break;
      case FaultType::ThirdPartyOutage:
        lines.push_back("ERROR 503 Service Unavailable from the provider");
        break;
      case FaultType::CallFailure:
        lines.push_back("ERROR calls to " + sc_.services[sc_.calls[fault.call].callee].name +
                        " failing: 503 from upstream");
        break;
      case FaultType::NetworkPartition:
        lines.push_back(
            "ERROR dial tcp " +
            sc_.services[fault.service == service ? fault.peer_service : fault.service].name +
            ": i/o timeout");
        break;
      case FaultType::ZoneOutage:
        lines.push_back("WARN replicas in zone " + fault.zone + " unreachable");
        break;
      case FaultType::TrafficSurge:
        lines.push_back("WARN request rate far above normal");
        break;
    }
  }
  for (const DependencyEvidence& e :
       evidence_at(service, alerting_services(), changed_services())) {
    const std::string& callee = sc_.services[e.service].name;
    if (e.error_share > 0.0)
      lines.push_back("ERROR upstream " + callee + ": 503 Service Unavailable");
    if (e.latency_share > 0.0)
      lines.push_back("WARN upstream " + callee + ": context deadline exceeded");
  }
  if (lines.empty()) lines.push_back("INFO no errors in the last 5 minutes");
  return lines;
}

// The acting fault that `action` at `service` fixes, if any: one for which the action is a fix
// there (fixes_for, possible) whose cause shows at `service`, or, for a scale-out, one that
// scaling out absorbs while `service` is saturated (a surge saturates services below its entry).
std::optional<std::size_t> Response::seat_fix(MitigationAction action, std::size_t service) {
  const auto& faults = system_->faults();
  const bool relieves =
      action == MitigationAction::ScaleOut &&
      system_->telemetry().segments.back().services[service].utilisation >= kSaturatedUtilisation;
  for (std::size_t f = 0; f < faults.size(); ++f) {
    if (!system_->fault_active(f)) continue;
    const auto causes = cause_services(f);
    const auto fixes = fixes_for(faults[f].type);
    if ((relieves || std::find(causes.begin(), causes.end(), service) != causes.end()) &&
        std::find(fixes.begin(), fixes.end(), action) != fixes.end() &&
        possible(action, service, f))
      return f;
  }
  return std::nullopt;
}

std::optional<Refusal> Response::act(std::size_t s, const seat::Mitigate& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  if (a.service >= sc_.services.size())
    return Refusal{fmt::format("there is no service {}", a.service)};
  SeatState& seat = seats_[s];
  if (seat.attempt)
    return Refusal{fmt::format("your {} of {} is still under way", to_string(seat.attempt->action),
                               sc_.services[seat.attempt->service].name)};
  const Service& svc = sc_.services[a.service];
  if (a.replicas != 0) {
    if (a.action != MitigationAction::ScaleOut)
      return Refusal{
          fmt::format("a number of replicas is for scale_out, not {}", to_string(a.action))};
    const int now = system_->desired_replicas(a.service);
    if (a.replicas <= now)
      return Refusal{
          fmt::format("{} is set to run {} replicas already: scale out to more", svc.name, now)};
    if (a.replicas > kMaxScaleOutReplicas)
      return Refusal{fmt::format("at most {} replicas", kMaxScaleOutReplicas)};
  }
  const auto fix = seat_fix(a.action, a.service);
  // What the seat can see for itself: a third party is no deployment of ours, the change feed,
  // the topology's feature flags and providers.
  if (!fix) {
    switch (a.action) {
      case MitigationAction::Rollback:
        if (svc.external)
          return Refusal{
              fmt::format("{} is a third party: nothing of ours to roll back", svc.name)};
        if (!latest_change(a.service))
          return Refusal{fmt::format("{} has no change within the last {:.0f} min to roll back",
                                     svc.name,
                                     engine::to_seconds(sc_.policy.recent_change_window) / 60.0)};
        break;
      case MitigationAction::Restart:
      case MitigationAction::ScaleOut:
      case MitigationAction::ShedLoad:
        if (svc.external)
          return Refusal{fmt::format("{} is a third party: it cannot be {}", svc.name,
                                     a.action == MitigationAction::Restart ? "restarted"
                                     : a.action == MitigationAction::ScaleOut
                                         ? "scaled out"
                                         : "made to shed load")};
        break;
      case MitigationAction::DisableCall:
        if (std::none_of(sc_.calls.begin(), sc_.calls.end(), [&a](const Call& c) {
              return (c.callee == a.service || c.caller == a.service) && c.feature_flag;
            }))
          return Refusal{fmt::format("no call to or from {} has a feature flag", svc.name)};
        break;
      case MitigationAction::SwitchProvider:
        if (!svc.external || !svc.secondary_provider)
          return Refusal{fmt::format("{} has no second provider to switch to", svc.name)};
        break;
      default:
        break;
    }
  }
  Incident& inc = incidents_[a.incident];
  const auto [d, success] = draw_attempt(a.action);
  const MitigationReason reason = fix ? MitigationReason::Fix : MitigationReason::WrongGuess;
  const PersonRef me = *inc.seats[s].person;
  seat.attempt = SeatAttempt{a.incident, a.action, a.service, a.replicas, fix, me};
  people_.set(me, ResponderState::Mitigating, a.incident);
  ctx_->publish(ev::MitigationStarted{a.incident, a.action, a.service, reason, me});
  system_->begin_action(a.action, a.service, a.incident);
  ctx_->schedule_in(d, wev::SeatMitigationDone{s, success});
  return std::nullopt;
}

// The action ends with its real effects: a fix that worked removes its fault (or absorbs it), and
// its incident is mitigated; one that failed or fixed nothing leaves the seat to decide again.
void Response::handle(const wev::SeatMitigationDone& e) {
  SeatState& seat = seats_[e.seat];
  const SeatAttempt a = *seat.attempt;
  seat.attempt.reset();
  const PersonRef who = a.who;
  ctx_->publish(ev::MitigationFinished{a.incident, a.action, e.success,
                                       a.fix ? MitigationReason::Fix : MitigationReason::WrongGuess,
                                       who});
  if (people_.state(who) == ResponderState::Mitigating)
    people_.set(who, ResponderState::Investigating, a.incident);
  // The incident of the fault it fixes, if it fixes one, else the seat's.
  const bool fixes = a.fix && fault_incident_[*a.fix];
  const std::size_t incident = fixes ? *fault_incident_[*a.fix] : a.incident;
  bool mitigates = e.success && fixes;
  if (a.replicas == 0) {
    system_->end_action(a.action, a.service, e.success, a.fix, MitigatedBy::Responders, incident);
  } else if (e.success) {
    // A scale-out to a number absorbs the fault only once no service is saturated any more.
    system_->scale_to(a.service, a.replicas);
    const auto& now = system_->telemetry().segments.back().services;
    mitigates = mitigates && std::none_of(now.begin(), now.end(), [](const ServiceFlow& f) {
                  return f.utilisation >= kSaturatedUtilisation;
                });
  }
  // Absorbed: scaled out, calls to a third party turned off (its fault keeps acting).
  if (mitigates) mark_mitigated(incident, MitigatedBy::Responders);
  seat_work_done(e.seat, a.incident, who);
}

// Seat `s`'s work for incident `id`, done by `who`, finished: if the seat was handed to the
// policy (even if it rejoined since: the incident is no longer its), or handed the incident to a
// colleague, meanwhile, the policy takes the incident up.
void Response::seat_work_done(std::size_t s, std::size_t id, PersonRef who) {
  const SeatPart& part = incidents_[id].seats[s];
  if (seats_[s].released) {
    resume_policy(s, id, who);
  } else if (part.handed_to) {
    resume_policy(s, id, *part.handed_to);
  } else if (!part.person) {
    resume_policy(s, id, who);
  }
}

// A page ringing for the seat is answered when its person's acknowledgement, drawn when it was
// sent, falls due (now if that is past; never if they were to miss it), as it would have been
// without a seat. The seat's work under way finishes first; then the policy takes up its
// incidents.
void Response::release_seat(std::size_t s) {
  if (s >= seats_.size() || seats_[s].released) return;
  seats_[s].released = true;
  for (std::size_t id = 0; id < incidents_.size(); ++id) {
    Incident& inc = incidents_[id];
    for (std::size_t p = 0; p < inc.pages.size(); ++p) {
      TeamPage& page = inc.pages[p];
      if (!page.seat || page.seat->seat != s || page.acknowledged) continue;
      const SeatPage ringing = *page.seat;
      page.seat.reset();
      if (ringing.outcome.missed) continue;
      const SimTime at = std::max(ctx_->now(), page.level_since + ringing.outcome.ack_delay);
      page.pending_acks.push_back(ctx_->queue.schedule_at(
          at, wev::PageAck{id, p, ringing.person, ringing.outcome.ready_delay, ringing.schedule},
          kPeople));
    }
    SeatPart& part = inc.seats[s];
    if (!part.person) continue;
    const PersonRef who = *part.person;
    part.person.reset();
    resume_policy(s, id, who);
  }
}

// The people another seat took meanwhile are no longer this seat's; its own person, for a
// person's seat, cannot be given up.
std::optional<Refusal> Response::rejoin_seat(std::size_t s) {
  if (s >= seats_.size()) return Refusal{fmt::format("there is no seat {}", s)};
  SeatState& seat = seats_[s];
  if (!seat.released) return Refusal{"the seat is played already"};
  if (seat.seat.kind == Seat::Kind::Person && owner(seat.seat.person))
    return Refusal{
        fmt::format("{} is another seat's now",
                    sc_.teams[seat.seat.person.team].people[seat.seat.person.person].name)};
  std::erase_if(seat.rung, [this](PersonRef who) { return owner(who).has_value(); });
  seat.released = false;
  return std::nullopt;
}

// Returns true iff an investigation or a mitigation of seat `s`'s is under way for `incident`.
bool Response::seat_working(std::size_t s, std::size_t incident) const {
  const SeatState& seat = seats_[s];
  return (seat.step && seat.step->incident == incident) ||
         (seat.attempt && seat.attempt->incident == incident);
}

// The policy takes up incident `id` where the seat, playing `who`, left it: its shift is watched
// again, and as its investigator it triages (no severity declared yet), diagnoses from the
// symptom, or mitigates the cause it identified. In any other role, or once the incident is
// mitigated, there is nothing to take up: the policy's own responders work on and
// check_recovery resolves.
void Response::resume_policy(std::size_t s, std::size_t id, PersonRef who) {
  Incident& inc = incidents_[id];
  if (inc.resolved || seat_working(s, id)) return;  // the last of its work to finish resumes
  watch_shift(id, who, inc.seats[s].schedule);
  if (inc.investigator != who || inc.mitigated || inc.attempt || inc.work) return;
  if (!inc.severity) {
    begin_triage(id);
  } else if (inc.cause_identified) {
    choose_mitigation(id);
  } else {
    begin_diagnosis(id);
  }
}

std::optional<Refusal> Response::act(std::size_t s, const seat::PageTeam& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  if (a.team >= sc_.teams.size()) return Refusal{fmt::format("there is no team {}", a.team)};
  const auto& pages = incidents_[a.incident].pages;
  if (std::any_of(pages.begin(), pages.end(),
                  [&a](const TeamPage& p) { return p.team == a.team && !p.role; }))
    return Refusal{fmt::format("{} has been paged for incident {} already", sc_.teams[a.team].name,
                               a.incident)};
  ctx_->publish(ev::TeamEngaged{a.incident, a.team, incidents_[a.incident].seats[s].person});
  page_team(a.incident, a.team);
  return std::nullopt;
}

// The role's rotation, as the policy pages it at a severity that calls for the role.
std::optional<Refusal> Response::act(std::size_t s, const seat::PageRole& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  const auto& rotation = a.role == Role::IncidentCommander ? sc_.policy.incident_commander
                         : a.role == Role::CommsLead       ? sc_.policy.comms_lead
                                                           : sc_.policy.scribe;
  std::string role = to_string(a.role);
  std::replace(role.begin(), role.end(), '_', ' ');
  if (!rotation) return Refusal{fmt::format("the policy names no {} rotation to page", role)};
  const auto& pages = incidents_[a.incident].pages;
  if (std::any_of(pages.begin(), pages.end(), [&a](const TeamPage& p) { return p.role == a.role; }))
    return Refusal{fmt::format("{} {} has been paged for incident {} already",
                               a.role == Role::IncidentCommander ? "an" : "a", role, a.incident)};
  page_team(a.incident, rotation->team, a.role);
  return std::nullopt;
}

// Why `who` cannot be paged for `incident` by the seat (nullopt: they can).
std::optional<Refusal> Response::person_to_page(std::optional<std::size_t> s, std::size_t incident,
                                                PersonRef who) const {
  if (who.team >= sc_.teams.size() || who.person >= sc_.teams[who.team].people.size())
    return Refusal{"there is no such person"};
  const Incident& inc = incidents_[incident];
  const std::string& name = sc_.teams[who.team].people[who.person].name;
  if (s && who == inc.seats[*s].person) return Refusal{fmt::format("you are {}", name)};
  if (std::find(inc.responders.begin(), inc.responders.end(), who) != inc.responders.end())
    return Refusal{fmt::format("{} is working incident {} already", name, incident)};
  if (std::any_of(inc.pages.begin(), inc.pages.end(),
                  [&who](const TeamPage& p) { return p.person == who && !p.acknowledged; }))
    return Refusal{fmt::format("{} has been paged for incident {} already", name, incident)};
  return std::nullopt;
}

std::optional<Refusal> Response::act(std::size_t s, const seat::PagePerson& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  if (auto refused = person_to_page(s, a.incident, a.person)) return refused;
  page_directly(a.incident, a.person, std::nullopt);
  return std::nullopt;
}

// Role pages are not escalated by hand: whoever answers one takes the role.
std::optional<Refusal> Response::act(std::size_t s, const seat::Escalate& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  Incident& inc = incidents_[a.incident];
  const TeamPage answered = inc.pages[*inc.seats[s].page];
  if (answered.person)
    return Refusal{"you were paged directly, not by an escalation policy: page a person or a team"};
  if (answered.role)
    return Refusal{fmt::format("you were paged as {}: page a person or a team for help",
                               to_string(*answered.role))};
  std::size_t next = answered.level + 1;
  for (const TeamPage& p : inc.pages)
    if (p.team == answered.team && !p.role && !p.person) next = std::max(next, p.level + 1);
  const Team& team = sc_.teams[answered.team];
  if (next >= team.escalation.levels.size())
    return Refusal{
        fmt::format("{}'s escalation policy has no level after level {}", team.name, next)};
  TeamPage& page = inc.pages.emplace_back();
  page.team = answered.team;
  page.level = next;
  page.loop = answered.loop;
  ctx_->publish(
      ev::PageEscalated{a.incident, page.team, next, page.loop, std::nullopt, inc.seats[s].person});
  notify_level(a.incident, inc.pages.size() - 1);
  return std::nullopt;
}

// Someone already working the incident is briefed at once; anyone else is paged first.
std::optional<Refusal> Response::act(std::size_t s, const seat::HandOff& a) {
  if (auto refused = seat_works(s, a.incident)) return refused;
  Incident& inc = incidents_[a.incident];
  const PersonRef me = *inc.seats[s].person;
  if (std::any_of(inc.pages.begin(), inc.pages.end(),
                  [s](const TeamPage& p) { return p.handoff == s && !p.acknowledged; }) ||
      people_.state(me) == ResponderState::HandingOff)
    return Refusal{fmt::format("you are handing incident {} over already", a.incident)};
  if (const auto other = owner(a.person); other && *other != s)
    return Refusal{fmt::format("{} is another seat's: hand over to someone the policy plays",
                               sc_.teams[a.person.team].people[a.person.person].name)};
  if (std::find(inc.responders.begin(), inc.responders.end(), a.person) != inc.responders.end() &&
      a.person != me) {
    start_handoff(a.incident, me, a.person, std::nullopt, false);
    return std::nullopt;
  }
  if (auto refused = person_to_page(s, a.incident, a.person)) return refused;
  page_directly(a.incident, a.person, s);
  return std::nullopt;
}

std::optional<Refusal> Response::act(std::size_t s, const seat::AssignRole& a) {
  if (auto refused = seat_leads(s, a.incident)) return refused;
  Incident& inc = incidents_[a.incident];
  const auto& me = inc.seats[s].person;
  const bool working =
      a.person == me ||
      std::find(inc.responders.begin(), inc.responders.end(), a.person) != inc.responders.end() ||
      std::find(inc.roles.begin(), inc.roles.end(), a.person) != inc.roles.end();
  if (a.person.team >= sc_.teams.size() ||
      a.person.person >= sc_.teams[a.person.team].people.size())
    return Refusal{"there is no such person"};
  const std::string& name = sc_.teams[a.person.team].people[a.person.person].name;
  if (!working)
    return Refusal{fmt::format("{} is not working incident {}: page them first", name, a.incident)};
  if (inc.role(a.role) == a.person)
    return Refusal{fmt::format("{} is {} already", name, to_string(a.role))};
  inc.role(a.role) = a.person;
  ctx_->publish(ev::RoleAssigned{a.incident, a.role, a.person});
  if (a.person != me && a.person != inc.lead && a.person != inc.investigator)
    people_.set(a.person, ResponderState::Communicating, a.incident);
  return std::nullopt;
}

// Allowed after the incident is resolved too: the last update says so.
std::optional<Refusal> Response::act(std::size_t s, const seat::PostStatus& a) {
  if (auto refused = seat_works(s, a.incident);
      refused && !(a.incident < incidents_.size() && incidents_[a.incident].resolved &&
                   incidents_[a.incident].seats[s].person))
    return refused;
  const Incident& inc = incidents_[a.incident];
  if (!inc.severity)
    return Refusal{
        fmt::format("declare incident {}'s severity before the status page", a.incident)};
  std::string affected;
  for (const std::size_t j : a.journeys) {
    if (j >= sc_.journeys.size()) return Refusal{fmt::format("there is no journey {}", j)};
    affected += (affected.empty() ? "" : ", ") + sc_.journeys[j].name;
  }
  if (!affected.empty()) affected = "affected: " + affected + ". ";
  ctx_->publish(ev::StatusUpdatePosted{a.incident, *inc.severity,
                                       phase_heading(a.phase) + ": " + affected + a.message,
                                       inc.seats[s].person, a.journeys});
  system_->status_update_posted();
  return std::nullopt;
}

// Resolving needs what the policy's responders wait for (check_recovery): every journey's error
// ratio over the last minute within its SLO.
std::optional<Refusal> Response::act(std::size_t s, const seat::Resolve& a) {
  if (auto refused = seat_leads(s, a.incident)) return refused;
  const SimTime now = ctx_->now();
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    const double ratio = window_metric(sc_, system_->telemetry(), MetricKind::ErrorRatio,
                                       TargetKind::Journey, j, now - kResolveWindow, now);
    const double allowed = 1.0 - sc_.journeys[j].slo.objective;
    if (ratio > allowed)
      return Refusal{fmt::format(
          "{}'s error ratio over the last minute is {:.2f} %, above the {:.2f} % its SLO allows: "
          "users are still failing",
          sc_.journeys[j].name, ratio * 100.0, allowed * 100.0)};
  }
  resolve(a.incident);
  return std::nullopt;
}

}  // namespace firedrill::model::world
