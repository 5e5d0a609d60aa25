// The live view in a real GL context: these cases run under Xvfb (ctest runs the binary through
// `xvfb-run -a`, Debian's xvfb; scripts/bootstrap.sh installs it).

#include <sys/wait.h>

#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scoring/debrief.hpp"
#include "scoring/decision_costs.hpp"
#include "scoring/describe.hpp"
#include "scoring/drill_debrief.hpp"
#include "scoring/format.hpp"
#include "scoring/report.hpp"
#include "scoring/whatif_report.hpp"
#include "sim/model/whatif.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/seat_action.hpp"
#include "visualizer/colour_scale.hpp"
#include "visualizer/live_view.hpp"
#include "visualizer/seat_panel.hpp"

using namespace firedrill;
using namespace firedrill::visualizer;
using std::chrono::minutes;
namespace fs = std::filesystem;

namespace {

const fs::path kBundled = fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/online-boutique";

std::size_t service_index(const model::Scenario& sc, const std::string& name) {
  for (std::size_t s = 0; s < sc.services.size(); ++s)
    if (sc.services[s].name == name) return s;
  FAIL("no service " << name);
  return 0;
}

// The colour drawn at `view`'s node of service `s`: its centre pixel.
Rgba node_colour(LiveView& view, sf::RenderTexture& texture, std::size_t s) {
  view.draw(sf::milliseconds(16));
  view.draw(sf::milliseconds(16));  // the clock bar's height settles on the second frame
  texture.display();
  const sf::Image image = texture.getTexture().copyToImage();
  const sf::Vector2f p = view.service_position(s);
  REQUIRE(p.x >= 0);
  REQUIRE(p.y >= 0);
  REQUIRE(p.x < static_cast<float>(image.getSize().x) - view.screen().panel_width_px);
  REQUIRE(p.y < static_cast<float>(image.getSize().y));
  const sf::Color c = image.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
  return {c.r, c.g, c.b, c.a};
}

// How many pixels within 40 px of service `s`'s node are in the fault's colour.
int fault_pixels_around(LiveView& view, sf::RenderTexture& texture, std::size_t s) {
  view.draw(sf::milliseconds(16));
  texture.display();
  const sf::Image image = texture.getTexture().copyToImage();
  const sf::Vector2f p = view.service_position(s);
  const sf::Color fault{kFaultColour.r, kFaultColour.g, kFaultColour.b};
  int n = 0;
  for (int dy = -40; dy <= 40; ++dy)
    for (int dx = -40; dx <= 40; ++dx)
      n += image.getPixel(static_cast<unsigned>(p.x + static_cast<float>(dx)),
                          static_cast<unsigned>(p.y + static_cast<float>(dy))) == fault;
  return n;
}

sf::Event key(sf::Keyboard::Key code) {
  sf::Event e;
  e.type = sf::Event::KeyPressed;
  e.key = {code, false, false, false, false};
  return e;
}

sf::Event mouse(sf::Event::EventType type, sf::Vector2f at) {
  sf::Event e;
  e.type = type;
  e.mouseButton = {sf::Mouse::Left, static_cast<int>(at.x), static_cast<int>(at.y)};
  return e;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE(
    "LiveView: before the crash the redis-cart node is drawn healthy, after it in the "
    "failure colour, at its laid-out position",
    "[visualizer][window]") {
  // cart-store-crash-overnight: the single redis-cart replica crashes at 20 min; with no healthy
  // replica the service is down (colour_scale.hpp: kFailureColour).
  const model::Scenario sc = scenario::load_scenario(kBundled / "cart-store-crash-overnight.json");
  const std::size_t redis = service_index(sc, "redis-cart");
  const std::size_t frontend = service_index(sc, "frontend");
  sf::RenderTexture texture;
  REQUIRE(texture.create(1600, 900));
  REQUIRE(texture.setActive(true));
  LiveView view(sc, sc.run.seed, {}, texture);

  view.seek(minutes(19));
  CHECK(node_colour(view, texture, redis) == kHealthyColour);
  const sf::Vector2f before = view.service_position(redis);  // once drawn: the clock bar measured

  view.seek(minutes(21));
  CHECK(node_colour(view, texture, redis) == kFailureColour);
  CHECK(view.service_position(redis) == before);  // the layout does not move
  CHECK_FALSE(node_colour(view, texture, frontend) == kFailureColour);
  REQUIRE_FALSE(view.state().services()[redis].active_faults.empty());
}

TEST_CASE(
    "LiveView: n runs on to the next thing the story tells, and stops within a scrape "
    "interval after it",
    "[visualizer][window][story]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  sf::RenderTexture texture;
  REQUIRE(texture.create(1024, 576));
  REQUIRE(texture.setActive(true));
  LiveView view(sc, sc.run.seed, {}, texture);
  std::size_t told = view.story_feed().lines().size();
  for (int k = 0; k < 8; ++k) {
    view.next_event();
    const auto& lines = view.story_feed().lines();
    REQUIRE(lines.size() > told);
    // Every new line happened in the last scrape interval: nothing was skipped over.
    for (std::size_t i = told; i < lines.size(); ++i) {
      CHECK(lines[i].at <= view.now());
      CHECK(lines[i].at > view.now() - sc.run.scrape_interval);
    }
    told = lines.size();
  }
  view.draw(sf::Time::Zero);
  texture.display();
  REQUIRE(texture.getTexture().copyToImage().saveToFile(
      (fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "story-1024x576.png").string()));
}

TEST_CASE(
    "LiveView: b asks for a bookmark's note, and Enter adds it to the drill's commands "
    "and to the story",
    "[visualizer][window][bookmark]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  sf::RenderTexture texture;
  REQUIRE(texture.create(1024, 576));
  REQUIRE(texture.setActive(true));
  LiveView view(sc, sc.run.seed, {}, texture);
  view.seek(minutes(110));
  const auto typed = [](char c) {
    sf::Event e;
    e.type = sf::Event::TextEntered;
    e.text = {static_cast<sf::Uint32>(c)};
    return e;
  };
  view.handle(key(sf::Keyboard::B));
  view.handle(typed('b'));  // the key's own character, as SFML sends it
  view.draw(sf::Time::Zero);
  view.draw(sf::Time::Zero);
  for (const char c : std::string("IC: roll back")) view.handle(typed(c));
  view.draw(sf::Time::Zero);
  texture.display();
  REQUIRE(texture.getTexture().copyToImage().saveToFile(
      (fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "bookmark-1024x576.png").string()));
  view.handle(key(sf::Keyboard::Enter));
  view.draw(sf::Time::Zero);
  REQUIRE(view.commands().size() == 1);
  CHECK(std::get<model::Bookmark>(view.commands()[0].action).note == "IC: roll back");
  CHECK(view.commands()[0].at == view.now());
  REQUIRE_FALSE(view.story_feed().lines().empty());
  CHECK(view.story_feed().lines().back().text == "Bookmark: IC: roll back");
}

TEST_CASE(
    "LiveView: a click on a service and the i key inject the menu's fault there, recorded "
    "as a facilitator command, and the map shows it",
    "[visualizer][window]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  const std::size_t cart = service_index(sc, "cartservice");
  sf::RenderTexture texture;
  REQUIRE(texture.create(1600, 900));
  REQUIRE(texture.setActive(true));
  LiveViewOptions options;
  options.paused = true;
  LiveView view(sc, sc.run.seed, options, texture);
  view.seek(minutes(30));
  CHECK(fault_pixels_around(view, texture, cart) == 0);
  const sf::Vector2f at = view.service_position(cart);
  view.handle(mouse(sf::Event::MouseButtonPressed, at));
  view.handle(mouse(sf::Event::MouseButtonReleased, at));
  view.handle(key(sf::Keyboard::I));  // the menu's first choice: crash_replicas, 1 replica
  const std::vector<model::DrillCommand> commands = view.commands();
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].at == minutes(30));
  const auto* inject = std::get_if<model::InjectFault>(&commands[0].action);
  REQUIRE(inject);
  CHECK(inject->fault.type == model::FaultType::CrashReplicas);
  CHECK(inject->fault.service == cart);
  CHECK(inject->fault.id == "live-1");
  // Applied at once, though paused: the service carries the fault on the map.
  REQUIRE(view.state().services()[cart].active_faults.size() == 1);
  CHECK(view.now() == minutes(30));
  // The fault's ring in the fault's colour surrounds the node (one replica of three down does
  // not make the service itself unhealthy). The picture is kept for a person to look at.
  CHECK(fault_pixels_around(view, texture, cart) > 50);
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch";
  fs::create_directories(dir);
  CHECK(texture.getTexture().copyToImage().saveToFile((dir / "facilitator-click.png").string()));
}

TEST_CASE(
    "LiveView: a window runs hundreds of frames at 3600x to the drill's end and closes "
    "cleanly on the q key",
    "[visualizer][window]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  sf::RenderWindow window(sf::VideoMode(1280, 720), "firedrill test");
  REQUIRE(window.setActive(true));
  LiveViewOptions options;
  options.speed = 3600;
  LiveView view(sc, sc.run.seed, options, window);
  int frames = 0;
  for (; frames < 400 && window.isOpen(); ++frames) {
    sf::Event event;
    while (window.pollEvent(event)) view.handle(event);
    if (frames == 350) view.handle(key(sf::Keyboard::Q));
    view.advance(sf::milliseconds(16));
    view.draw(sf::milliseconds(16));
    window.display();
    if (view.quit_requested()) window.close();
  }
  // 350 frames of 16 ms at 3600x simulate 5.6 h: the 4 h drill is over.
  CHECK(frames == 351);
  CHECK(view.finished());
  CHECK(view.now() == sc.run.duration);
  CHECK(view.state().incidents().size() == 1);
}

TEST_CASE(
    "firedrill viz: a facilitator's real clicks and keys (xdotool) inject a fault, and "
    "--record writes it as a drill log that run --replay accepts",
    "[visualizer][window][xdotool]") {
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "xdotool";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path scenario = kBundled / "black-friday-bad-deploy.json";
  const model::Scenario sc = scenario::load_scenario(scenario);
  const std::size_t currency = service_index(sc, "currencyservice");
  // Where the window draws currencyservice: the same layout and fit on a target of its size.
  sf::Vector2f at;
  {
    sf::RenderTexture texture;
    REQUIRE(texture.create(1200, 700));
    REQUIRE(texture.setActive(true));
    LiveView probe(sc, sc.run.seed, {}, texture);
    for (int i = 0; i < 3; ++i) probe.draw(sf::Time::Zero);  // the clock bar's height settles
    at = probe.service_position(currency);
  }
  const std::string viz = std::string("'") + FIREDRILL_EXE + "' viz '" + scenario.string() +
                          "' --paused --size 1200x700 --record '" + (dir / "log.json").string() +
                          "' >'" + (dir / "viz.out").string() + "' 2>&1";
  // Start the window, wait for it, click the node, press i (inject) and q (quit).
  std::ofstream(dir / "drive.sh")
      << "set -e\n"
      << viz << " &\npid=$!\n"
      << "win=$(timeout 20 xdotool search --sync --name 'firedrill: black-friday-bad-deploy' "
         "| head -1)\n"
      << "sleep 1\n"
      << "xdotool mousemove --window \"$win\" " << static_cast<int>(at.x) << " "
      << static_cast<int>(at.y) << " click 1\n"
      << "sleep 0.5\nxdotool key i\nsleep 0.5\nxdotool key q\nwait $pid\n";
  const int status = std::system(("timeout 60 bash '" + (dir / "drive.sh").string() + "'").c_str());
  INFO(slurp(dir / "viz.out"));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const nlohmann::json log = nlohmann::json::parse(slurp(dir / "log.json"));
  REQUIRE(log["commands"].size() == 1);
  CHECK(log["commands"][0]["at_s"] == 0);
  CHECK(log["commands"][0]["inject"]["service"] == "currencyservice");
  CHECK(log["commands"][0]["inject"]["type"] == "crash_replicas");
  // The drill log replays: the run has the injected incident besides the scheduled one.
  const std::string replay = std::string("'") + FIREDRILL_EXE + "' run '" + scenario.string() +
                             "' --replay '" + (dir / "log.json").string() + "' --out '" +
                             (dir / "out").string() + "' >/dev/null";
  REQUIRE(std::system(replay.c_str()) == 0);
  const nlohmann::json report = nlohmann::json::parse(slurp(dir / "out/report.json"));
  CHECK(report["incidents"].size() == 2);
}

namespace {

// A bundled drill (by default the bad payments deploy) with the on-call seat of team checkout
// played in the view (firedrill play) on a `size` picture, run until its page rings. `replay`:
// seat commands to apply at their times.
struct SeatedView {
  explicit SeatedView(std::vector<model::DrillCommand> replay = {},
                      const fs::path& file = kBundled / "black-friday-bad-deploy.json",
                      sf::Vector2u size = {1600, 900},
                      std::optional<double> ui_scale = std::nullopt)
      : sc(scenario::load_scenario(file)) {
    REQUIRE(texture.create(size.x, size.y));
    REQUIRE(texture.setActive(true));
    LiveViewOptions options;
    options.paused = true;
    options.seats = {model::Seat{model::Seat::Kind::OnCall, {}, 1}};  // checkout
    REQUIRE(sc.teams[1].name == "checkout");
    options.play = true;
    options.seat_text = "on-call:checkout";
    options.replay = std::move(replay);
    options.ui_scale = ui_scale;
    view = std::make_unique<LiveView>(sc, sc.run.seed, options, texture);
  }
  // Seeks a minute at a time until a page rings for the seat.
  void until_paged() {
    while (view->run().seat_pages().empty()) {
      REQUIRE_FALSE(view->finished());
      view->seek(view->now() + minutes(1));
    }
  }
  void save(const std::string& name) {
    view->draw(sf::milliseconds(16));
    view->draw(sf::milliseconds(16));  // ImGui sizes a new window on its first frame
    texture.display();
    const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch";
    fs::create_directories(dir);
    CHECK(texture.getTexture().copyToImage().saveToFile((dir / name).string()));
  }

  model::Scenario sc;
  sf::RenderTexture texture;
  std::unique_ptr<LiveView> view;
};

}  // namespace

TEST_CASE(
    "LiveView: the seat's view does not mark the fault until the facilitator reveals it (r), "
    "and the a key answers the ringing page",
    "[visualizer][window][seat]") {
  // At 1×: at the automatic 1.33 the ringing page's window covers paymentservice's node.
  SeatedView seated({}, kBundled / "black-friday-bad-deploy.json", {1600, 900}, 1.0);
  const std::size_t payment = service_index(seated.sc, "paymentservice");
  seated.until_paged();
  REQUIRE_FALSE(seated.view->state().services()[payment].active_faults.empty());
  seated.save("seat-page.png");
  CHECK(fault_pixels_around(*seated.view, seated.texture, payment) == 0);
  seated.view->handle(key(sf::Keyboard::R));
  CHECK(fault_pixels_around(*seated.view, seated.texture, payment) > 50);
  seated.save("seat-revealed.png");
  seated.view->handle(key(sf::Keyboard::R));  // hidden again
  CHECK(fault_pixels_around(*seated.view, seated.texture, payment) == 0);

  seated.view->handle(key(sf::Keyboard::A));
  REQUIRE(seated.view->commands().size() == 1);
  CHECK(std::holds_alternative<model::SeatAction>(seated.view->commands()[0].action));
  CHECK(seated.view->run().seat_pages().empty());
}

TEST_CASE("LiveView: a replayed seat's investigation shows its finding in the seat's window",
          "[visualizer][window][seat]") {
  // Where the page rings, from the run alone (a second view in one process would close and
  // reopen the X connection, and Xvfb resets when its last client leaves); then the drill with
  // the seat's answers.
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  const std::size_t payment = service_index(sc, "paymentservice");
  model::Run probe(sc, sc.run.seed, nullptr);
  probe.take_seat(model::Seat{model::Seat::Kind::OnCall, {}, 1});
  while (probe.seat_pages().empty()) {
    REQUIRE_FALSE(probe.finished());
    probe.run_until(probe.now() + minutes(1));
  }
  const model::SimTime paged = probe.now();
  SeatedView seated({{paged, model::seat::Acknowledge{0}},
                     {paged, model::seat::DeclareSeverity{0, model::Severity::P1}},
                     {paged, model::seat::Investigate{0, payment}}});
  seated.view->seek(paged);
  CHECK(seated.view->run().seat_pages().empty());
  seated.view->select(Hit{Hit::Kind::Service, payment});
  seated.save("seat-investigating.png");
  while (seated.view->run().seat_findings().empty()) {
    REQUIRE_FALSE(seated.view->finished());
    seated.view->seek(seated.view->now() + minutes(1));
  }
  seated.save("seat-finding.png");
  CHECK(seated.view->run().seat_findings().front().service == payment);

  // The drill's end: its debrief over the map, from the played drill's record.
  const auto commands = seated.view->commands();
  seated.view->seek(seated.sc.run.duration);
  const model::RunRecord played =
      model::simulate_drill(seated.sc, seated.sc.run.seed, commands, model::Fidelity::Flow,
                            {model::Seat{model::Seat::Kind::OnCall, {}, 1}});
  const scoring::Report report = scoring::evaluate(seated.sc, played);
  const scoring::Report twin =
      scoring::evaluate(seated.sc, model::simulate(seated.sc, seated.sc.run.seed));
  seated.view->show_debrief(
      scoring::debrief_markdown(seated.sc, "on-call:checkout", played, report, twin, {{1, 0}}, {}));
  seated.save("seat-debrief.png");
}

namespace {

// A training drill played in a `size` window up to a page: the seat answers it and pages the
// platform team; then the Dashboard tab with paymentservice selected and the Channel tab are
// saved as seat-dashboard`suffix`.png and seat-channel`suffix`.png.
void dashboard_and_channel(sf::Vector2u size, const std::string& suffix) {
  SeatedView seated(
      {}, fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/training/bad-deploy-by-day.json", size);
  const std::size_t payment = service_index(seated.sc, "paymentservice");
  std::size_t platform = 0;
  while (seated.sc.teams[platform].name != "platform") ++platform;
  SeatPanel& panel = *seated.view->seat_panel();
  seated.until_paged();
  // While the page rings the channel does not take the front from the page's Act tab.
  seated.save("seat-paged" + suffix + ".png");
  CHECK_FALSE(panel.channel_open());

  // The seat answers and pages the platform team, whose on-call answers; support escalates
  // customers' reports.
  const std::size_t incident = seated.view->run().seat_pages().front().incident;
  REQUIRE_FALSE(seated.view->apply(model::SeatAction{model::seat::Acknowledge{incident}}));
  REQUIRE_FALSE(seated.view->apply(model::SeatAction{model::seat::PageTeam{incident, platform}}));
  const std::string me = scoring::person_name(seated.sc, seated.view->run().seat_people().at(0));
  const auto said = [&](const std::string& words) {
    const auto& lines = seated.view->seat_feed().channel();
    return std::count_if(lines.begin(), lines.end(), [&](const ChannelLine& l) {
      return l.text.find(words) != std::string::npos;
    });
  };
  for (int m = 0; m < 30 && !said("Support:"); ++m)
    seated.view->seek(seated.view->now() + minutes(1));
  CHECK(said("acknowledged the page for INC-" + std::to_string(incident + 1)) == 1);
  CHECK(said(me + " acknowledged") == 0);  // the seat's own acknowledgement is not said
  CHECK(said("Support: customers report failures on checkout") == 1);

  seated.view->select(Hit{Hit::Kind::Service, payment});
  panel.show(SeatTab::Dashboard);
  seated.save("seat-dashboard" + suffix + ".png");
  CHECK(panel.dashboard_fits());
  CHECK_FALSE(panel.channel_open());
  CHECK(panel.channel_unread() == seated.view->seat_feed().channel().size());
  panel.show(SeatTab::Channel);
  seated.save("seat-channel" + suffix + ".png");
  CHECK(panel.channel_open());
  CHECK(panel.channel_unread() == 0);
  // What the seat can do, and the selected service's runbook (looked at).
  panel.show(SeatTab::Act);
  seated.save("seat-act" + suffix + ".png");
  panel.show(SeatTab::Runbook);
  seated.save("seat-runbook" + suffix + ".png");
}

}  // namespace

TEST_CASE(
    "LiveView: the seat's Dashboard tab charts the last hour of the selected service and of a "
    "journey, and its Channel tab says what the responders around it do, at 1024x576",
    "[visualizer][window][seat]") {
  dashboard_and_channel({1024, 576}, "");
}

TEST_CASE("LiveView: the seat's dashboards and channel fit a 1200x700 window",
          "[visualizer][window][seat]") {
  dashboard_and_channel({1200, 700}, "-1200x700");
}

TEST_CASE(
    "firedrill play: the page rings in the window and a real click (xdotool) on Acknowledge "
    "answers it, and the drill log records it",
    "[visualizer][window][xdotool][seat]") {
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "play-click";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path scenario = kBundled / "black-friday-bad-deploy.json";
  const std::string play = std::string("'") + FIREDRILL_EXE + "' play '" + scenario.string() +
                           "' --as on-call:checkout --size 1200x700 --speed 3600 --out '" +
                           (dir / "out").string() + "' --record '" + (dir / "log.json").string() +
                           "' --snapshots '" + (dir / "snaps").string() + "' >'" +
                           (dir / "play.out").string() + "' 2>&1";
  // The page rings at T+102:45 (the window's title says so); the clock then runs at 1x (the
  // default pace) for the 5 min before it escalates. Its window is centred over the map (1200 −
  // 440 px of panel), the Acknowledge button its first line, about 115 px from the top.
  std::ofstream(dir / "drive.sh")
      << "set -e\n"
      << play << " &\npid=$!\n"
      << "win=$(timeout 20 xdotool search --sync --name 'firedrill play: black-friday-bad-deploy' "
         "| head -1)\n"
      << "sleep 1\nxdotool key --window \"$win\" space\n"  // the briefing read: start
      // The title says when the page rings (however fast the build simulates).
      << "timeout 50 xdotool search --sync --name 'PAGE ringing' >/dev/null\nsleep 0.5\n"
      << "xdotool mousemove --window \"$win\" 380 115 click 1\n"
      << "sleep 0.5\nxdotool key --window \"$win\" q\nwait $pid\n";
  const int status = std::system(("timeout 90 bash '" + (dir / "drive.sh").string() + "'").c_str());
  INFO(slurp(dir / "play.out"));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const nlohmann::json log = nlohmann::json::parse(slurp(dir / "log.json"));
  CHECK(log["seat"] == "on-call:checkout");
  REQUIRE(log["commands"].size() == 1);
  CHECK(log["commands"][0]["seat"]["act"] == "acknowledge");
  // The window showed the page ringing, and the outputs are written as for --stdio.
  CHECK(fs::exists(dir / "snaps" / "page.png"));
  const std::string debrief = slurp(dir / "out" / "debrief.md");
  CHECK(debrief.find("| T+1") != std::string::npos);
  CHECK(debrief.find("acknowledge (INC-1)") != std::string::npos);
  // The drill played in the window replays exactly (its commands at their ms times).
  const std::string replay = std::string("'") + FIREDRILL_EXE + "' run '" + scenario.string() +
                             "' --replay '" + (dir / "log.json").string() + "' --out '" +
                             (dir / "replayed").string() + "' >/dev/null";
  REQUIRE(std::system(replay.c_str()) == 0);
  CHECK(slurp(dir / "replayed" / "report.json") == slurp(dir / "out" / "report.json"));
  CHECK(slurp(dir / "replayed" / "postmortem.md") == slurp(dir / "out" / "postmortem.md"));
}

namespace {

// Draws `view` a few frames (ImGui sizes a window on its first, the clock bar's height sizes the
// map from the next) and returns the picture.
sf::Image settled_picture(LiveView& view, sf::RenderTexture& texture) {
  for (int i = 0; i < 3; ++i) view.draw(sf::Time::Zero);
  texture.display();
  return texture.getTexture().copyToImage();
}

}  // namespace

namespace {

// Draws `file`'s drill at 100 min on a `size` picture (kept in test-scratch for a person to look
// at) and checks the room's layout: the automatic UI scale, a toolbar that wraps within its bar,
// a map that keeps most of the window, and names on the map inside it, none over another.
void check_room_layout(const fs::path& file, sf::Vector2u size) {
  const model::Scenario sc = scenario::load_scenario(file);
  sf::RenderTexture texture;
  REQUIRE(texture.create(size.x, size.y));
  REQUIRE(texture.setActive(true));
  LiveView view(sc, sc.run.seed, {}, texture);
  view.seek(minutes(100));
  const sf::Image picture = settled_picture(view, texture);
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch";
  fs::create_directories(dir);
  CHECK(picture.saveToFile((dir / ("room-" + file.stem().string() + "-" + std::to_string(size.x) +
                                   "x" + std::to_string(size.y) + ".png"))
                               .string()));
  const ScreenLayout& screen = view.screen();
  CHECK(screen.ui_scale == auto_ui_scale(size.x, size.y));
  CHECK(view.toolbar_fits());
  const auto width = static_cast<float>(size.x), height = static_cast<float>(size.y);
  CHECK(screen.panel_width_px <= 0.36f * width + 0.5f);
  // The map keeps at least 40 % of the height between the clock bar and the story.
  const float map_height = height - view.clock_bar_px() - screen.bottom_height_px;
  CHECK(map_height >= 0.4f * height);
  const Box map{0, 0, width - screen.panel_width_px, map_height};
  const std::vector<Box>& labels = view.map_labels();
  // At least a third of the services are named (the rest on hover), none over another.
  CHECK(labels.size() * 3 >= sc.services.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    CHECK(labels[i].left >= map.left);
    CHECK(labels[i].top >= map.top);
    CHECK(labels[i].right() <= map.right());
    CHECK(labels[i].bottom() <= map.bottom());
    for (std::size_t j = i + 1; j < labels.size(); ++j) CHECK_FALSE(overlaps(labels[i], labels[j]));
  }
}

const fs::path kTrainTicket =
    fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/train-ticket/seat-service-canary-bad-deploy.json";

}  // namespace

// One view per process: a case per scenario and size.
TEST_CASE("LiveView: Online Boutique's room layout at 1600x900", "[visualizer][window][room]") {
  check_room_layout(kBundled / "black-friday-bad-deploy.json", {1600, 900});
}
TEST_CASE("LiveView: Online Boutique's room layout at 1280x720", "[visualizer][window][room]") {
  check_room_layout(kBundled / "black-friday-bad-deploy.json", {1280, 720});
}
TEST_CASE("LiveView: Online Boutique's room layout at 1024x576", "[visualizer][window][room]") {
  check_room_layout(kBundled / "black-friday-bad-deploy.json", {1024, 576});
}
TEST_CASE("LiveView: TrainTicket's 64-service room layout at 1600x900",
          "[visualizer][window][room]") {
  check_room_layout(kTrainTicket, {1600, 900});
}
TEST_CASE("LiveView: TrainTicket's 64-service room layout at 1280x720",
          "[visualizer][window][room]") {
  check_room_layout(kTrainTicket, {1280, 720});
}
TEST_CASE("LiveView: TrainTicket's 64-service room layout at 1024x576",
          "[visualizer][window][room]") {
  check_room_layout(kTrainTicket, {1024, 576});
}

TEST_CASE(
    "LiveView: seeking back then forward again draws the same picture, tells the same story "
    "and keeps the same drill log, and a new command after seeking back replaces the future",
    "[visualizer][window][rewind]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  const std::size_t cart = service_index(sc, "cartservice");
  LiveViewOptions options;
  options.paused = true;
  sf::RenderTexture texture;
  REQUIRE(texture.create(1280, 720));
  REQUIRE(texture.setActive(true));
  std::vector<model::DrillCommand> log;
  std::vector<StoryLine> story;
  sf::Image at_end;
  {
    LiveView view(sc, sc.run.seed, options, texture);
    view.seek(minutes(40));
    view.select(Hit{Hit::Kind::Service, cart});
    view.inject_selected();  // the menu's first choice: crash one replica
    view.select(std::nullopt);
    view.seek(minutes(70));
    REQUIRE_FALSE(view.apply(model::Bookmark{"after the crash"}));
    view.seek(minutes(115));
    at_end = settled_picture(view, texture);
    log = view.commands();
    story = view.story_feed().lines();
    REQUIRE(log.size() == 2);
    CHECK(view.rewind().size() == 115 / 5 + 1);  // a copy every 5 min: 0, 5, ..., 115

    view.seek(minutes(30));  // before both commands
    CHECK(view.now() == minutes(30));
    CHECK(view.commands() == log);  // the future is kept
    for (const StoryLine& line : view.story_feed().lines()) CHECK(line.at <= minutes(30));
    CHECK(view.state().services()[cart].active_faults.empty());

    view.seek(minutes(115));  // forward again, through both commands
    CHECK(view.commands() == log);
    REQUIRE(view.story_feed().lines().size() == story.size());
    for (std::size_t i = 0; i < story.size(); ++i) {
      CHECK(view.story_feed().lines()[i].at == story[i].at);
      CHECK(view.story_feed().lines()[i].text == story[i].text);
    }
    const sf::Image again = settled_picture(view, texture);
    CHECK(std::equal(again.getPixelsPtr(), again.getPixelsPtr() + 4 * 1280 * 720,
                     at_end.getPixelsPtr()));

    // A bookmark after seeking back marks the moment and keeps the future.
    view.seek(minutes(60));
    REQUIRE_FALSE(view.apply(model::Bookmark{"looking back"}));
    const std::vector<model::DrillCommand> noted = view.commands();
    REQUIRE(noted.size() == 3);
    CHECK(noted[0] == log[0]);
    CHECK(std::get<model::Bookmark>(noted[1].action).note == "looking back");
    CHECK(noted[2] == log[1]);
    CHECK(view.branches().size() == 1);
    CHECK(view.furthest() == minutes(115));
    // A branch: back to 50 min, the crash ended there; both bookmarks were the old future's.
    view.seek(minutes(50));
    REQUIRE_FALSE(view.apply(model::EndFault{"live-1"}));
    const std::vector<model::DrillCommand> branch = view.commands();
    REQUIRE(branch.size() == 2);
    CHECK(branch[0] == log[0]);
    CHECK(branch[1] == model::DrillCommand{minutes(50), model::EndFault{"live-1"}});
    CHECK(view.furthest() == minutes(50));
    CHECK(view.rewind().size() == 50 / 5 + 1);  // the copies after 50 min were the old future's
    // The old future is kept as the original branch.
    REQUIRE(view.branches().size() == 2);
    CHECK(view.branch() == 1);
    CHECK(view.branches()[0].log == noted);
    CHECK(view.branches()[0].furthest == minutes(115));
    CHECK(view.branches()[1].forked_at == minutes(50));
    view.seek(minutes(115));
    CHECK(view.commands() == branch);
    // The arrow keys seek 5 min back and on, and pause.
    view.handle(key(sf::Keyboard::Space));
    REQUIRE_FALSE(view.paused());
    view.handle(key(sf::Keyboard::Left));
    CHECK(view.now() == minutes(110));
    CHECK(view.paused());
    view.handle(key(sf::Keyboard::Right));
    CHECK(view.now() == minutes(115));
    CHECK(view.commands() == branch);
  }
  // The drill log replays (firedrill viz --replay, its own process: one view per process) to the
  // same picture.
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "rewind";
  fs::create_directories(dir);
  const fs::path file = kBundled / "black-friday-bad-deploy.json";
  std::ofstream(dir / "log.json") << scenario::drill_log_json(
      scenario::DrillLog{file.string(), sc.run.seed, {}, log}, sc);
  REQUIRE(at_end.saveToFile((dir / "sought.png").string()));
  const std::string viz = std::string("'") + FIREDRILL_EXE + "' viz '" + file.string() +
                          "' --paused --replay '" + (dir / "log.json").string() +
                          "' --at 115m --size 1280x720 --screenshot '" +
                          (dir / "replayed.png").string() + "' >/dev/null";
  REQUIRE(std::system(viz.c_str()) == 0);
  sf::Image replayed;
  REQUIRE(replayed.loadFromFile((dir / "replayed.png").string()));
  CHECK(std::equal(replayed.getPixelsPtr(), replayed.getPixelsPtr() + 4 * 1280 * 720,
                   at_end.getPixelsPtr()));
}

TEST_CASE(
    "LiveView: when the drill ends the facilitator's debrief covers the map, the same as the "
    "drill's record gives, and seeking back into the drill takes it away",
    "[visualizer][window]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  LiveViewOptions options;
  options.paused = true;
  sf::RenderTexture texture;
  REQUIRE(texture.create(1280, 720));
  REQUIRE(texture.setActive(true));
  LiveView view(sc, sc.run.seed, options, texture);
  view.seek(minutes(100));
  CHECK(view.debrief().empty());
  view.seek(sc.run.duration);
  REQUIRE(view.finished());
  model::RunRecord record = model::simulate(sc, sc.run.seed);
  record.seed = 0;  // the view's record does not carry the seed, which the debrief never shows
  CHECK(view.debrief() ==
        scoring::drill_debrief_markdown(sc, record, scoring::evaluate(sc, record)));
  CHECK(view.debrief().find("## INC-1: bad deploy of paymentservice") != std::string::npos);
  const sf::Image picture = settled_picture(view, texture);
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch";
  fs::create_directories(dir);
  CHECK(picture.saveToFile((dir / "debrief-1280x720.png").string()));
  view.seek(sc.run.duration - minutes(10));
  CHECK(view.debrief().empty());
}

TEST_CASE(
    "LiveView: a what-if branch from the window: switching back shows the original exactly, "
    "and the comparison is the command line's what-if",
    "[visualizer][window][rewind][whatif]") {
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  const model::SimTime at = minutes(119);  // 5 min after triage (docs/facilitators-guide.md)
  const model::Order rollback{model::seat::Mitigate{0, model::MitigationAction::Rollback,
                                                    service_index(sc, "paymentservice")}};
  LiveViewOptions options;
  options.paused = true;
  sf::RenderTexture texture;
  REQUIRE(texture.create(1280, 720));
  REQUIRE(texture.setActive(true));
  LiveView view(sc, sc.run.seed, options, texture);
  const auto texts = [&view] {
    std::vector<std::string> out;
    for (const StoryLine& line : view.story_feed().lines()) out.push_back(line.text);
    return out;
  };
  view.seek(minutes(160));
  const std::vector<std::string> original = texts();
  const sf::Image original_picture = settled_picture(view, texture);

  view.seek(at);
  view.select(Hit{Hit::Kind::Service, service_index(sc, "paymentservice")});  // the order menu
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch";
  fs::create_directories(dir);
  CHECK(settled_picture(view, texture).saveToFile((dir / "order-menu-1280x720.png").string()));
  view.select(std::nullopt);
  REQUIRE_FALSE(view.apply(rollback));
  REQUIRE(view.branches().size() == 2);
  CHECK(view.branch() == 1);
  view.seek(minutes(160));
  const std::vector<std::string> ordered = texts();
  CHECK(ordered != original);

  // Back to the original at the same moment: the same story and the same picture.
  view.switch_branch(0);
  CHECK(view.branch() == 0);
  CHECK(view.now() == minutes(160));
  CHECK(texts() == original);
  // Below the clock bar, whose Branches button now counts two.
  const sf::Image again = settled_picture(view, texture);
  const auto below_bar = static_cast<std::ptrdiff_t>(4 * 1280 * std::ceil(view.clock_bar_px()));
  CHECK(std::equal(again.getPixelsPtr() + below_bar, again.getPixelsPtr() + 4 * 1280 * 720,
                   original_picture.getPixelsPtr() + below_bar));
  CHECK(view.commands().empty());
  view.switch_branch(1);
  CHECK(texts() == ordered);
  CHECK(view.commands() == std::vector<model::DrillCommand>{{at, rollback}});

  // The Branches window (k) lists both, the shown one marked.
  view.handle(key(sf::Keyboard::K));
  CHECK(settled_picture(view, texture).saveToFile((dir / "branches-1280x720.png").string()));
  view.handle(key(sf::Keyboard::K));

  // Compared: what firedrill whatif --at 119m --order ... gives (model::run_what_if).
  view.compare_with(0);
  const model::WhatIfResult r = model::run_what_if(sc, sc.run.seed, {}, {}, {at, {rollback}});
  const scoring::Report original_report = scoring::evaluate(sc, r.original);
  const scoring::Report branch_report = scoring::evaluate(sc, r.branch);
  const scoring::WhatIfChanges changes{
      at, {scoring::format_offset(at) + ": " + scoring::describe_drill_action(sc, rollback)}, {}};
  CHECK(view.comparison() == "Original: original. What-if: branch 2.\n\n" +
                                 scoring::whatif_markdown(sc, {r.original, original_report},
                                                          {r.branch, branch_report}, changes));
  CHECK(view.comparison().find("time to mitigate") != std::string::npos);
  view.draw(sf::milliseconds(16));
  const sf::Image compared = settled_picture(view, texture);
  CHECK(compared.saveToFile((dir / "branches-compared-1280x720.png").string()));
}

TEST_CASE(
    "LiveView: a following view is the other drill at its time, and the facilitator's commands "
    "taken there are that drill's next ones",
    "[visualizer][window]") {
  // The host's side: a run with a seat, commands applied at their times (as play --host does).
  const model::Scenario sc = scenario::load_scenario(kBundled / "black-friday-bad-deploy.json");
  const model::Seat seat = scenario::parse_seat("on-call:checkout", sc);
  model::Run host(sc, sc.run.seed, nullptr);
  host.take_seat(seat);
  std::vector<model::DrillCommand> commands;
  const auto host_applies = [&](model::DrillAction action, std::size_t s) {
    auto applied = model::apply_now(host, std::move(action), s);
    REQUIRE(std::holds_alternative<model::DrillCommand>(applied));
    commands.push_back(std::get<model::DrillCommand>(applied));
  };
  host.run_until(minutes(10));
  host_applies(model::Bookmark{"ten minutes in"}, 0);
  host.run_until(minutes(30));
  host_applies(model::LeaveSeat{}, 0);

  sf::RenderTexture texture;
  REQUIRE(texture.create(1600, 900));
  REQUIRE(texture.setActive(true));
  LiveViewOptions options;
  options.follow = true;
  options.seats = {seat};
  LiveView view(sc, sc.run.seed, options, texture);
  view.follow(commands, host.now());
  CHECK(view.now() == minutes(30));
  CHECK(view.commands() == commands);
  // Its own clock stands still: advance, step and next event do nothing.
  view.advance(sf::seconds(60));
  view.next_event();
  CHECK(view.now() == minutes(30));

  // The facilitator bookmarks at the view; the host applies it at the same time.
  REQUIRE_FALSE(view.apply(model::Bookmark{"the facilitator was here"}));
  const std::vector<model::DrillCommand> taken = view.commands();
  REQUIRE(taken.size() == commands.size() + 1);
  host_applies(taken.back().action, 0);
  CHECK(commands.back() == taken.back());
  host.run_until(minutes(45));
  view.follow(commands, host.now());  // the bookmark is not applied twice
  CHECK(view.commands() == commands);
  CHECK(view.now() == host.now());
  CHECK(view.run().faults() == host.faults());
  view.draw(sf::milliseconds(16));
}
