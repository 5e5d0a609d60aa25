#pragma once
// The live view's visual scales: health colours, node and edge sizes from load, and colours for
// responder states and incident phases. Plain functions of model values, no window.
//
// Colours come from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen
// to stay distinguishable under the common colour-vision deficiencies, plus a grey, a dark red
// and Paul Tol's indigo where eight colours are not enough (named where used). Each colour means
// one thing wherever it is drawn (the legend, key l, says which):
// - green, orange, vermillion, dark red: health (services, calls, failing requests, error budget
//   burn, and an incident's impact and mitigation, which are its users' health);
// - yellow (kAlarmColour): an alarm rings: a page alert fires, a page is unanswered;
// - blue (kWorkingColour): people work on an incident;
// - reddish purple (kFaultColour): a fault acts there (the facilitator's truth);
// - sky blue (kBreakerOpenColour): a circuit breaker is open;
// - grey (kIdleColour): at rest: not engaged, or resolved;
// - indigo: asleep.

#include <cstdint>

#include "sim/model/record.hpp"
#include "visualizer/incident_phase.hpp"

namespace firedrill::visualizer {

// An 8-bit sRGB colour with alpha (255: opaque).
struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

// Returns the colour a fraction `t` of the way from `from` to `to`, each channel rounded;
// `t` is clamped to [0, 1].
Rgba lerp(Rgba from, Rgba to, double t);

// ---- Health ---------------------------------------------------------------------------------
// Thresholds read against SLO-ish levels. A 99.9% availability objective allows 0.1% errors, so
// more than that burns error budget: amber. 5% errors is the failed share at which the default
// response policy declares a P2 (ResponsePolicy::severity_failed_share): red. Utilisation 0.8
// is where an M/M/c queue's wait starts to climb steeply (and above the HPA's default-ish
// targets): amber; 1 is overload, the queue grows without bound: red.
constexpr double kAmberErrorRatio = 0.001;  // fraction 0–1
constexpr double kRedErrorRatio = 0.05;
constexpr double kAmberUtilisation = 0.8;  // load / capacity
constexpr double kRedUtilisation = 1.0;

constexpr Rgba kHealthyColour{0, 158, 115, 255};  // Okabe–Ito bluish green
constexpr Rgba kAmberColour{230, 159, 0, 255};    // Okabe–Ito orange
constexpr Rgba kRedColour{213, 94, 0, 255};       // Okabe–Ito vermillion
constexpr Rgba kFailureColour{110, 0, 20, 255};   // ours: a dark red, far darker than vermillion
                                                  // so that "down" reads by lightness alone

// ---- Everything else that has a colour (one meaning each, as above) --------------------------
constexpr Rgba kAlarmColour{240, 228, 66, 255};        // Okabe–Ito yellow
constexpr Rgba kWorkingColour{0, 114, 178, 255};       // Okabe–Ito blue
constexpr Rgba kFaultColour{204, 121, 167, 255};       // Okabe–Ito reddish purple
constexpr Rgba kBreakerOpenColour{86, 180, 233, 255};  // Okabe–Ito sky blue
constexpr Rgba kIdleColour{170, 170, 170, 255};        // ours: a mid grey
constexpr Rgba kAsleepColour{51, 34, 136, 255};        // Tol indigo ("muted" scheme)

// How bad a service looks: 0 while healthy (below both amber thresholds); 1 at an amber
// threshold, rising to 2 at a red one and staying there beyond. Between amber and red it rises
// linearly in log(error ratio) and in utilisation; the worse of the two counts. Monotone
// non-decreasing in both arguments.
double health_severity(double error_ratio, double utilisation);

// Returns kHealthyColour below the amber thresholds, then from kAmberColour to kRedColour by
// health_severity, and kFailureColour when the service is down (no healthy replica).
Rgba health_colour(double error_ratio, double utilisation, bool down);
Rgba health_colour(const model::ServiceFlow& flow);

// ---- Sizes ----------------------------------------------------------------------------------
// A node's radius is base radius × factor, area proportional to load (a sqrt scale, as
// proportional-symbol maps use), relative to the busiest service: factor kMaxRadiusFactor at
// the busiest, 1 at a quarter of its load, never below kMinRadiusFactor. Our own choices.
constexpr double kMinRadiusFactor = 0.5;
constexpr double kMaxRadiusFactor = 2.0;

// Returns the radius factor of a service with `load_rps` (req/s) when the busiest has
// `max_load_rps`; kMinRadiusFactor when max_load_rps <= 0.
double node_radius_factor(double load_rps, double max_load_rps);

// An edge's width in pixels (independent of zoom, so that edges stay visible zoomed out): sqrt
// scale of its call rate relative to the busiest call, from kMinEdgeWidthPx to kMaxEdgeWidthPx.
constexpr double kMinEdgeWidthPx = 1.0;
constexpr double kMaxEdgeWidthPx = 8.0;

// Returns the width of a call carrying `rate_rps` (req/s) when the busiest carries
// `max_rate_rps`; kMinEdgeWidthPx when max_rate_rps <= 0.
double edge_width_px(double rate_rps, double max_rate_rps);

// ---- Budget burn ----------------------------------------------------------------------------
// Burn rate: how fast a journey spends its error budget, as a multiple of the rate that spends
// it exactly over the SLO's period (error ratio / (1 − objective)). Above 1× the budget runs out
// before the period ends: amber; from 14.4× (2 % of a 30-day budget in one hour, the SRE
// Workbook's fast-burn page threshold, ch. 5, table 5-8) it is spent within about two days: red.
constexpr double kAmberBurnRate = 1.0;
constexpr double kRedBurnRate = 14.4;

// Returns kHealthyColour below kAmberBurnRate, kAmberColour below kRedBurnRate, else kRedColour.
Rgba burn_colour(double burn_rate);

// ---- People and incidents -------------------------------------------------------------------
// A responder's state by what it means for the room: kIdleColour when not engaged (off duty,
// available), kAsleepColour asleep, kAlarmColour while their page rings (paged),
// kWorkingColour for every state of working the incident (acknowledging, triaging,
// investigating, mitigating, communicating, handing off: the panel names which).
Rgba responder_colour(model::ResponderState state);

// An incident's phase by its meaning: kRedColour while users fail and nobody knows (impact),
// kAlarmColour detected but unanswered, kWorkingColour acknowledged (people work on it),
// kHealthyColour mitigated (users are fine again), kIdleColour resolved.
Rgba phase_colour(IncidentPhase phase);

}  // namespace firedrill::visualizer
