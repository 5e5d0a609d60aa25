#pragma once
// The seat's side of the live view (`firedrill play` in the window): the page ringing for the
// seat with its escalation clock, what the seat can do, what its investigations showed, the
// last hour's dashboards of the selected service (where its metrics allow) and of a journey, the
// incident channel, the change feed and who is on call. It reads the run as a responder sees it
// (pages, alerts, findings, the segments' figures, what people said), never the world's truth,
// and returns the action the person chose; the live view applies it.

#include <SFML/System/Vector2.hpp>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/model/run.hpp"
#include "sim/model/seat.hpp"
#include "visualizer/seat_feed.hpp"

namespace firedrill::visualizer {

// The seat's tabs that may be brought forward from outside (tests, scripted pictures).
enum class SeatTab { Act, Dashboard, Channel, Runbook };

class SeatPanel {
 public:
  // REQUIRES: the scenario outlives the panel.
  SeatPanel(const model::Scenario& scenario, std::string seat_text);

  // Draws the seat's windows in the current ImGui frame over the map's area (`origin`, `size`,
  // pixels): the ringing pages in front, the seat's window below, `window_height_px` tall.
  // `selected` is the service selected on the map (investigations, mitigations and the dashboard
  // act on it); `feed` holds the last hour's segments and the incident channel (updated to
  // run.now()); `clock_s` animates the ringing. Returns the action chosen this frame, if any.
  std::optional<model::SeatAction> draw(const model::Run& run, const SeatFeed& feed,
                                        std::optional<std::size_t> selected, double clock_s,
                                        sf::Vector2f origin, sf::Vector2f size,
                                        float window_height_px);
  // The outcome of the last action returned: its refusal's reason is shown until the next one;
  // an accepted acknowledgement makes its incident one the seat works on.
  void outcome(const model::SeatAction& action, const std::optional<model::Refusal>& refusal);
  // Brings `tab` forward at the next draw.
  void show(SeatTab tab) { show_ = tab; }
  // Whether the Channel tab was open at the last draw, and how many channel lines were said
  // since it was last open.
  bool channel_open() const { return channel_open_; }
  std::size_t channel_unread() const { return channel_unread_; }
  // Whether the last drawn dashboards fitted the seat's window without scrolling.
  bool dashboard_fits() const { return dashboard_fits_; }

 private:
  std::optional<model::SeatAction> draw_pages(const model::Run& run, double clock_s,
                                              sf::Vector2f origin, sf::Vector2f size);
  std::optional<model::SeatAction> draw_actions(std::optional<std::size_t> selected);
  std::optional<model::SeatAction> draw_people_actions(std::size_t id);
  std::optional<model::SeatAction> draw_status_update(std::size_t id);
  void draw_runbook(std::optional<std::size_t> selected) const;
  void draw_briefing() const;
  void draw_findings(const model::Run& run) const;
  void draw_changes(const model::Run& run) const;
  void draw_on_call(const model::Run& run) const;
  void draw_dashboard(const model::Run& run, const SeatFeed& feed,
                      std::optional<std::size_t> selected);
  void draw_channel(const SeatFeed& feed) const;

  const model::Scenario& sc_;
  std::string seat_text_;
  std::set<std::size_t> incidents_;  // acknowledged by the seat
  int incident_ = 0;                 // the incident the actions apply to (index into incidents_)
  int severity_ = 1;                 // P2
  int action_ = 0;                   // index into the mitigation catalogue
  int team_ = 0;
  int phase_ = 0;
  int replicas_ = 0;            // a scale-out's target; 0: as the policy scales out
  int person_ = 0;              // index into the scenario's people, team by team
  std::vector<bool> affected_;  // by journey: named in the next status update
  char message_[512] = "";
  std::string refusal_;
  std::size_t findings_seen_ = 0;
  bool acting_shown_ = false;  // the Act tab was brought forward at the first page
  int journey_ = 0;            // the journey the dashboard shows (index into the scenario's)
  bool journey_picked_ = false;  // the person chose journey_ (else: the one failing most now)
  bool dashboard_fits_ = true;
  std::size_t channel_seen_ = 0;  // channel lines shown while the Channel tab was open
  bool channel_open_ = false;     // the Channel tab was open at the last draw
  std::size_t channel_unread_ = 0;
  std::optional<SeatTab> show_;
};

}  // namespace firedrill::visualizer
