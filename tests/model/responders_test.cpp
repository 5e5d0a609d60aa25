#include "sim/model/responders.hpp"

#include <catch2/catch.hpp>

#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using firedrill::engine::to_seconds;

namespace {

// Pages `first` three times, then `target` once, at 10:00 UTC on a Monday (Ana, Bo and Cy are
// in UTC, so awake and at work); returns the last page's outcome.
world::PageOutcome fourth_page(const Scenario& s, PersonRef first, PersonRef target) {
  world::Context ctx(s, 7, nullptr);
  const LocalClocks clocks(s);
  world::Responders people(ctx, clocks);
  for (int i = 0; i < 3; ++i) people.page(first, std::nullopt);
  return people.page(target, std::nullopt);
}

}  // namespace

TEST_CASE("Responders: each page of the last 24 hours lengthens the acknowledgement delay by "
          "the fatigue factor",
          "[people]") {
  Scenario s = testing::three_tier();
  s.policy.responders.fatigue_ack_per_page = 0.2;
  const PersonRef ana{0, 0};
  const PersonRef bo{0, 1};
  // Both runs make the same draws for the fourth page; only Ana's page history differs.
  const auto rested = fourth_page(s, bo, ana);
  const auto tired = fourth_page(s, ana, ana);
  CHECK_FALSE(rested.woke);
  CHECK(to_seconds(tired.ack_delay) ==
        Approx(to_seconds(rested.ack_delay) * (1.0 + 0.2 * 3)).epsilon(1e-6));
}

TEST_CASE("Responders: fatigue raises the chance of a missed page", "[people]") {
  Scenario s = testing::three_tier();
  s.policy.responders.missed_page_probability_day = 0.1;
  s.policy.responders.fatigue_miss_per_page = 1.0;
  // Fresh: p = 0.1. After n pages in the day: p = 0.1 × (1 + n), here 0.1 × 5 = 0.5 for the
  // fifth page. Count misses over many independent people-streams (seeds).
  int fresh_missed = 0;
  int tired_missed = 0;
  constexpr int kRuns = 4000;
  for (int seed = 0; seed < kRuns; ++seed) {
    world::Context ctx(s, static_cast<std::uint64_t>(seed), nullptr);
    const LocalClocks clocks(s);
    world::Responders people(ctx, clocks);
    fresh_missed += people.page({0, 1}, std::nullopt).missed;
    for (int i = 0; i < 3; ++i) people.page({0, 0}, std::nullopt);
    tired_missed += people.page({0, 0}, std::nullopt).missed;
  }
  // Binomial standard error at n = 4000: about 0.005 (p = 0.1) and 0.008 (p = 0.4).
  CHECK(fresh_missed / double(kRuns) == Approx(0.1).margin(0.02));
  CHECK(tired_missed / double(kRuns) == Approx(0.1 * (1 + 3)).margin(0.03));
}

TEST_CASE("Responders: a page at local night wakes the person, who then needs time to be ready, "
          "a wake-up counts twice towards fatigue",
          "[people]") {
  Scenario s = testing::three_tier();
  s.teams[0].people[0].time_zone = "Asia/Tokyo";  // 10:00 UTC is 19:00 in Tokyo: evening
  s.teams[0].people[1].time_zone = "Pacific/Auckland";  // 10:00 UTC is 23:00 in Auckland (NZDT)
  world::Context ctx(s, 3, nullptr);
  const LocalClocks clocks(s);
  world::Responders people(ctx, clocks);
  CHECK(people.state({0, 1}) == ResponderState::Asleep);
  CHECK(people.state({0, 0}) == ResponderState::OffDuty);
  const auto night = people.page({0, 1}, 0);
  CHECK(night.woke);
  CHECK(night.after_hours);
  CHECK(night.ready_delay > SimTime{0});
  CHECK(people.recent_pages({0, 1}) == 2.0);
  CHECK(people.state({0, 1}) == ResponderState::Paged);
  const auto evening = people.page({0, 0}, 0);
  CHECK_FALSE(evening.woke);
  CHECK(evening.ready_delay == SimTime{0});
  CHECK(people.recent_pages({0, 0}) == 1.0);
  people.release({0, 1});
  CHECK(people.state({0, 1}) == ResponderState::Asleep);
}
