#pragma once
// Copies of a drill kept as it runs, so that the live view can seek back: the run (a value:
// DESIGN.md), what the view folded from it, and how far into the drill log it had got.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "sim/model/run.hpp"
#include "visualizer/live_state.hpp"
#include "visualizer/story_feed.hpp"

namespace firedrill::visualizer {

// The drill at one simulated time: enough for the view to go on from there exactly as it went
// on the first time, given the same commands.
struct DrillCopy {
  model::Run run;  // forked to publish nowhere while kept
  LiveState live;
  StoryFeed story;
  std::size_t commands = 0;  // how many of the drill log's commands it had applied
};

// The copies of one drill, one every interval() from time 0 on, at most `max_copies`. When a
// copy beyond the maximum is kept, every other copy is dropped (those at odd multiples of the
// interval) and the interval doubles, so the copies always span the whole drill so far with
// memory bounded by max_copies runs' states. Invariant: copies are in time order at multiples of
// interval(), the first at 0.
class Rewind {
 public:
  // REQUIRES: interval > 0, max_copies >= 2.
  Rewind(model::SimTime interval, std::size_t max_copies);

  // The simulated time the next copy is due at.
  model::SimTime next_due() const;
  // Keeps `copy`, then thins the copies if they exceed the maximum.
  // REQUIRES (FIREDRILL_CHECK): copy.run.now() == next_due().
  void keep(DrillCopy copy);
  // Returns the latest copy at or before `t`, or nullptr if there is none (t < 0, or none kept).
  const DrillCopy* at_or_before(model::SimTime t) const;
  // Returns the latest copy at or before `t` that had applied at most `commands` of the drill
  // log's commands, or nullptr: where a branch whose log shares its first `commands` commands
  // with this drill's, and has no other before `t`, can go on from (Branches).
  const DrillCopy* shared(model::SimTime t, std::size_t commands) const;
  // Drops the copies after `t`, and those that had applied more than `commands` commands: they
  // belong to a future that a new command replaced, or to another branch.
  void drop_after(model::SimTime t, std::size_t commands = SIZE_MAX);

  model::SimTime interval() const { return interval_; }
  std::size_t size() const { return copies_.size(); }

 private:
  model::SimTime interval_;
  std::size_t max_copies_;
  std::deque<DrillCopy> copies_;
};

}  // namespace firedrill::visualizer
