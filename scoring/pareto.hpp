#pragma once
// The Pareto front of a trade-off between two costs, both lower-is-better: the options no other
// option beats on one cost without losing on the other. A sensitivity sweep names the values of
// its parameter on the front of user impact (time to mitigate, failed requests, error budget)
// against human cost (pages, wake-ups, person-hours): sweep_summary_markdown.

#include <vector>

namespace firedrill::scoring {

// One option's two costs, in their own units, lower is better.
struct TradeOffPoint {
  double x = 0.0;
  double y = 0.0;
};

// Returns, for each point, whether it is on the Pareto front: no other point is at least as good
// on both costs and strictly better on one (weak dominance; equal points are all on the front).
// Cost O(n²): n is a sweep's parameter values. REQUIRES: finite coordinates.
std::vector<bool> pareto_front(const std::vector<TradeOffPoint>& points);

}  // namespace firedrill::scoring
