#pragma once
// The event queue: pending events ordered by (time, priority, insertion sequence), with O(1)
// lazy cancellation. Events are plain values, so a whole queue can be copied to fork a run.

#include <cstdint>
#include <optional>
#include <queue>
#include <unordered_set>
#include <vector>

#include "sim/engine/check.hpp"
#include "sim/engine/sim_time.hpp"

namespace firedrill::engine {

// Identifies one scheduled event; the insertion sequence number, unique within a queue.
using EventId = std::uint64_t;

// One event taken off the queue.
template <typename Event>
struct Scheduled {
  SimTime time;
  int priority;  // lower runs first among events at the same time
  EventId id;
  Event event;
};

// A discrete-event queue and its clock. Invariant: now() never decreases; every pending event
// is at or after now(). Events at equal (time, priority) run in the order they were scheduled.
template <typename Event>
class EventQueue {
 public:
  SimTime now() const { return now_; }

  // Schedules `event` at absolute time `at`. Throws InvariantError if `at` < now().
  EventId schedule_at(SimTime at, Event event, int priority = 0) {
    FIREDRILL_CHECK(at >= now_, "event scheduled in the past");
    const EventId id = next_id_++;
    heap_.push(Entry{at, priority, id, std::move(event)});
    return id;
  }

  // Schedules `event` `delay` after now(). REQUIRES: delay >= 0.
  EventId schedule_in(SimTime delay, Event event, int priority = 0) {
    return schedule_at(now_ + delay, std::move(event), priority);
  }

  // Marks a pending event so that it never fires. Cancelling a fired or unknown id is a no-op.
  void cancel(EventId id) {
    if (id < next_id_) cancelled_.insert(id);
  }

  // Removes and returns the next live event, advancing now() to its time; nullopt when empty.
  std::optional<Scheduled<Event>> pop() {
    while (!heap_.empty()) {
      Entry top = heap_.top();
      heap_.pop();
      if (cancelled_.erase(top.id) > 0) continue;
      now_ = top.time;
      return Scheduled<Event>{top.time, top.priority, top.id, std::move(top.event)};
    }
    return std::nullopt;
  }

  // Returns the time of the next live event, or nullopt when none is pending.
  std::optional<SimTime> next_time() {
    while (!heap_.empty() && cancelled_.count(heap_.top().id) > 0) {
      cancelled_.erase(heap_.top().id);
      heap_.pop();
    }
    if (heap_.empty()) return std::nullopt;
    return heap_.top().time;
  }

  // Moves the clock forward to `t` without running anything. REQUIRES: now() <= t <= next_time().
  void advance_to(SimTime t) {
    FIREDRILL_CHECK(t >= now_, "clock moved backwards");
    now_ = t;
  }

  bool empty() { return !next_time().has_value(); }

 private:
  struct Entry {
    SimTime time;
    int priority;
    EventId id;
    Event event;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.time != b.time) return a.time > b.time;
      if (a.priority != b.priority) return a.priority > b.priority;
      return a.id > b.id;
    }
  };

  SimTime now_{0};
  EventId next_id_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  // Only membership is asked of this set, so its iteration order never reaches the event order.
  std::unordered_set<EventId> cancelled_;
};

}  // namespace firedrill::engine
