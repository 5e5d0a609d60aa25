#include "visualizer/hit_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace firedrill::visualizer {
namespace {

double distance(Point a, Point b) { return std::hypot(b.x - a.x, b.y - a.y); }

double distance_to_segment(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  if (length2 == 0.0) return distance(p, a);
  const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0);
  return distance(p, {a.x + t * dx, a.y + t * dy});
}

}  // namespace

std::optional<Hit> hit_test(const Layout& layout, Point world, double tolerance) {
  std::optional<Hit> hit;
  double nearest = std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < layout.nodes.size(); ++s) {
    const double d = distance(world, layout.nodes[s].centre);
    if (d <= layout.nodes[s].radius && d < nearest) {
      hit = Hit{Hit::Kind::Service, s};
      nearest = d;
    }
  }
  if (hit) return hit;
  nearest = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < layout.edges.size(); ++c) {
    const std::vector<Point>& points = layout.edges[c].points;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      const double d = distance_to_segment(world, points[i], points[i + 1]);
      if (d <= tolerance && d < nearest) {
        hit = Hit{Hit::Kind::Call, c};
        nearest = d;
      }
    }
  }
  return hit;
}

}  // namespace firedrill::visualizer
