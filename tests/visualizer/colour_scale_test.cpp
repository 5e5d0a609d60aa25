// Health colours, size scales and the colours of responder states and incident phases.

#include "visualizer/colour_scale.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <tuple>

namespace firedrill::visualizer {
namespace {

std::tuple<int, int, int, int> key(Rgba c) { return {c.r, c.g, c.b, c.a}; }

// Relative luminance (WCAG 2.x, from sRGB).
double luminance(Rgba c) {
  const auto linear = [](std::uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

}  // namespace

TEST_CASE("lerp: ends, midpoint rounded, t clamped", "[visualizer]") {
  const Rgba a{0, 100, 255, 255}, b{255, 0, 0, 55};
  CHECK(lerp(a, b, 0.0) == a);
  CHECK(lerp(a, b, 1.0) == b);
  CHECK(lerp(a, b, 0.5) == Rgba{128, 50, 128, 155});  // 127.5 rounds away from zero
  CHECK(lerp(a, b, -3.0) == a);
  CHECK(lerp(a, b, 7.0) == b);
}

TEST_CASE("health_colour: green below the amber thresholds, amber at them, red at the red ones",
          "[visualizer]") {
  CHECK(health_colour(0.0, 0.3, false) == kHealthyColour);
  CHECK(health_colour(kAmberErrorRatio * 0.99, kAmberUtilisation * 0.99, false) == kHealthyColour);
  CHECK(health_colour(kAmberErrorRatio, 0.3, false) == kAmberColour);
  CHECK(health_colour(0.0, kAmberUtilisation, false) == kAmberColour);
  CHECK(health_colour(kRedErrorRatio, 0.3, false) == kRedColour);
  CHECK(health_colour(0.0, kRedUtilisation, false) == kRedColour);
  CHECK(health_colour(1.0, 5.0, false) == kRedColour);
  // Halfway in log(error ratio) between amber and red: halfway between the colours.
  CHECK(health_colour(std::sqrt(kAmberErrorRatio * kRedErrorRatio), 0.3, false) ==
        lerp(kAmberColour, kRedColour, 0.5));
  // The worse of the two signals counts: utilisation 0.95 is further into its band than 0.2%
  // errors into theirs.
  CHECK(health_colour(0.002, 0.95, false) == health_colour(0.0, 0.95, false));
  CHECK(health_colour(0.002, 0.95, false) != health_colour(0.002, 0.0, false));
  CHECK(health_severity(kRedErrorRatio, 0.9) == Approx(2.0));
  CHECK(health_severity(0.0, 0.9) == Approx(1.5));
}

TEST_CASE("health_severity: never decreases as errors or utilisation grow", "[visualizer]") {
  double previous_error = -1.0, previous_utilisation = -1.0;
  for (int i = 0; i <= 400; ++i) {
    const double error_ratio = std::pow(10.0, -5.0 + i * 5.0 / 400);  // 1e-5 .. 1
    const double utilisation = i * 1.5 / 400;                         // 0 .. 1.5
    const double by_error = health_severity(error_ratio, 0.0);
    const double by_utilisation = health_severity(0.0, utilisation);
    CHECK(by_error >= previous_error);
    CHECK(by_utilisation >= previous_utilisation);
    previous_error = by_error;
    previous_utilisation = by_utilisation;
  }
  CHECK(previous_error == 2.0);
  // Along the amber→red band the colour loses green, as vermillion has less than orange.
  int previous_green = 256;
  for (int i = 0; i <= 50; ++i) {
    const double u = kAmberUtilisation + i * (kRedUtilisation - kAmberUtilisation) / 50;
    const Rgba c = health_colour(0.0, u, false);
    CHECK(c.g <= previous_green);
    previous_green = c.g;
  }
}

TEST_CASE("health_colour: a service with no healthy replica has the failure colour",
          "[visualizer]") {
  CHECK(health_colour(0.0, 0.0, true) == kFailureColour);
  model::ServiceFlow flow;
  flow.healthy_replicas = 0;
  CHECK(health_colour(flow) == kFailureColour);
  flow.healthy_replicas = 2;
  flow.error_ratio = 0.5;
  CHECK(health_colour(flow) == kRedColour);
  // Told apart from the red of a failing but running service by lightness, not hue alone.
  CHECK(luminance(kFailureColour) < 0.5 * luminance(kRedColour));
  const std::set<std::tuple<int, int, int, int>> distinct{key(kHealthyColour), key(kAmberColour),
                                                          key(kRedColour), key(kFailureColour)};
  CHECK(distinct.size() == 4);
}

TEST_CASE("node_radius_factor: sqrt of load relative to the busiest, clamped", "[visualizer]") {
  CHECK(node_radius_factor(400.0, 400.0) == Approx(kMaxRadiusFactor));
  // A quarter of the busiest's load: half its radius (area ∝ load).
  CHECK(node_radius_factor(100.0, 400.0) == Approx(kMaxRadiusFactor / 2));
  CHECK(node_radius_factor(0.0, 400.0) == kMinRadiusFactor);
  CHECK(node_radius_factor(800.0, 400.0) == kMaxRadiusFactor);
  CHECK(node_radius_factor(5.0, 0.0) == kMinRadiusFactor);
  CHECK(node_radius_factor(50.0, 400.0) < node_radius_factor(60.0, 400.0));
}

TEST_CASE("edge_width_px: from the thinnest to the widest by call rate", "[visualizer]") {
  CHECK(edge_width_px(1000.0, 1000.0) == Approx(kMaxEdgeWidthPx));
  CHECK(edge_width_px(250.0, 1000.0) == Approx(kMaxEdgeWidthPx / 2));
  CHECK(edge_width_px(0.0, 1000.0) == kMinEdgeWidthPx);
  CHECK(edge_width_px(0.0, 0.0) == kMinEdgeWidthPx);
}

TEST_CASE(
    "burn_colour: green under 1x the budget's rate, amber from 1x, red from the fast-burn "
    "threshold",
    "[visualizer]") {
  // SRE Workbook ch. 5, table 5-8: 2 % of a 30-day budget spent in 1 hour is a burn rate of
  // 0.02 × 720 h / 1 h.
  CHECK(kRedBurnRate == Approx(0.02 * 720 / 1));
  CHECK(burn_colour(0.0) == kHealthyColour);
  CHECK(burn_colour(0.99) == kHealthyColour);
  CHECK(burn_colour(1.0) == kAmberColour);
  CHECK(burn_colour(14.3) == kAmberColour);
  CHECK(burn_colour(14.4) == kRedColour);
  CHECK(burn_colour(1e9) == kRedColour);
}

TEST_CASE(
    "responder_colour and phase_colour: one colour per meaning, none shared with another "
    "meaning",
    "[visualizer]") {
  using S = model::ResponderState;
  // Every state of working an incident is the working colour; the rest each have their own.
  for (const S s : {S::Acknowledging, S::Triaging, S::Investigating, S::Mitigating,
                    S::Communicating, S::HandingOff})
    CHECK(responder_colour(s) == kWorkingColour);
  CHECK(responder_colour(S::Paged) == kAlarmColour);
  CHECK(responder_colour(S::Asleep) == kAsleepColour);
  CHECK(responder_colour(S::OffDuty) == kIdleColour);
  CHECK(responder_colour(S::Available) == kIdleColour);
  // Phases reuse a colour only where the meaning is the same (colour_scale.hpp).
  CHECK(phase_colour(IncidentPhase::Impact) == kRedColour);
  CHECK(phase_colour(IncidentPhase::Detected) == kAlarmColour);
  CHECK(phase_colour(IncidentPhase::Acknowledged) == kWorkingColour);
  CHECK(phase_colour(IncidentPhase::Mitigated) == kHealthyColour);
  CHECK(phase_colour(IncidentPhase::Resolved) == kIdleColour);
  // The meanings' colours are all distinct.
  const std::set<std::tuple<int, int, int, int>> meanings{
      key(kHealthyColour), key(kAmberColour),   key(kRedColour),   key(kFailureColour),
      key(kAlarmColour),   key(kWorkingColour), key(kFaultColour), key(kBreakerOpenColour),
      key(kIdleColour),    key(kAsleepColour)};
  CHECK(meanings.size() == 10);
}

}  // namespace firedrill::visualizer
