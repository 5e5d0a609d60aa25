#include "app/play.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "app/cli.hpp"
#include "app/live_drill_log.hpp"
#include "app/outputs.hpp"
#include "app/play_window.hpp"
#include "app/viz.hpp"
#include "scoring/dashboard.hpp"
#include "scoring/debrief.hpp"
#include "scoring/decision_costs.hpp"
#include "scoring/describe.hpp"
#include "scoring/incident_channel.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "sim/model/counterfactual.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/on_call.hpp"
#include "sim/model/run.hpp"
#include "sim/model/schedule.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/seat_action.hpp"
#include "visualizer/live_view.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using model::SimTime;
using nlohmann::ordered_json;

// How far a wait runs between looks at what is new for the seat, simulated: the seat's clock
// ticks in whole seconds.
constexpr SimTime kTick = std::chrono::seconds(1);
// The longest input line, bytes (docs/limits.md): an action with a 2,000-byte message fits.
constexpr std::size_t kMaxLineBytes = 65'536;

double seconds(SimTime t) { return engine::to_seconds(t); }

// Receives the run's events and segments: recorded for the outputs, and the events kept until
// the seat's session has turned them into observations.
class SeatSink : public model::TraceSink {
 public:
  void on_event(const model::TimelineEvent& e) override {
    recorder.on_event(e);
    fresh.push_back(e);
  }
  void on_segment(const model::Segment& s) override { recorder.on_segment(s); }

  model::Recorder recorder;
  std::vector<model::TimelineEvent> fresh;
};

// One seat's session over JSON lines: what the seat may observe goes to `out`, one object a
// line; its lines of input are actions, looks and waits.
class SeatSession {
 public:
  SeatSession(const model::Scenario& scenario, std::uint64_t seed, const model::Seat& seat,
              std::ostream& out)
      : sc_(scenario), out_(out), run_(scenario, seed, &sink_) {
    run_.take_seat(seat);
  }

  void briefing(const std::string& seat_text) {
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

  // Runs until `until` (capped at the end), or sooner when something needs the seat: a page
  // rings, an investigation or the seat's mitigation finishes, someone says something.
  void wait(SimTime until) {
    while (!run_.finished() && run_.now() < until) {
      run_.run_until(std::min(until, run_.now() + kTick));
      if (observe()) break;
    }
    observe();
  }

  // Reads one line of input (`number` counts from 1) and answers it, then says it is ready for
  // the next; the world changes only by an accepted action or a wait.
  void handle(const std::string& line, std::size_t number) {
    const std::string source = "line " + std::to_string(number);
    if (line.size() > kMaxLineBytes)
      return error(number, "longer than " + std::to_string(kMaxLineBytes) + " bytes");
    const auto doc = nlohmann::json::parse(line, nullptr, false);
    try {
      if (doc.is_object() && doc.contains("wait_s")) return wait_for(doc, number);
      if (doc.is_object() && doc.contains("look")) return look(doc, number);
      // Anything else is an action; the scenario's reader names what is wrong with it.
      act(scenario::parse_seat_action(line, source, sc_));
    } catch (const scenario::ScenarioError& e) {
      error(e.problems());
    }
  }

  // Tells the seat its input is awaited, at the simulated time now.
  void ready() { emit({{"type", "ready"}, {"at_s", seconds(run_.now())}}); }

  // The seat stops acting: the drill runs to its end.
  void finish() {
    run_.run_to_end();
    sink_.fresh.clear();
    emit({{"type", "end"}, {"at_s", seconds(run_.now())}});
  }

  const std::vector<model::DrillCommand>& commands() const { return commands_; }
  bool finished() const { return run_.finished(); }

 private:
  void emit(const ordered_json& j) { out_ << j.dump() << '\n' << std::flush; }
  void error(std::size_t number, const std::string& message) {
    emit({{"type", "error"}, {"message", "line " + std::to_string(number) + ": " + message}});
  }
  void error(const std::vector<scenario::Problem>& problems) {
    for (const auto& p : problems)
      emit(
          {{"type", "error"},
           {"message", p.source + (p.pointer.empty() ? "" : ": " + p.pointer) + ": " + p.message}});
  }

  void wait_for(const nlohmann::json& doc, std::size_t number) {
    const auto& w = doc["wait_s"];
    if (doc.size() != 1 || !w.is_number() || w.get<double>() <= 0 || w.get<double>() > 86400)
      return error(number, "\"wait_s\" must be alone and a number of seconds in (0, 86400]");
    wait(run_.now() + engine::from_seconds(w.get<double>()));
  }

  void act(const model::SeatAction& action) {
    const ordered_json text = ordered_json::parse(scenario::seat_action_json(action, sc_));
    if (run_.finished()) {
      emit({{"type", "refused"}, {"act", text}, {"reason", "the drill has ended"}});
      return;
    }
    auto applied = model::apply_now(run_, action);
    if (const auto* refused = std::get_if<model::Refusal>(&applied)) {
      emit({{"type", "refused"}, {"act", text}, {"reason", refused->reason}});
      return;
    }
    commands_.push_back(std::move(std::get<model::DrillCommand>(applied)));
    if (const auto* r = std::get_if<model::seat::Resolve>(&action))
      resolved_by_seat_.insert(r->incident);
    emit({{"type", "done"}, {"act", text}, {"at_s", seconds(run_.now())}});
    observe();
  }

  bool is_seat(const std::optional<model::PersonRef>& who) const {
    const auto people = run_.seat_people();
    return who && std::find(people.begin(), people.end(), *who) != people.end();
  }
  const std::string& name(model::PersonRef who) const { return scoring::person_name(sc_, who); }

  // Turns what happened since the last look into observations; returns true iff one of them
  // needs the seat (a new page, a finding, its mitigation done, a message in the channel).
  bool observe() {
    bool wake = false;
    for (const model::RingingPage& p : run_.seat_pages()) {
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
    const auto& findings = run_.seat_findings();
    for (; findings_seen_ < findings.size(); ++findings_seen_) {
      emit(finding(findings[findings_seen_]));
      wake = true;
    }
    std::vector<model::TimelineEvent> fresh;
    fresh.swap(sink_.fresh);
    for (const auto& e : fresh) wake |= observe(e);
    return wake;
  }

  ordered_json finding(const model::Finding& f) {
    const model::Service& s = sc_.services[f.service];
    ordered_json out{{"type", "finding"},
                     {"at_s", seconds(f.at)},
                     {"incident", f.incident},
                     {"service", s.name}};
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
  ordered_json dashboard(model::TargetKind kind, std::size_t target) {
    const auto& segments = sink_.recorder.record().segments;
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
  bool observe(const model::TimelineEvent& e) {
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
    const auto text = scoring::channel_message(sc_, e, {run_.seat_people(), resolved_by_seat_});
    if (!text) return false;
    emit({{"type", "channel"}, {"at_s", at}, {"text", *text}});
    return true;
  }

  void look(const nlohmann::json& doc, std::size_t number) {
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
          return error(number, sc_.services[*s].name + " has no metrics");
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
        return error(number, "a dashboard needs a known \"service\" or \"journey\"");
      }
    } else if (what == "changes") {
      emit(changes());
    } else if (what == "on_call") {
      emit(on_call());
    } else if (what == "runbook") {
      const auto s = named("service", sc_.services);
      if (!s) return error(number, "a runbook needs a known \"service\"");
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
      return error(number,
                   "\"look\" must be \"dashboard\", \"changes\", \"on_call\" or \"runbook\"");
    }
  }

  // The change feed up to now: the scenario's deploys and the releases and config pushes that
  // went out (a bad one looks like any other).
  ordered_json changes() const {
    ordered_json list = ordered_json::array();
    const SimTime now = run_.now();
    for (const model::FeedChange& c : model::change_feed(sc_, run_.faults(), now))
      list.push_back({{"at_s", seconds(c.at)},
                      {"service", sc_.services[c.service].name},
                      {"kind", c.config ? "config" : "deploy"}});
    return {{"type", "changes"}, {"at_s", seconds(now)}, {"changes", list}};
  }

  // Who each team's escalation policy reaches now, level by level.
  ordered_json on_call() const {
    ordered_json teams = ordered_json::array();
    for (std::size_t t = 0; t < sc_.teams.size(); ++t) {
      ordered_json levels = ordered_json::array();
      for (const auto& level : sc_.teams[t].escalation.levels) {
        ordered_json people = ordered_json::array();
        for (const auto& target : level.targets)
          if (const auto who = model::resolve_target(sc_, t, target, run_.now()))
            people.push_back(name(*who));
        levels.push_back({{"people", people}, {"delay_s", seconds(level.delay)}});
      }
      teams.push_back({{"team", sc_.teams[t].name}, {"levels", levels}});
    }
    return {{"type", "on_call"}, {"at_s", seconds(run_.now())}, {"teams", teams}};
  }

  const model::Scenario& sc_;
  std::ostream& out_;
  SeatSink sink_;
  model::Run run_;
  std::vector<model::DrillCommand> commands_;
  std::set<std::tuple<std::size_t, std::size_t, std::size_t, SimTime::rep>> pages_seen_;
  std::size_t findings_seen_ = 0;
  std::set<std::size_t> resolved_by_seat_;
};

}  // namespace

int cmd_play(const std::vector<std::string>& args, const fs::path& default_scenario) {
  po::options_description options(
      "firedrill play [SCENARIO] [--as SEAT] [--stdio] [options]\n\n"
      "Takes a seat in a drill of SCENARIO (default: the bundled Online Boutique Black Friday "
      "drill):\nSEAT is a person's name, on-call:TEAM or incident-commander (default: the seat "
      "a training\ndrill's briefing names). The seat is played in a window (the page rings: "
      "click Acknowledge\nor press a; select a service on the map, then act in the seat's "
      "window; r reveals the\nfault, space pauses, q stops), or with --stdio over JSON lines "
      "(docs/seat-protocol.md).\nAt the end DIR/report.json, DIR/postmortem.md and "
      "DIR/debrief.md are written, and the\ndrill log with --record.\n\noptions");
  options.add_options()("help,h", "show this help")("as", po::value<std::string>(),
                                                    "the seat: a person, on-call:TEAM or "
                                                    "incident-commander (default: the "
                                                    "briefing's seat)")(
      "stdio", "play the seat over JSON lines on stdin and stdout")(
      "seed", po::value<std::string>(), "random seed (default: the scenario's run.seed)")(
      "out", po::value<std::string>()->default_value("firedrill-out"), "output directory")(
      "record", po::value<std::string>()->value_name("LOG"),
      "write the drill (seat and actions) as a drill log that run --replay reproduces")(
      "speed", po::value<double>()->default_value(600.0),
      "window: simulated seconds per real second until the seat is paged, 1 to 3600")(
      "pace", po::value<double>()->default_value(1.0),
      "window: simulated seconds per real second from the seat's first page on, 1 to 10")(
      "size", po::value<std::string>()->default_value("1600x900"), "window: size, pixels")(
      "snapshots", po::value<std::string>()->value_name("SNAPDIR"),
      "window: save the window as PNG when the page rings, at each finding and at the debrief")(
      "quit-after", po::value<int>()->value_name("FRAMES"),
      "window: close after this many frames (scripted runs)")("scenario", po::value<std::string>(),
                                                              "scenario file");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("play", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  const bool stdio = vm.count("stdio") > 0;
  WindowPlayOptions window;
  if (!stdio) {
    window.speed = vm["speed"].as<double>();
    window.pace = vm["pace"].as<double>();
    if (!(window.speed >= visualizer::kSpeeds.front() &&
          window.speed <= visualizer::kSpeeds.back()))
      throw UsageError("firedrill play: --speed must be within 1 and 3600");
    if (!(window.pace >= 1.0 && window.pace <= 10.0))
      throw UsageError("firedrill play: --pace must be within 1 and 10");
    window.size = parse_size("play", vm["size"].as<std::string>());
    if (vm.count("quit-after")) window.quit_after = std::max(1, vm["quit-after"].as<int>());
  }
  Outputs outputs("play");
  const fs::path out = outputs.dir("out", vm["out"].as<std::string>());
  std::optional<fs::path> log_file;
  if (vm.count("record")) log_file = outputs.file("record", vm["record"].as<std::string>());
  if (vm.count("snapshots"))
    window.snapshots = outputs.dir("snapshots", vm["snapshots"].as<std::string>());

  const fs::path file =
      vm.count("scenario") ? fs::path(vm["scenario"].as<std::string>()) : default_scenario;
  const auto scenario = scenario::load_scenario(file, {}, allowed_dirs(vm));
  // Without --as, the seat a training drill's briefing is written for (the loader checked it).
  std::string seat_name;
  if (vm.count("as"))
    seat_name = vm["as"].as<std::string>();
  else if (scenario.briefing && !scenario.briefing->seat.empty())
    seat_name = scenario.briefing->seat;
  else
    throw UsageError("firedrill play: --as SEAT is required");
  model::Seat seat;
  try {
    seat = scenario::parse_seat(seat_name, scenario);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("firedrill play: --as: ") + e.what());
  }
  const std::uint64_t seed =
      vm.count("seed") ? parse_seed("play", vm["seed"].as<std::string>()) : scenario.run.seed;

  const std::string seat_text = scenario::seat_text(seat, scenario);
  // The drill log as the drill goes: a stopped drill loses none of its commands.
  std::optional<LiveDrillLog> live_log;
  if (log_file) {
    live_log.emplace("play", *log_file, scenario,
                     scenario::DrillLog{file.string(), seed, {seat}, {}});
    window.on_commands = [&live_log](const std::vector<model::DrillCommand>& commands) {
      live_log->update(commands);
    };
  }

  // What a played drill leaves, from its commands (a drill is a function of the scenario, the
  // seed and the commands at their times: the drill is run again from them): the report, the
  // postmortem, the debrief beside the policy twin with what each decision cost, the drill log.
  // Returns the debrief.
  std::optional<std::string> debrief;
  const auto stage_outputs = [&](const std::vector<model::DrillCommand>& commands) {
    if (debrief) return *debrief;
    // The drill once more, forked after each of the seat's commands (what each decision cost).
    const model::PlayedDrill played =
        model::replay_with_branches(scenario, seed, commands, model::Fidelity::Flow, {seat});
    const auto report = scoring::evaluate(scenario, played.record);
    outputs.add(out / "report.json", scoring::report_json(report));
    outputs.add(out / "postmortem.md",
                scoring::postmortem_markdown(scenario, played.record, report, {}, std::nullopt));
    // The policy twin: the same scenario and seed with the policy's responder in the seat.
    const auto twin = scoring::evaluate(scenario, model::simulate(scenario, seed));
    std::vector<scoring::DecisionBranch> branches;
    for (const model::SeatBranch& b : played.branches)
      branches.push_back({b.command, scoring::evaluate(scenario, b.record)});
    const auto costs = scoring::decision_costs(scenario, commands, report, twin, branches);
    debrief = scoring::debrief_markdown(scenario, seat_text, played.record, report, twin,
                                        played.people, costs);
    outputs.add(out / "debrief.md", *debrief);
    if (log_file)
      outputs.add(*log_file,
                  scenario::drill_log_json({file.string(), seed, {seat}, commands}, scenario));
    return *debrief;
  };

  std::size_t pictures = 0;
  if (stdio) {
    SeatSession session(scenario, seed, seat, std::cout);
    session.briefing(seat_text);
    session.wait(scenario.run.duration);
    session.ready();
    std::string line;
    for (std::size_t number = 1; !session.finished() && std::getline(std::cin, line); ++number) {
      session.handle(line, number);
      if (live_log) live_log->update(session.commands());
      session.ready();
    }
    session.finish();
    stage_outputs(session.commands());
  } else {
    require_display();
    const WindowPlay played =
        play_in_window(scenario, seed, seat, seat_text, window, outputs, stage_outputs);
    stage_outputs(played.commands);
    pictures = played.snapshots.size();
  }
  outputs.commit();
  std::cerr << "Wrote " << (out / "report.json").string() << ", "
            << (out / "postmortem.md").string() << " and " << (out / "debrief.md").string()
            << (log_file ? " and the drill log " + log_file->string() : std::string())
            << (pictures ? " and " + std::to_string(pictures) +
                               (pictures == 1 ? " picture in " : " pictures in ") +
                               window.snapshots->string()
                         : std::string())
            << "\n";
  return kExitOk;
}

}  // namespace firedrill::app
