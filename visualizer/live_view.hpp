#pragma once
// The live view: a running drill on a render target. The simulation advances on the frame loop
// by speed × elapsed real time, within a per-frame budget, so it never blocks a frame; the view
// reads the run's state (LiveState) and sends the facilitator's commands to the run as events,
// recorded so that a drill log replays them.

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/System/Time.hpp>
#include <SFML/Window/Event.hpp>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/run.hpp"
#include "visualizer/branches.hpp"
#include "visualizer/camera.hpp"
#include "visualizer/fault_menu.hpp"
#include "visualizer/graph_view.hpp"
#include "visualizer/hit_test.hpp"
#include "visualizer/imgui_sfml.hpp"
#include "visualizer/layout.hpp"
#include "visualizer/live_state.hpp"
#include "visualizer/rewind.hpp"
#include "visualizer/seat_feed.hpp"
#include "visualizer/story_feed.hpp"
#include "visualizer/ui_scale.hpp"

namespace firedrill::visualizer {

class SeatPanel;

// Simulated seconds per real second the speed keys step through (1× to 3600×: an hour a second).
constexpr std::array<double, 7> kSpeeds{1, 10, 60, 300, 600, 1800, 3600};
// The most recent lines the facilitator's story window below the map shows.
constexpr std::size_t kStoryLinesShown = 200;
// Seeking back: a copy of the drill every kRewindInterval of simulated time, at most
// kMaxRewindCopies of them (then every other one goes and the interval doubles: Rewind), so
// that seeking anywhere re-runs at most an interval. 48 copies of 5 min cover a 4-hour drill.
constexpr model::SimTime kRewindInterval = std::chrono::minutes(5);
constexpr std::size_t kMaxRewindCopies = 48;
// How far the arrow keys seek, simulated time.
constexpr model::SimTime kSeekStep = std::chrono::minutes(5);

struct LiveViewOptions {
  double speed = 60.0;  // simulated s per real s, clamped to [1, 3600]
  bool paused = false;
  // Commands to replay at their times (a drill log), before any given live; a seat's commands
  // need the log's seats taken (in the log's order).
  std::vector<model::DrillCommand> replay;
  std::vector<model::Seat> seats;
  // The first seat is played at this view (firedrill play): its page, actions and findings are
  // drawn (SeatPanel), the map does not mark the fault and the panel does not name it until the
  // facilitator reveals it (key r), and incidents show from their detection on. From the seat's
  // first page on the clock runs at `pace` (simulated s per real s, 1 to 10: the trainer's
  // training pace) instead of `speed`. `seat_text` names the seat ("on-call:checkout").
  bool play = false;
  double pace = 1.0;
  std::string seat_text;
  // Wall-clock time the simulation may take per frame; beyond it the clock falls behind
  // (shown) rather than the frame waiting.
  sf::Time frame_budget = sf::milliseconds(8);
  // How the run computes its steady states (as `firedrill run --fidelity`).
  model::Fidelity fidelity = model::Fidelity::Flow;
  // Text, badges and panels at this UI scale (REQUIRES: valid_ui_scale); nullopt: from the
  // target's size (auto_ui_scale), as the window is resized.
  std::optional<double> ui_scale;
  // The view follows a drill run elsewhere (the host's window: firedrill play --host --window):
  // its own clock does not run (advance, step, next event and seeking back do nothing; the
  // clock bar says so) and follow() brings it to the other drill's commands and time.
  bool follow = false;
};

// One drill in one view. REQUIRES: the target's GL context is active while the view is built,
// draws and is destroyed (ImGui renders on it); the scenario outlives the view.
class LiveView {
 public:
  LiveView(const model::Scenario& scenario, std::uint64_t seed, LiveViewOptions options,
           sf::RenderTarget& target);
  ~LiveView();
  LiveView(const LiveView&) = delete;
  LiveView& operator=(const LiveView&) = delete;

  // Takes a window event: ImGui's widgets first, then the map (wheel zoom, drag to pan, click
  // to select a service or call) and the keyboard shortcuts (see the legend).
  void handle(const sf::Event& event);
  // Advances the simulation by speed × `elapsed` (unless paused), applying due replayed
  // commands, within the frame budget.
  void advance(sf::Time elapsed);
  // Brings the drill to `t` (capped at the run's end), forwards or backwards: from the latest
  // copy at or before `t` when that is behind the run or `t` is (Rewind), else from now, re-running
  // the drill log's commands due by then. Going back keeps the commands after `t` as the drill's
  // future, re-applied as the clock passes them, until a new command replaces them (apply).
  // For the arrow keys, the seek slider, screenshots and tests: however long it takes (at most a
  // rewind interval when seeking within the drill so far). Only forwards while a seat is played
  // here (the seat's panel cannot be rewound).
  void seek(model::SimTime t);
  // Draws the map and the panel onto the target; `elapsed` animates particles and pulses.
  void draw(sf::Time elapsed);

  model::SimTime now() const { return run_.now(); }
  bool finished() const { return run_.finished(); }
  bool quit_requested() const { return quit_; }
  double speed() const { return speed_; }
  bool paused() const { return paused_; }
  // The drill log: every command applied so far (replayed and live), in order, then those after
  // now that a seek back left in the drill's future.
  std::vector<model::DrillCommand> commands() const;
  // The furthest simulated time the drill has reached on its present branch.
  model::SimTime furthest() const { return furthest_; }
  const Rewind& rewind() const { return rewind_; }
  // The window's parts at the present UI scale, and the clock bar's height as last drawn, pixels.
  const ScreenLayout& screen() const { return screen_; }
  float clock_bar_px() const { return clock_bar_px_; }
  // Whether every button of the clock bar fitted its width at the last draw (they wrap).
  bool toolbar_fits() const { return toolbar_fits_; }
  // The boxes of the services' names on the map at the last draw, pixels from the map's top
  // left (below the clock bar).
  const std::vector<Box>& map_labels() const { return map_labels_; }
  const LiveState& state() const { return live_; }
  const model::Run& run() const { return run_; }
  // The seat played here (LiveViewOptions::play), or nullptr.
  SeatPanel* seat_panel() { return seat_panel_.get(); }
  // The last hour's segments and the incident channel the seat's panel reads (empty unless a
  // seat is played here).
  const SeatFeed& seat_feed() const { return seat_feed_; }
  // The facilitator's story so far (empty while a seat is played here).
  const StoryFeed& story_feed() const { return story_feed_; }
  // Runs the drill on, a scrape interval at a time, until the story tells something new, or to
  // its end (the n key): the facilitator skips the quiet minutes, and the clock stops within a
  // scrape interval after the event. Pauses. Nothing while a seat is played here (the trainer's
  // pace holds).
  void next_event();
  const Layout& layout() const { return layout_; }
  // The pixel where service `s`'s node is drawn now.
  sf::Vector2f service_position(std::size_t s) const;
  // Selects a service or call (what a click does); nullopt clears the selection.
  void select(std::optional<Hit> target);
  // Applies an action now (the menu's Inject, End and Order buttons); returns a seat's refusal.
  // After a seek back, a new command other than a bookmark makes a new branch: the present
  // branch is kept as it was (branches()) and the drill goes on from now without its future. A
  // bookmark after a seek back keeps the future. Once the facilitator has acted, a replayed
  // command the world refuses no longer stops the drill: it is dropped as a what-if drops it
  // (model::continue_branch; a seat's refused action releases the seat to the policy, recorded
  // as its leaving), and branch_notes() says so.
  std::optional<model::Refusal> apply(model::DrillAction action);
  // The drill's branches: [0] the original, then one per future a command after a seek back
  // replaced, in the order they were made; branch() is the one shown. The shown branch's entry
  // is as it was when last left (its log and furthest time are the view's own meanwhile).
  const std::vector<Branch>& branches() const { return branches_; }
  std::size_t branch() const { return branch_; }
  // Shows branch `k` at the simulated time shown now (a branch never run that far runs on),
  // paused: from the latest copy the two branches share (Rewind::shared), re-running its
  // commands. Nothing while a seat is played here, or for the branch shown.
  // REQUIRES (FIREDRILL_CHECK): k < branches().size().
  void switch_branch(std::size_t k);
  // Compares the shown branch with branch `k` (as what-if against original: the figures side by
  // side and both timelines from where they part, compare_branches), both run to the drill's end
  // from the copy they share, and shows it over the map (comparison()). Takes as long as running
  // both to the end. Nothing for the branch shown, or while a seat is played here.
  void compare_with(std::size_t k);
  // The comparison shown over the map, Markdown; empty when none is.
  const std::string& comparison() const { return comparison_; }
  // What the present branch dropped of its replayed commands, in words, since it was last shown.
  const std::vector<std::string>& branch_notes() const { return branch_notes_; }
  // The debrief to show over the map at the drill's end (firedrill play), Markdown; it reveals
  // the fault.
  void show_debrief(std::string markdown);
  // The debrief shown over the map, Markdown; empty while none is. Without a seat played here,
  // the drill's own once it has ended (scoring::drill_debrief_markdown), until a seek back.
  const std::string& debrief() const { return debrief_; }
  // Injects the menu's chosen fault, with its parameters, at the selection (the Inject button,
  // key i); a fault the loader rejects shows its message in the menu instead.
  void inject_selected();
  // Follows the drill run elsewhere whose commands so far are `commands` and whose simulated
  // time is `now` (LiveViewOptions::follow): replays the commands it has not yet got and seeks
  // to `now`. The facilitator's commands applied here since the last call (apply: they grow
  // commands()) must be the next ones of `commands`, applied there at the same time: the two
  // worlds are then the same by determinism. REQUIRES: `commands` extends those given before;
  // `now` >= now(). Costs the simulation from now() to `now`.
  void follow(const std::vector<model::DrillCommand>& commands, model::SimTime now);

 private:
  void set_speed(double speed);
  void step();
  void apply_due_replay();
  // model::apply_now on the run, and the seat panel told the outcome of a seat's action.
  std::variant<model::DrillCommand, model::Refusal> apply_now(const model::DrillAction& action,
                                                              std::size_t seat = 0);
  // Runs to `until`, or to the next replayed command or the next copy first, applies the
  // commands due then and keeps the copy due then.
  void run_slice(model::SimTime until);
  // Puts the drill back to `copy`, the commands after it becoming the future to re-apply.
  void rewind_to(const DrillCopy& copy);
  // Puts the drill back to `copy`, with `log` (whose first `recorded` commands are the drill
  // log's, the rest a replayed log's not yet reached) as the commands: those after the copy's
  // become the future to re-apply.
  void restore(const DrillCopy& copy, const std::vector<model::DrillCommand>& log,
               std::size_t recorded);
  // The present branch as it is now, to keep in branches_.
  Branch present() const;
  // Applies the replayed command due next as a branch does (model::continue_branch).
  void apply_replayed_in_branch();
  // True iff seeking back is possible here (not while a seat is played here, nor following).
  bool rewindable() const { return !seat_panel_ && !following_; }
  // Pauses and seeks `delta` from now (the arrow keys, the Back button); nothing while a seat is
  // played here, whose trainee has the keyboard.
  void seek_by(model::SimTime delta);
  MapState map_state() const;
  Viewport map_viewport() const;
  void draw_panel();
  void draw_clock_bar();
  void draw_tooltip();
  void draw_incidents();
  void draw_responders();
  void draw_journeys();
  void draw_facilitator();
  void draw_orders(std::size_t service);
  void draw_legend();
  void draw_debrief();
  void draw_branches();
  void draw_comparison();
  void debrief_when_over();
  void draw_story();
  void draw_bookmark();
  // Brings what the view reads (the live state, the seat's feed) to the run's now.
  void refresh();
  // True iff the panel and the map must not show the world's truth (the seat's view).
  bool cause_hidden() const { return seat_panel_ && !revealed_; }

  // Passes what the run publishes to the live state and, when a seat is played here, to its
  // feed.
  struct Sinks : model::TraceSink {
    Sinks(LiveState* live, SeatFeed* seat, StoryFeed* story)
        : live_state(live), seat_feed(seat), story_feed(story) {}
    void on_event(const model::TimelineEvent& e) override;
    void on_segment(const model::Segment& s) override;
    LiveState* live_state;
    SeatFeed* seat_feed;    // nullptr unless a seat is played here
    StoryFeed* story_feed;  // nullptr when a seat is played here (it would name the cause)
  };

  const model::Scenario& sc_;
  std::uint64_t seed_;
  sf::RenderTarget& target_;
  std::optional<double> ui_scale_;  // LiveViewOptions::ui_scale
  ScreenLayout screen_;             // before layout_: the map's area sizes it
  float clock_bar_px_;              // as last drawn (its buttons wrap), pixels
  bool toolbar_fits_ = true;
  std::vector<Box> map_labels_;
  LiveState live_;      // before run_: the run publishes to it
  SeatFeed seat_feed_;  // likewise, when a seat is played here
  StoryFeed story_feed_;  // likewise, for the facilitator, when no seat is played here
  Sinks sinks_;
  model::Run run_;
  Layout layout_;
  Camera camera_;
  sf::Font font_;
  model::Segment nominal_;
  std::unique_ptr<GraphView> graph_;
  ImGuiLayer imgui_;

  double speed_;
  bool paused_;
  sf::Time frame_budget_;
  double target_ms_ = 0.0;  // simulated time the clock should show, ms
  bool behind_ = false;     // the last frame's budget ran out before the target
  // Commands to apply as the clock passes them: the log replayed, and after a seek back first
  // the drill's own future; replay_[next_replay_, recorded_end_) belongs to the drill log.
  std::vector<model::DrillCommand> replay_;
  std::size_t next_replay_ = 0;
  std::size_t recorded_end_ = 0;
  std::vector<model::DrillCommand> commands_;  // applied, in order
  Rewind rewind_{kRewindInterval, kMaxRewindCopies};
  model::SimTime furthest_{0};
  std::vector<Branch> branches_{{"original", model::SimTime{0}, {}, 0, model::SimTime{0}}};
  std::size_t branch_ = 0;
  std::string comparison_;
  bool branches_shown_ = false;  // the Branches window (k)
  bool acted_ = false;           // a command was applied live: replayed ones may be refused
  std::vector<std::string> branch_notes_;
  int seek_minutes_ = 0;  // the seek slider's value while it is dragged
  double clock_s_ = 0.0;  // real seconds drawn, for animation

  std::optional<Hit> hovered_;
  std::optional<Hit> selected_;
  std::optional<sf::Vector2i> press_;  // where the left button went down on the map
  std::optional<sf::Vector2i> drag_;   // last pointer position while dragging
  bool legend_ = false;
  bool bookmarking_ = false;                          // the b key's note is being written
  char note_[model::kMaxBookmarkNoteBytes + 1] = "";  // the bookmark's note
  bool quit_ = false;
  bool following_ = false;  // LiveViewOptions::follow

  // The facilitator's menu for the selected target.
  std::vector<FaultChoice> choices_;
  int choice_ = 0;
  std::vector<float> values_;
  int option_ = 0;
  float duration_min_ = 0.0f;
  std::string menu_error_;
  int order_incident_ = 0;  // the order menu's incident, among those open
  int order_choice_ = 0;
  std::string order_error_;

  // The seat played here (LiveViewOptions::play).
  std::unique_ptr<SeatPanel> seat_panel_;
  double pace_ = 1.0;
  bool paced_ = false;     // the seat has been paged: the clock runs at pace_
  bool revealed_ = false;  // the facilitator revealed the fault
  std::string debrief_;
};

}  // namespace firedrill::visualizer
