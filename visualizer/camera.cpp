#include "visualizer/camera.hpp"

#include <algorithm>
#include <cassert>

namespace firedrill::visualizer {

Camera::Camera(Point centre, double zoom, Viewport viewport)
    : centre_(centre), zoom_(std::clamp(zoom, kMinZoom, kMaxZoom)), viewport_(viewport) {}

Point Camera::to_screen(Point world) const {
  return {(world.x - centre_.x) * zoom_ + viewport_.width_px / 2,
          (world.y - centre_.y) * zoom_ + viewport_.height_px / 2};
}

Point Camera::to_world(Point screen_px) const {
  return {(screen_px.x - viewport_.width_px / 2) / zoom_ + centre_.x,
          (screen_px.y - viewport_.height_px / 2) / zoom_ + centre_.y};
}

void Camera::zoom_at(Point screen_px, double factor) {
  const Point anchor = to_world(screen_px);
  zoom_ = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
  // Solve to_screen(anchor) == screen_px for the centre.
  centre_ = {anchor.x - (screen_px.x - viewport_.width_px / 2) / zoom_,
             anchor.y - (screen_px.y - viewport_.height_px / 2) / zoom_};
}

void Camera::pan(Point delta_px) {
  centre_ = {centre_.x - delta_px.x / zoom_, centre_.y - delta_px.y / zoom_};
}

void Camera::fit(const Bounds& bounds, Viewport viewport, double margin_px) {
  assert(2 * margin_px < viewport.width_px && 2 * margin_px < viewport.height_px);
  viewport_ = viewport;
  centre_ = {(bounds.min.x + bounds.max.x) / 2, (bounds.min.y + bounds.max.y) / 2};
  const double zoom_x = (viewport.width_px - 2 * margin_px) / std::max(bounds.width(), 1e-9);
  const double zoom_y = (viewport.height_px - 2 * margin_px) / std::max(bounds.height(), 1e-9);
  zoom_ = std::clamp(std::min(zoom_x, zoom_y), kMinZoom, kMaxZoom);
}

}  // namespace firedrill::visualizer
