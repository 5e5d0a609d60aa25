#pragma once
// What the seat's window reads of a played run beside its state now: the steady-state segments
// of the last hour (the seat's dashboards) and the incident channel. Window-free.

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "scoring/dashboard.hpp"
#include "scoring/incident_channel.hpp"
#include "sim/model/record.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::visualizer {

// One line of the incident channel: what `text` says happened at `at`.
struct ChannelLine {
  model::SimTime at{0};
  std::string text;
};

// A model::TraceSink for the run a seat is played in (beside the live view's LiveState): it keeps
// the closed segments that end within the last scoring::kDashboardSpan, and the events until
// update() turns them into channel lines (scoring::channel_message, with the seat's people at
// that time). It reads what a responder can see: the figures of the segments, what people said
// and did; never the run's faults. The scenario must outlive it.
class SeatFeed : public model::TraceSink {
 public:
  explicit SeatFeed(const model::Scenario& scenario);

  void on_event(const model::TimelineEvent& event) override;
  void on_segment(const model::Segment& segment) override;

  // Turns the events received since the last call into channel lines and drops the segments
  // that ended before the dashboards' span. Call after each run_until (each frame).
  void update(const model::Run& run);
  // The seat's `resolve` of `incident` was accepted: the channel does not repeat it.
  void resolved_by_seat(std::size_t incident) { seat_.resolved.insert(incident); }

  // The dashboard of a service or a journey up to run.now() (scoring::dashboard over the kept
  // segments, the open one and the run's nominal past). REQUIRES: update(run) since the last
  // run_until.
  std::vector<scoring::DashboardPoint> dashboard(const model::Run& run, model::TargetKind kind,
                                                 std::size_t target) const;
  // Every line so far, oldest first.
  const std::vector<ChannelLine>& channel() const { return channel_; }

 private:
  const model::Scenario& sc_;
  std::vector<model::Segment> segments_;  // closed, in time order, ending after now − span
  std::vector<model::TimelineEvent> fresh_;
  std::vector<ChannelLine> channel_;
  scoring::SeatSide seat_;
};

}  // namespace firedrill::visualizer
