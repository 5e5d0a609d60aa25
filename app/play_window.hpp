#pragma once
// `firedrill play` in a window: the live view with the seat's page, actions, findings and
// dashboard (visualizer::SeatPanel), the fault hidden until the facilitator reveals it, the
// clock fast until the seat is paged and at the trainer's pace from then on, and the debrief
// over the map at the end.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/outputs.hpp"
#include "app/viz.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"

namespace firedrill::app {

struct WindowPlayOptions {
  double speed = 600.0;  // simulated s per real s while nothing needs the seat, 1 to 3600
  double pace = 1.0;     // from the seat's first page on, 1 to 10
  Size size{1600, 900};
  std::optional<double> ui_scale;  // nullopt: from the window's size
  // Saves the window as PNG here (staged in the Outputs) when a page first rings for the seat
  // (page.png), when each investigation's finding arrives (finding-N.png) and when the debrief
  // shows (debrief.png).
  std::optional<std::filesystem::path> snapshots;
  int quit_after = 0;  // closes the window after this many frames (0: never; scripted runs)
  // Called with the commands so far whenever one was added (the live drill log).
  std::function<void(const std::vector<model::DrillCommand>&)> on_commands;
};

// What a window's play leaves: the seat's commands (the drill log's) and the pictures saved.
struct WindowPlay {
  std::vector<model::DrillCommand> commands;
  std::vector<std::filesystem::path> snapshots;
};

// Plays `seat` of `scenario` with `seed` in a window, paused on the seat's briefing until space
// is pressed, until it is closed (q or the window's close
// button): when the drill ends with the window open, `debrief(commands)` is called once and its
// Markdown shown. REQUIRES: an X display
// (require_display). Throws BadInput when a snapshot cannot be written.
WindowPlay play_in_window(
    const model::Scenario& scenario, std::uint64_t seed, const model::Seat& seat,
    const std::string& seat_text, const WindowPlayOptions& options, Outputs& outputs,
    const std::function<std::string(const std::vector<model::DrillCommand>&)>& debrief);

}  // namespace firedrill::app
