#pragma once
// How big the live view draws its text and badges (the UI scale), and how it shares the window
// between the map, the side panel and the window below the map at that scale. Plain functions of
// the window's size, no window.

#include <optional>

namespace firedrill::visualizer {

// The range a UI scale may take (`--ui-scale`): from half to three times the 1× design, whose
// text is kBaseFontPx pixels and whose side panel is kBasePanelWidthPx wide.
constexpr double kMinUiScale = 0.5;
constexpr double kMaxUiScale = 3.0;
constexpr float kBaseFontPx = 15.0f;
constexpr float kBasePanelWidthPx = 440.0f;
// The window below the map at 1×, pixels: the facilitator's story, or the seat's window.
constexpr float kBaseStoryHeightPx = 150.0f;
constexpr float kBaseSeatHeightPx = 230.0f;

// Returns the UI scale for a window of `width_px` × `height_px` pixels: the text keeps the same
// share of the window (1/45 of its height, 1/80 of its width, whichever is smaller: 20 px at
// 1600×900, 16 px at 1280×720), so that what reads from the back of a room on a projector at one
// size reads at another. Our own proportions, chosen by looking at a 64-service map at the three
// sizes of docs/live-view.md. Clamped to [0.85, 2.5] (no text under 13 px, none that leaves the
// panel a few words wide). REQUIRES: width_px, height_px > 0.
double auto_ui_scale(unsigned width_px, unsigned height_px);

// Returns true iff `scale` is a UI scale the view accepts: finite, within [kMinUiScale,
// kMaxUiScale].
bool valid_ui_scale(double scale);

// The window's parts at one UI scale, pixels. The clock bar's height is measured by the view
// (its buttons wrap to the width left of the panel), so it is not here.
struct ScreenLayout {
  double ui_scale = 1.0;
  float font_px = kBaseFontPx;  // the panel's text; the map's labels scale from it too
  float panel_width_px = kBasePanelWidthPx;
  float bottom_height_px = kBaseStoryHeightPx;  // the story, or the seat's window
};

// Returns how a window of `width_px` × `height_px` is shared at `ui_scale` (nullopt: the
// automatic scale), with the seat's window below the map when `seat` is true, else the story.
// The panel is kBasePanelWidthPx × scale wide but never more than 36 % of the width, so that
// the map keeps most of it; the window below the map is its base height × scale but never more
// than 28 % (story) or 40 % (seat) of the height. REQUIRES: width_px, height_px > 0 and
// ui_scale, if given, valid_ui_scale.
ScreenLayout screen_layout(unsigned width_px, unsigned height_px, std::optional<double> ui_scale,
                           bool seat);

}  // namespace firedrill::visualizer
