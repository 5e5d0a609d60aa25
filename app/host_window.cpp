#include "app/host_window.hpp"

#include <algorithm>

namespace firedrill::app {
namespace {

// ImGui lays a window out from the frame after its first: frames drawn before a picture.
constexpr int kSettleFrames = 3;

}  // namespace

HostWindow::HostWindow(const model::Scenario& scenario, std::uint64_t seed,
                       const std::vector<model::Seat>& seats, const HostWindowOptions& options,
                       Outputs& outputs)
    : sc_(scenario),
      options_(options),
      outputs_(outputs),
      window_(sf::VideoMode(options.size.width, options.size.height),
              "firedrill play --host: " + scenario.name + " (facilitator)") {
  window_.setFramerateLimit(0);  // the host's timer paces the frames
  window_.setActive(true);
  visualizer::LiveViewOptions view_options;
  view_options.follow = true;
  view_options.seats = seats;  // the seats' commands replay as the host's world took them
  view_options.ui_scale = options.ui_scale;
  view_.emplace(scenario, seed, std::move(view_options), window_);
}

HostFrame HostWindow::frame(model::SimTime now, const std::vector<model::DrillCommand>& commands) {
  if (!window_.isOpen()) return {{}, true};
  view_->follow(commands, now);
  // The view is at the host's now: what the facilitator does applies there at this time.
  pass_events(window_, *view_);
  if (options_.test_inject && !tested_ && now >= options_.test_inject->first) {
    tested_ = true;
    view_->select(visualizer::Hit{visualizer::Hit::Kind::Service, options_.test_inject->second});
    view_->inject_selected();
    view_->apply(model::Bookmark{"the facilitator's window injected a fault here"});
  }
  // The panel's buttons (Inject, End, the bookmark's Add) act while it is drawn.
  view_->draw(clock_.restart());
  HostFrame answer;
  const std::vector<model::DrillCommand> all = view_->commands();
  for (std::size_t k = commands.size(); k < all.size(); ++k)
    answer.actions.push_back(all[k].action);
  if (!answer.actions.empty() && options_.snapshots) {
    ++pictures_;
    picture_in_ = kSettleFrames;
  }
  // Before display(): the picture is read from the frame drawn.
  if (picture_in_ > 0 && --picture_in_ == 0)
    save_png(capture(window_),
             outputs_.stage(*options_.snapshots /
                            ("facilitator-" + std::to_string(pictures_) + ".png")));
  window_.display();
  if (view_->quit_requested()) {
    window_.close();
    answer.closed = true;
  }
  return answer;
}

void HostWindow::show_end(const std::vector<model::DrillCommand>& commands, int quit_after,
                          const std::optional<std::filesystem::path>& png, Outputs& outputs) {
  if (!window_.isOpen()) return;
  window_.setFramerateLimit(60);
  view_->follow(commands, sc_.run.duration);
  for (int frame = 0; window_.isOpen(); ++frame) {
    pass_events(window_, *view_);  // the drill is over: the view refuses new commands
    view_->draw(clock_.restart());
    // Before display(): the picture is read from the frame drawn.
    if (png && frame + 1 == kSettleFrames) save_png(capture(window_), outputs.stage(*png));
    window_.display();
    if (view_->quit_requested() ||
        (quit_after > 0 && frame + 1 >= std::max(quit_after, kSettleFrames)))
      window_.close();
  }
}

}  // namespace firedrill::app
