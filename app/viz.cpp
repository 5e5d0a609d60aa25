#include "app/viz.hpp"

#include <fmt/format.h>

#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Graphics/Texture.hpp>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <regex>

#include "app/cli.hpp"
#include "app/live_drill_log.hpp"
#include "app/outputs.hpp"
#include "app/replay.hpp"
#include "app/x_display.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "visualizer/live_view.hpp"
#include "visualizer/offscreen.hpp"

namespace firedrill::app {
namespace {

// The widest or tallest picture drawn: 8K, within every GL driver's texture limit.
constexpr unsigned kMaxSidePx = 8192;

}  // namespace

Size parse_size(const std::string& command, const std::string& text) {
  static const std::regex kSize(R"((\d{3,5})x(\d{3,5}))");
  std::smatch m;
  if (text.size() > 11 || !std::regex_match(text, m, kSize))
    throw UsageError("firedrill " + command +
                     ": --size must be WIDTHxHEIGHT in pixels, e.g. 1600x900, got '" + text + "'");
  const Size size{static_cast<unsigned>(std::stoul(m[1])), static_cast<unsigned>(std::stoul(m[2]))};
  if (size.width > kMaxSidePx || size.height > kMaxSidePx)
    throw UsageError("firedrill " + command + ": --size is at most " + std::to_string(kMaxSidePx) +
                     "x" + std::to_string(kMaxSidePx) + " pixels, got '" + text + "'");
  return size;
}

double parse_ui_scale(const std::string& command, const std::string& text) {
  static const std::regex kNumber(R"(\d{1,2}(?:\.\d{1,6})?)");
  const double scale = std::regex_match(text, kNumber) ? std::stod(text) : 0.0;
  if (!visualizer::valid_ui_scale(scale))
    throw UsageError(fmt::format(
        "firedrill {}: --ui-scale must be a number from {:g} to {:g} (1 draws 15 px text; "
        "without it the scale follows the window's size), got '{}'",
        command, visualizer::kMinUiScale, visualizer::kMaxUiScale, text));
  return scale;
}

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

// Writes the drill log of `seats` and `commands` to `path` (--record, checked by `outputs`), and
// says how to replay it.
void write_drill_log(Outputs& outputs, const fs::path& path, const model::Scenario& scenario,
                     const fs::path& file, std::uint64_t seed,
                     const std::vector<model::Seat>& seats,
                     const std::vector<model::DrillCommand>& commands) {
  scenario::DrillLog log{file.string(), seed, seats, commands};
  outputs.add(path, scenario::drill_log_json(log, scenario));
  outputs.commit();
  std::cerr << "Wrote the drill log " << path.string() << " (" << commands.size()
            << " commands); replay it with: firedrill run " << file.string() << " --replay "
            << path.string() << "\n";
}

}  // namespace

void require_display() {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display)
    throw MissingRequirement(
        "firedrill: no X display (DISPLAY is not set): run on a desktop, or headless under "
        "xvfb-run -a (Debian's xvfb)");
  if (!x_display_opens())
    throw MissingRequirement(std::string("firedrill: cannot open the X display '") + display +
                             "' (DISPLAY): is its X server running? Headless, use xvfb-run -a "
                             "(Debian's xvfb)");
}

void save_png(const sf::Image& image, const fs::path& path) {
  if (!image.saveToFile(path.string())) throw BadInput("firedrill: cannot write " + path.string());
}

sf::Image capture(const sf::RenderWindow& window) {
  sf::Texture texture;
  texture.create(window.getSize().x, window.getSize().y);
  texture.update(window);
  return texture.copyToImage();
}

void pass_events(sf::RenderWindow& window, visualizer::LiveView& view) {
  sf::Event event;
  while (window.pollEvent(event)) {
    if (event.type == sf::Event::Resized)
      window.setView(sf::View(sf::FloatRect(0, 0, static_cast<float>(event.size.width),
                                            static_cast<float>(event.size.height))));
    view.handle(event);
  }
}

int cmd_viz(const std::vector<std::string>& args, const fs::path& default_scenario) {
  po::options_description options(
      "firedrill viz [SCENARIO] [options]\n\n"
      "Opens the live view of a drill of SCENARIO (default: the bundled Online Boutique Black\n"
      "Friday drill): the service map, the incidents, the responders, the error budgets and the\n"
      "facilitator's fault menu (click a service or call, then Inject or key i). Keys: space\n"
      "pause, . step, n next event, left/right seek 5 min, +/- or 1-7 speed (1x to 3600x), f fit,\n"
      "l legend, b bookmark, q quit. With --screenshot\n"
      "it draws the state at --at offscreen to a PNG instead (needs an X display: use\n"
      "xvfb-run -a when headless).\n\n"
      "options");
  options.add_options()("help,h", "show this help")(
      "seed", po::value<std::string>(),
      "random seed (default: the drill log's, else the scenario's)")(
      "speed", po::value<double>()->default_value(60.0),
      "simulated seconds per real second, 1 to 3600")("paused", "start paused")(
      "replay", po::value<std::string>()->value_name("LOG"),
      "replay a drill log's facilitator commands at their times (docs/drill-log.md)")(
      "record", po::value<std::string>()->value_name("LOG"),
      "write the facilitator's commands (and the replayed ones) as a drill log on quitting")(
      "screenshot", po::value<std::string>()->value_name("PNG"),
      "draw the drill at --at offscreen and save it as PNG, without a window")(
      "at", po::value<std::string>()->default_value("0"),
      "simulated time of the screenshot, e.g. 25m, 1h30m or 1500 (s); in the window, where to "
      "start")("size", po::value<std::string>()->default_value("1600x900"),
               "window or picture size, pixels")(
      "ui-scale", po::value<std::string>()->value_name("F"),
      "text and badges F times their 1x size, 0.5 to 3 (default: from the window's size: 1.33 "
      "at 1600x900, 1.07 at 1280x720)")("quit-after", po::value<int>()->value_name("FRAMES"),
                                        "close the window after this many frames (scripted runs)")(
      "scenario", po::value<std::string>(), "scenario file");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("viz", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  const double speed = vm["speed"].as<double>();
  if (!(speed >= visualizer::kSpeeds.front() && speed <= visualizer::kSpeeds.back()))
    throw UsageError("firedrill viz: --speed must be within 1 and 3600");
  const Size size = parse_size("viz", vm["size"].as<std::string>());
  std::optional<double> ui_scale;
  if (vm.count("ui-scale")) ui_scale = parse_ui_scale("viz", vm["ui-scale"].as<std::string>());
  const engine::SimTime at = parse_sim_duration("viz", "at", vm["at"].as<std::string>());
  Outputs outputs("viz");
  std::optional<fs::path> png, record;
  if (vm.count("screenshot")) png = outputs.file("screenshot", vm["screenshot"].as<std::string>());
  if (vm.count("record")) record = outputs.file("record", vm["record"].as<std::string>());

  const fs::path file =
      vm.count("scenario") ? fs::path(vm["scenario"].as<std::string>()) : default_scenario;
  const auto scenario = scenario::load_scenario(file, {}, allowed_dirs(vm));
  if (at > scenario.run.duration) throw UsageError("firedrill viz: --at is beyond the drill's end");
  std::optional<std::uint64_t> seed_option;
  if (vm.count("seed")) seed_option = parse_seed("viz", vm["seed"].as<std::string>());
  scenario::DrillLog log;
  if (vm.count("replay"))
    log = scenario::load_drill_log(vm["replay"].as<std::string>(), scenario, seed_option);
  const std::uint64_t seed =
      seed_option ? *seed_option : (vm.count("replay") ? log.seed : scenario.run.seed);
  visualizer::LiveViewOptions view_options;
  view_options.speed = speed;
  view_options.paused = vm.count("paused") > 0;
  view_options.replay = log.commands;
  view_options.seats = log.seats;
  view_options.ui_scale = ui_scale;
  // The live view replays the seats' commands as the world allows them: check the log first.
  if (!log.seats.empty())
    replay_drill(scenario, seed, log, vm["replay"].as<std::string>(), model::Fidelity::Flow);

  require_display();
  if (vm.count("screenshot")) {
    save_png(
        visualizer::render_offscreen(scenario, seed, view_options, at, {size.width, size.height}),
        outputs.stage(*png));
    outputs.commit();
    std::cout << "Wrote " << png->string() << " (" << scenario.name << " at "
              << vm["at"].as<std::string>() << ")\n";
    return kExitOk;
  }

  // The drill log as the drill goes: a stopped drill loses none of its commands.
  std::optional<LiveDrillLog> live_log;
  if (record)
    live_log.emplace("viz", *record, scenario,
                     scenario::DrillLog{file.string(), seed, log.seats, {}});
  sf::RenderWindow window(sf::VideoMode(size.width, size.height), "firedrill: " + scenario.name);
  window.setFramerateLimit(60);
  window.setActive(true);
  visualizer::LiveView view(scenario, seed, view_options, window);
  if (at.count() > 0) view.seek(at);
  // 0: no scripted quit.
  const int quit_after = vm.count("quit-after") ? std::max(1, vm["quit-after"].as<int>()) : 0;
  sf::Clock clock;
  for (int frame = 0; window.isOpen(); ++frame) {
    pass_events(window, view);
    const sf::Time elapsed = clock.restart();
    view.advance(elapsed);
    if (live_log) live_log->update(view.commands());
    view.draw(elapsed);
    window.display();
    if (view.quit_requested() || (quit_after > 0 && frame + 1 >= quit_after)) window.close();
  }
  std::cout << "Closed at " << scenario.name << " T+"
            << std::chrono::duration_cast<std::chrono::seconds>(view.now()).count() << " s, "
            << view.commands().size() << " facilitator commands\n";
  if (record) write_drill_log(outputs, *record, scenario, file, seed, log.seats, view.commands());
  return kExitOk;
}

}  // namespace firedrill::app
