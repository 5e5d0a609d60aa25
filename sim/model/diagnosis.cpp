// The search for the cause (docs/diagnosis.md): the Response's diagnosis, from the symptom to
// the service where the fault shows, each step chosen from what the responder can see.

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>

#include "sim/model/response.hpp"

namespace firedrill::model::world {
namespace {

// A trace through a hop shows which dependency failed: the chance of a red herring there is this
// share of the policy's.
constexpr double kTracedHerringShare = 0.5;

}  // namespace

// The services where responders can see the fault for what it is: its target; the caller of a
// failing call (its logs show the calls failing); the entry services of a surging journey; every
// service with replicas in a lost zone.
std::vector<std::size_t> Response::cause_services(std::size_t f) const {
  const Fault& fault = system_->faults()[f];
  switch (fault.type) {
    case FaultType::CallFailure:
      return {sc_.calls[fault.call].caller};
    case FaultType::TrafficSurge:
    case FaultType::ZoneOutage:
      return affected_services(fault);
    default:
      return {fault.service};
  }
}

bool Response::is_cause(const Incident& inc, std::size_t service) const {
  const auto causes = cause_services(inc.fault);
  return std::find(causes.begin(), causes.end(), service) != causes.end();
}

// Returns true iff the cause is at `service` or below it along the calls.
bool Response::leads_to_cause(const Incident& inc, std::size_t service) {
  const std::vector<bool>& reached = reachable_from(service);
  const auto causes = cause_services(inc.fault);
  return std::any_of(causes.begin(), causes.end(), [&](std::size_t c) { return reached[c]; });
}

// Per service: whether its own threshold or probe alert fires now (for real or spuriously).
std::vector<bool> Response::alerting_services() const {
  std::vector<bool> out(sc_.services.size(), false);
  for (const auto& [key, firing] : firing_) {
    const auto [kind, rule, condition] = key;
    if (!(firing.first || firing.second)) continue;
    if (kind == AlertRuleKind::Threshold &&
        sc_.threshold_rules[rule].target_kind == TargetKind::Service)
      out[sc_.threshold_rules[rule].target] = true;
    if (kind == AlertRuleKind::Probe && sc_.probe_rules[rule].target_kind == TargetKind::Service)
      out[sc_.probe_rules[rule].target] = true;
  }
  return out;
}

// Per service: whether the change feed shows a deploy or config push within the recent-change
// window.
std::vector<bool> Response::changed_services() const {
  std::vector<bool> out(sc_.services.size(), false);
  for (std::size_t s = 0; s < out.size(); ++s) out[s] = latest_change(s).has_value();
  return out;
}

// What the dashboards of `service` show of its dependencies now, against the system's nominal
// steady state (the dashboards' "before": the run's nominal past); `alerting` and `changed` as
// alerting_services() and changed_services() give them now.
std::vector<DependencyEvidence> Response::evidence_at(std::size_t service,
                                                      const std::vector<bool>& alerting,
                                                      const std::vector<bool>& changed) const {
  const Telemetry telemetry = system_->telemetry();
  return dependency_evidence(sc_, service, telemetry.segments.back(), telemetry.nominal_past,
                             alerting, changed);
}

// How strongly a dependency draws the responder, given the share of the trouble they see it
// explain (docs/diagnosis.md).
double Response::lead_strength(const DependencyEvidence& e, double seen_contribution) {
  return (e.alert ? kAlertLead : 0.0) + (e.change ? kChangeLead : 0.0) + seen_contribution;
}

// The chain the dashboards suggest, as a responder reads it at the start: from the symptom, the
// dependency with the strongest lead (exact shares), again and again while one leads anywhere.
// The teams owning it are the subject-matter experts worth paging.
std::vector<std::size_t> Response::suspected_chain(std::size_t from) const {
  std::vector<std::size_t> chain{from};
  std::vector<bool> in_chain(sc_.services.size(), false);  // a long chain is searched in O(1)
  in_chain[from] = true;
  const std::vector<bool> alerting = alerting_services();
  const std::vector<bool> changed = changed_services();
  for (;;) {
    const DependencyEvidence* best = nullptr;
    double strongest = 0.0;
    const auto evidence = evidence_at(chain.back(), alerting, changed);
    for (const DependencyEvidence& e : evidence) {
      if (in_chain[e.service]) continue;
      const double strength = lead_strength(e, e.contribution());
      if (strength > strongest) {
        strongest = strength;
        best = &e;
      }
    }
    if (best == nullptr) return chain;
    chain.push_back(best->service);
    in_chain[best->service] = true;
  }
}

// Following alerts: the services below the symptom whose own alerts fire, deepest (most calls
// away) first, then by name.
std::vector<std::size_t> Response::alert_leads(std::size_t from) {
  const auto pred = bfs_predecessors(from);
  const std::vector<bool> alerting = alerting_services();
  std::vector<std::size_t> leads;
  for (const std::size_t s : by_name_)
    if (s != from && alerting[s] && reachable_from(from)[s]) leads.push_back(s);
  // Each lead's depth along the search's tree, memoised: walking each lead's path to `from`
  // anew would be quadratic on a long chain of alerting services.
  constexpr std::size_t kUnknown = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> depth(pred.size(), kUnknown);
  depth[from] = 0;
  std::vector<std::size_t> path;
  for (const std::size_t s : leads) {  // reached, so the path ends at `from`
    std::size_t v = s;
    for (; depth[v] == kUnknown; v = pred[v]) path.push_back(v);
    for (std::size_t d = depth[v]; !path.empty(); path.pop_back()) depth[path.back()] = ++d;
  }
  std::stable_sort(leads.begin(), leads.end(),
                   [&](std::size_t a, std::size_t b) { return depth[a] > depth[b]; });
  return leads;
}

// The next service to inspect (docs/diagnosis.md). Following alerts, the alerting services below
// the symptom come first. Then the responder reads the dependencies of the service the search
// stands at: an unrelated anomaly may catch the eye first (the policy's red-herring chance,
// halved when a trace through the service shows which call failed); otherwise the strongest lead
// as seen (a firing alert, a share of the errors or latency, a recent change), ties by name; with
// nothing visible, a dependency at random. Once every dependency is opened without finding the
// cause, the responder finds it elsewhere (the change feed, the zone's status, asking around):
// the nearest place the cause shows.
Response::Step Response::choose_step(Incident& inc) {
  while (!inc.alert_leads.empty()) {
    const std::size_t s = inc.alert_leads.front();
    inc.alert_leads.erase(inc.alert_leads.begin());
    if (std::find(inc.inspected.begin(), inc.inspected.end(), s) != inc.inspected.end()) continue;
    return {s, !leads_to_cause(inc, s), DiagnosisLead::Alert};
  }
  const std::size_t at = inc.search_at;
  std::vector<DependencyEvidence> open;
  for (const DependencyEvidence& e : evidence_at(at, alerting_services(), changed_services()))
    if (std::find(inc.inspected.begin(), inc.inspected.end(), e.service) == inc.inspected.end())
      open.push_back(e);
  // Every dependency opened and the cause not found: the responder looks elsewhere.
  if (open.empty()) {
    const auto pred = bfs_predecessors(at);
    const auto causes = cause_services(inc.fault);
    std::size_t nearest = causes.front();
    std::size_t nearest_depth = std::numeric_limits<std::size_t>::max();
    for (const std::size_t c : by_name_) {
      if (std::find(causes.begin(), causes.end(), c) == causes.end()) continue;
      std::size_t d = 0;
      if (c != at && pred[c] == c) {
        d = std::numeric_limits<std::size_t>::max() - 1;  // not below: found another way
      } else {
        for (std::size_t v = c; v != at; v = pred[v]) ++d;
      }
      if (d < nearest_depth) {
        nearest_depth = d;
        nearest = c;
      }
    }
    return {nearest, false, DiagnosisLead::Elsewhere};
  }
  // The world's unrelated anomalies appear on dependencies off the cause's path (the model's
  // noise, not the responder's knowledge: they see only that something looks wrong there).
  std::vector<std::size_t> decoys;
  for (const DependencyEvidence& e : open)
    if (!leads_to_cause(inc, e.service)) decoys.push_back(e.service);
  auto& rng = ctx_->streams.get("diagnosis");
  const auto pick = [&rng](const std::vector<std::size_t>& from) {
    return from[boost::random::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  };
  const bool traced = sc_.policy.diagnosis == DiagnosisStrategy::FollowTraces &&
                      sc_.services[at].observability.traces;
  const bool noise = boost::random::bernoulli_distribution<double>(
      sc_.policy.responders.red_herring_probability * (traced ? kTracedHerringShare : 1.0))(rng);
  if (noise && !decoys.empty()) return {pick(decoys), true, DiagnosisLead::Noise};
  const DependencyEvidence* best = nullptr;
  double strongest = 0.0;
  double best_seen = 0.0;
  for (const DependencyEvidence& e : open) {
    double seen = 0.0;
    switch (visibility(sc_, at, e.service)) {
      case Visibility::Traced:
        seen = e.contribution();
        break;
      case Visibility::Dashboards:
        if (e.contribution() > 0.0)
          seen = e.contribution() *
                 std::exp(kDashboardSigma * boost::random::normal_distribution<double>()(rng));
        break;
      case Visibility::Blind:
        break;
    }
    const double strength = lead_strength(e, seen);
    if (strength > strongest) {
      strongest = strength;
      best = &e;
      best_seen = seen;
    }
  }
  if (best == nullptr) {
    std::vector<std::size_t> all;
    for (const DependencyEvidence& e : open) all.push_back(e.service);
    const std::size_t s = pick(all);
    return {s, !leads_to_cause(inc, s), DiagnosisLead::Guess};
  }
  DiagnosisLead lead =
      best->error_share >= best->latency_share ? DiagnosisLead::Errors : DiagnosisLead::Latency;
  if (best->alert) {
    lead = DiagnosisLead::Alert;
  } else if (best->change && best_seen < kChangeLead) {
    lead = DiagnosisLead::Change;
  }
  return {best->service, !leads_to_cause(inc, best->service), lead};
}

void Response::begin_diagnosis(std::size_t id) {
  Incident& inc = incidents_[id];
  inc.diagnosing = true;
  inc.search_at = inc.alert_service;
  inc.inspected.clear();
  inc.alert_leads.clear();
  if (sc_.policy.diagnosis == DiagnosisStrategy::FollowAlerts)
    inc.alert_leads = alert_leads(inc.alert_service);
  inc.step = {inc.alert_service, false, DiagnosisLead::Symptom};
  const auto experts = sc_.policy.page_experts_up_to;
  if (experts && inc.severity && *inc.severity <= *experts) page_experts(id);
  schedule_diagnosis_step(id);
}

// The next step of the search: a misleading one that another responder can take meanwhile
// (parallel search under an incident commander) costs no time; a step at a service of a team not
// engaged yet waits for that team's page.
void Response::next_diagnosis_step(std::size_t id) {
  Incident& inc = incidents_[id];
  inc.step = choose_step(inc);
  while (inc.step.misleading && parallel_search(inc)) {
    ctx_->publish(
        ev::DiagnosisStep{id, other_responder(inc), inc.step.service, true, inc.step.lead});
    inc.inspected.push_back(inc.step.service);
    inc.step = choose_step(inc);
  }
  const std::size_t owner = sc_.services[inc.step.service].team;
  const bool engaged = std::any_of(inc.pages.begin(), inc.pages.end(),
                                   [owner](const TeamPage& p) { return p.team == owner; });
  if (!engaged) {
    ctx_->publish(ev::TeamEngaged{id, owner, inc.investigator});
    inc.waiting_for_team = owner;
    page_team(id, owner);
    return;
  }
  schedule_diagnosis_step(id);
}

// One diagnosis step at the step's service by the investigator.
void Response::schedule_diagnosis_step(std::size_t id) {
  const Incident& inc = incidents_[id];
  schedule_work(id, step_duration(inc, inc.step.service, *inc.investigator),
                wev::DiagnosisStepDone{id});
}

// How long `who` takes to inspect `service` for the incident: the policy's lognormal median
// scaled by the service's observability, their familiarity and tiredness, a runbook for the fault
// found there, and, without an incident commander, the coordination overhead of each extra
// responder. Draws from stream "diagnosis".
SimTime Response::step_duration(const Incident& inc, std::size_t service, PersonRef who) {
  const ResponderModel& rm = sc_.policy.responders;
  const Observability& seen = sc_.services[service].observability;
  double factor = 1.0;
  if (!seen.metrics) factor *= rm.step_factor_without_metrics;
  if (!seen.logs) factor *= rm.step_factor_without_logs;
  if (!seen.traces && sc_.policy.diagnosis == DiagnosisStrategy::FollowTraces)
    factor *= rm.step_factor_without_traces;
  if (!familiar(who, service)) factor *= rm.step_factor_unfamiliar;
  if (is_cause(inc, service) && has_runbook(service, system_->faults()[inc.fault].type))
    factor *= rm.step_factor_runbook;
  // Tiredness: the pages of the last 24 hours beyond this incident's own (a wake-up counts twice).
  factor *= 1.0 + rm.fatigue_ack_per_page * std::max(0.0, people_.recent_pages(who) - 1.0);
  if (!inc.role(Role::IncidentCommander))
    factor *= 1.0 + sc_.policy.coordination_overhead_per_responder *
                        static_cast<double>(std::max<std::size_t>(1, inc.responders.size()) - 1);
  const SimTime d = lognormal(ctx_->streams.get("diagnosis"), rm.diagnosis_step_median, kWorkSigma);
  return engine::from_seconds(engine::to_seconds(d) * factor);
}

// The step is done: the responder found the cause there, found nothing there (a red herring:
// the search stays where it was), or moves the search there.
void Response::handle(const wev::DiagnosisStepDone& e) {
  Incident& inc = incidents_[e.incident];
  inc.work.reset();
  inc.work_event.reset();
  const Step step = inc.step;
  ctx_->publish(
      ev::DiagnosisStep{e.incident, *inc.investigator, step.service, step.misleading, step.lead});
  inc.inspected.push_back(step.service);
  if (is_cause(inc, step.service)) {
    inc.cause_identified = true;
    inc.cause_found_at = step.service;
    ctx_->publish(ev::CauseIdentified{e.incident, step.service, inc.investigator});
    choose_mitigation(e.incident);
    return;
  }
  if (!step.misleading) {
    inc.search_at = step.service;
    if (step.lead == DiagnosisLead::Alert) inc.alert_leads.clear();
  }
  next_diagnosis_step(e.incident);
}

}  // namespace firedrill::model::world
