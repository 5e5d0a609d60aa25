#include "visualizer/rewind.hpp"

#include <algorithm>

#include "sim/engine/check.hpp"

namespace firedrill::visualizer {

Rewind::Rewind(model::SimTime interval, std::size_t max_copies)
    : interval_(interval), max_copies_(max_copies) {
  FIREDRILL_CHECK(interval > model::SimTime::zero() && max_copies >= 2,
                  "a rewind needs a positive interval and room for two copies");
}

model::SimTime Rewind::next_due() const {
  return copies_.empty() ? model::SimTime::zero() : copies_.back().run.now() + interval_;
}

void Rewind::keep(DrillCopy copy) {
  FIREDRILL_CHECK(copy.run.now() == next_due(), "a drill's copy kept off its interval");
  copies_.push_back(std::move(copy));
  if (copies_.size() <= max_copies_) return;
  std::deque<DrillCopy> thinned;
  for (std::size_t i = 0; i < copies_.size(); i += 2) thinned.push_back(std::move(copies_[i]));
  copies_ = std::move(thinned);
  interval_ *= 2;
}

const DrillCopy* Rewind::at_or_before(model::SimTime t) const {
  const auto after =
      std::upper_bound(copies_.begin(), copies_.end(), t,
                       [](model::SimTime when, const DrillCopy& c) { return when < c.run.now(); });
  return after == copies_.begin() ? nullptr : &*std::prev(after);
}

const DrillCopy* Rewind::shared(model::SimTime t, std::size_t commands) const {
  for (auto c = copies_.rbegin(); c != copies_.rend(); ++c)
    if (c->run.now() <= t && c->commands <= commands) return &*c;
  return nullptr;
}

void Rewind::drop_after(model::SimTime t, std::size_t commands) {
  while (!copies_.empty() && (copies_.back().run.now() > t || copies_.back().commands > commands))
    copies_.pop_back();
}

}  // namespace firedrill::visualizer
