// The view transform: round trips, zoom about the cursor, pan, fit.

#include "visualizer/camera.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "bench/topology.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::visualizer {
namespace {

void check_near(Point a, Point b) {
  CHECK(a.x == Approx(b.x).margin(1e-9));
  CHECK(a.y == Approx(b.y).margin(1e-9));
}

// Every node circle lies inside the viewport less `margin_px`, in screen pixels.
void check_all_visible(const Layout& layout, const Camera& camera, double margin_px) {
  std::size_t outside = 0;
  for (const NodeGeometry& node : layout.nodes) {
    const Point c = camera.to_screen(node.centre);
    const double r = node.radius * camera.zoom();
    const double eps = 1e-6;
    if (c.x - r < margin_px - eps || c.y - r < margin_px - eps ||
        c.x + r > camera.viewport().width_px - margin_px + eps ||
        c.y + r > camera.viewport().height_px - margin_px + eps)
      ++outside;
  }
  CHECK(outside == 0);
}

}  // namespace

TEST_CASE("Camera: screen and world round-trip", "[visualizer]") {
  const Camera camera({123.0, -45.0}, 2.5, {1600, 900});
  for (const Point p : {Point{0, 0}, Point{123, -45}, Point{-1e4, 3e3}, Point{0.5, 7.25}})
    check_near(camera.to_world(camera.to_screen(p)), p);
  // The centre is at the middle of the viewport; one world unit is zoom pixels.
  check_near(camera.to_screen({123.0, -45.0}), {800, 450});
  check_near(camera.to_screen({124.0, -45.0}), {802.5, 450});
}

TEST_CASE("Camera: zooming keeps the world point under the cursor fixed, within the limits",
          "[visualizer]") {
  Camera camera({10.0, 20.0}, 1.0, {800, 600});
  const Point cursor{650, 120};
  const Point under = camera.to_world(cursor);
  camera.zoom_at(cursor, 1.5);
  CHECK(camera.zoom() == Approx(1.5));
  check_near(camera.to_screen(under), cursor);
  camera.zoom_at(cursor, 1e9);
  CHECK(camera.zoom() == Camera::kMaxZoom);
  check_near(camera.to_screen(under), cursor);
  camera.zoom_at(cursor, 1e-12);
  CHECK(camera.zoom() == Camera::kMinZoom);
  check_near(camera.to_screen(under), cursor);
}

TEST_CASE("Camera: panning moves the picture by the dragged pixels", "[visualizer]") {
  Camera camera({0.0, 0.0}, 4.0, {800, 600});
  const Point world{30, -12};
  const Point before = camera.to_screen(world);
  camera.pan({25, -40});
  check_near(camera.to_screen(world), {before.x + 25, before.y - 40});
}

TEST_CASE("Camera: fit shows every node of a bundled and of a 1,000-service layout",
          "[visualizer]") {
  const double margin_px = 24;
  const Layout boutique = layered_layout(
      scenario::load_scenario(std::filesystem::path(FIREDRILL_SOURCE_DIR) /
                              "scenarios/online-boutique/black-friday-bad-deploy.json"));
  Camera camera;
  camera.fit(boutique.bounds, {1600, 900}, margin_px);
  check_all_visible(boutique, camera, margin_px);
  // The fit is tight on one axis: the bounds fill the viewport less the margins there.
  const double used_x = boutique.bounds.width() * camera.zoom() / (1600 - 2 * margin_px);
  const double used_y = boutique.bounds.height() * camera.zoom() / (900 - 2 * margin_px);
  CHECK(std::max(used_x, used_y) == Approx(1.0));

  const Layout big = layered_layout(bench::generate_topology({.services = 1000}));
  camera.fit(big.bounds, {1600, 900}, margin_px);
  CHECK(camera.zoom() > Camera::kMinZoom);  // not clamped: the whole layout fits
  check_all_visible(big, camera, margin_px);
}

}  // namespace firedrill::visualizer
