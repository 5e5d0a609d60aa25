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

Rgba burn_colour(double burn_rate) {
  return burn_rate >= kRedBurnRate     ? kRedColour
         : burn_rate >= kAmberBurnRate ? kAmberColour
                                       : kHealthyColour;
}

Rgba responder_colour(model::ResponderState state) {
  using S = model::ResponderState;
  switch (state) {
    case S::OffDuty:
    case S::Available:
      return kIdleColour;
    case S::Asleep:
      return kAsleepColour;
    case S::Paged:
      return kAlarmColour;
    case S::Acknowledging:
    case S::Triaging:
    case S::Investigating:
    case S::Mitigating:
    case S::Communicating:
    case S::HandingOff:
      return kWorkingColour;
  }
  return {};
}

Rgba phase_colour(IncidentPhase phase) {
  switch (phase) {
    case IncidentPhase::Impact:
      return kRedColour;
    case IncidentPhase::Detected:
      return kAlarmColour;
    case IncidentPhase::Acknowledged:
      return kWorkingColour;
    case IncidentPhase::Mitigated:
      return kHealthyColour;
    case IncidentPhase::Resolved:
      return kIdleColour;
  }
  return {};
}

}  // namespace firedrill::visualizer
