#include "scoring/incident_metrics.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

#include "scoring/describe.hpp"
#include "scoring/integrals.hpp"
#include "scoring/overloaded.hpp"
#include "sim/engine/check.hpp"

namespace firedrill::scoring {
namespace {

namespace ev = model::ev;

RootCause root_cause_of(const model::Scenario& scenario, const model::Fault& fault) {
  RootCause cause;
  cause.fault = model::to_string(fault.type);
  cause.fault_id = fault.id;
  switch (fault.type) {
    case model::FaultType::CallFailure: {
      const model::Call& call = scenario.calls.at(fault.call);
      cause.service =
          scenario.services.at(call.caller).name + "->" + scenario.services.at(call.callee).name;
      break;
    }
    case model::FaultType::TrafficSurge:
      cause.service = fault.journey ? scenario.journeys.at(*fault.journey).name : "all journeys";
      break;
    case model::FaultType::NetworkPartition:
      cause.service = scenario.services.at(fault.service).name + "<->" +
                      scenario.services.at(fault.peer_service).name;
      break;
    case model::FaultType::ZoneOutage:
      cause.service = "zone " + fault.zone;
      break;
    default:
      cause.service = scenario.services.at(fault.service).name;
  }
  return cause;
}

template <typename T>
void add_unique(std::vector<T>& seen, const T& value) {
  if (std::find(seen.begin(), seen.end(), value) == seen.end()) seen.push_back(value);
}

std::optional<double> difference(std::optional<double> later, std::optional<double> earlier) {
  if (!later || !earlier) return std::nullopt;
  return *later - *earlier;
}

// What the timeline says about one incident, in simulated time; turned into metrics below.
struct Lifecycle {
  SimTime opened{0};
  std::optional<SimTime> detected, acknowledged, cause_identified, mitigated, resolved;
  std::optional<SimTime> first_declared;
  std::vector<SimTime> updates;
  std::optional<SimTime> first_report;
  std::vector<std::pair<SimTime, std::uint64_t>> ticket_silences;  // (silence, tickets)
  std::vector<model::PersonRef> people;
  std::vector<std::size_t> teams;
};

void set_once(std::optional<SimTime>& slot, SimTime at) {
  if (!slot) slot = at;
}

// The failed requests each responders' action of incident `incident` added (ActionHarm in the
// segments), with who started it and when; `window` is the incident's impact.
std::vector<HarmfulAction> harmful_actions(const model::Scenario& scenario,
                                           const model::RunRecord& record, std::size_t incident,
                                           Window window) {
  std::vector<HarmfulAction> out;
  std::vector<std::size_t> services;  // out[k]'s service index
  for (const model::Segment& seg : record.segments) {
    const double seconds = engine::to_seconds(seg.end - seg.start);
    const double inside = engine::to_seconds(std::max(
        SimTime{0}, std::min(seg.end, window.to) - std::max(seg.start, window.from)));
    for (const model::ActionHarm& h : seg.action_harm) {
      if (h.incident != incident) continue;
      std::size_t k = 0;
      while (k < out.size() && !(out[k].action == h.action && services[k] == h.service)) ++k;
      if (k == out.size()) {
        HarmfulAction& a = out.emplace_back();
        a.action = h.action;
        a.service = scenario.services.at(h.service).name;
        a.failed_requests_by_journey.assign(scenario.journeys.size(), 0.0);
        services.push_back(h.service);
      }
      HarmfulAction& a = out[k];
      for (std::size_t j = 0; j < h.failed_rps_by_journey.size(); ++j) {
        a.failed_requests_by_journey[j] += h.failed_rps_by_journey[j] * seconds;
        a.failed_requests += h.failed_rps_by_journey[j] * seconds;
        a.failed_in_impact += h.failed_rps_by_journey[j] * inside;
      }
    }
  }
  for (const model::TimelineEvent& event : record.timeline) {
    const auto* started = std::get_if<ev::MitigationStarted>(&event.payload);
    if (started == nullptr || started->incident != incident) continue;
    for (std::size_t k = 0; k < out.size(); ++k) {
      if (out[k].started_s || out[k].action != started->action || services[k] != started->service)
        continue;
      out[k].started_s = engine::to_seconds(event.at);
      if (started->by)
        out[k].by = scenario.teams.at(started->by->team).people.at(started->by->person).name;
    }
  }
  // Less than one request is numerical residue (a queueing tail), not harm anyone saw.
  std::erase_if(out, [](const HarmfulAction& a) { return a.failed_requests < kMinFailedRequests; });
  std::stable_sort(out.begin(), out.end(), [](const HarmfulAction& a, const HarmfulAction& b) {
    return a.started_s.value_or(0.0) < b.started_s.value_or(0.0);
  });
  return out;
}

}  // namespace

std::vector<ServiceStrain> strained_services(const model::Scenario& scenario,
                                             const model::RunRecord& record, SimTime from,
                                             SimTime to) {
  // A strain worth naming: saturation, or half as much load again as before.
  constexpr double kAmplification = 1.5;
  const model::Segment* before = nullptr;
  std::vector<ServiceStrain> peaks(scenario.services.size());
  for (const model::Segment& seg : record.segments) {
    if (seg.start < from && seg.end >= from) before = &seg;
    if (seg.end <= from || seg.start >= to) continue;
    for (std::size_t s = 0; s < peaks.size(); ++s) {
      peaks[s].peak_load_rps = std::max(peaks[s].peak_load_rps, seg.services[s].load_rps);
      peaks[s].peak_utilisation =
          std::max(peaks[s].peak_utilisation, seg.services[s].utilisation);
    }
  }
  std::vector<ServiceStrain> strained;
  for (std::size_t s = 0; s < peaks.size(); ++s) {
    ServiceStrain& p = peaks[s];
    p.service = scenario.services[s].name;
    if (before) p.load_before_rps = before->services[s].load_rps;
    const bool amplified = p.load_before_rps > 0.0 &&
                           p.peak_load_rps >= kAmplification * p.load_before_rps;
    if (p.peak_utilisation >= 1.0 || amplified) strained.push_back(p);
  }
  return strained;
}

bool is_engaged(model::ResponderState s) {
  switch (s) {
    case model::ResponderState::OffDuty:
    case model::ResponderState::Asleep:
    case model::ResponderState::Available:
    case model::ResponderState::Paged:
      return false;
    case model::ResponderState::Acknowledging:
    case model::ResponderState::Triaging:
    case model::ResponderState::Investigating:
    case model::ResponderState::Mitigating:
    case model::ResponderState::Communicating:
    case model::ResponderState::HandingOff:
      return true;
  }
  return false;
}

EngagedTime engaged_time(const model::RunRecord& record, std::size_t incidents) {
  struct Since {
    model::PersonRef who;
    model::ResponderState state;
    std::optional<std::size_t> incident;
    SimTime since;
  };
  EngagedTime out;
  out.by_incident_s.assign(incidents, 0.0);
  const auto add = [&out](const Since& s, SimTime until) {
    if (!is_engaged(s.state)) return;
    const double seconds = engine::to_seconds(until - s.since);
    if (s.incident) {
      FIREDRILL_CHECK(*s.incident < out.by_incident_s.size(), "responder engaged on incident " +
                                                                  std::to_string(*s.incident) +
                                                                  " that was never opened");
      out.by_incident_s[*s.incident] += seconds;
    } else {
      out.no_incident_s += seconds;
    }
  };
  std::vector<Since> people;  // each person's last state; few people, so a linear search
  for (const model::TimelineEvent& event : record.timeline) {
    const auto* change = std::get_if<ev::ResponderChanged>(&event.payload);
    if (change == nullptr) continue;
    const auto it = std::find_if(people.begin(), people.end(),
                                 [change](const Since& s) { return s.who == change->who; });
    if (it == people.end()) {
      people.push_back({change->who, change->state, change->incident, event.at});
      continue;
    }
    add(*it, event.at);
    *it = {change->who, change->state, change->incident, event.at};
  }
  for (const Since& s : people) add(s, std::max(s.since, record.duration));
  return out;
}

std::optional<std::size_t> incident_of(const model::EventPayload& payload) {
  return std::visit(
      [](const auto& e) -> std::optional<std::size_t> {
        if constexpr (requires { e.incident; }) {
          return e.incident;
        } else {
          return std::nullopt;
        }
      },
      payload);
}

bool hurt_users(const IncidentMetrics& m) {
  return had_impact(m.impact) ||
         (m.impact_evidence && m.impact_evidence->signal == ImpactSignal::Latency);
}

std::vector<IncidentMetrics> measure_incidents(const model::Scenario& scenario,
                                               const model::RunRecord& record) {
  std::vector<IncidentMetrics> incidents;
  std::vector<Lifecycle> lives;
  for (const model::TimelineEvent& event : record.timeline) {
    const auto* opened = std::get_if<ev::IncidentOpened>(&event.payload);
    if (opened == nullptr) continue;
    FIREDRILL_CHECK(opened->incident == incidents.size(),
                    "incident " + std::to_string(opened->incident) + " opened out of order");
    IncidentMetrics m;
    m.index = opened->incident;
    m.id = "INC-" + std::to_string(opened->incident + 1);
    m.fault = opened->fault;
    m.root_cause = root_cause_of(scenario, record.faults.at(opened->fault));
    m.fault_start_s = engine::to_seconds(event.at);
    incidents.push_back(std::move(m));
    Lifecycle life;
    life.opened = event.at;
    lives.push_back(std::move(life));
  }

  for (const model::TimelineEvent& event : record.timeline) {
    const std::optional<std::size_t> index = incident_of(event.payload);
    if (!index) continue;
    FIREDRILL_CHECK(*index < incidents.size(),
                    "event for incident " + std::to_string(*index) + " that was never opened");
    IncidentMetrics& m = incidents[*index];
    Lifecycle& life = lives[*index];
    const SimTime at = event.at;
    std::visit(
        Overloaded{
            [](const ev::IncidentOpened&) {},
            [&](const ev::IncidentDetected& e) {
              if (life.detected) return;
              life.detected = at;
              m.detected_by = DetectingAlert{e.kind, e.rule, rule_name(scenario, e.kind, e.rule)};
            },
            [&](const ev::PageSent& e) {
              ++m.pages;
              if (e.after_hours) ++m.after_hours_pages;
              if (e.woke) ++m.wake_ups;
              add_unique(life.teams, e.to.team);
            },
            [&](const ev::PageAcknowledged& e) {
              set_once(life.acknowledged, at);
              add_unique(life.people, e.by);
            },
            [&](const ev::PageEscalated& e) {
              ++m.escalations;
              add_unique(life.teams, e.team);
            },
            [&](const ev::EscalationExhausted&) { m.escalation_exhausted = true; },
            [&](const ev::SeverityDeclared& e) {
              if (!m.severity || e.severity < *m.severity) m.severity = e.severity;
              set_once(life.first_declared, at);
              SeverityChange& c = m.severity_history.emplace_back();
              c.at_s = engine::to_seconds(at);
              c.severity = e.severity;
              c.previous = e.previous;
              c.failed_share = e.failed_share;
              if (e.journey) c.journey = scenario.journeys.at(*e.journey).name;
              if (e.by) c.by = scenario.teams.at(e.by->team).people.at(e.by->person).name;
              c.misjudged = e.misjudged;
            },
            [&](const ev::DiagnosisStep& e) {
              ++m.diagnosis_steps;
              if (e.red_herring) ++m.red_herrings;
              add_unique(life.people, e.by);
            },
            [&](const ev::CauseIdentified&) { set_once(life.cause_identified, at); },
            [&](const ev::TeamEngaged& e) { add_unique(life.teams, e.team); },
            [&](const ev::MitigationStarted&) { ++m.mitigation_attempts; },
            [&](const ev::MitigationFinished& e) {
              if (!e.success) ++m.failed_mitigations;
            },
            [&](const ev::IncidentMitigated& e) {
              if (!life.mitigated) m.mitigated_by = e.by;
              set_once(life.mitigated, at);
            },
            [&](const ev::StatusUpdatePosted&) {
              ++m.status_updates;
              life.updates.push_back(at);
            },
            [&](const ev::IncidentResolved&) { set_once(life.resolved, at); },
            [](const ev::ResponderChanged&) {},
            [&](const ev::RoleAssigned& e) {
              add_unique(life.people, e.who);
              m.roles.push_back(
                  {e.role, scenario.teams.at(e.who.team).people.at(e.who.person).name});
            },
            [&](const ev::CustomerReported&) { set_once(life.first_report, at); },
            [&](const ev::SupportTicketOpened& e) {
              life.ticket_silences.emplace_back(e.silence, e.count);
            },
            [](const auto&) {},
        },
        event.payload);
  }

  const EngagedTime engaged = engaged_time(record, incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    IncidentMetrics& m = incidents[i];
    const Lifecycle& life = lives[i];
    m.person_hours = engaged.by_incident_s[i] / 3600.0;
    m.time_to_mitigate_breakdown = time_to_mitigate_breakdown(scenario, record, i);
    auto seconds = [](std::optional<SimTime> t) -> std::optional<double> {
      if (!t) return std::nullopt;
      return engine::to_seconds(*t);
    };
    m.detected_s = seconds(life.detected);
    m.acknowledged_s = seconds(life.acknowledged);
    m.cause_identified_s = seconds(life.cause_identified);
    m.mitigated_s = seconds(life.mitigated);
    m.resolved_s = seconds(life.resolved);
    // Impact starts when users start failing (impact_start.hpp), not when the fault starts: a
    // memory leak can act for many minutes before the first request fails.
    const UserImpact users(scenario, record, m.fault, life.opened);
    m.impact_evidence = incident_impact_start(scenario, record, i);
    Window window{life.opened, life.opened};  // no impact: nothing is counted
    if (m.impact_evidence) {
      const SimTime start = m.impact_evidence->at;
      m.impact_start_s = engine::to_seconds(start);
      // An alert can fire on a symptom before any user fails: then there was nothing left to
      // detect, not a negative time.
      if (m.detected_s) m.ttd_s = std::max(0.0, *m.detected_s - *m.impact_start_s);
      m.ttm_s = difference(m.mitigated_s, m.impact_start_s);
      m.ttr_s = difference(m.resolved_s, m.impact_start_s);

      // Impact outlasts the fix while queues drain or a storm sustains itself: it ends with the
      // last SLO breach before the resolution. Nobody confirms the recovery of an incident no
      // one detected, so its impact ends when its fault stops acting.
      const std::optional<SimTime> over =
          life.resolved   ? std::optional<SimTime>(users.resolved_end(start, *life.resolved))
          : life.detected ? std::nullopt
                          : life.mitigated;
      const SimTime impact_end = std::max(start, over.value_or(record.duration));
      m.impact_end_s = engine::to_seconds(impact_end);
      m.impact_over = over.has_value();
      window = Window{start, impact_end};
    }
    m.tta_s = difference(m.acknowledged_s, m.detected_s);
    // Only the journeys the fault reaches: overlapping incidents on other journeys keep theirs.
    m.impact = measure_impact(scenario, record.segments, window, users.reachable());
    m.harmful_actions = harmful_actions(scenario, record, i, window);
    double harm = 0.0;
    for (const HarmfulAction& a : m.harmful_actions) harm += a.failed_in_impact;
    m.failed_requests_by_fault = std::max(0.0, m.impact.failed_requests - harm);
    // Strain from the fault's start: load that piled up before users failed led to the impact,
    // and the load before the fault is the normal one.
    m.strained_services = strained_services(scenario, record, life.opened, window.to);

    for (const model::PersonRef& p : life.people) {
      m.responders.push_back(scenario.teams.at(p.team).people.at(p.person).name);
    }
    for (const std::size_t t : life.teams) m.teams_engaged.push_back(scenario.teams.at(t).name);

    if (!life.updates.empty()) {
      m.time_to_first_update_s = difference(engine::to_seconds(life.updates.front()), m.detected_s);
    }
    // Gaps between consecutive updates, from `from` to the resolution (or the run's end).
    const auto longest_gap = [&](SimTime from) {
      const SimTime end = std::max(from, life.resolved.value_or(record.duration));
      SimTime last = from;
      SimTime longest{0};
      for (const SimTime u : life.updates) {
        if (u < last || u > end) continue;
        longest = std::max(longest, u - last);
        last = u;
      }
      return engine::to_seconds(std::max(longest, end - last));
    };
    // What customers saw: silence from the moment they began to fail.
    if (m.impact_start_s) m.customer_silence_s = longest_gap(engine::from_seconds(*m.impact_start_s));
    if (life.first_declared) {
      // The policy's view: the first update is owed one cadence after declaring, the next one
      // after that.
      m.longest_silence_s = longest_gap(*life.first_declared);
    }

    m.first_customer_report_s = seconds(life.first_report);
    const auto& cadence =
        m.severity ? scenario.policy.status_update_cadence[static_cast<std::size_t>(*m.severity)]
                   : std::nullopt;
    const SimTime threshold = cadence.value_or(scenario.customers.silence_doubling);
    m.silence_threshold_s = engine::to_seconds(threshold);
    m.support_tickets = 0;
    m.support_tickets_in_silence = 0;
    for (const auto& [silence, tickets] : life.ticket_silences) {
      m.support_tickets += tickets;
      if (silence > threshold) m.support_tickets_in_silence += tickets;
    }

    m.score_breakdown = score_incident(m, scenario.policy);
    m.score = m.score_breakdown.total();
  }
  return incidents;
}

}  // namespace firedrill::scoring
