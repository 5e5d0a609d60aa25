#include "sim/engine/event_queue.hpp"

#include <algorithm>
#include <array>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using firedrill::engine::EventId;
using firedrill::engine::EventQueue;
using firedrill::engine::InvariantError;
using firedrill::engine::SimTime;

namespace {
std::vector<std::string> drain(EventQueue<std::string>& q) {
  std::vector<std::string> out;
  while (auto e = q.pop()) out.push_back(e->event);
  return out;
}
}  // namespace

TEST_CASE("EventQueue: events run in (time, priority, insertion) order", "[engine]") {
  EventQueue<std::string> q;
  q.schedule_at(SimTime{20}, "t20");
  q.schedule_at(SimTime{10}, "t10-p1-first", 1);
  q.schedule_at(SimTime{10}, "t10-p0", 0);
  q.schedule_at(SimTime{10}, "t10-p1-second", 1);
  q.schedule_at(SimTime{5}, "t5");
  CHECK(drain(q) ==
        std::vector<std::string>{"t5", "t10-p0", "t10-p1-first", "t10-p1-second", "t20"});
  CHECK(q.now() == SimTime{20});
}

TEST_CASE("EventQueue: a cancelled event never fires and the clock skips it", "[engine]") {
  EventQueue<std::string> q;
  q.schedule_at(SimTime{5}, "a");
  const auto b = q.schedule_at(SimTime{7}, "b");
  q.schedule_at(SimTime{9}, "c");
  q.cancel(b);
  REQUIRE(q.pop()->event == "a");
  CHECK(q.next_time() == SimTime{9});
  CHECK(drain(q) == std::vector<std::string>{"c"});
  q.cancel(b);  // cancelling a fired or already-cancelled id is a no-op
  CHECK(q.empty());
}

TEST_CASE("EventQueue: scheduling in the past is an invariant error", "[engine]") {
  EventQueue<std::string> q;
  q.schedule_at(SimTime{100}, "x");
  q.pop();
  CHECK_THROWS_AS(q.schedule_at(SimTime{99}, "late"), InvariantError);
  CHECK_NOTHROW(q.schedule_in(SimTime{0}, "now"));
}

TEST_CASE("EventQueue: a copied queue continues exactly like the original", "[engine]") {
  EventQueue<std::string> q;
  for (int i = 0; i < 10; ++i) q.schedule_at(SimTime{(i * 7) % 5}, std::to_string(i));
  q.cancel(3);
  q.pop();
  EventQueue<std::string> fork = q;
  CHECK(drain(fork) == drain(q));
}

// ---------------------------------------------------------------------------------------------
// The queue's internals (a radix heap on time, sorted same-time groups, a pool for large events,
// a sliding cancellation window) are invisible in its API; these cases pin the API's semantics
// down across all of them.

namespace {

// An event too large to travel inside the queue's nodes, so it exercises the payload pool.
struct LargeEvent {
  std::string name;
  std::array<char, 120> padding{};
  bool operator==(const LargeEvent& other) const { return name == other.name; }
};

template <typename Event>
Event make_event(std::uint64_t n) {
  if constexpr (std::is_same_v<Event, LargeEvent>) {
    return LargeEvent{std::to_string(n)};
  } else {
    return static_cast<Event>(n);
  }
}

// The reference model: pending events in a plain vector, the next one found by a linear scan
// for the least (time, priority, sequence).
template <typename Event>
struct ReferenceQueue {
  struct Entry {
    SimTime time;
    int priority;
    EventId id;
    Event event;
  };
  std::vector<Entry> pending;
  SimTime now{0};
  EventId next_id = 0;

  std::size_t least() const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < pending.size(); ++i) {
      const Entry& a = pending[i];
      const Entry& b = pending[best];
      if (std::tie(a.time, a.priority, a.id) < std::tie(b.time, b.priority, b.id)) best = i;
    }
    return best;
  }
  EventId schedule_at(SimTime at, Event event, int priority) {
    pending.push_back(Entry{at, priority, next_id, std::move(event)});
    return next_id++;
  }
  void cancel(EventId id) {
    std::erase_if(pending, [id](const Entry& e) { return e.id == id; });
  }
  std::optional<Entry> pop() {
    if (pending.empty()) return std::nullopt;
    const std::size_t i = least();
    Entry e = pending[i];
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
    now = e.time;
    return e;
  }
  std::optional<SimTime> next_time() const {
    if (pending.empty()) return std::nullopt;
    return pending[least()].time;
  }
};

template <typename Event>
std::vector<std::pair<EventId, Event>> drain_all(EventQueue<Event>& q) {
  std::vector<std::pair<EventId, Event>> out;
  while (auto e = q.pop()) out.emplace_back(e->id, e->event);
  return out;
}

template <typename Event>
std::vector<std::pair<EventId, Event>> drain_all(ReferenceQueue<Event>& r) {
  std::vector<std::pair<EventId, Event>> out;
  while (auto e = r.pop()) out.emplace_back(e->id, e->event);
  return out;
}

// Runs `ops` random operations on the queue and the reference model side by side and checks
// every answer. Delays mix zero (same-time groups), tiny, medium and huge spans, so events land
// in the group, in low and in high buckets.
template <typename Event>
void check_against_reference(std::uint64_t seed, int ops) {
  boost::random::mt19937_64 rng(seed);
  auto uniform = [&rng](std::int64_t lo, std::int64_t hi) {
    return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  EventQueue<Event> q;
  ReferenceQueue<Event> ref;
  std::uint64_t payload = 0;
  for (int op = 0; op < ops; ++op) {
    const std::int64_t dice = uniform(0, 99);
    if (dice < 45) {
      std::int64_t delay = 0;
      switch (uniform(0, 3)) {
        case 0:
          delay = 0;
          break;
        case 1:
          delay = uniform(0, 3);
          break;
        case 2:
          delay = uniform(0, 5000);
          break;
        default:
          delay = uniform(0, std::int64_t{1} << 40);
          break;
      }
      const int priority = static_cast<int>(uniform(-2, 2));
      const Event event = make_event<Event>(payload++);
      const EventId id = uniform(0, 1) == 0
                             ? q.schedule_at(q.now() + SimTime{delay}, event, priority)
                             : q.schedule_in(SimTime{delay}, event, priority);
      REQUIRE(id == ref.schedule_at(ref.now + SimTime{delay}, event, priority));
    } else if (dice < 80) {
      const auto got = q.pop();
      const auto want = ref.pop();
      REQUIRE(got.has_value() == want.has_value());
      if (got) {
        REQUIRE(got->id == want->id);
        REQUIRE(got->time == want->time);
        REQUIRE(got->priority == want->priority);
        REQUIRE(got->event == want->event);
      }
    } else if (dice < 90) {
      // Pending, fired, never-scheduled and already-cancelled ids alike.
      const auto id = static_cast<EventId>(uniform(0, static_cast<std::int64_t>(ref.next_id) + 5));
      q.cancel(id);
      ref.cancel(id);
    } else if (dice < 95) {
      REQUIRE(q.next_time() == ref.next_time());
      REQUIRE(q.empty() == ref.pending.empty());
    } else if (dice < 98) {
      // Peek, then move the clock part of the way to the next event: later schedules may land
      // before the time the peek saw.
      const auto next = ref.next_time();
      const std::int64_t limit = next ? (*next - ref.now).count() : 100;
      const SimTime to = ref.now + SimTime{uniform(0, limit)};
      REQUIRE(q.next_time() == next);
      q.advance_to(to);
      ref.now = to;
    } else {
      // A fork drains exactly like the reference, and leaves the original untouched.
      EventQueue<Event> fork = q;
      ReferenceQueue<Event> ref_fork = ref;
      REQUIRE(drain_all(fork) == drain_all(ref_fork));
    }
    REQUIRE(q.now() == ref.now);
  }
  REQUIRE(drain_all(q) == drain_all(ref));
}

}  // namespace

TEST_CASE("EventQueue: random operations match a sorted reference model", "[engine]") {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    INFO("seed " << seed);
    check_against_reference<std::uint64_t>(seed, 4000);
  }
}

TEST_CASE("EventQueue: large events (kept apart from the nodes) match the reference model",
          "[engine]") {
  for (std::uint64_t seed = 11; seed <= 14; ++seed) {
    INFO("seed " << seed);
    check_against_reference<LargeEvent>(seed, 3000);
  }
}

TEST_CASE("EventQueue: many events at one time stay FIFO per priority as the queue grows",
          "[engine]") {
  EventQueue<int> q;
  constexpr int kEvents = 50'000;
  for (int i = 0; i < kEvents; ++i) q.schedule_at(SimTime{1000}, i, i % 3);
  q.schedule_at(SimTime{999}, -1);
  REQUIRE(q.pop()->event == -1);
  // While the group at 1000 runs, more events join it, some of them before its remainder.
  std::vector<int> out;
  while (auto e = q.pop()) {
    out.push_back(e->event);
    if (e->event == 7) {
      q.schedule_in(SimTime{0}, 100'000, 0);
      q.schedule_in(SimTime{0}, 100'001, -1);
      q.schedule_in(SimTime{0}, 100'002, 2);
    }
  }
  // All of priority 0 first, then priority 1 in insertion order; once event 7 has run, the
  // events it scheduled at the same time slot in by priority (-1, then 0) ahead of the rest of
  // priority 1, and the priority-2 one goes after every earlier priority-2 event.
  std::vector<int> want;
  for (int i = 0; i < kEvents; i += 3) want.push_back(i);
  for (int i = 1; i < kEvents; i += 3) {
    want.push_back(i);
    if (i == 7) {
      want.push_back(100'001);
      want.push_back(100'000);
    }
  }
  for (int i = 2; i < kEvents; i += 3) want.push_back(i);
  want.push_back(100'002);
  CHECK(out == want);
  CHECK(q.now() == SimTime{1000});
}

TEST_CASE("EventQueue: events for one time scheduled at different moments run in insertion order",
          "[engine]") {
  EventQueue<int> q;
  std::vector<EventId> ids;
  ids.push_back(q.schedule_at(SimTime{5000}, 0));
  for (int t = 1; t <= 4; ++t) q.schedule_at(SimTime{1000 * t}, -t);
  int next = 1;
  std::vector<EventId> fired;
  while (auto e = q.pop()) {
    if (e->event < 0) {
      ids.push_back(q.schedule_at(SimTime{5000}, next++));
    } else {
      fired.push_back(e->id);
      if (e->event == 0) ids.push_back(q.schedule_in(SimTime{0}, next++));
    }
  }
  CHECK(fired == ids);
}

TEST_CASE("EventQueue: after a peek, events may still be scheduled before the peeked time",
          "[engine]") {
  EventQueue<std::string> q;
  q.schedule_at(SimTime{60'000}, "scrape");
  REQUIRE(q.next_time() == SimTime{60'000});
  q.advance_to(SimTime{10'000});
  q.schedule_in(SimTime{5}, "page");
  q.schedule_at(SimTime{10'000}, "now");
  CHECK(q.next_time() == SimTime{10'000});
  CHECK(drain(q) == std::vector<std::string>{"now", "page", "scrape"});
}

TEST_CASE("EventQueue: cancelling the event a peek saw moves the next time on", "[engine]") {
  EventQueue<std::string> q;
  q.schedule_at(SimTime{5}, "first");
  q.pop();
  const auto seen = q.schedule_at(SimTime{10}, "seen");
  q.schedule_at(SimTime{20}, "later");
  REQUIRE(q.next_time() == SimTime{10});
  q.cancel(seen);
  CHECK(q.next_time() == SimTime{20});
  CHECK(drain(q) == std::vector<std::string>{"later"});
}

TEST_CASE("EventQueue: times across the whole int64 range keep their order", "[engine]") {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t k62 = std::int64_t{1} << 62;
  const std::vector<std::int64_t> times{kMax,    kMax - 1,      k62, 0,  k62 - 1, 1,
                                        1 << 20, (1 << 20) + 1, 15,  16, kMax};
  EventQueue<std::int64_t> q;
  for (const std::int64_t t : times) q.schedule_at(SimTime{t}, t);
  std::vector<std::int64_t> sorted = times;
  std::stable_sort(sorted.begin(), sorted.end());
  std::vector<std::int64_t> out;
  while (auto e = q.pop()) out.push_back(e->event);
  CHECK(out == sorted);
  CHECK(q.now() == SimTime{kMax});
}

TEST_CASE("EventQueue: a timer re-armed many times fires once, at its last time", "[engine]") {
  // The re-arming pattern of escalation timeouts: cancel the pending timeout, schedule a new one.
  // Enough ids go by that the cancellation window slides many times, while one early event stays
  // pending throughout and pins its start.
  EventQueue<int> q;
  const EventId pinned = q.schedule_at(SimTime{1'000'000'000}, -1);
  const EventId doomed = q.schedule_at(SimTime{2'000'000'000}, -2);
  EventId timer = q.schedule_in(SimTime{100}, 0);
  int ticks = 0;
  for (int i = 1; i <= 300'000; ++i) {
    q.cancel(timer);
    timer = q.schedule_in(SimTime{100}, i);
    if (i % 1000 == 0) {  // let time pass now and then
      q.schedule_in(SimTime{1}, -3);
      auto e = q.pop();
      REQUIRE(e->event == -3);
      ++ticks;
    }
  }
  q.cancel(doomed);
  q.cancel(doomed);
  const auto rest = drain_all(q);
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].second == 300'000);
  CHECK(rest[1].first == pinned);
  CHECK(ticks == 300);
}

TEST_CASE("EventQueue: cancelling ids that fired long ago is a no-op", "[engine]") {
  EventQueue<int> q;
  std::vector<EventId> fired;
  for (int i = 0; i < 200'000; ++i) {
    q.schedule_in(SimTime{1}, i);
    fired.push_back(q.pop()->id);
  }
  const EventId later = q.schedule_in(SimTime{5}, 1);
  for (const EventId id : fired) q.cancel(id);
  q.cancel(later + 1);  // not scheduled yet: no-op, and the id it will get stays live
  const EventId next = q.schedule_in(SimTime{6}, 2);
  REQUIRE(next == later + 1);
  const auto rest = drain_all(q);
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].first == later);
  CHECK(rest[1].first == next);
}

TEST_CASE("EventQueue: a fork cancels and schedules independently of the original", "[engine]") {
  EventQueue<std::string> q;
  const auto page = q.schedule_at(SimTime{10}, "page");
  q.schedule_at(SimTime{20}, "ack");
  q.next_time();
  EventQueue<std::string> fork = q;
  fork.cancel(page);
  fork.schedule_at(SimTime{15}, "fork-only");
  CHECK(drain(q) == std::vector<std::string>{"page", "ack"});
  CHECK(drain(fork) == std::vector<std::string>{"fork-only", "ack"});
}

TEST_CASE("EventQueue: long-pending events cancelled at any point never fire", "[engine]") {
  // Timers far in the future stay pending while hundreds of thousands of short events go by, so
  // they are cancelled long after they were scheduled, across many slides of the window.
  EventQueue<int> q;
  std::vector<EventId> timers;
  for (int i = 0; i < 1000; ++i) timers.push_back(q.schedule_at(SimTime{1'000'000'000 + i}, i));
  std::vector<bool> cancelled(timers.size(), false);
  boost::random::mt19937_64 rng(5);
  boost::random::uniform_int_distribution<std::size_t> pick(0, timers.size() - 1);
  for (int i = 0; i < 250'000; ++i) {
    q.schedule_in(SimTime{1 + i % 7}, -1);
    REQUIRE(q.pop()->event == -1);
    if (i % 500 == 0) {
      const std::size_t k = pick(rng);
      q.cancel(timers[k]);
      cancelled[k] = true;
    }
  }
  std::vector<int> want;
  for (std::size_t k = 0; k < timers.size(); ++k) {
    if (!cancelled[k]) want.push_back(static_cast<int>(k));
  }
  std::vector<int> out;
  while (auto e = q.pop()) out.push_back(e->event);
  CHECK(std::count(cancelled.begin(), cancelled.end(), true) > 300);
  CHECK(out == want);
}
