#include "visualizer/colour_scale.hpp"

#include <algorithm>
#include <cmath>

namespace firedrill::visualizer {
namespace {

std::uint8_t lerp_channel(std::uint8_t from, std::uint8_t to, double t) {
  return static_cast<std::uint8_t>(std::lround(from + (to - from) * t));
}

// 0 below `amber`, else 1 + the fraction of the way from amber to red (clamped).
double band(double value, double amber, double red, bool logarithmic) {
  if (value < amber) return 0.0;
  const double t = logarithmic ? std::log(value / amber) / std::log(red / amber)
                               : (value - amber) / (red - amber);
  return 1.0 + std::clamp(t, 0.0, 1.0);
}

// sqrt(value / max) × top, clamped to [bottom, top].
double sqrt_scale(double value, double max, double bottom, double top) {
  if (max <= 0.0) return bottom;
  return std::clamp(top * std::sqrt(std::max(value, 0.0) / max), bottom, top);
}

}  // namespace

Rgba lerp(Rgba from, Rgba to, double t) {
  t = std::clamp(t, 0.0, 1.0);
  return {lerp_channel(from.r, to.r, t), lerp_channel(from.g, to.g, t),
          lerp_channel(from.b, to.b, t), lerp_channel(from.a, to.a, t)};
}

double health_severity(double error_ratio, double utilisation) {
  // Error ratios span decades (0.1% to 5%), so their band is logarithmic; utilisation's is not.
  return std::max(band(error_ratio, kAmberErrorRatio, kRedErrorRatio, true),
                  band(utilisation, kAmberUtilisation, kRedUtilisation, false));
}

Rgba health_colour(double error_ratio, double utilisation, bool down) {
  if (down) return kFailureColour;
  const double severity = health_severity(error_ratio, utilisation);
  if (severity < 1.0) return kHealthyColour;
  return lerp(kAmberColour, kRedColour, severity - 1.0);
}

Rgba health_colour(const model::ServiceFlow& flow) {
  return health_colour(flow.error_ratio, flow.utilisation, flow.healthy_replicas == 0);
}

double node_radius_factor(double load_rps, double max_load_rps) {
  return sqrt_scale(load_rps, max_load_rps, kMinRadiusFactor, kMaxRadiusFactor);
}

double edge_width_px(double rate_rps, double max_rate_rps) {
  return sqrt_scale(rate_rps, max_rate_rps, kMinEdgeWidthPx, kMaxEdgeWidthPx);
}

Rgba responder_colour(model::ResponderState state) {
  using S = model::ResponderState;
  switch (state) {
    case S::OffDuty:
      return {187, 187, 187, 255};  // light grey
    case S::Asleep:
      return {51, 34, 136, 255};  // Tol indigo
    case S::Available:
      return {0, 158, 115, 255};  // bluish green
    case S::Paged:
      return {213, 94, 0, 255};  // vermillion: ringing, unanswered
    case S::Acknowledging:
      return {230, 159, 0, 255};  // orange
    case S::Triaging:
      return {240, 228, 66, 255};  // yellow
    case S::Investigating:
      return {86, 180, 233, 255};  // sky blue
    case S::Mitigating:
      return {0, 114, 178, 255};  // blue
    case S::Communicating:
      return {204, 121, 167, 255};  // reddish purple
    case S::HandingOff:
      return {136, 34, 85, 255};  // Tol wine
  }
  return {};
}

Rgba phase_colour(IncidentPhase phase) {
  switch (phase) {
    case IncidentPhase::Impact:
      return kRedColour;
    case IncidentPhase::Detected:
      return kAmberColour;
    case IncidentPhase::Acknowledged:
      return {240, 228, 66, 255};  // yellow
    case IncidentPhase::Mitigated:
      return {86, 180, 233, 255};  // sky blue
    case IncidentPhase::Resolved:
      return kHealthyColour;
  }
  return {};
}

}  // namespace firedrill::visualizer
