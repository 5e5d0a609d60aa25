#pragma once
// Exact integrals over a run's steady-state segments: rates are constant inside a segment, so
// the integral of a rate over any window is a finite sum.

#include <algorithm>
#include <vector>

#include "sim/model/record.hpp"

namespace firedrill::model {

// Returns ∫ rate(segment) dt over [from, to) in (rate unit × seconds), e.g. requests for a rate
// in req/s. Parts of the window that no segment covers count as 0. `segments` must be sorted
// and non-overlapping (as a RunRecord's are). Cost: linear in the number of segments.
template <typename RateFn>
double integrate(const std::vector<Segment>& segments, SimTime from, SimTime to, RateFn&& rate) {
  double total = 0.0;
  for (const Segment& s : segments) {
    if (s.end <= from) continue;
    if (s.start >= to) break;
    const SimTime overlap = std::min(s.end, to) - std::max(s.start, from);
    if (overlap.count() > 0) total += rate(s) * engine::to_seconds(overlap);
  }
  return total;
}

// Returns the failed requests (offered − good) of journey `journey` over [from, to).
inline double failed_requests(const std::vector<Segment>& segments, std::size_t journey,
                              SimTime from, SimTime to) {
  return integrate(segments, from, to, [journey](const Segment& s) {
    return s.journeys[journey].offered_rps - s.journeys[journey].good_rps;
  });
}

// Returns the requests offered to journey `journey` over [from, to).
inline double offered_requests(const std::vector<Segment>& segments, std::size_t journey,
                               SimTime from, SimTime to) {
  return integrate(segments, from, to,
                   [journey](const Segment& s) { return s.journeys[journey].offered_rps; });
}

}  // namespace firedrill::model
