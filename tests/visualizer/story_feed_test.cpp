// The facilitator's story and the postmortem's timeline come from the same record: each line the
// live view shows as the drill goes is the postmortem's description of that event, read from the
// finished record.

#include "visualizer/story_feed.hpp"

#include <catch2/catch.hpp>

#include "scoring/describe.hpp"
#include "sim/scenario/load_scenario.hpp"

using namespace firedrill;
using std::chrono::minutes;

TEST_CASE(
    "StoryFeed: told a minute at a time, the story is the postmortem timeline's lines, in "
    "order, for every event a timeline tells",
    "[visualizer][story]") {
  const model::Scenario s = scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  visualizer::StoryFeed feed(s);
  model::Recorder recorder;
  struct Both : model::TraceSink {
    model::TraceSink* a;
    model::TraceSink* b;
    void on_event(const model::TimelineEvent& e) override {
      a->on_event(e);
      b->on_event(e);
    }
    void on_segment(const model::Segment& seg) override {
      a->on_segment(seg);
      b->on_segment(seg);
    }
  } both;
  both.a = &feed;
  both.b = &recorder;
  model::Run run(s, s.run.seed, &both);
  while (!run.finished()) {
    run.run_until(run.now() + minutes(1));
    feed.update(run);
  }
  const model::RunRecord record = model::record_to_end(run, recorder, s.run.seed);

  std::vector<std::string> timeline;
  for (const model::TimelineEvent& e : record.timeline)
    if (scoring::in_timeline(e.payload)) timeline.push_back(scoring::describe_event(s, record, e));
  REQUIRE(feed.lines().size() == timeline.size());
  REQUIRE_FALSE(timeline.empty());
  std::size_t k = 0;
  for (const model::TimelineEvent& e : record.timeline) {
    if (!scoring::in_timeline(e.payload)) continue;
    CHECK(feed.lines()[k].at == e.at);
    CHECK(feed.lines()[k].text == timeline[k]);
    ++k;
  }
  // Responders' state changes are not told; pages and escalations are, with their reasons.
  const auto told = [&](const std::string& words) {
    return std::any_of(
        feed.lines().begin(), feed.lines().end(),
        [&](const visualizer::StoryLine& l) { return l.text.find(words) != std::string::npos; });
  };
  CHECK(told("after hours ("));
  CHECK(told("Page escalated to level 2"));
}
