#pragma once
// The facilitator's story (the live view's Story window in `firedrill viz`): what happens in the
// drill and who does what, in the words of the postmortem's timeline (scoring::describe_event
// over the same record), line by line as it happens. The room follows the incident from it.

#include <cstddef>
#include <string>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/run.hpp"

namespace firedrill::visualizer {

struct StoryLine {
  model::SimTime at{0};
  std::string text;
};

class StoryFeed : public model::TraceSink {
 public:
  // REQUIRES: the scenario outlives the feed.
  explicit StoryFeed(const model::Scenario& scenario);

  void on_event(const model::TimelineEvent& event) override;
  void on_segment(const model::Segment& segment) override;

  // Describes the events received since the last call, as the postmortem's timeline does
  // (scoring::in_timeline, scoring::describe_event), reading the run's record up to run.now()
  // with its open steady state. Call after each run_until (each frame).
  void update(const model::Run& run);
  // Every line so far, oldest first.
  const std::vector<StoryLine>& lines() const { return lines_; }
  // The run's record up to the last update (its duration, faults and nominal past set then;
  // the seed left 0); once the run has finished, its whole record.
  const model::RunRecord& record() { return recorder_.record(); }

 private:
  const model::Scenario* sc_;  // a pointer: copies of the view can be assigned (rewind)
  model::Recorder recorder_;
  std::size_t described_ = 0;  // events of the record turned into lines (or passed over)
  std::vector<StoryLine> lines_;
};

}  // namespace firedrill::visualizer
