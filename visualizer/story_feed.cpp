#include "visualizer/story_feed.hpp"

#include "scoring/describe.hpp"

namespace firedrill::visualizer {

StoryFeed::StoryFeed(const model::Scenario& scenario) : sc_(&scenario) {}

void StoryFeed::on_event(const model::TimelineEvent& event) { recorder_.on_event(event); }

void StoryFeed::on_segment(const model::Segment& segment) { recorder_.on_segment(segment); }

void StoryFeed::update(const model::Run& run) {
  model::RunRecord& record = recorder_.record();
  if (described_ == record.timeline.size()) return;
  record.duration = sc_->run.duration;
  record.faults = run.faults();
  record.nominal_past = run.nominal_past();
  // The steady state still open counts up to now (a burn rate read at an alert's firing).
  const bool open = !run.finished();
  if (open) {
    model::Segment current = run.current_segment();
    current.end = run.now();
    record.segments.push_back(std::move(current));
  }
  for (; described_ < record.timeline.size(); ++described_) {
    const model::TimelineEvent& e = record.timeline[described_];
    if (scoring::in_timeline(e.payload))
      lines_.push_back({e.at, scoring::describe_event(*sc_, record, e)});
  }
  if (open) record.segments.pop_back();
}

}  // namespace firedrill::visualizer
