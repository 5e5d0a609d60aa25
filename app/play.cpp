#include "app/play.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "app/cli.hpp"
#include "app/live_drill_log.hpp"
#include "app/outputs.hpp"
#include "app/play_window.hpp"
#include "app/seat_view.hpp"
#include "app/viz.hpp"
#include "scoring/debrief.hpp"
#include "scoring/decision_costs.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "sim/model/counterfactual.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/seat_action.hpp"
#include "visualizer/live_view.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using model::SimTime;

// One seat played over JSON lines on a stream (play --stdio): the run, its sink and the seat's
// view; the world changes only by an accepted action or a wait.
class StdioSeat {
 public:
  StdioSeat(const model::Scenario& scenario, std::uint64_t seed, const model::Seat& seat,
            std::ostream& out)
      : run_(scenario, seed, &sink_),
        view_(scenario, run_, sink_.recorder, 0, [&out](const std::string& line) {
          out << line << '\n' << std::flush;
        }) {
    run_.take_seat(seat);
  }

  SeatView& view() { return view_; }

  // Runs until `until` (capped at the end), or sooner when something needs the seat: a page
  // rings, an investigation or the seat's mitigation finishes, someone says something.
  void wait(SimTime until) {
    while (!run_.finished() && run_.now() < until) {
      run_.run_until(std::min(until, run_.now() + kSeatTick));
      if (observe()) break;
    }
    observe();
  }

  // Reads one line of input (`number` counts from 1) and answers it.
  void handle(const std::string& line, std::size_t number) {
    const SeatRequest request = view_.read(line, number);
    if (const auto* w = std::get_if<SeatWait>(&request)) wait(w->until);
    const auto* action = std::get_if<model::SeatAction>(&request);
    if (!action) return;
    if (run_.finished()) return view_.acted(*action, model::Refusal{"the drill has ended"});
    auto applied = model::apply_now(run_, *action);
    if (const auto* refused = std::get_if<model::Refusal>(&applied))
      return view_.acted(*action, *refused);
    commands_.push_back(std::move(std::get<model::DrillCommand>(applied)));
    view_.acted(*action, std::nullopt);
    observe();
  }

  // The seat stops acting: the drill runs to its end.
  void finish() {
    run_.run_to_end();
    sink_.fresh.clear();
    view_.end();
  }

  const std::vector<model::DrillCommand>& commands() const { return commands_; }
  bool finished() const { return run_.finished(); }

 private:
  bool observe() {
    const bool wake = view_.observe(sink_.fresh);
    sink_.fresh.clear();
    return wake;
  }

  DrillSink sink_;
  model::Run run_;
  SeatView view_;
  std::vector<model::DrillCommand> commands_;
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
  const std::uint64_t seed =
      vm.count("seed") ? parse_seed("play", vm["seed"].as<std::string>()) : scenario.run.seed;
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
    StdioSeat session(scenario, seed, seat, std::cout);
    session.view().briefing(seat_text);
    session.wait(scenario.run.duration);
    session.view().ready();
    std::string line;
    for (std::size_t number = 1; !session.finished() && std::getline(std::cin, line); ++number) {
      session.handle(line, number);
      if (live_log) live_log->update(session.commands());
      session.view().ready();
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
