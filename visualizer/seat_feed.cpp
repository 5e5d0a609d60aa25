#include "visualizer/seat_feed.hpp"

#include <algorithm>

namespace firedrill::visualizer {

SeatFeed::SeatFeed(const model::Scenario& scenario) : sc_(scenario) {}

void SeatFeed::on_event(const model::TimelineEvent& event) { fresh_.push_back(event); }

void SeatFeed::on_segment(const model::Segment& segment) { segments_.push_back(segment); }

void SeatFeed::update(const model::Run& run) {
  // The seat's people as they are now: the stdio seat reads them once a simulated second, the
  // window once a frame; both after the events, so an acknowledgement that made its person the
  // seat is left out with the rest of the seat's own actions.
  seat_.people = run.seat_people();
  for (const model::TimelineEvent& e : fresh_)
    if (auto text = scoring::channel_message(sc_, e, seat_, scoring::IncidentNaming::Label))
      channel_.push_back({e.at, std::move(*text)});
  fresh_.clear();
  const model::SimTime oldest = run.now() - scoring::kDashboardSpan;
  segments_.erase(segments_.begin(),
                  std::find_if(segments_.begin(), segments_.end(),
                               [&](const model::Segment& s) { return s.end > oldest; }));
}

std::vector<scoring::DashboardPoint> SeatFeed::dashboard(const model::Run& run,
                                                         model::TargetKind kind,
                                                         std::size_t target) const {
  std::vector<model::Segment> all(segments_);
  if (!run.finished()) all.push_back(run.current_segment());
  return scoring::dashboard(sc_, {run.nominal_past(), all}, kind, target, run.now());
}

}  // namespace firedrill::visualizer
