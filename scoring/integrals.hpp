#pragma once
// Exact integrals over a run's steady-state segments: requests offered, served and failed per
// journey over any window, and the error budget a journey's SLO allows.

#include <cstddef>
#include <span>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

using model::SimTime;

// A half-open window of simulated time [from, to). Empty when to <= from.
struct Window {
  SimTime from{0};
  SimTime to{0};
};

// Requests of journey `journey` over `window`: Σ over segments of rate × |segment ∩ window|.
// Exact: rates are constant within a segment and overlaps are whole milliseconds, so a window
// that cuts a segment counts exactly the part inside it. Segments may come in any order; parts
// of the window that no segment covers count 0. Cost O(segments).
// REQUIRES: journey < journeys.size() of every segment that overlaps the window.
double offered_requests(std::span<const model::Segment> segments, std::size_t journey,
                        Window window);
double good_requests(std::span<const model::Segment> segments, std::size_t journey, Window window);
// Failed requests: offered − good per segment, never below 0 (guards rounding in the flow model).
double failed_requests(std::span<const model::Segment> segments, std::size_t journey,
                       Window window);

// failed_requests for journeys 0 .. journey_count − 1, indexed like Scenario::journeys.
std::vector<double> failed_requests_by_journey(std::span<const model::Segment> segments,
                                               std::size_t journey_count, Window window);

// The largest share of journey `journey`'s offered requests that failed in any segment
// overlapping `window` (fraction 0–1); 0 when nothing overlaps or nothing was offered.
double peak_failed_share(std::span<const model::Segment> segments, std::size_t journey,
                         Window window);

// Requests the journey's availability SLO allows to fail over one SLO period at the base rate:
// (1 − objective) × rate_rps × period in seconds (SRE Workbook ch. 5: error budget). E.g.
// 99.9 % over 30 days at 100 req/s allows 259 200 failed requests.
double error_budget_requests(const model::Journey& journey);

// User impact over a window, per journey (indexed like Scenario::journeys) and in total.
struct Impact {
  double failed_requests = 0.0;
  std::vector<double> failed_requests_by_journey;
  double revenue_lost = 0.0;           // Σ failed × revenue_per_request
  double error_budget_consumed = 0.0;  // max over journeys; a fraction that may exceed 1
  std::vector<double> error_budget_consumed_by_journey;
};

// Measures the failed requests, revenue lost and error budget consumed of every journey of
// `scenario` over `window`; with `only` (indexed like Scenario::journeys), of those it marks, the
// others counting 0. Cost O(journeys × segments).
Impact measure_impact(const model::Scenario& scenario, std::span<const model::Segment> segments,
                      Window window, const std::vector<bool>& only = {});

// Fewer failed requests than this are numerical residue (a timeout tail of e^-50), not user
// impact: no user saw a failure.
constexpr double kMinFailedRequests = 1.0;

// Returns true iff `impact` failed at least one whole request.
inline bool had_impact(const Impact& impact) {
  return impact.failed_requests >= kMinFailedRequests;
}

// Returns failed / budget: the share of the error budget consumed, which may exceed 1.
// A zero budget (objective 1, or base rate 0) is consumed infinitely by any failure and not at
// all without one.
double budget_consumed(double failed, double budget);

}  // namespace firedrill::scoring
