#pragma once
// The facilitator's window on a hosted drill (`firedrill play --host --window`): the live view of
// the whole drill (map, incidents, responders, story, fault menu), following the host's world.

#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Clock.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/outputs.hpp"
#include "app/play_host.hpp"
#include "app/viz.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"
#include "visualizer/live_view.hpp"

namespace firedrill::app {

struct HostWindowOptions {
  Size size{1600, 900};
  std::optional<double> ui_scale;  // nullopt: from the window's size
  // Saves the window as PNG here (staged in the Outputs given) a few frames after each of the
  // facilitator's commands (facilitator-N.png, N from 1).
  std::optional<std::filesystem::path> snapshots;
  // Test only: at the first frame at or after this simulated time, the facilitator selects
  // service `test_inject->second` and injects the menu's first fault there (a click and key i),
  // then bookmarks the moment.
  std::optional<std::pair<model::SimTime, std::size_t>> test_inject;
};

// A window whose LiveView (LiveViewOptions::follow, no seat played) is the host's drill by
// determinism: the same scenario, seed and seats, and the host's commands replayed at their
// times. The facilitator's commands there are handed to the host, which applies them to its
// world at the same simulated time. REQUIRES: an X display (require_display); one per process
// (ImGui); `scenario` outlives it.
class HostWindow {
 public:
  HostWindow(const model::Scenario& scenario, std::uint64_t seed,
             const std::vector<model::Seat>& seats, const HostWindowOptions& options,
             Outputs& outputs);

  // One frame at the host's simulated `now` with its `commands` so far (HostOptions::on_frame):
  // brings the view there, takes the window's events, draws. Returns the facilitator's actions
  // taken in it, and closed once the window is closed (q or its close button): the drill goes
  // on for the seats. Throws BadInput when a snapshot cannot be written.
  HostFrame frame(model::SimTime now, const std::vector<model::DrillCommand>& commands);

  // After the drill: shows its end (and the drill's debrief over the map) with the final
  // `commands` until the window is closed, or for `quit_after` frames (0: until closed; scripted
  // runs). Saves the end as PNG at `png` (staged in `outputs`) once the view has settled.
  // Nothing if the window was closed during the drill. Throws BadInput when the PNG cannot be
  // written.
  void show_end(const std::vector<model::DrillCommand>& commands, int quit_after,
                const std::optional<std::filesystem::path>& png, Outputs& outputs);

 private:
  const model::Scenario& sc_;
  HostWindowOptions options_;
  Outputs& outputs_;
  sf::RenderWindow window_;
  std::optional<visualizer::LiveView> view_;  // after window_: destroyed while its GL lives
  sf::Clock clock_;
  bool tested_ = false;  // options_.test_inject was done
  int pictures_ = 0;     // facilitator-N.png saved or due
  int picture_in_ = 0;   // frames until the next is saved (0: none due)
};

}  // namespace firedrill::app
