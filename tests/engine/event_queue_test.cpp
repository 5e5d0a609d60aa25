#include "sim/engine/event_queue.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

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
  CHECK(drain(q) == std::vector<std::string>{"t5", "t10-p0", "t10-p1-first", "t10-p1-second",
                                             "t20"});
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
