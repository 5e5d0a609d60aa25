#include "scoring/pareto.hpp"

#include <cstddef>

namespace firedrill::scoring {

std::vector<bool> pareto_front(const std::vector<TradeOffPoint>& points) {
  std::vector<bool> front(points.size(), true);
  for (std::size_t i = 0; i < points.size(); ++i)
    for (const TradeOffPoint& other : points) {
      const TradeOffPoint& p = points[i];
      if (other.x <= p.x && other.y <= p.y && (other.x < p.x || other.y < p.y)) {
        front[i] = false;
        break;
      }
    }
  return front;
}

}  // namespace firedrill::scoring
