#include "scoring/integrals.hpp"

#include "sim/model/segments.hpp"

#include <algorithm>
#include <limits>

namespace firedrill::scoring {
namespace {

// Overlap of a segment with the window, in seconds. Computed on integer milliseconds so that
// cutting a segment never loses or double-counts a sliver.
double overlap_s(const model::Segment& segment, Window window) {
  const SimTime from = std::max(segment.start, window.from);
  const SimTime to = std::min(segment.end, window.to);
  return to > from ? engine::to_seconds(to - from) : 0.0;
}

template <typename Rate>
double integrate(std::span<const model::Segment> segments, Window window, Rate rate) {
  return model::integrate(segments, window.from, window.to, rate);
}

}  // namespace

double offered_requests(std::span<const model::Segment> segments, std::size_t journey,
                        Window window) {
  return integrate(segments, window, [journey](const model::Segment& s) {
    return s.journeys.at(journey).offered_rps;
  });
}

double good_requests(std::span<const model::Segment> segments, std::size_t journey, Window window) {
  return integrate(segments, window,
                   [journey](const model::Segment& s) { return s.journeys.at(journey).good_rps; });
}

double failed_requests(std::span<const model::Segment> segments, std::size_t journey,
                       Window window) {
  return integrate(segments, window, [journey](const model::Segment& s) {
    const model::JourneyFlow& flow = s.journeys.at(journey);
    return std::max(0.0, flow.offered_rps - flow.good_rps);
  });
}

std::vector<double> failed_requests_by_journey(std::span<const model::Segment> segments,
                                               std::size_t journey_count, Window window) {
  std::vector<double> failed(journey_count, 0.0);
  for (std::size_t j = 0; j < journey_count; ++j) failed[j] = failed_requests(segments, j, window);
  return failed;
}

double peak_failed_share(std::span<const model::Segment> segments, std::size_t journey,
                         Window window) {
  double peak = 0.0;
  for (const model::Segment& segment : segments) {
    if (overlap_s(segment, window) <= 0.0) continue;
    const model::JourneyFlow& flow = segment.journeys.at(journey);
    if (flow.offered_rps <= 0.0) continue;
    peak =
        std::max(peak, std::clamp((flow.offered_rps - flow.good_rps) / flow.offered_rps, 0.0, 1.0));
  }
  return peak;
}

double error_budget_requests(const model::Journey& journey) {
  return (1.0 - journey.slo.objective) * journey.rate_rps * engine::to_seconds(journey.slo.period);
}

Impact measure_impact(const model::Scenario& scenario, std::span<const model::Segment> segments,
                      Window window, const std::vector<bool>& only) {
  Impact impact;
  const std::size_t journey_count = scenario.journeys.size();
  impact.failed_requests_by_journey = failed_requests_by_journey(segments, journey_count, window);
  if (!only.empty()) {
    for (std::size_t j = 0; j < journey_count; ++j)
      if (!only.at(j)) impact.failed_requests_by_journey[j] = 0.0;
  }
  impact.error_budget_consumed_by_journey.assign(journey_count, 0.0);
  for (std::size_t j = 0; j < journey_count; ++j) {
    const model::Journey& journey = scenario.journeys[j];
    const double failed = impact.failed_requests_by_journey[j];
    impact.failed_requests += failed;
    impact.revenue_lost += failed * journey.revenue_per_request;
    impact.error_budget_consumed_by_journey[j] =
        budget_consumed(failed, error_budget_requests(journey));
    impact.error_budget_consumed =
        std::max(impact.error_budget_consumed, impact.error_budget_consumed_by_journey[j]);
  }
  return impact;
}

double budget_consumed(double failed, double budget) {
  if (failed <= 0.0) return 0.0;
  if (budget <= 0.0) return std::numeric_limits<double>::infinity();
  return failed / budget;
}

}  // namespace firedrill::scoring
