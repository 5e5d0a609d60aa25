// SeatView: the seat's protocol (docs/seat-protocol.md) over a run that someone else drives.

#include "app/seat_view.hpp"

#include <algorithm>

#include "scoring/dashboard.hpp"
#include "scoring/describe.hpp"
#include "scoring/incident_channel.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/on_call.hpp"
#include "sim/model/schedule.hpp"
#include "sim/scenario/seat_action.hpp"

namespace firedrill::app {
namespace {

using model::SimTime;
using nlohmann::ordered_json;

double seconds(SimTime t) { return engine::to_seconds(t); }

}  // namespace

SeatView::SeatView(const model::Scenario& scenario, const model::Run& run,
                   model::Recorder& recorder, std::size_t seat, Emit emit)
    : sc_(scenario), run_(run), recorder_(recorder), seat_(seat), emit_(std::move(emit)) {}

void SeatView::briefing(const std::string& seat_text) {
  ordered_json services = ordered_json::array();
  for (const auto& s : sc_.services)
    services.push_back({{"name", s.name},
                        {"team", sc_.teams[s.team].name},
                        {"metrics", s.observability.metrics},
                        {"logs", s.observability.logs},
                        {"traces", s.observability.traces},
                        {"runbooks", s.runbooks.size()}});
  ordered_json journeys = ordered_json::array();
  for (const auto& j : sc_.journeys)
    journeys.push_back({{"name", j.name},
                        {"entry", sc_.services[j.entry_service].name},
                        {"slo", j.slo.objective}});
  ordered_json teams = ordered_json::array();
  for (const auto& t : sc_.teams) {
    ordered_json people = ordered_json::array();
    for (const auto& p : t.people) people.push_back(p.name);
    teams.push_back({{"name", t.name}, {"people", people}});
  }
  ordered_json line{{"type", "briefing"}, {"scenario", sc_.name}};
  // A training drill's purpose is the trainer's: it may say what goes wrong.
  if (!sc_.briefing) line["purpose"] = sc_.purpose;
  line.update(ordered_json{{"seat", seat_text},
                           {"start_unix_s", sc_.run.start_unix_s},
                           {"duration_s", seconds(sc_.run.duration)},
                           {"services", services},
                           {"journeys", journeys},
                           {"teams", teams},
                           {"acts", model::kSeatActionNames}});
  // A training drill's own words for the seat (docs/scenario-format.md, "briefing").
  if (sc_.briefing)
    line["briefing"] = {{"role", sc_.briefing->role},
                        {"context", sc_.briefing->context},
                        {"good_looks_like", sc_.briefing->good_looks_like}};
  emit(line);
}

SeatRequest SeatView::read(const std::string& line, std::size_t number) {
  const std::string source = "line " + std::to_string(number);
  if (line.size() > kMaxSeatLineBytes) {
    error(source + ": longer than " + std::to_string(kMaxSeatLineBytes) + " bytes");
    return {};
  }
  const auto doc = nlohmann::json::parse(line, nullptr, false);
  try {
    if (doc.is_object() && doc.contains("wait_s")) {
      const auto& w = doc["wait_s"];
      if (doc.size() != 1 || !w.is_number() || w.get<double>() <= 0 || w.get<double>() > 86400) {
        error(source + ": \"wait_s\" must be alone and a number of seconds in (0, 86400]");
        return {};
      }
      return SeatWait{run_.now() + engine::from_seconds(w.get<double>())};
    }
    if (doc.is_object() && doc.contains("look")) {
      look(doc, number);
      return {};
    }
    // Anything else is an action; the scenario's reader names what is wrong with it.
    return scenario::parse_seat_action(line, source, sc_);
  } catch (const scenario::ScenarioError& e) {
    error(e.problems());
  }
  return {};
}

void SeatView::acted(const model::SeatAction& action,
                     const std::optional<model::Refusal>& refused) {
  const ordered_json text = ordered_json::parse(scenario::seat_action_json(action, sc_));
  if (refused) {
    emit({{"type", "refused"}, {"act", text}, {"reason", refused->reason}});
    return;
  }
  if (const auto* r = std::get_if<model::seat::Resolve>(&action))
    resolved_by_seat_.insert(r->incident);
  emit({{"type", "done"}, {"act", text}, {"at_s", seconds(run_.now())}});
}

void SeatView::ready() { emit({{"type", "ready"}, {"at_s", seconds(run_.now())}}); }

void SeatView::end() { emit({{"type", "end"}, {"at_s", seconds(run_.now())}}); }

void SeatView::error(const std::string& message) {
  emit({{"type", "error"}, {"message", message}});
}

void SeatView::error(const std::vector<scenario::Problem>& problems) {
  for (const auto& p : problems)
    error(p.source + (p.pointer.empty() ? "" : ": " + p.pointer) + ": " + p.message);
}

bool SeatView::is_seat(const std::optional<model::PersonRef>& who) const {
  const auto people = run_.seat_people(seat_);
  return who && std::find(people.begin(), people.end(), *who) != people.end();
}

bool SeatView::observe(const std::vector<model::TimelineEvent>& fresh) {
  bool wake = false;
  for (const model::RingingPage& p : run_.seat_pages(seat_)) {
    if (!pages_seen_.insert({p.incident, p.team, p.level, p.since.count()}).second) continue;
    ordered_json alerts = ordered_json::array();
    for (const auto& [kind, rule] : p.alerts)
      alerts.push_back({{"name", scoring::rule_name(sc_, kind, rule)},
                        {"summary", scoring::describe_rule(sc_, kind, rule)}});
    emit({{"type", "page"},
          {"at_s", seconds(p.since)},
          {"incident", p.incident},
          {"team", sc_.teams[p.team].name},
          {"level", p.level + 1},
          {"escalates_at_s", seconds(p.escalates_at)},
          {"alerts", alerts}});
    wake = true;
  }
  const auto& findings = run_.seat_findings(seat_);
  for (; findings_seen_ < findings.size(); ++findings_seen_) {
    emit(finding(findings[findings_seen_]));
    wake = true;
  }
  for (const auto& e : fresh) wake |= observe_event(e);
  return wake;
}

ordered_json SeatView::finding(const model::Finding& f) {
  const model::Service& s = sc_.services[f.service];
  ordered_json out{
      {"type", "finding"}, {"at_s", seconds(f.at)}, {"incident", f.incident}, {"service", s.name}};
  out["dashboard"] = s.observability.metrics ? dashboard(model::TargetKind::Service, f.service)
                                             : ordered_json(nullptr);
  out["logs"] = s.observability.logs ? ordered_json(f.log_lines) : ordered_json(nullptr);
  if (s.observability.traces) {
    ordered_json deps = ordered_json::array();
    for (const auto& d : f.dependencies)
      deps.push_back({{"service", sc_.services[d.service].name},
                      {"error_share", d.error_share},
                      {"latency_share", d.latency_share}});
    out["traces"] = deps;
  } else {
    out["traces"] = nullptr;
  }
  return out;
}

// Per minute over the last hour: a service's golden signals or a journey's SLIs
// (scoring::dashboard, docs/seat-protocol.md).
ordered_json SeatView::dashboard(model::TargetKind kind, std::size_t target) {
  const auto& segments = recorder_.record().segments;
  std::vector<model::Segment> all(segments.begin(), segments.end());
  all.push_back(run_.current_segment());
  const model::Telemetry telemetry{run_.nominal_past(), all};
  ordered_json points = ordered_json::array();
  for (const scoring::DashboardPoint& p :
       scoring::dashboard(sc_, telemetry, kind, target, run_.now())) {
    ordered_json point{{"at_s", seconds(p.at)},
                       {"rate_rps", p.rate_rps},
                       {"error_ratio", p.error_ratio},
                       {"latency_ms", p.latency_ms},
                       {"p50_latency_ms", p.p50_latency_ms},
                       {"p99_latency_ms", p.p99_latency_ms}};
    if (kind == model::TargetKind::Service) point["utilisation"] = p.utilisation;
    points.push_back(std::move(point));
  }
  return points;
}

// One recorded event as the seat may see it: alerts, its own mitigation's end, status-page
// updates, and the incident channel (scoring::channel_message: what other people and
// automation say and do); never the world's truth (which fault, whether an alert is spurious,
// whether a step was a red herring). Returns true iff it needs the seat.
bool SeatView::observe_event(const model::TimelineEvent& e) {
  namespace ev = model::ev;
  const double at = seconds(e.at);
  if (const auto* a = std::get_if<ev::AlertChanged>(&e.payload)) {
    emit({{"type", "alert"},
          {"at_s", at},
          {"name", scoring::rule_name(sc_, a->kind, a->rule)},
          {"state", scoring::state_name(a->state)},
          {"severity", model::to_string(a->severity)}});
    return false;
  }
  if (const auto* m = std::get_if<ev::MitigationFinished>(&e.payload); m && is_seat(m->by)) {
    emit({{"type", "mitigation_finished"},
          {"at_s", at},
          {"incident", m->incident},
          {"action", model::to_string(m->action)},
          {"success", m->success}});
    return true;
  }
  if (const auto* u = std::get_if<ev::StatusUpdatePosted>(&e.payload)) {
    emit({{"type", "status_page"},
          {"at_s", at},
          {"incident", u->incident},
          {"message", u->message}});
    return !is_seat(u->by);
  }
  const auto text = scoring::channel_message(sc_, e, {run_.seat_people(seat_), resolved_by_seat_});
  if (!text) return false;
  emit({{"type", "channel"}, {"at_s", at}, {"text", *text}});
  return true;
}

void SeatView::look(const nlohmann::json& doc, std::size_t number) {
  const auto what = doc["look"];
  const auto named = [&](const char* key, const auto& list) -> std::optional<std::size_t> {
    if (!doc.contains(key) || !doc[key].is_string()) return std::nullopt;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].name == doc[key].get<std::string>()) return i;
    return std::nullopt;
  };
  if (what == "dashboard") {
    if (const auto s = named("service", sc_.services)) {
      if (!sc_.services[*s].observability.metrics)
        return error("line " + std::to_string(number) + ": " + sc_.services[*s].name +
                     " has no metrics");
      emit({{"type", "dashboard"},
            {"at_s", seconds(run_.now())},
            {"service", sc_.services[*s].name},
            {"points", dashboard(model::TargetKind::Service, *s)}});
    } else if (const auto j = named("journey", sc_.journeys)) {
      emit({{"type", "dashboard"},
            {"at_s", seconds(run_.now())},
            {"journey", sc_.journeys[*j].name},
            {"points", dashboard(model::TargetKind::Journey, *j)}});
    } else {
      return error("line " + std::to_string(number) + ": " +
                   "a dashboard needs a known \"service\" or \"journey\"");
    }
  } else if (what == "changes") {
    emit(changes());
  } else if (what == "on_call") {
    emit(on_call());
  } else if (what == "runbook") {
    const auto s = named("service", sc_.services);
    if (!s)
      return error("line " + std::to_string(number) + ": " + "a runbook needs a known \"service\"");
    ordered_json entries = ordered_json::array();
    for (const model::RunbookEntry& e : model::runbook(sc_, *s)) {
      ordered_json fixes = ordered_json::array();
      for (const model::MitigationAction m : e.mitigations) fixes.push_back(model::to_string(m));
      entries.push_back({{"failure", model::to_string(e.fault)},
                         {"symptoms", e.symptoms},
                         {"mitigations", fixes}});
    }
    emit({{"type", "runbook"},
          {"at_s", seconds(run_.now())},
          {"service", sc_.services[*s].name},
          {"entries", entries}});
  } else {
    return error("line " + std::to_string(number) + ": " +
                 "\"look\" must be \"dashboard\", \"changes\", \"on_call\" or \"runbook\"");
  }
}

// The change feed up to now: the scenario's deploys and the releases and config pushes that
// went out (a bad one looks like any other).
ordered_json SeatView::changes() const {
  ordered_json list = ordered_json::array();
  const SimTime now = run_.now();
  for (const model::FeedChange& c : model::change_feed(sc_, run_.faults(), now))
    list.push_back({{"at_s", seconds(c.at)},
                    {"service", sc_.services[c.service].name},
                    {"kind", c.config ? "config" : "deploy"}});
  return {{"type", "changes"}, {"at_s", seconds(now)}, {"changes", list}};
}

// Who each team's escalation policy reaches now, level by level.
ordered_json SeatView::on_call() const {
  ordered_json teams = ordered_json::array();
  for (std::size_t t = 0; t < sc_.teams.size(); ++t) {
    ordered_json levels = ordered_json::array();
    for (const auto& level : sc_.teams[t].escalation.levels) {
      ordered_json people = ordered_json::array();
      for (const auto& target : level.targets)
        if (const auto who = model::resolve_target(sc_, t, target, run_.now()))
          people.push_back(scoring::person_name(sc_, *who));
      levels.push_back({{"people", people}, {"delay_s", seconds(level.delay)}});
    }
    teams.push_back({{"team", sc_.teams[t].name}, {"levels", levels}});
  }
  return {{"type", "on_call"}, {"at_s", seconds(run_.now())}, {"teams", teams}};
}

}  // namespace firedrill::app
