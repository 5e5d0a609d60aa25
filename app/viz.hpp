#pragma once
// `firedrill viz`: the live view of a drill in an SFML window, or a picture of it at a
// simulated time (--screenshot, offscreen).

#include <filesystem>
#include <string>
#include <vector>

#include "sim/engine/sim_time.hpp"

namespace sf {
class Image;
class RenderWindow;
}  // namespace sf

namespace firedrill::visualizer {
class LiveView;
}

namespace firedrill::app {

// Throws MissingRequirement (exit 1) unless an X display is set: SFML makes its GL context
// there, even offscreen. Call it before anything runs or is written.
void require_display();

// Writes `image` to `path` as PNG (give it a file from Outputs::stage). Throws BadInput when it
// cannot be written.
void save_png(const sf::Image& image, const std::filesystem::path& path);

// Returns what `window` shows now (its last displayed frame), as an image.
sf::Image capture(const sf::RenderWindow& window);

// A window's or picture's size, pixels.
struct Size {
  unsigned width = 1600;
  unsigned height = 900;
};
// Parses --size's WIDTHxHEIGHT (3 to 5 digits each, at most 8192 each). Throws UsageError
// naming `command`.
Size parse_size(const std::string& command, const std::string& text);

// Parses --ui-scale: a decimal number within [visualizer::kMinUiScale, kMaxUiScale] (0.5 to 3;
// 1 draws 15 px text). Throws UsageError naming `command` for anything else.
double parse_ui_scale(const std::string& command, const std::string& text);

// Passes the window's pending events to the view (a resize also resizes the window's view).
void pass_events(sf::RenderWindow& window, visualizer::LiveView& view);

// Runs the viz sub-command with its arguments (after "viz"); SCENARIO defaults to
// `default_scenario`. Returns the exit status. Throws UsageError for bad options,
// scenario::ScenarioError for an invalid scenario or drill log, BadInput for an unwritable
// output.
int cmd_viz(const std::vector<std::string>& args, const std::filesystem::path& default_scenario);

}  // namespace firedrill::app
