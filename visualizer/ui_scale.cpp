#include "visualizer/ui_scale.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/check.hpp"

namespace firedrill::visualizer {
namespace {

// The 1× design's window, pixels: 15 px text is 1/45 of its height and 1/80 of its width.
constexpr double kReferenceWidthPx = 80.0 * kBaseFontPx;
constexpr double kReferenceHeightPx = 45.0 * kBaseFontPx;
constexpr double kMinAutoScale = 0.85;
constexpr double kMaxAutoScale = 2.5;
constexpr float kMaxPanelShare = 0.36f;
constexpr float kMaxStoryShare = 0.28f;
constexpr float kMaxSeatShare = 0.40f;

}  // namespace

double auto_ui_scale(unsigned width_px, unsigned height_px) {
  FIREDRILL_CHECK(width_px > 0 && height_px > 0, "a window has no pixels");
  const double scale = std::min(width_px / kReferenceWidthPx, height_px / kReferenceHeightPx);
  return std::clamp(scale, kMinAutoScale, kMaxAutoScale);
}

bool valid_ui_scale(double scale) {
  return std::isfinite(scale) && scale >= kMinUiScale && scale <= kMaxUiScale;
}

ScreenLayout screen_layout(unsigned width_px, unsigned height_px, std::optional<double> ui_scale,
                           bool seat) {
  FIREDRILL_CHECK(!ui_scale || valid_ui_scale(*ui_scale), "a UI scale out of range");
  const double scale = ui_scale ? *ui_scale : auto_ui_scale(width_px, height_px);
  const auto s = static_cast<float>(scale);
  const auto w = static_cast<float>(width_px), h = static_cast<float>(height_px);
  ScreenLayout layout;
  layout.ui_scale = scale;
  layout.font_px = std::round(kBaseFontPx * s);
  layout.panel_width_px = std::round(std::min(kBasePanelWidthPx * s, kMaxPanelShare * w));
  layout.bottom_height_px = std::round(seat ? std::min(kBaseSeatHeightPx * s, kMaxSeatShare * h)
                                            : std::min(kBaseStoryHeightPx * s, kMaxStoryShare * h));
  return layout;
}

}  // namespace firedrill::visualizer
