// The layered layout on hand-built graphs, every bundled scenario and generated topologies.

#include "visualizer/layout.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "bench/topology.hpp"
#include "graphs.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/bundled_scenarios.hpp"
#include "visualizer/colour_scale.hpp"

namespace firedrill::visualizer {
namespace {

using testing::graph;

double distance(Point a, Point b) { return std::hypot(b.x - a.x, b.y - a.y); }

// Returns true iff segments pq and rs cross at a point inside both (not at a shared end).
bool cross(Point p, Point q, Point r, Point s) {
  const auto side = [](Point a, Point b, Point c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  };
  return side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0;
}

// Edge crossings counted geometrically, independent of how the layout counts them.
std::size_t count_crossings(const Layout& layout) {
  std::size_t n = 0;
  for (std::size_t a = 0; a < layout.edges.size(); ++a)
    for (std::size_t b = a + 1; b < layout.edges.size(); ++b) {
      const auto& pa = layout.edges[a].points;
      const auto& pb = layout.edges[b].points;
      for (std::size_t i = 0; i + 1 < pa.size(); ++i)
        for (std::size_t j = 0; j + 1 < pb.size(); ++j)
          n += cross(pa[i], pa[i + 1], pb[j], pb[j + 1]) ? 1 : 0;
    }
  return n;
}

// The layout's invariants (layout.hpp) on `scenario`.
void check_layout(const model::Scenario& scenario, const Layout& layout,
                  const LayoutOptions& options = {}) {
  REQUIRE(layout.nodes.size() == scenario.services.size());
  REQUIRE(layout.edges.size() == scenario.calls.size());
  // No two circles closer than the node spacing (the labels' room). The nearest pair is
  // reported so that a failure says where.
  double worst_gap = std::numeric_limits<double>::infinity();
  std::string worst;
  for (std::size_t a = 0; a < layout.nodes.size(); ++a)
    for (std::size_t b = a + 1; b < layout.nodes.size(); ++b) {
      const double gap = distance(layout.nodes[a].centre, layout.nodes[b].centre) -
                         layout.nodes[a].radius - layout.nodes[b].radius;
      if (gap < worst_gap) {
        worst_gap = gap;
        worst = scenario.services[a].name + " / " + scenario.services[b].name;
      }
    }
  INFO("closest pair: " << worst);
  if (layout.nodes.size() > 1) CHECK(worst_gap >= options.node_spacing - 1e-9);

  std::size_t bad_forward = 0, bad_backward = 0, off_circle = 0, outside = 0;
  for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
    const NodeGeometry& from = layout.nodes[scenario.calls[c].caller];
    const NodeGeometry& to = layout.nodes[scenario.calls[c].callee];
    const EdgeGeometry& edge = layout.edges[c];
    if (!edge.backward && to.layer <= from.layer) ++bad_forward;
    if (edge.backward && to.layer > from.layer) ++bad_backward;
    if (edge.points.size() < 2 ||
        std::abs(distance(edge.points.front(), from.centre) - from.radius) > 1e-6 ||
        std::abs(distance(edge.points.back(), to.centre) - to.radius) > 1e-6)
      ++off_circle;
  }
  CHECK(bad_forward == 0);
  CHECK(bad_backward == 0);
  CHECK(off_circle == 0);
  for (const model::Journey& j : scenario.journeys) CHECK(layout.nodes[j.entry_service].layer == 0);
  for (const NodeGeometry& node : layout.nodes)
    if (node.centre.x - node.radius < layout.bounds.min.x ||
        node.centre.x + node.radius > layout.bounds.max.x ||
        node.centre.y - node.radius < layout.bounds.min.y ||
        node.centre.y + node.radius > layout.bounds.max.y)
      ++outside;
  CHECK(outside == 0);
}

bool same(const Layout& a, const Layout& b) {
  if (a.nodes.size() != b.nodes.size() || a.edges.size() != b.edges.size()) return false;
  for (std::size_t i = 0; i < a.nodes.size(); ++i)
    if (a.nodes[i].centre != b.nodes[i].centre || a.nodes[i].radius != b.nodes[i].radius)
      return false;
  for (std::size_t i = 0; i < a.edges.size(); ++i)
    if (a.edges[i].points != b.edges[i].points) return false;
  return true;
}

}  // namespace

TEST_CASE("layered_layout: a chain a→b→c takes layers 0, 1, 2 from left to right", "[visualizer]") {
  const model::Scenario s = graph(3, {{0, 1}, {1, 2}});
  const Layout layout = layered_layout(s);
  check_layout(s, layout);
  CHECK(layout.layers == 3);
  CHECK(layout.nodes[0].layer == 0);
  CHECK(layout.nodes[1].layer == 1);
  CHECK(layout.nodes[2].layer == 2);
  CHECK(layout.nodes[0].centre.x < layout.nodes[1].centre.x);
  CHECK(layout.nodes[1].centre.x < layout.nodes[2].centre.x);
  CHECK(layout.edges[0].points.size() == 2);  // adjacent layers: a straight edge
}

TEST_CASE(
    "layered_layout: a diamond with a shortcut puts the join at the longest path's depth and "
    "bends the shortcut through the middle layer",
    "[visualizer]") {
  // a→b, a→c, b→d, c→d and a→d: d is 2 calls deep along a→b→d, so layer 2 (longest path), and
  // a→d spans two layers.
  const model::Scenario s = graph(4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {0, 3}});
  const Layout layout = layered_layout(s);
  check_layout(s, layout);
  CHECK(layout.nodes[0].layer == 0);
  CHECK(layout.nodes[1].layer == 1);
  CHECK(layout.nodes[2].layer == 1);
  CHECK(layout.nodes[3].layer == 2);
  REQUIRE(layout.edges[4].points.size() == 3);
  CHECK(layout.edges[4].points[1].x == layout.nodes[1].centre.x);
  // The bend is a lane of its own: not on b's or c's circle.
  for (const std::size_t s_ : {1, 2})
    CHECK(distance(layout.edges[4].points[1], layout.nodes[s_].centre) > layout.nodes[s_].radius);
}

TEST_CASE(
    "layered_layout: cycles and calls into an entry service are backward edges and leave the "
    "layering finite",
    "[visualizer]") {
  // a→b→c→b closes a cycle; c→a calls the entry; d→e is reached by no journey.
  const model::Scenario s = graph(5, {{0, 1}, {1, 2}, {2, 1}, {2, 0}, {3, 4}});
  const Layout layout = layered_layout(s);
  check_layout(s, layout);
  CHECK(layout.nodes[1].layer == 1);
  CHECK(layout.nodes[2].layer == 2);
  CHECK_FALSE(layout.edges[1].backward);
  CHECK(layout.edges[2].backward);              // c→b: found closing the cycle from the entry
  CHECK(layout.edges[3].backward);              // c→a: into the entry
  REQUIRE(layout.edges[2].points.size() == 3);  // drawn through a control point
  // Unreached services: layered from the caller-less d.
  CHECK(layout.nodes[3].layer == 0);
  CHECK(layout.nodes[4].layer == 1);
}

TEST_CASE("layered_layout: a pure cycle that no journey or caller-less service reaches",
          "[visualizer]") {
  const model::Scenario s = graph(3, {{0, 1}, {1, 2}, {2, 0}}, {});
  const Layout layout = layered_layout(s);
  check_layout(s, layout);
  CHECK(layout.layers == 3);  // the search starts at a (lowest index); c→a is the back-edge
  CHECK(layout.edges[2].backward);
}

TEST_CASE("layered_layout: node sizes follow nominal demand, the busiest service largest",
          "[visualizer]") {
  // a fans out to b (3 calls per request) and c (1): demands 1, 3 and 1 × the journey's rate.
  model::Scenario s = graph(3, {{0, 1}, {0, 2}});
  s.calls[0].calls_per_request = 3.0;
  const LayoutOptions options;
  const Layout layout = layered_layout(s, options);
  CHECK(layout.nodes[1].radius == Approx(options.base_radius * kMaxRadiusFactor));
  CHECK(layout.nodes[0].radius == Approx(options.base_radius * node_radius_factor(1.0, 3.0)));
  CHECK(layout.nodes[0].radius == Approx(layout.nodes[2].radius));
  check_layout(s, layout, options);
}

TEST_CASE("layered_layout: barycenter sweeps remove the crossing of the index order",
          "[visualizer]") {
  // Entries a and b; a→d, b→c. In index order (a over b, c over d) the two calls cross; ordering
  // d by its caller a's position puts d over c and the crossing goes.
  const model::Scenario s = graph(4, {{0, 3}, {1, 2}}, {0, 1});
  const Layout naive = layered_layout(s, {.sweeps = 0});
  const Layout swept = layered_layout(s);
  CHECK(count_crossings(naive) == 1);
  CHECK(count_crossings(swept) == 0);
  CHECK(swept.nodes[3].order == 0);  // d on top
  check_layout(s, swept);
}

TEST_CASE("layered_layout: a wider crafted graph loses crossings to the sweeps", "[visualizer]") {
  // Two entries each calling three of six callees interleaved in index order (a→c, a→e, a→g;
  // b→d, b→f, b→h): in index order a call of a's crosses each call of b's to a callee above its
  // own, 0 + 1 + 2 = 3 crossings; none once a's callees are grouped above b's.
  const model::Scenario s = graph(8, {{0, 2}, {0, 4}, {0, 6}, {1, 3}, {1, 5}, {1, 7}}, {0, 1});
  CHECK(count_crossings(layered_layout(s, {.sweeps = 0})) == 3);
  CHECK(count_crossings(layered_layout(s)) == 0);
}

TEST_CASE("layered_layout: every bundled scenario is laid out without overlaps", "[visualizer]") {
  const auto files = firedrill::testing::bundled_scenarios();
  REQUIRE(files.size() >= 20);
  for (const auto& file : files) {
    INFO(file.filename().string());
    const model::Scenario s = scenario::load_scenario(file);
    const Layout layout = layered_layout(s);
    check_layout(s, layout);
    CHECK(same(layout, layered_layout(s)));
  }
}

TEST_CASE("layered_layout: generated topologies of 20 to 1,000 services, without overlaps",
          "[visualizer]") {
  // 20 is the generator's smallest (bench/topology.hpp); the bundled Online Boutique drills
  // cover 11 services.
  for (const std::size_t n : {20, 50, 200, 1000}) {
    INFO(n << " services");
    const model::Scenario s = bench::generate_topology({.services = n});
    const Layout layout = layered_layout(s);
    check_layout(s, layout);
    // The generator gives each service one level of the journeys' trees (1 to max_depth = 6)
    // and it calls only the next; stores, leaves, are called from any level: at most 7 layers.
    CHECK(layout.layers <= 7);
  }
}

TEST_CASE("layered_layout: the same scenario gives the same coordinates", "[visualizer]") {
  const model::Scenario s = bench::generate_topology({.services = 200, .seed = 7});
  CHECK(same(layered_layout(s), layered_layout(s)));
  // A different generated topology gives a different picture (the comparison can fail).
  CHECK_FALSE(same(layered_layout(s), layered_layout(bench::generate_topology({.services = 200}))));
}

}  // namespace firedrill::visualizer
