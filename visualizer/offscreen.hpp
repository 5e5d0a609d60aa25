#pragma once
// A picture of a drill at one simulated time, drawn offscreen by the live view: what
// `firedrill viz --screenshot` and `firedrill run --snapshots` save.

#include <SFML/Graphics/Image.hpp>
#include <SFML/System/Vector2.hpp>
#include <cstdint>

#include "sim/model/scenario.hpp"
#include "visualizer/live_view.hpp"

namespace firedrill::visualizer {

// Returns the live view of `scenario` under `seed` and `options` (its replayed commands) at
// simulated time `at` (capped at the run's end), `size` pixels: a fresh LiveView on an
// offscreen render texture, run to `at`, drawn a few 16 ms frames so that the panel's layout
// settles. The same arguments give the same pixels. Costs a run from 0 to `at`.
// REQUIRES: an X display (SFML makes its GL context there, even offscreen). Throws
// std::runtime_error when no GL context or render texture can be made.
sf::Image render_offscreen(const model::Scenario& scenario, std::uint64_t seed,
                           const LiveViewOptions& options, model::SimTime at, sf::Vector2u size);

}  // namespace firedrill::visualizer
