#pragma once
// The event queue: pending events ordered by (time, priority, insertion sequence), with O(1)
// lazy cancellation. Events are plain values, so a whole queue can be copied to fork a run.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
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
//
// Cost: schedule, pop and cancel are amortized O(1) for events at distinct times: the queue is a
// monotone radix heap on the integer time (Ahuja, Mehlhorn, Orlin, Tarjan 1990, with 4-bit
// digits), which a discrete-event queue may be because nothing is ever scheduled before now().
// Events at one equal time are ordered by (priority, sequence) in O(g log g) for a group of g.
// Each event moves between buckets at most 16 times (once per 4-bit digit of its time).
// A copy holds no pointer into the original; docs/performance.md has the measurements.
template <typename Event>
class EventQueue {
 public:
  SimTime now() const { return now_; }

  // Schedules `event` at absolute time `at`. Throws InvariantError if `at` < now().
  EventId schedule_at(SimTime at, Event event, int priority = 0) {
    FIREDRILL_CHECK(at >= now_, "event scheduled in the past");
    const EventId id = next_id_++;
    if (id - cancel_base_ == cancelled_.size() * 64) grow_cancel_window();
    Node node{at.count(), id, priority, store(std::move(event))};
    if (node.time == base_) {
      add_to_group(std::move(node));
    } else {
      if (peek_valid_ && node.time < peek_time_) peek_time_ = node.time;
      add_to_bucket(std::move(node));
    }
    return id;
  }

  // Schedules `event` `delay` after now(). REQUIRES: delay >= 0.
  EventId schedule_in(SimTime delay, Event event, int priority = 0) {
    return schedule_at(now_ + delay, std::move(event), priority);
  }

  // Marks a pending event so that it never fires. Cancelling a fired or unknown id is a no-op.
  void cancel(EventId id) {
    if (id >= next_id_ || id < cancel_base_) return;  // never scheduled, or long since fired
    const EventId bit = id - cancel_base_;
    std::uint64_t& word = cancelled_[bit / 64];
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    if ((word & mask) != 0) return;
    word |= mask;
    ++cancelled_count_;
    peek_valid_ = false;
  }

  // Removes and returns the next live event, advancing now() to its time; nullopt when empty.
  std::optional<Scheduled<Event>> pop() {
    for (;;) {
      if (group_empty() && !settle()) return std::nullopt;
      Node& top = group_top();
      if (drop_if_cancelled(top.id)) {
        discard(top);
        remove_group_top();
        continue;
      }
      now_ = SimTime{top.time};
      std::optional<Scheduled<Event>> out(std::in_place,
                                          Scheduled<Event>{now_, top.priority, top.id, take(top)});
      remove_group_top();
      return out;
    }
  }

  // Returns the time of the next live event, or nullopt when none is pending. Does not move the
  // clock, so events may still be scheduled anywhere at or after now() afterwards.
  std::optional<SimTime> next_time() {
    while (!group_empty()) {
      if (!drop_if_cancelled(group_top().id)) return SimTime{base_};
      discard(group_top());
      remove_group_top();
    }
    if (!peek_valid_) {
      const std::optional<std::size_t> b = lowest_live_bucket();
      if (!b) return std::nullopt;
      peek_time_ = min_time(buckets_[*b]);
      peek_valid_ = true;
    }
    return SimTime{peek_time_};
  }

  // Moves the clock forward to `t` without running anything. REQUIRES: now() <= t <= next_time().
  void advance_to(SimTime t) {
    FIREDRILL_CHECK(t >= now_, "clock moved backwards");
    now_ = t;
  }

  bool empty() { return !next_time().has_value(); }

 private:
  using Rep = SimTime::rep;

  // A small event travels inside its node; a large one waits in pool_ while its node, holding the
  // slot's index, moves through the buckets (the threshold is measured: docs/performance.md).
  static constexpr bool kInlinePayload = sizeof(Event) <= 16;
  using Payload = std::conditional_t<kInlinePayload, Event, std::uint32_t>;

  struct Node {
    Rep time;
    EventId id;
    int priority;
    Payload payload;
  };

  Payload store(Event&& event) {
    if constexpr (kInlinePayload) {
      return std::move(event);
    } else {
      if (free_slots_.empty()) {
        FIREDRILL_CHECK(pool_.size() < UINT32_MAX, "too many pending events");
        pool_.emplace_back(std::move(event));
        return static_cast<std::uint32_t>(pool_.size() - 1);
      }
      const std::uint32_t slot = free_slots_.back();
      free_slots_.pop_back();
      pool_[slot].emplace(std::move(event));
      return slot;
    }
  }

  // Moves the event out of a node that is leaving the queue.
  Event take(Node& node) {
    if constexpr (kInlinePayload) {
      return std::move(node.payload);
    } else {
      Event event = std::move(*pool_[node.payload]);
      discard(node);
      return event;
    }
  }

  // Releases what a node leaving the queue unfired holds.
  void discard(const Node& node) {
    if constexpr (!kInlinePayload) {
      pool_[node.payload].reset();
      free_slots_.push_back(node.payload);
    }
  }

  // Among events at one time: lower priority first, then lower sequence.
  static bool runs_before(const Node& a, const Node& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.id < b.id;
  }
  struct RunsBefore {
    bool operator()(const Node& a, const Node& b) const { return runs_before(a, b); }
  };
  struct RunsAfter {  // the "less" of a std heap whose front runs first
    bool operator()(const Node& a, const Node& b) const { return runs_before(b, a); }
  };

  // Buckets of the radix heap. A pending event later than base_ lives in the bucket named by the
  // highest 4-bit digit in which its time differs from base_ and by its time's value of that
  // digit; bucket order is then time order. Times are >= 0, so unsigned bits order them.
  static constexpr unsigned kDigitBits = 4;
  static constexpr unsigned kDigitValues = 1u << kDigitBits;
  static constexpr unsigned kDigits = 64 / kDigitBits;
  static constexpr std::size_t kBuckets = std::size_t{kDigits} * kDigitValues;
  static constexpr std::size_t kBucketWords = kBuckets / 64;

  // REQUIRES: time > base.
  static std::size_t bucket_of(Rep time, Rep base) {
    const auto t = static_cast<std::uint64_t>(time);
    const auto diff = t ^ static_cast<std::uint64_t>(base);
    const auto digit = (static_cast<unsigned>(std::bit_width(diff)) - 1) / kDigitBits;
    const auto value = static_cast<std::size_t>((t >> (digit * kDigitBits)) & (kDigitValues - 1));
    return std::size_t{digit} * kDigitValues + value;
  }

  void add_to_bucket(Node&& node) {
    const std::size_t b = bucket_of(node.time, base_);
    buckets_[b].push_back(std::move(node));
    nonempty_[b / 64] |= std::uint64_t{1} << (b % 64);
  }

  // The group: the pending events at time base_ (<= now()), in run order. Most arrive through
  // settle() in one sorted batch (group_ from group_head_ on); an event scheduled at now() that
  // must run before the batch's last one goes to the heap late_, so no insert costs O(g).
  bool group_empty() const { return group_head_ == group_.size() && late_.empty(); }

  bool late_first() const {
    return !late_.empty() &&
           (group_head_ == group_.size() || runs_before(late_.front(), group_[group_head_]));
  }

  Node& group_top() { return late_first() ? late_.front() : group_[group_head_]; }

  void remove_group_top() {
    if (late_first()) {
      std::pop_heap(late_.begin(), late_.end(), RunsAfter{});
      late_.pop_back();
    } else if (++group_head_ == group_.size()) {
      group_.clear();
      group_head_ = 0;
    }
  }

  void add_to_group(Node&& node) {
    // `node` has the highest sequence so far, so it runs after every grouped event of its
    // priority or lower.
    if (group_head_ == group_.size() || group_.back().priority <= node.priority) {
      group_.push_back(std::move(node));
    } else {
      late_.push_back(std::move(node));
      std::push_heap(late_.begin(), late_.end(), RunsAfter{});
    }
  }

  // Makes the group hold the earliest pending events, moving base_ up to their time.
  // REQUIRES: group_empty(). Returns false iff nothing is pending.
  bool settle() {
    std::optional<std::size_t> b;
    Rep m;
    if (peek_valid_) {  // next_time() already found the bucket's minimum
      b = lowest_bucket();
      m = peek_time_;
    } else {
      b = lowest_live_bucket();
      if (!b) return false;
      m = min_time(buckets_[*b]);
    }
    peek_valid_ = false;
    std::vector<Node>& from = buckets_[*b];
    base_ = m;
    group_.clear();
    group_head_ = 0;
    // Every event of this bucket agrees with m above the bucket's digit and on it, so it lands in
    // a lower bucket (or the group); the other buckets keep their meaning for the new base.
    for (Node& node : from) {
      if (node.time == m)
        group_.push_back(std::move(node));
      else
        add_to_bucket(std::move(node));
    }
    from.clear();
    nonempty_[*b / 64] &= ~(std::uint64_t{1} << (*b % 64));
    if (group_.size() > 1) std::sort(group_.begin(), group_.end(), RunsBefore{});
    return true;
  }

  std::optional<std::size_t> lowest_bucket() const {
    for (std::size_t w = 0; w < kBucketWords; ++w) {
      if (nonempty_[w] != 0)
        return w * 64 + static_cast<std::size_t>(std::countr_zero(nonempty_[w]));
    }
    return std::nullopt;
  }

  // Returns the lowest bucket after discarding its cancelled events; nullopt when all are empty.
  std::optional<std::size_t> lowest_live_bucket() {
    for (;;) {
      const std::optional<std::size_t> b = lowest_bucket();
      if (!b || cancelled_count_ == 0) return b;
      std::vector<Node>& nodes = buckets_[*b];
      std::erase_if(nodes, [this](const Node& n) {
        if (!drop_if_cancelled(n.id)) return false;
        discard(n);
        return true;
      });
      if (!nodes.empty()) return b;
      nonempty_[*b / 64] &= ~(std::uint64_t{1} << (*b % 64));
    }
  }

  static Rep min_time(const std::vector<Node>& nodes) {
    Rep m = nodes.front().time;
    for (const Node& n : nodes) m = std::min(m, n.time);
    return m;
  }

  // Cancellation: one bit per id in [cancel_base_, next_id_), set by cancel() and cleared when
  // the cancelled event is discarded. Ids below cancel_base_ are known to have left the queue.
  // Returns true iff pending event `id` was cancelled, forgetting the mark.
  bool drop_if_cancelled(EventId id) {
    if (cancelled_count_ == 0) return false;
    const EventId bit = id - cancel_base_;
    std::uint64_t& word = cancelled_[bit / 64];
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    if ((word & mask) == 0) return false;
    word &= ~mask;
    --cancelled_count_;
    return true;
  }

  // Adds a word to the cancellation window, first dropping the words below the oldest pending
  // id once the window has doubled, so its size follows the pending ids' span, not the run's
  // length. The scan is O(pending), paid for by the >= pending schedules since the last one.
  void grow_cancel_window() {
    if (cancelled_.size() >= compact_at_words_) {
      EventId oldest = next_id_ - 1;  // the id being scheduled
      std::size_t pending = late_.size() + (group_.size() - group_head_);
      for (const auto& bucket : buckets_) {
        for (const Node& n : bucket) oldest = std::min(oldest, n.id);
        pending += bucket.size();
      }
      for (std::size_t i = group_head_; i < group_.size(); ++i) {
        oldest = std::min(oldest, group_[i].id);
      }
      for (const Node& n : late_) oldest = std::min(oldest, n.id);
      const auto drop = static_cast<std::size_t>((oldest - cancel_base_) / 64);
      for (std::size_t w = 0; w < drop; ++w) {
        cancelled_count_ -= static_cast<std::size_t>(std::popcount(cancelled_[w]));
      }
      cancelled_.erase(cancelled_.begin(), cancelled_.begin() + static_cast<std::ptrdiff_t>(drop));
      cancel_base_ += EventId{64} * drop;
      compact_at_words_ = 2 * std::max({cancelled_.size(), pending / 64, kMinCancelWords});
    }
    cancelled_.push_back(0);
  }
  static constexpr std::size_t kMinCancelWords = 1024;

  SimTime now_{0};
  EventId next_id_ = 0;
  Rep base_ = 0;  // <= now_; every pending event is at base_ (the group) or in a bucket
  std::vector<Node> group_;
  std::size_t group_head_ = 0;
  std::vector<Node> late_;
  std::array<std::vector<Node>, kBuckets> buckets_;
  std::array<std::uint64_t, kBucketWords> nonempty_{};
  bool peek_valid_ = false;  // peek_time_ is the earliest time in the buckets, all of them live
  Rep peek_time_ = 0;
  std::vector<std::uint64_t> cancelled_;
  EventId cancel_base_ = 0;
  std::size_t cancelled_count_ = 0;
  std::size_t compact_at_words_ = 2 * kMinCancelWords;
  std::vector<std::optional<Event>> pool_;  // used only when !kInlinePayload
  std::vector<std::uint32_t> free_slots_;
};

}  // namespace firedrill::engine
