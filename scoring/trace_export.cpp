#include "scoring/trace_export.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "scoring/incident_metrics.hpp"
#include "scoring/integrals.hpp"
#include "scoring/overloaded.hpp"
#include "scoring/time_breakdown.hpp"

namespace firedrill::scoring {
namespace {

namespace ev = model::ev;
using Json = nlohmann::ordered_json;

// Samples of the cumulative error budget inside a failing segment, so that its rise reads as a
// ramp rather than a step at the segment's end.
constexpr SimTime kBudgetSampleInterval = std::chrono::minutes(1);

std::int64_t micros(SimTime t) { return t.count() * 1000; }

std::int64_t pid_of(TraceProcess p) { return static_cast<std::int64_t>(p); }

struct Span {
  SimTime start{0};
  SimTime end{0};
  std::string name;
  const char* category = "";
  Json args;
};

struct Instant {
  SimTime at{0};
  std::string name;
  const char* category = "";
  Json args;
};

// What one track of the viewer shows before it is laid out on threads.
struct Track {
  std::string name;
  std::vector<Span> spans;
  std::vector<Instant> instants;

  // Empty intervals show nothing and are dropped.
  void span(SimTime start, SimTime end, std::string span_name, const char* category,
            Json args = Json::object()) {
    if (end > start) spans.push_back({start, end, std::move(span_name), category, std::move(args)});
  }
  void instant(SimTime at, std::string instant_name, const char* category, Json args) {
    instants.push_back({at, std::move(instant_name), category, std::move(args)});
  }
  bool empty() const { return spans.empty() && instants.empty(); }
};

// The events of the trace: metadata first, then everything else in (time, process, thread)
// order; on one thread, complete events before instants and longer spans before the spans they
// contain, so that a viewer reading in order sees every parent before its children.
class Events {
 public:
  void metadata(const char* name, std::int64_t pid, std::int64_t tid, Json args) {
    Json e;
    e["name"] = name;
    e["ph"] = "M";
    e["ts"] = 0;
    e["pid"] = pid;
    e["tid"] = tid;
    e["args"] = std::move(args);
    metadata_.push_back(std::move(e));
  }

  void complete(const Span& s, std::int64_t pid, std::int64_t tid) {
    Json e;
    e["name"] = s.name;
    e["cat"] = s.category;
    e["ph"] = "X";
    e["ts"] = micros(s.start);
    e["dur"] = micros(s.end - s.start);
    e["pid"] = pid;
    e["tid"] = tid;
    e["args"] = s.args;
    add({micros(s.start), pid, tid, 0, -micros(s.end - s.start), next_++}, std::move(e));
  }

  void instant(const Instant& i, std::int64_t pid, std::int64_t tid) {
    Json e;
    e["name"] = i.name;
    e["cat"] = i.category;
    e["ph"] = "i";
    e["ts"] = micros(i.at);
    e["pid"] = pid;
    e["tid"] = tid;
    e["s"] = "t";
    e["args"] = i.args;
    add({micros(i.at), pid, tid, 1, 0, next_++}, std::move(e));
  }

  void counter(const std::string& name, TraceProcess process, SimTime at, double value) {
    Json e;
    e["name"] = name;
    e["cat"] = "counter";
    e["ph"] = "C";
    e["ts"] = micros(at);
    e["pid"] = pid_of(process);
    e["tid"] = 0;
    e["args"] = Json{{"value", value + 0.0}};  // + 0.0: no "-0" in the output
    add({micros(at), pid_of(process), 0, 2, 0, next_++}, std::move(e));
  }

  // The events, one a line, in their order.
  std::string lines() {
    std::stable_sort(timed_.begin(), timed_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    const auto append = [&out](const Json& e) {
      if (!out.empty()) out += ",\n";
      out += e.dump();
    };
    for (const Json& e : metadata_) append(e);
    for (const auto& [key, e] : timed_) append(e);
    return out;
  }

 private:
  // (ts, pid, tid, kind: X, i, C, −dur, insertion order)
  using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t, int, std::int64_t, std::size_t>;
  void add(Key key, Json e) { timed_.emplace_back(key, std::move(e)); }

  std::vector<Json> metadata_;
  std::vector<std::pair<Key, Json>> timed_;
  std::size_t next_ = 0;
};

// Lays out the tracks of one process as threads, tids from 1 in track order. Complete events on
// one thread must nest perfectly, so each track's spans, longest first among equal starts, go to
// the first lane where they nest inside what is open there, or to a new lane; lane 0 is the
// track's own thread, lane k an extra thread "<track> (lane k+1)" right after it. Instants go to
// lane 0. Tracks without events are skipped unless `keep_empty`.
void lay_out(TraceProcess process, const char* process_name, std::vector<Track>& tracks,
             bool keep_empty, Events& events) {
  const std::int64_t pid = pid_of(process);
  events.metadata("process_name", pid, 0, Json{{"name", process_name}});
  events.metadata("process_sort_index", pid, 0, Json{{"sort_index", pid}});
  std::int64_t next_tid = 1;
  for (Track& track : tracks) {
    if (track.empty() && !keep_empty) continue;
    std::stable_sort(track.spans.begin(), track.spans.end(), [](const Span& a, const Span& b) {
      return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<std::vector<SimTime>> open;  // per lane: ends of its open spans, innermost last
    std::vector<std::size_t> lane_of(track.spans.size());
    for (std::size_t i = 0; i < track.spans.size(); ++i) {
      const Span& s = track.spans[i];
      std::size_t lane = 0;
      for (; lane < open.size(); ++lane) {
        auto& ends = open[lane];
        while (!ends.empty() && ends.back() <= s.start) ends.pop_back();
        if (ends.empty() || s.end <= ends.back()) break;
      }
      if (lane == open.size()) open.emplace_back();
      open[lane].push_back(s.end);
      lane_of[i] = lane;
    }
    const std::size_t lanes = std::max<std::size_t>(open.size(), 1);
    const std::int64_t first_tid = next_tid;
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      const std::int64_t tid = next_tid++;
      const std::string name =
          lane == 0 ? track.name : track.name + " (lane " + std::to_string(lane + 1) + ")";
      events.metadata("thread_name", pid, tid, Json{{"name", name}});
      events.metadata("thread_sort_index", pid, tid, Json{{"sort_index", tid}});
    }
    for (std::size_t i = 0; i < track.spans.size(); ++i)
      events.complete(track.spans[i], pid, first_tid + static_cast<std::int64_t>(lane_of[i]));
    for (const Instant& instant : track.instants) events.instant(instant, pid, first_tid);
  }
}

// The service an alert watches; for a journey, its entry service.
std::size_t watched_service(const model::Scenario& scenario, model::AlertRuleKind kind,
                            std::size_t rule) {
  const auto entry = [&](std::size_t journey) {
    return scenario.journeys.at(journey).entry_service;
  };
  switch (kind) {
    case model::AlertRuleKind::Threshold: {
      const model::ThresholdRule& r = scenario.threshold_rules.at(rule);
      return r.target_kind == model::TargetKind::Service ? r.target : entry(r.target);
    }
    case model::AlertRuleKind::BurnRate:
      return entry(scenario.burn_rate_rules.at(rule).journey);
    case model::AlertRuleKind::Probe: {
      const model::ProbeRule& r = scenario.probe_rules.at(rule);
      return r.target_kind == model::TargetKind::Service ? r.target : entry(r.target);
    }
    case model::AlertRuleKind::CustomerReport:
      return entry(rule);
  }
  return 0;
}

bool at_rest(model::ResponderState s) {
  return s == model::ResponderState::OffDuty || s == model::ResponderState::Asleep ||
         s == model::ResponderState::Available;
}

// The name of an event's instant on its incident's track; nullptr for events shown otherwise
// (the incident's span and phases) or not at all.
const char* incident_instant(const model::EventPayload& payload) {
  return std::visit(Overloaded{
                        [](const ev::IncidentDetected&) { return "detected"; },
                        [](const ev::PageSent&) { return "page"; },
                        [](const ev::PageAcknowledged&) { return "acknowledged"; },
                        [](const ev::PageEscalated&) { return "escalated"; },
                        [](const ev::EscalationExhausted&) { return "escalation exhausted"; },
                        [](const ev::SeverityDeclared&) { return "severity declared"; },
                        [](const ev::DiagnosisStep&) { return "diagnosis step"; },
                        [](const ev::CauseIdentified&) { return "cause identified"; },
                        [](const ev::TeamEngaged&) { return "team engaged"; },
                        [](const ev::RoleAssigned&) { return "role assigned"; },
                        [](const ev::StatusUpdatePosted&) { return "status update"; },
                        [](const ev::CustomerReported&) { return "customer report"; },
                        [](const ev::SupportTicketOpened&) { return "support ticket"; },
                        [](const ev::MitigationUnavailable&) { return "no mitigation possible"; },
                        [](const ev::Handoff&) { return "handoff"; },
                        [](const ev::IncidentMitigated&) { return "mitigated"; },
                        [](const ev::IncidentResolved&) { return "resolved"; },
                        [](const auto&) -> const char* { return nullptr; },
                    },
                    payload);
}

Json describe(const model::Scenario& scenario, const model::RunRecord& record,
              const model::TimelineEvent& event) {
  return Json{{"description", describe_event(scenario, record, event)}};
}

std::vector<Track> service_tracks(const model::Scenario& scenario, const model::RunRecord& record) {
  std::vector<Track> tracks(scenario.services.size());
  for (std::size_t s = 0; s < tracks.size(); ++s) tracks[s].name = scenario.services[s].name;
  const SimTime end = record.duration;

  std::vector<std::optional<SimTime>> fault_since(record.faults.size());
  const auto close_fault = [&](std::size_t f, SimTime at, std::optional<bool> mitigated) {
    if (!fault_since[f]) return;
    const model::Fault& fault = record.faults[f];
    Json args{{"fault", model::to_string(fault.type)},
              {"description", describe_fault(scenario, fault)}};
    if (mitigated) args["mitigated"] = *mitigated;
    for (std::size_t s : fault_services(scenario, fault))
      tracks.at(s).span(*fault_since[f], at, fault.id, "fault", args);
    fault_since[f].reset();
  };

  // Firing alerts by (kind, rule, condition, spurious): when and at what value they fired.
  using AlertKey = std::tuple<int, std::size_t, std::size_t, bool>;
  std::map<AlertKey, std::pair<SimTime, ev::AlertChanged>> firing;
  const auto close_alert = [&](const std::pair<SimTime, ev::AlertChanged>& open, SimTime at) {
    const ev::AlertChanged& a = open.second;
    Json args{{"kind", kind_name(a.kind)},
              {"severity", model::to_string(a.severity)},
              {"value_at_firing", a.value + 0.0}};
    if (a.spurious) args["spurious"] = true;
    std::string name = rule_name(scenario, a.kind, a.rule);
    if (a.spurious) name += " (spurious)";
    tracks.at(watched_service(scenario, a.kind, a.rule))
        .span(open.first, at, std::move(name), "alert", std::move(args));
  };

  std::map<std::size_t, SimTime> breaker_since;
  const auto close_breaker = [&](std::size_t call, SimTime at) {
    const model::Call& c = scenario.calls.at(call);
    tracks.at(c.caller).span(breaker_since.at(call), at,
                             "breaker open: " + scenario.services.at(c.callee).name, "breaker");
    breaker_since.erase(call);
  };

  for (const model::TimelineEvent& event : record.timeline) {
    const SimTime at = event.at;
    std::visit(Overloaded{
                   [&](const ev::FaultInjected& e) {
                     if (!fault_since.at(e.fault)) fault_since[e.fault] = at;
                   },
                   [&](const ev::FaultCleared& e) { close_fault(e.fault, at, e.mitigated); },
                   [&](const ev::AlertChanged& e) {
                     const AlertKey key{static_cast<int>(e.kind), e.rule, e.condition, e.spurious};
                     const auto open = firing.find(key);
                     if (e.state == model::AlertState::Firing && open == firing.end()) {
                       firing.emplace(key, std::pair{at, e});
                     } else if (e.state != model::AlertState::Firing && open != firing.end()) {
                       close_alert(open->second, at);
                       firing.erase(open);
                     }
                   },
                   [&](const ev::BreakerChanged& e) {
                     if (e.open && !breaker_since.contains(e.call)) breaker_since[e.call] = at;
                     if (!e.open && breaker_since.contains(e.call)) close_breaker(e.call, at);
                   },
                   [&](const ev::Autoscaled& e) {
                     tracks.at(e.service).instant(at, e.ready ? "replicas ready" : "autoscaled",
                                                  "automation", describe(scenario, record, event));
                   },
                   [&](const ev::AutoRemediation& e) {
                     tracks.at(e.service).instant(at, "auto-remediation", "automation",
                                                  describe(scenario, record, event));
                   },
                   [](const auto&) {},
               },
               event.payload);
  }
  // What is still open runs to the end of the run.
  for (std::size_t f = 0; f < fault_since.size(); ++f) close_fault(f, end, std::nullopt);
  for (const auto& [key, open] : firing) close_alert(open, end);
  while (!breaker_since.empty()) close_breaker(breaker_since.begin()->first, end);
  return tracks;
}

std::vector<Track> responder_tracks(const model::Scenario& scenario, const model::RunRecord& record,
                                    const std::vector<IncidentMetrics>& incidents) {
  struct Person {
    Track track;
    std::optional<ev::ResponderChanged> state;
    SimTime since{0};
  };
  std::map<std::pair<std::size_t, std::size_t>, Person> people;  // by (team, person)
  const auto person = [&](model::PersonRef who) -> Person& {
    Person& p = people[{who.team, who.person}];
    if (p.track.name.empty())
      p.track.name = person_name(scenario, who) + " (" + scenario.teams.at(who.team).name + ")";
    return p;
  };
  const auto close = [&](Person& p, SimTime at) {
    if (!p.state || at_rest(p.state->state)) return;
    Json args = Json::object();
    if (p.state->incident) args["incident"] = incidents.at(*p.state->incident).id;
    p.track.span(p.since, at, model::to_string(p.state->state), "responder", std::move(args));
  };

  for (const model::TimelineEvent& event : record.timeline) {
    const SimTime at = event.at;
    std::visit(Overloaded{
                   [&](const ev::ResponderChanged& e) {
                     Person& p = person(e.who);
                     close(p, at);
                     p.state = e;
                     p.since = at;
                   },
                   [&](const ev::FalseAlarmPaged& e) {
                     person(e.to).track.instant(at, "false alarm page", "false_alarm",
                                                describe(scenario, record, event));
                   },
                   [&](const ev::FalseAlarmClosed& e) {
                     if (e.by)
                       person(*e.by).track.instant(at, "false alarm closed", "false_alarm",
                                                   describe(scenario, record, event));
                   },
                   [](const auto&) {},
               },
               event.payload);
  }
  std::vector<Track> tracks;
  for (auto& [ref, p] : people) {
    close(p, record.duration);
    tracks.push_back(std::move(p.track));
  }
  return tracks;
}

std::vector<Track> incident_tracks(const model::Scenario& scenario, const model::RunRecord& record,
                                   const std::vector<IncidentMetrics>& incidents) {
  const auto at_s = [](double s) { return engine::from_seconds(s); };
  std::vector<Track> tracks(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const IncidentMetrics& m = incidents[i];
    Track& track = tracks[i];
    track.name = m.id + " " + m.root_cause.fault_id;
    // The incident's span covers what users felt; a fault that never hurt them spans its
    // response from the fault's start.
    const SimTime start = at_s(m.impact_start_s.value_or(m.fault_start_s));
    const SimTime end = std::max(start, m.resolved_s ? at_s(*m.resolved_s) : record.duration);
    Json args{{"fault", m.root_cause.fault_id},
              {"fault_type", m.root_cause.fault},
              {"root_cause", m.root_cause.service},
              {"resolved", m.resolved_s.has_value()},
              {"fault_start_s", m.fault_start_s},
              {"impact_start_s", m.impact_start_s ? Json(*m.impact_start_s) : Json(nullptr)}};
    if (m.severity) args["severity"] = model::to_string(*m.severity);
    track.span(start, end, m.id, "incident", std::move(args));
    for (const Phase& p : m.time_to_mitigate_breakdown.phases) {
      track.span(at_s(p.start_s), at_s(p.end_s), phase_title(p.kind), "phase",
                 Json{{"phase", to_string(p.kind)}, {"description", describe_phase(p)}});
    }
    if (m.mitigated_s) {
      track.span(at_s(*m.mitigated_s), end, "Resolution", "phase",
                 Json{{"phase", "resolution"}, {"resolved", m.resolved_s.has_value()}});
    }
  }
  for (const model::TimelineEvent& event : record.timeline) {
    const char* name = incident_instant(event.payload);
    const std::optional<std::size_t> incident = incident_of(event.payload);
    if (!name || !incident || *incident >= tracks.size()) continue;
    tracks[*incident].instant(event.at, name, "incident", describe(scenario, record, event));
  }
  return tracks;
}

// Appends `value` at `at` unless it repeats the last sample of the series (and `always` is
// false).
void sample(std::vector<std::pair<SimTime, double>>& series, SimTime at, double value,
            bool always = false) {
  if (!std::isfinite(value)) return;
  if (!always && !series.empty() && series.back().second == value) return;
  series.emplace_back(at, value);
}

void counters(const model::Scenario& scenario, const model::RunRecord& record, Events& events) {
  const auto emit = [&](const std::string& name, TraceProcess process,
                        const std::vector<std::pair<SimTime, double>>& series) {
    for (const auto& [at, value] : series) events.counter(name, process, at, value);
  };
  for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
    const model::Journey& journey = scenario.journeys[j];
    std::vector<std::pair<SimTime, double>> ratio;
    std::vector<std::pair<SimTime, double>> budget_series;
    const double budget = error_budget_requests(journey);
    double failed = 0.0;  // requests failed since the run's start
    for (const model::Segment& seg : record.segments) {
      if (seg.end <= seg.start) continue;
      const model::JourneyFlow& flow = seg.journeys.at(j);
      const double failed_rps = std::max(0.0, flow.offered_rps - flow.good_rps);
      sample(ratio, seg.start,
             flow.offered_rps > 0.0 ? std::clamp(failed_rps / flow.offered_rps, 0.0, 1.0) : 0.0);
      if (budget <= 0.0) continue;
      sample(budget_series, seg.start, failed / budget);
      if (failed_rps > 0.0) {
        for (SimTime t = seg.start + kBudgetSampleInterval; t < seg.end; t += kBudgetSampleInterval)
          sample(budget_series, t,
                 (failed + failed_rps * engine::to_seconds(t - seg.start)) / budget);
      }
      failed += failed_rps * engine::to_seconds(seg.end - seg.start);
    }
    if (budget > 0.0) sample(budget_series, record.duration, failed / budget, true);
    emit(journey.name + " error ratio", TraceProcess::Journeys, ratio);
    emit(journey.name + " error budget consumed", TraceProcess::Journeys, budget_series);
  }
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    std::vector<std::pair<SimTime, double>> utilisation;
    for (const model::Segment& seg : record.segments)
      if (seg.end > seg.start) sample(utilisation, seg.start, seg.services.at(s).utilisation);
    emit(scenario.services[s].name + " utilisation", TraceProcess::Services, utilisation);
  }
}

}  // namespace

std::string trace_json(const model::Scenario& scenario, const model::RunRecord& record) {
  const std::vector<IncidentMetrics> incidents = measure_incidents(scenario, record);
  std::vector<Track> services = service_tracks(scenario, record);
  std::vector<Track> responders = responder_tracks(scenario, record, incidents);
  std::vector<Track> incident = incident_tracks(scenario, record, incidents);

  Events events;
  lay_out(TraceProcess::Services, "services", services, true, events);
  lay_out(TraceProcess::Responders, "responders", responders, false, events);
  lay_out(TraceProcess::Incidents, "incidents", incident, true, events);
  events.metadata("process_name", pid_of(TraceProcess::Journeys), 0, Json{{"name", "journeys"}});
  events.metadata("process_sort_index", pid_of(TraceProcess::Journeys), 0,
                  Json{{"sort_index", pid_of(TraceProcess::Journeys)}});
  counters(scenario, record, events);

  Json other;
  other["scenario"] = scenario.name;
  other["seed"] = record.seed;
  other["start_utc"] = format_utc(scenario.run.start_unix_s, SimTime{0});
  other["duration_s"] = engine::to_seconds(record.duration);
  // One event a line: valid JSON that still diffs well.
  return "{\"displayTimeUnit\":\"ms\",\n\"otherData\":" + other.dump() + ",\n\"traceEvents\":[\n" +
         events.lines() + "\n]}\n";
}

}  // namespace firedrill::scoring
