#pragma once
// Exact integrals over a run's steady-state segments: rates are constant inside a segment, so
// the integral of a rate over any window is a finite sum. What windowed metrics read
// (`Telemetry`): the segments from 0 and, before 0, the run's nominal past.

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

// A run's telemetry as windowed metrics read it (alert rules, triage, recovery checks): the
// steady-state segments from 0 and, before 0, the nominal past. Every run begins as if the system
// had already run in its nominal state for ever: no faults, the traffic of t = 0, no backlog
// (World computes it once, at construction), so a window reaching before the run's start holds
// that steady state there, not emptiness. A view: the caller owns the past and the segments.
// The RunRecord keeps only the segments; scoring integrates them from 0.
struct Telemetry {
  const Segment& nominal_past;        // holds over (−∞, 0); its start and end are not read
  std::span<const Segment> segments;  // from 0, in time order, not overlapping
};

// Returns ∫ rate dt over [from, to) of `telemetry`: the part before 0 at the nominal past's rate,
// the rest as integrate() over the segments.
template <typename RateFn>
double integrate(const Telemetry& telemetry, SimTime from, SimTime to, RateFn&& rate) {
  double total = integrate(telemetry.segments, std::max(from, SimTime{0}), to, rate);
  const SimTime before = std::min(to, SimTime{0}) - from;
  if (before.count() > 0) total += rate(telemetry.nominal_past) * engine::to_seconds(before);
  return total;
}

}  // namespace firedrill::model
