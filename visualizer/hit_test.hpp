#pragma once
// What is under the cursor: a service's node, else a call's edge, else nothing.

#include <cstddef>
#include <optional>

#include "visualizer/layout.hpp"

namespace firedrill::visualizer {

// A thing on the map: a service (index into Scenario::services) or a call (into
// Scenario::calls).
struct Hit {
  enum class Kind { Service, Call };
  Kind kind = Kind::Service;
  std::size_t index = 0;
  friend bool operator==(const Hit&, const Hit&) = default;
};

// Returns the service whose circle holds `world` (the nearest centre when circles overlap);
// else the call whose polyline passes within `tolerance` world units of it (the nearest);
// else nullopt. Nodes win over edges, so a click near an edge's end picks the service. A
// renderer passes a tolerance in pixels divided by the camera's zoom. Cost O(services + edge
// points).
std::optional<Hit> hit_test(const Layout& layout, Point world, double tolerance);

}  // namespace firedrill::visualizer
