#pragma once
// Exact integrals over a run's steady-state segments: rates are constant inside a segment, so
// the integral of a rate over any window is a finite sum.

#include <algorithm>
#include <span>

#include "sim/model/record.hpp"

namespace firedrill::model {

// Returns ∫ rate(segment) dt over [from, to) in (rate unit × seconds), e.g. requests for a rate
// in req/s. Overlaps are whole milliseconds, so a window that cuts a segment counts exactly the
// part inside it; parts of the window that no segment covers count as 0.
// REQUIRES: segments in time order, not overlapping each other (a RunRecord's, and a run's
// history, always are). Cost: a binary search, then linear in the segments inside the window.
template <typename RateFn>
double integrate(std::span<const Segment> segments, SimTime from, SimTime to, RateFn&& rate) {
  double total = 0.0;
  const auto first = std::partition_point(segments.begin(), segments.end(),
                                          [from](const Segment& s) { return s.end <= from; });
  for (auto s = first; s != segments.end() && s->start < to; ++s) {
    const SimTime overlap = std::min(s->end, to) - std::max(s->start, from);
    if (overlap.count() > 0) total += rate(*s) * engine::to_seconds(overlap);
  }
  return total;
}

}  // namespace firedrill::model
