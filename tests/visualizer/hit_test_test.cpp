// Picking a service or a call from a world point.

#include "visualizer/hit_test.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "graphs.hpp"

namespace firedrill::visualizer {
namespace {

using testing::graph;

Point midpoint(Point a, Point b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2}; }

}  // namespace

TEST_CASE("hit_test: a node at its centre and its rim, nothing far away", "[visualizer]") {
  const Layout layout = layered_layout(graph(3, {{0, 1}, {1, 2}, {0, 2}}));
  for (std::size_t s = 0; s < 3; ++s) {
    const NodeGeometry& node = layout.nodes[s];
    CHECK(hit_test(layout, node.centre, 4.0) == Hit{Hit::Kind::Service, s});
    // Just inside the bottom of the circle, away from every edge.
    CHECK(hit_test(layout, {node.centre.x, node.centre.y + node.radius * 0.99}, 4.0) ==
          Hit{Hit::Kind::Service, s});
  }
  CHECK_FALSE(hit_test(layout, {layout.bounds.max.x + 500, layout.bounds.max.y + 500}, 4.0));
  CHECK_FALSE(hit_test(layout, {layout.bounds.min.x - 50, layout.bounds.min.y - 50}, 4.0));
}

TEST_CASE("hit_test: a call at its midpoint and within the tolerance, not beyond", "[visualizer]") {
  const Layout layout = layered_layout(graph(3, {{0, 1}, {1, 2}, {0, 2}}));
  for (std::size_t c = 0; c < 3; ++c) {
    const auto& points = layout.edges[c].points;
    const Point mid = midpoint(points[0], points[1]);
    INFO("call " << c);
    CHECK(hit_test(layout, mid, 4.0) == Hit{Hit::Kind::Call, c});
  }
  // a→b is straight between adjacent layers; 3 world units off its midpoint, perpendicular.
  const auto& ab = layout.edges[0].points;
  const double dx = ab[1].x - ab[0].x, dy = ab[1].y - ab[0].y, length = std::hypot(dx, dy);
  const Point mid = midpoint(ab[0], ab[1]);
  const Point off{mid.x - dy / length * 3, mid.y + dx / length * 3};
  CHECK(hit_test(layout, off, 4.0) == Hit{Hit::Kind::Call, 0});
  CHECK_FALSE(hit_test(layout, off, 2.0));
}

TEST_CASE("hit_test: near an edge's end the service wins over the call", "[visualizer]") {
  const Layout layout = layered_layout(graph(2, {{0, 1}}));
  const Point start = layout.edges[0].points.front();  // on a's rim
  const Point centre = layout.nodes[0].centre;
  // One unit inside a's circle along the edge: within the tolerance of the call as well.
  const double r = layout.nodes[0].radius;
  const Point p{start.x + (centre.x - start.x) / r, start.y + (centre.y - start.y) / r};
  CHECK(std::hypot(p.x - start.x, p.y - start.y) < 4.0);
  CHECK(hit_test(layout, p, 4.0) == Hit{Hit::Kind::Service, 0});
  // One unit outside the rim: the call.
  const Point q{start.x - (centre.x - start.x) / r, start.y - (centre.y - start.y) / r};
  CHECK(hit_test(layout, q, 4.0) == Hit{Hit::Kind::Call, 0});
}

}  // namespace firedrill::visualizer
