// Rewind: copies of a drill at fixed intervals, thinned to a bound, found by time; a copy goes
// on exactly as the run it was taken from.

#include "visualizer/rewind.hpp"

#include <catch2/catch.hpp>

#include "sim/scenario/load_scenario.hpp"

namespace firedrill::visualizer {
namespace {

using namespace std::chrono_literals;

const model::Scenario& scenario() {
  static const model::Scenario sc = scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  return sc;
}

// Runs `run` on and keeps every copy that falls due up to `until`.
void keep_until(Rewind& rewind, model::Run& run, model::SimTime until) {
  const model::Scenario& sc = scenario();
  while (rewind.next_due() <= until) {
    run.run_until(rewind.next_due());
    rewind.keep({run.fork(nullptr), LiveState(sc), StoryFeed(sc), 0});
  }
}

}  // namespace

TEST_CASE("Rewind: a copy every interval, found as the latest at or before a time",
          "[visualizer][rewind]") {
  model::Run run(scenario(), scenario().run.seed, nullptr);
  Rewind rewind(5min, 10);
  CHECK(rewind.at_or_before(0min) == nullptr);
  CHECK(rewind.next_due() == 0min);
  keep_until(rewind, run, 20min);
  CHECK(rewind.size() == 5);  // 0, 5, 10, 15, 20
  CHECK(rewind.at_or_before(14min)->run.now() == 10min);
  CHECK(rewind.at_or_before(15min)->run.now() == 15min);
  CHECK(rewind.at_or_before(99min)->run.now() == 20min);
  CHECK(rewind.at_or_before(-1min) == nullptr);
  rewind.drop_after(12min);
  CHECK(rewind.size() == 3);
  CHECK(rewind.next_due() == 15min);
}

TEST_CASE(
    "Rewind: the copy two branches share is the latest before they part and holds no more "
    "commands than they share",
    "[visualizer][rewind]") {
  model::Run run(scenario(), scenario().run.seed, nullptr);
  Rewind rewind(5min, 10);
  // Copies at 0, 5, 10, 15, 20 that had applied 0, 0, 1, 1, 3 commands.
  for (const std::size_t commands : {0u, 0u, 1u, 1u, 3u}) {
    run.run_until(rewind.next_due());
    rewind.keep({run.fork(nullptr), LiveState(scenario()), StoryFeed(scenario()), commands});
  }
  CHECK(rewind.shared(20min, 3)->run.now() == 20min);
  CHECK(rewind.shared(20min, 2)->run.now() == 15min);  // the copy at 20 has a third command
  CHECK(rewind.shared(12min, 3)->run.now() == 10min);
  CHECK(rewind.shared(12min, 0)->run.now() == 5min);
  rewind.drop_after(99min, 1);
  CHECK(rewind.size() == 4);
  rewind.drop_after(99min, 0);
  CHECK(rewind.size() == 2);
  CHECK(rewind.next_due() == 10min);
}

TEST_CASE(
    "Rewind: beyond the bound every other copy goes and the interval doubles, so the "
    "copies still span the drill",
    "[visualizer][rewind]") {
  model::Run run(scenario(), scenario().run.seed, nullptr);
  Rewind rewind(5min, 4);
  keep_until(rewind, run, 15min);  // 0, 5, 10, 15
  CHECK(rewind.size() == 4);
  keep_until(rewind, run, 20min);  // 20 is the fifth: 0, 10, 20 every 10 min
  CHECK(rewind.size() == 3);
  CHECK(rewind.interval() == 10min);
  CHECK(rewind.at_or_before(9min)->run.now() == 0min);
  CHECK(rewind.at_or_before(19min)->run.now() == 10min);
  keep_until(rewind, run, 60min);  // 30 is the fourth, 40 the fifth: 0, 20, 40 every 20 min
  CHECK(rewind.size() == 4);       // and 60
  CHECK(rewind.interval() == 20min);
  CHECK(rewind.at_or_before(59min)->run.now() == 40min);
}

TEST_CASE("Rewind: a kept copy goes on to the same record as the run it was taken from",
          "[visualizer][rewind]") {
  model::Recorder original_sink;
  model::Run original(scenario(), scenario().run.seed, &original_sink);
  Rewind rewind(30min, 4);
  while (rewind.next_due() <= 1h) {
    original.run_until(rewind.next_due());
    rewind.keep({original.fork(nullptr), LiveState(scenario()), StoryFeed(scenario()), 0});
  }
  original.run_to_end();
  // Go on from the copy at 30 min with a sink holding what the original had recorded by then.
  model::Recorder copy_sink;
  model::Recorder head;
  model::Run replay(scenario(), scenario().run.seed, &head);
  replay.run_until(30min);
  copy_sink = head;
  model::Run resumed = rewind.at_or_before(45min)->run.fork(&copy_sink);
  resumed.run_to_end();
  CHECK(copy_sink.record().timeline == original_sink.record().timeline);
  CHECK(copy_sink.record().segments.size() == original_sink.record().segments.size());
}

}  // namespace firedrill::visualizer
