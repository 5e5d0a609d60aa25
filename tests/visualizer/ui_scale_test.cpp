// The UI scale from the window's size, and the window's parts at a scale.

#include "visualizer/ui_scale.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

namespace firedrill::visualizer {

TEST_CASE("auto_ui_scale: text keeps 1/45 of the height and 1/80 of the width, within limits",
          "[visualizer][scale]") {
  CHECK(auto_ui_scale(1600, 900) == Approx(900.0 / 45 / kBaseFontPx));    // 20 px text
  CHECK(auto_ui_scale(1280, 720) == Approx(720.0 / 45 / kBaseFontPx));    // 16 px
  CHECK(auto_ui_scale(1024, 576) == Approx(576.0 / 45 / kBaseFontPx));    // 12.8 px
  CHECK(auto_ui_scale(800, 450) == Approx(0.85));                         // the floor
  CHECK(auto_ui_scale(1500, 3000) == Approx(1500.0 / 80 / kBaseFontPx));  // narrow: by width
  CHECK(auto_ui_scale(7680, 4320) == Approx(2.5));                        // 8K: the ceiling
  // Never smaller on a bigger window.
  CHECK(auto_ui_scale(1920, 1080) > auto_ui_scale(1600, 900));
}

TEST_CASE("valid_ui_scale: half to three times, finite", "[visualizer][scale]") {
  CHECK(valid_ui_scale(kMinUiScale));
  CHECK(valid_ui_scale(kMaxUiScale));
  CHECK(valid_ui_scale(1.5));
  CHECK_FALSE(valid_ui_scale(0.49));
  CHECK_FALSE(valid_ui_scale(3.01));
  CHECK_FALSE(valid_ui_scale(0.0));
  CHECK_FALSE(valid_ui_scale(std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(valid_ui_scale(std::numeric_limits<double>::infinity()));
}

TEST_CASE(
    "screen_layout: text, panel and the window below the map scale together, and the "
    "map keeps most of the window at every size",
    "[visualizer][scale]") {
  for (const auto& [w, h] : {std::pair{1600u, 900u}, {1280u, 720u}, {1024u, 576u}})
    for (const bool seat : {false, true}) {
      const ScreenLayout auto_layout = screen_layout(w, h, std::nullopt, seat);
      CHECK(auto_layout.ui_scale == auto_ui_scale(w, h));
      CHECK(auto_layout.font_px == std::round(kBaseFontPx * auto_layout.ui_scale));
      for (const double scale : {kMinUiScale, 1.0, 2.0, kMaxUiScale}) {
        const ScreenLayout l = screen_layout(w, h, scale, seat);
        CHECK(l.ui_scale == scale);
        CHECK(l.panel_width_px <= 0.36f * static_cast<float>(w) + 0.5f);
        CHECK(l.bottom_height_px <= (seat ? 0.40f : 0.28f) * static_cast<float>(h) + 0.5f);
        CHECK(l.panel_width_px >= std::min(kBasePanelWidthPx * static_cast<float>(scale),
                                           0.36f * static_cast<float>(w)) -
                                      0.5f);
      }
    }
  // Twice the scale: twice the text, and as wide a panel as the cap allows.
  const ScreenLayout one = screen_layout(3000, 2000, 1.0, false);
  const ScreenLayout two = screen_layout(3000, 2000, 2.0, false);
  CHECK(two.font_px == 2 * one.font_px);
  CHECK(two.panel_width_px == 2 * one.panel_width_px);
  CHECK(two.bottom_height_px == 2 * one.bottom_height_px);
}

}  // namespace firedrill::visualizer
