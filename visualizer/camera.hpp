#pragma once
// The 2-D view onto the layout: world units ↔ screen pixels, mouse-wheel zoom, drag to pan, fit.

#include "visualizer/layout.hpp"

namespace firedrill::visualizer {

// A window's drawable area, pixels; origin top left, y downwards (as SFML's).
struct Viewport {
  double width_px = 800.0;
  double height_px = 600.0;
};

// The view transform: screen = (world − centre) × zoom + viewport / 2, with zoom in pixels per
// world unit. Invariant: kMinZoom <= zoom() <= kMaxZoom. The default shows world (0, 0) at the
// middle of an 800 × 600 viewport at zoom 1.
class Camera {
 public:
  // Our own limits: at kMinZoom a layout 900,000 world units tall fits a 900-pixel window (the
  // generated 1,000-service topology is 15,000: docs/performance.md); at kMaxZoom a 14-unit
  // node is 280 pixels across.
  static constexpr double kMinZoom = 1e-3;
  static constexpr double kMaxZoom = 20.0;

  Camera() = default;
  Camera(Point centre, double zoom, Viewport viewport);

  Point to_screen(Point world) const;
  Point to_world(Point screen_px) const;

  // Multiplies the zoom by `factor` (> 1 zooms in), clamped, keeping the world point under
  // `screen_px` where it is (mouse-wheel zoom about the cursor).
  void zoom_at(Point screen_px, double factor);
  // Moves the view so that what was at screen point p is now at p + delta_px (dragging).
  void pan(Point delta_px);
  // Changes the viewport (a window resize), keeping the centre and the zoom.
  void resize(Viewport viewport) { viewport_ = viewport; }
  // Centres `bounds` and zooms (clamped) so that it fits inside the viewport less `margin_px`
  // on every side. REQUIRES: margin_px < half the viewport's width and height.
  void fit(const Bounds& bounds, Viewport viewport, double margin_px);

  Point centre() const { return centre_; }
  double zoom() const { return zoom_; }  // pixels per world unit
  Viewport viewport() const { return viewport_; }

 private:
  Point centre_{};
  double zoom_ = 1.0;
  Viewport viewport_{};
};

}  // namespace firedrill::visualizer
