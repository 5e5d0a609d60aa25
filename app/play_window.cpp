#include "app/play_window.hpp"

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Clock.hpp>

#include "visualizer/live_view.hpp"

namespace firedrill::app {

WindowPlay play_in_window(
    const model::Scenario& scenario, std::uint64_t seed, const model::Seat& seat,
    const std::string& seat_text, const WindowPlayOptions& options, Outputs& outputs,
    const std::function<std::string(const std::vector<model::DrillCommand>&)>& debrief) {
  visualizer::LiveViewOptions view_options;
  view_options.speed = options.speed;
  view_options.paused = true;  // the seat reads its briefing first; space starts the drill
  view_options.seats = {seat};
  view_options.play = true;
  view_options.pace = options.pace;
  view_options.seat_text = seat_text;
  view_options.ui_scale = options.ui_scale;
  const std::string title = "firedrill play: " + scenario.name;
  sf::RenderWindow window(sf::VideoMode(options.size.width, options.size.height), title);
  window.setFramerateLimit(60);
  window.setActive(true);
  visualizer::LiveView view(scenario, seed, view_options, window);
  // A snapshot waits kSettleFrames after its moment: ImGui sizes a new window on its first frame
  // and draws it on the next.
  constexpr int kSettleFrames = 2;
  int paged_at = -1, ended_at = -1, found_at = -1;
  std::size_t findings = 0;
  bool title_ringing = false;
  WindowPlay played;
  const auto snapshot = [&](const std::string& name) {
    if (!options.snapshots) return;
    save_png(capture(window), outputs.stage(*options.snapshots / name));
    played.snapshots.push_back(*options.snapshots / name);
  };
  sf::Clock clock;
  for (int frame = 0; window.isOpen(); ++frame) {
    pass_events(window, view);
    const sf::Time elapsed = clock.restart();
    view.advance(elapsed);
    if (options.on_commands) options.on_commands(view.commands());
    if (view.finished() && ended_at < 0) {
      ended_at = frame;
      view.show_debrief(debrief(view.commands()));
    }
    view.draw(elapsed);
    // What the person saw at the moments that matter, as drawn this frame.
    // The title says so while a page rings: the task bar shows it, and scripts can wait for it.
    const bool ringing = !view.run().seat_pages().empty();
    if (ringing != title_ringing) {
      title_ringing = ringing;
      window.setTitle(ringing ? "PAGE ringing - " + title : title);
    }
    if (paged_at < 0 && ringing) paged_at = frame;
    if (paged_at >= 0 && frame == paged_at + kSettleFrames) snapshot("page.png");
    if (findings < view.run().seat_findings().size()) {
      findings = view.run().seat_findings().size();
      found_at = frame;
    }
    if (found_at >= 0 && frame == found_at + kSettleFrames)
      snapshot("finding-" + std::to_string(findings) + ".png");
    if (ended_at >= 0 && frame == ended_at + kSettleFrames) snapshot("debrief.png");
    window.display();
    if (view.quit_requested() || (options.quit_after > 0 && frame + 1 >= options.quit_after))
      window.close();
  }
  played.commands = view.commands();
  return played;
}

}  // namespace firedrill::app
