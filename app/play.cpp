#include "app/play.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "app/cli.hpp"
#include "app/host_window.hpp"
#include "app/live_drill_log.hpp"
#include "app/outputs.hpp"
#include "app/play_host.hpp"
#include "app/play_join.hpp"
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

// Reads --seats: seats of `scenario`, no two equal. Throws UsageError naming a bad one.
std::vector<model::Seat> parse_seats(const std::string& list, const model::Scenario& scenario) {
  std::vector<model::Seat> seats;
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t end = std::min(list.find(',', begin), list.size());
    const std::string name = list.substr(begin, end - begin);
    try {
      const model::Seat seat = scenario::parse_seat(name, scenario);
      if (std::find(seats.begin(), seats.end(), seat) != seats.end())
        throw UsageError("firedrill play: --seats: " + name + " is listed twice");
      seats.push_back(seat);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("firedrill play: --seats: ") + e.what());
    }
    begin = end + 1;
  }
  return seats;
}

// Test only (tests/app/host_window_test.py): FIREDRILL_TEST_FACILITATOR_INJECT=MIN:SERVICE has
// the facilitator's window inject the fault menu's first fault at SERVICE at T+MIN minutes.
std::optional<std::pair<SimTime, std::size_t>> test_facilitator_inject(
    const model::Scenario& scenario) {
  const char* text = std::getenv("FIREDRILL_TEST_FACILITATOR_INJECT");
  if (!text) return std::nullopt;
  const std::string spec = text;
  const std::size_t colon = spec.find(':');
  for (std::size_t s = 0; colon != std::string::npos && s < scenario.services.size(); ++s)
    if (scenario.services[s].name == spec.substr(colon + 1))
      return std::pair{SimTime{std::chrono::minutes(std::stoi(spec.substr(0, colon)))}, s};
  throw UsageError("firedrill play: FIREDRILL_TEST_FACILITATOR_INJECT must be MIN:SERVICE");
}

// play --host: the drill hosted for its seats over TCP until it ends, then the report, the
// postmortem and the drill log written.
int play_hosted(const po::variables_map& vm, const model::Scenario& scenario, const fs::path& file,
                std::uint64_t seed, Outputs& outputs, const fs::path& out,
                const std::optional<fs::path>& log_file, const std::optional<fs::path>& snapshots) {
  if (!vm.count("seats")) throw UsageError("firedrill play: --host needs --seats SEAT,SEAT,...");
  const std::vector<model::Seat> seats = parse_seats(vm["seats"].as<std::string>(), scenario);
  std::vector<std::string> names;
  for (const model::Seat& seat : seats) names.push_back(scenario::seat_text(seat, scenario));
  HostOptions options;
  options.bind = vm["bind"].as<std::string>();
  const int port = vm["port"].as<int>();
  if (port < 0 || port > 65535)
    throw UsageError("firedrill play: --port must be within 0 and 65535");
  options.port = static_cast<unsigned short>(port);
  for (const auto& [name, wait] : {std::pair{"start-wait-s", &options.start_timeout},
                                   std::pair{"rejoin-wait-s", &options.rejoin_timeout}}) {
    const int s = vm[name].as<int>();
    if (s < 0 || s > 86400)
      throw UsageError(std::string("firedrill play: --") + name + " must be within 0 and 86400");
    *wait = std::chrono::seconds(s);
  }
  // The facilitator's window follows the host's world and hands it the facilitator's commands.
  std::optional<HostWindow> facilitator;
  if (vm.count("window")) {
    HostWindowOptions window;
    window.size = parse_size("play", vm["size"].as<std::string>());
    if (vm.count("ui-scale"))
      window.ui_scale = parse_ui_scale("play", vm["ui-scale"].as<std::string>());
    window.test_inject = test_facilitator_inject(scenario);
    window.snapshots = snapshots;
    require_display();
    facilitator.emplace(scenario, seed, seats, window, outputs);
    options.on_frame = [&facilitator](SimTime now, const std::vector<model::DrillCommand>& so_far) {
      return facilitator->frame(now, so_far);
    };
  } else if (snapshots) {
    throw UsageError("firedrill play: --snapshots with --host needs --window");
  }
  std::optional<LiveDrillLog> live_log;
  if (log_file)
    live_log.emplace("play", *log_file, scenario,
                     scenario::DrillLog{file.string(), seed, seats, {}});
  const auto commands = host_drill(scenario, seed, seats, names, options, std::cout, std::cerr,
                                   [&live_log](const std::vector<model::DrillCommand>& so_far) {
                                     if (live_log) live_log->update(so_far);
                                   });
  const model::RunRecord record =
      model::simulate_drill(scenario, seed, commands, model::Fidelity::Flow, seats);
  const auto report = scoring::evaluate(scenario, record);
  outputs.add(out / "report.json", scoring::report_json(report));
  outputs.add(out / "postmortem.md",
              scoring::postmortem_markdown(scenario, record, report, {}, std::nullopt));
  if (log_file)
    outputs.add(*log_file,
                scenario::drill_log_json({file.string(), seed, seats, commands}, scenario));
  outputs.commit();
  std::cerr << "Wrote " << (out / "report.json").string() << " and "
            << (out / "postmortem.md").string()
            << (log_file ? " and the drill log " + log_file->string() : std::string()) << "\n";
  if (facilitator) {
    // The seats are gone; the facilitator's window shows the end until it is closed.
    Outputs pictures("play");
    std::optional<fs::path> png;
    if (snapshots) png = *snapshots / "drill-end.png";
    const int quit_after = vm.count("quit-after") ? std::max(1, vm["quit-after"].as<int>()) : 0;
    facilitator->show_end(commands, quit_after, png, pictures);
    pictures.commit();
    if (png) std::cerr << "Wrote " << png->string() << "\n";
  }
  return kExitOk;
}

}  // namespace

int cmd_play(const std::vector<std::string>& args, const fs::path& default_scenario) {
  po::options_description options(
      "firedrill play [SCENARIO] [--as SEAT] [--stdio] [options]\n"
      "firedrill play [SCENARIO] --host --seats SEAT,SEAT,... [--port N] [--window] [options]\n"
      "firedrill play --join HOST:PORT --as SEAT [--stdio]\n\n"
      "Takes a seat in a drill of SCENARIO (default: the bundled Online Boutique Black Friday "
      "drill):\nSEAT is a person's name, on-call:TEAM or incident-commander (default: the seat "
      "a training\ndrill's briefing names). The seat is played in a window (the page rings: "
      "click Acknowledge\nor press a; select a service on the map, then act in the seat's "
      "window; r reveals the\nfault, space pauses, q stops), or with --stdio over JSON lines "
      "(docs/seat-protocol.md).\nAt the end DIR/report.json, DIR/postmortem.md and "
      "DIR/debrief.md are written, and the\ndrill log with --record.\n"
      "With --host the drill is played by several seats over TCP, each joining from its own "
      "machine\nwith --join (JSON lines as with --stdio; docs/seat-protocol.md, \"Several "
      "seats\"); "
      "the host\nsays on stdout the port it listens on and on stderr who joins and leaves, and "
      "writes\n"
      "DIR/report.json, DIR/postmortem.md and the drill log. It is headless unless --window opens\n"
      "the facilitator's window on it: the live view of the whole drill as it goes (the map, the\n"
      "incidents, every responder, the story), at the host's clock, which the seats set; faults\n"
      "injected or ended and bookmarks there enter the drill at that moment, recorded in its log.\n"
      "Closing it (q) leaves the drill running for the seats; at the end it shows the debrief\n"
      "until closed (--snapshots SNAPDIR saves it as SNAPDIR/drill-end.png, and the window after "
      "each\n"
      "of the facilitator's commands as SNAPDIR/facilitator-N.png).\n\noptions");
  options.add_options()("help,h", "show this help")("as", po::value<std::string>(),
                                                    "the seat: a person, on-call:TEAM or "
                                                    "incident-commander (default: the "
                                                    "briefing's seat)")(
      "stdio", "play the seat over JSON lines on stdin and stdout")(
      "host", "host the drill for several seats over TCP")(
      "window",
      "host: open the facilitator's window on the host: the live view of the whole "
      "drill, following it; faults injected and bookmarks there enter the drill")(
      "seats", po::value<std::string>()->value_name("SEAT,SEAT,..."),
      "host: the seats people play, comma-separated")("port", po::value<int>()->default_value(0),
                                                      "host: the TCP port (0: any free port)")(
      "bind", po::value<std::string>()->default_value("0.0.0.0"),
      "host: the address to listen on (127.0.0.1: this machine only)")(
      "start-wait-s", po::value<int>()->default_value(300),
      "host: real seconds to wait for every seat to join; the missing start under the policy")(
      "rejoin-wait-s", po::value<int>()->default_value(60),
      "host: real seconds the clock stands still with no seat connected, then the drill runs "
      "to its end")("join", po::value<std::string>()->value_name("HOST:PORT"),
                    "play seat --as of the drill hosted at HOST:PORT, over JSON lines")(
      "seed", po::value<std::string>(), "random seed (default: the scenario's run.seed)")(
      "out", po::value<std::string>()->default_value("firedrill-out"), "output directory")(
      "record", po::value<std::string>()->value_name("LOG"),
      "write the drill (seat and actions) as a drill log that run --replay reproduces")(
      "speed", po::value<double>()->default_value(600.0),
      "window: simulated seconds per real second until the seat is paged, 1 to 3600")(
      "pace", po::value<double>()->default_value(1.0),
      "window: simulated seconds per real second from the seat's first page on, 1 to 10")(
      "size", po::value<std::string>()->default_value("1600x900"), "window: size, pixels")(
      "ui-scale", po::value<std::string>()->value_name("F"),
      "window: text and badges F times their 1x size, 0.5 to 3 (default: from the window's "
      "size)")(
      "snapshots", po::value<std::string>()->value_name("SNAPDIR"),
      "window: save the window as PNG when the page rings, at each finding and at the debrief "
      "(--host --window: after each facilitator's command and at the end)")(
      "quit-after", po::value<int>()->value_name("FRAMES"),
      "window: close after this many frames (scripted runs; --host --window: frames after the "
      "drill's end)")("scenario", po::value<std::string>(), "scenario file");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("play", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (vm.count("window") && !vm.count("host"))
    throw UsageError("firedrill play: --window is for --host");
  if (vm.count("join")) {
    if (vm.count("host")) throw UsageError("firedrill play: --join and --host exclude each other");
    if (!vm.count("as")) throw UsageError("firedrill play: --join needs --as SEAT");
    return join_drill(vm["join"].as<std::string>(), vm["as"].as<std::string>(), std::cin,
                      std::cout);
  }
  const bool host = vm.count("host") > 0;
  if (!host && vm.count("seats")) throw UsageError("firedrill play: --seats is for --host");
  const bool stdio = vm.count("stdio") > 0 || host;
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
    if (vm.count("ui-scale"))
      window.ui_scale = parse_ui_scale("play", vm["ui-scale"].as<std::string>());
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
  if (host) return play_hosted(vm, scenario, file, seed, outputs, out, log_file, window.snapshots);
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
