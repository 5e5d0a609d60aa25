#include "visualizer/live_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "scoring/decision_costs.hpp"
#include "scoring/describe.hpp"
#include "scoring/drill_debrief.hpp"
#include "scoring/format.hpp"
#include "scoring/report.hpp"
#include "sim/engine/check.hpp"
#include "sim/model/whatif.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "visualizer/colour_scale.hpp"
#include "visualizer/fonts.hpp"
#include "visualizer/markdown_view.hpp"
#include "visualizer/seat_panel.hpp"

namespace firedrill::visualizer {
namespace {

using model::SimTime;

constexpr double kZoomPerWheelStep = 1.15;
constexpr int kClickSlopPx = 4;        // a press that moves less is a click, not a drag
constexpr float kFitMarginPx = 70.0f;  // room for the outermost names
// The clock bar's height at 1× before it is first drawn (two rows: the clock, the buttons).
constexpr float kBaseClockBarPx = 64.0f;
constexpr std::size_t kAllJourneyGauges = 8;  // more journeys: gauges only for those burning

ImVec4 imgui_colour(Rgba c) { return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f}; }
ImU32 imgui_u32(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

const char* severity_name(model::Severity s) {
  constexpr std::array<const char*, 4> kNames{"P1", "P2", "P3", "P4"};
  return kNames[static_cast<std::size_t>(s)];
}

// A coloured dot on the current line, then the text after it.
void dot(Rgba colour) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float r = ImGui::GetTextLineHeight() * 0.35f;
  ImGui::GetWindowDrawList()->AddCircleFilled({p.x + r + 1, p.y + ImGui::GetTextLineHeight() / 2},
                                              r, imgui_u32(colour));
  ImGui::Dummy({2 * r + 4, ImGui::GetTextLineHeight()});
  ImGui::SameLine();
}

std::string offset(SimTime t) { return scoring::format_offset(t); }

// The map's area: right of it the panel, above it the clock bar, below it the seat's window
// or the story.
Viewport map_viewport_of(sf::Vector2u size, const ScreenLayout& screen, float clock_bar_px) {
  return {std::max(1.0, static_cast<double>(size.x) - screen.panel_width_px),
          std::max(1.0, static_cast<double>(size.y) - clock_bar_px - screen.bottom_height_px)};
}

// Puts the next item, `width` pixels wide, on the current line if it fits there, else on the
// next: a toolbar that wraps instead of running off a narrow window.
void same_line_if_fits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// A button after the toolbar's previous item, wrapping as same_line_if_fits.
bool toolbar_button(const char* label) {
  same_line_if_fits(ImGui::CalcTextSize(label, nullptr, true).x +
                    2 * ImGui::GetStyle().FramePadding.x);
  return ImGui::Button(label);
}

const char* role_name(model::Role role) {
  switch (role) {
    case model::Role::IncidentCommander:
      return "IC";
    case model::Role::CommsLead:
      return "comms lead";
    case model::Role::Scribe:
      return "scribe";
  }
  return "";
}

// "[IC] Ana (checkout, 03:12 local): investigating at cartservice": who, their role if they hold
// one, their team, their local time now, and what they do where.
std::string responder_line(const model::Scenario& sc, const ResponderView& r, SimTime now) {
  const model::Person& person = sc.teams[r.who.team].people[r.who.person];
  return fmt::format(
      "{}{} ({}, {} local): {}{}", r.role ? fmt::format("[{}] ", role_name(*r.role)) : "",
      scoring::person_name(sc, r.who), sc.teams[r.who.team].name,
      scoring::format_local_time(sc.run.start_unix_s, now, person.time_zone),
      model::to_string(r.state), r.service ? " at " + sc.services[*r.service].name : "");
}

// The layered layout, its layers spread wider apart (up to kMaxLayerStretch times) when it is
// taller than the map's shape, so that a deep call graph with many services per layer fills the
// screen's width instead of a narrow column.
Layout fitted_layout(const model::Scenario& scenario, Viewport viewport) {
  constexpr double kMaxLayerStretch = 4.0;
  Layout layout = layered_layout(scenario);
  const double aspect = viewport.width_px / viewport.height_px;
  if (layout.layers < 2 || layout.bounds.width() >= aspect * layout.bounds.height()) return layout;
  LayoutOptions options;
  options.layer_spacing *= std::min(
      kMaxLayerStretch, aspect * layout.bounds.height() / std::max(1.0, layout.bounds.width()));
  return layered_layout(scenario, options);
}

}  // namespace

LiveView::LiveView(const model::Scenario& scenario, std::uint64_t seed, LiveViewOptions options,
                   sf::RenderTarget& target)
    : sc_(scenario),
      seed_(seed),
      target_(target),
      ui_scale_(options.ui_scale),
      screen_(screen_layout(target.getSize().x, target.getSize().y, options.ui_scale,
                            options.play && !options.seats.empty())),
      clock_bar_px_(std::round(kBaseClockBarPx * static_cast<float>(screen_.ui_scale))),
      live_(scenario),
      seat_feed_(scenario),
      story_feed_(scenario),
      sinks_(&live_, options.play && !options.seats.empty() ? &seat_feed_ : nullptr,
             options.play && !options.seats.empty() ? nullptr : &story_feed_),
      run_(scenario, seed, &sinks_, options.fidelity),
      layout_(fitted_layout(scenario, map_viewport_of(target.getSize(), screen_, clock_bar_px_))),
      nominal_(run_.current_segment()),
      imgui_(dejavu_sans().string(), screen_.font_px),
      speed_(std::clamp(options.speed, kSpeeds.front(), kSpeeds.back())),
      paused_(options.paused),
      frame_budget_(options.frame_budget),
      replay_(std::move(options.replay)),
      following_(options.follow) {
  if (!font_.loadFromFile(dejavu_sans().string()))
    throw std::runtime_error("cannot load " + dejavu_sans().string());
  for (const model::Seat& seat : options.seats)
    FIREDRILL_CHECK(!run_.take_seat(seat), "LiveView: two seats are equal");
  if (options.play && !options.seats.empty()) {
    seat_panel_ = std::make_unique<SeatPanel>(sc_, options.seat_text);
    pace_ = std::clamp(options.pace, 1.0, 10.0);
  }
  imgui_.set_scale(screen_.font_px, static_cast<float>(screen_.ui_scale));
  graph_ = std::make_unique<GraphView>(sc_, layout_, font_, nominal_);
  camera_.fit(layout_.bounds, map_viewport(), kFitMarginPx);
  run_slice(run_.now());  // keeps the copy at the start
  refresh();
}

LiveView::~LiveView() = default;

void LiveView::Sinks::on_event(const model::TimelineEvent& e) {
  live_state->on_event(e);
  if (seat_feed) seat_feed->on_event(e);
  if (story_feed) story_feed->on_event(e);
}

void LiveView::Sinks::on_segment(const model::Segment& s) {
  live_state->on_segment(s);
  if (seat_feed) seat_feed->on_segment(s);
  if (story_feed) story_feed->on_segment(s);
}

void LiveView::refresh() {
  live_.update(run_);
  if (seat_panel_) {
    seat_feed_.update(run_);
  } else {
    story_feed_.update(run_);
    debrief_when_over();
  }
}

// The facilitator's end-of-drill debrief (scoring/drill_debrief.hpp) over the map once the drill
// has ended, from its record; gone again when the facilitator seeks back into the drill.
void LiveView::debrief_when_over() {
  if (!run_.finished()) {
    debrief_.clear();
    return;
  }
  if (!debrief_.empty()) return;
  model::RunRecord record = story_feed_.record();
  record.duration = sc_.run.duration;
  record.faults = run_.faults();
  record.nominal_past = run_.nominal_past();
  debrief_ = scoring::drill_debrief_markdown(sc_, record, scoring::evaluate(sc_, record));
}

Viewport LiveView::map_viewport() const {
  return map_viewport_of(target_.getSize(), screen_, clock_bar_px_);
}

sf::Vector2f LiveView::service_position(std::size_t s) const {
  const Point p = camera_.to_screen(layout_.nodes[s].centre);
  return {static_cast<float>(p.x), static_cast<float>(p.y) + clock_bar_px_};
}

// ---- Simulation ------------------------------------------------------------------------------

void LiveView::apply_due_replay() {
  while (next_replay_ < replay_.size() && replay_[next_replay_].at <= run_.now() &&
         !run_.finished()) {
    if (acted_) {
      apply_replayed_in_branch();
      continue;
    }
    auto applied = apply_now(replay_[next_replay_].action, replay_[next_replay_].seat);
    if (const auto* refused = std::get_if<model::Refusal>(&applied))
      throw model::CommandRefused(next_replay_, refused->reason);
    commands_.push_back(std::move(std::get<model::DrillCommand>(applied)));
    ++next_replay_;
  }
}

void LiveView::apply_replayed_in_branch() {
  const model::DrillCommand command = replay_[next_replay_++];
  model::BranchStep step = model::continue_branch(run_, command, {});
  if (step.dropped)
    branch_notes_.push_back(fmt::format(
        "{}: {} was refused: {}{}", offset(command.at),
        scoring::describe_drill_action(sc_, command.action, command.seat), *step.dropped,
        step.released ? fmt::format("; the policy plays seat {} from here", command.seat + 1)
                      : std::string()));
  if (step.released) {
    // The seat's own later commands go: the policy plays it now.
    const auto own = [&command](const model::DrillCommand& c) {
      return c.seat == command.seat && (std::holds_alternative<model::SeatAction>(c.action) ||
                                        std::holds_alternative<model::LeaveSeat>(c.action) ||
                                        std::holds_alternative<model::RejoinSeat>(c.action));
    };
    for (std::size_t k = replay_.size(); k-- > next_replay_;)
      if (own(replay_[k])) {
        replay_.erase(replay_.begin() + static_cast<std::ptrdiff_t>(k));
        if (k < recorded_end_) --recorded_end_;
      }
  }
  if (step.applied) commands_.push_back(std::move(*step.applied));
}

void LiveView::run_slice(SimTime until) {
  SimTime next = until;
  if (next_replay_ < replay_.size()) next = std::min(next, replay_[next_replay_].at);
  if (rewindable()) next = std::min(next, std::max(run_.now(), rewind_.next_due()));
  run_.run_until(next);
  apply_due_replay();
  if (rewindable() && !run_.finished() && run_.now() == rewind_.next_due())
    rewind_.keep({run_.fork(nullptr), live_, story_feed_, commands_.size()});
  furthest_ = std::max(furthest_, run_.now());
}

std::vector<model::DrillCommand> LiveView::commands() const {
  std::vector<model::DrillCommand> log = commands_;
  if (next_replay_ < recorded_end_)
    log.insert(log.end(), replay_.begin() + static_cast<std::ptrdiff_t>(next_replay_),
               replay_.begin() + static_cast<std::ptrdiff_t>(recorded_end_));
  return log;
}

Branch LiveView::present() const {
  Branch b = branches_[branch_];
  b.log = commands();
  b.recorded = b.log.size();
  b.log.insert(b.log.end(),
               replay_.begin() + static_cast<std::ptrdiff_t>(std::max(next_replay_, recorded_end_)),
               replay_.end());
  b.furthest = furthest_;
  return b;
}

void LiveView::rewind_to(const DrillCopy& copy) {
  const Branch b = present();
  restore(copy, b.log, b.recorded);
}

void LiveView::restore(const DrillCopy& copy, const std::vector<model::DrillCommand>& log,
                       std::size_t recorded) {
  const auto k = static_cast<std::ptrdiff_t>(copy.commands);
  run_ = copy.run.fork(&sinks_);
  live_ = copy.live;
  story_feed_ = copy.story;
  commands_.assign(log.begin(), log.begin() + k);
  replay_.assign(log.begin() + k, log.end());
  recorded_end_ = recorded - copy.commands;
  next_replay_ = 0;
}

void LiveView::switch_branch(std::size_t k) {
  FIREDRILL_CHECK(k < branches_.size(), "LiveView: no such branch");
  if (k == branch_ || !rewindable()) return;
  branches_[branch_] = present();
  const Branch& to = branches_[k];
  const Divergence d = divergence(branches_[branch_].log, to.log);
  // The copies after the branches part are the present branch's only.
  rewind_.drop_after(d.at, d.index);
  const DrillCopy* copy = rewind_.at_or_before(d.at);
  FIREDRILL_CHECK(copy, "LiveView: the branches share no copy (the copy at 0 is every branch's)");
  const SimTime at = run_.now();
  restore(*copy, to.log, to.recorded);
  branch_ = k;
  furthest_ = std::max(to.furthest, run_.now());
  branch_notes_.clear();
  paused_ = true;
  seek(at);
}

void LiveView::compare_with(std::size_t k) {
  FIREDRILL_CHECK(k < branches_.size(), "LiveView: no such branch");
  if (k == branch_ || !rewindable()) return;
  const Branch shown = present();
  // The branch made first is the original.
  const Branch& a = k < branch_ ? branches_[k] : shown;
  const Branch& b = k < branch_ ? shown : branches_[k];
  const Divergence d = divergence(a.log, b.log);
  const DrillCopy* copy = rewind_.shared(d.at, d.index);
  FIREDRILL_CHECK(copy, "LiveView: the branches share no copy (the copy at 0 is every branch's)");
  comparison_ = compare_branches(sc_, seed_, *copy, a, b);
}

void LiveView::seek(SimTime t) {
  const SimTime end = std::min(t, sc_.run.duration);
  if (rewindable())
    if (const DrillCopy* copy = rewind_.at_or_before(end);
        copy && (end < run_.now() || copy->run.now() > run_.now()))
      rewind_to(*copy);
  apply_due_replay();
  while (run_.now() < end && !run_.finished()) run_slice(end);
  target_ms_ = static_cast<double>(run_.now().count());
  refresh();
}

void LiveView::advance(sf::Time elapsed) {
  if (paused_ || following_ || run_.finished()) return;
  const double duration_ms = static_cast<double>(sc_.run.duration.count());
  target_ms_ = std::min(duration_ms, target_ms_ + speed_ * elapsed.asSeconds() * 1000.0);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::microseconds(frame_budget_.asMicroseconds());
  // In slices of a scrape interval, so that the budget is checked between them.
  behind_ = false;
  const SimTime target{static_cast<SimTime::rep>(target_ms_)};
  while (run_.now() < target && !run_.finished()) {
    run_slice(std::min(target, run_.now() + sc_.run.scrape_interval));
    if (seat_panel_ && !paced_ && !run_.seat_pages().empty()) {
      // The seat's first page: from now on the trainer's pace.
      paced_ = true;
      set_speed(pace_);
      target_ms_ = static_cast<double>(run_.now().count());
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      behind_ = run_.now() < target;
      target_ms_ = static_cast<double>(run_.now().count());  // fall behind, do not pile up
      break;
    }
  }
  refresh();
}

void LiveView::seek_by(SimTime delta) {
  if (!rewindable()) return;
  paused_ = true;
  seek(std::max(SimTime{0}, run_.now() + delta));
}

void LiveView::step() {
  if (following_) return;
  paused_ = true;
  seek(run_.now() + sc_.run.scrape_interval);
}

void LiveView::next_event() {
  if (seat_panel_ || following_) return;
  paused_ = true;
  const std::size_t told = story_feed_.lines().size();
  while (story_feed_.lines().size() == told && run_.now() < sc_.run.duration && !run_.finished()) {
    run_slice(std::min(sc_.run.duration, run_.now() + sc_.run.scrape_interval));
    story_feed_.update(run_);
  }
  target_ms_ = static_cast<double>(run_.now().count());
  refresh();
}

void LiveView::set_speed(double speed) {
  if (following_) return;  // the host's clock: the seats set its pace
  speed_ = std::clamp(speed, kSpeeds.front(), kSpeeds.back());
}

std::variant<model::DrillCommand, model::Refusal> LiveView::apply_now(
    const model::DrillAction& action, std::size_t seat) {
  auto applied = model::apply_now(run_, action, seat);
  if (seat_panel_ && seat == 0)
    if (const auto* seat_action = std::get_if<model::SeatAction>(&action)) {
      const auto* refused = std::get_if<model::Refusal>(&applied);
      seat_panel_->outcome(*seat_action, refused ? std::optional(*refused) : std::nullopt);
      if (const auto* r = std::get_if<model::seat::Resolve>(seat_action); r && !refused)
        seat_feed_.resolved_by_seat(r->incident);
    }
  return applied;
}

std::optional<model::Refusal> LiveView::apply(model::DrillAction action) {
  if (run_.finished()) return model::Refusal{"the drill has ended"};
  const bool bookmark = std::holds_alternative<model::Bookmark>(action);
  const bool branching = run_.now() < furthest_ && !bookmark;  // after a seek back
  Branch left;
  if (branching) left = present();
  auto applied = apply_now(action);
  if (auto* refused = std::get_if<model::Refusal>(&applied)) return std::move(*refused);
  acted_ = true;
  // The copies after now lack the command.
  if (run_.now() < furthest_) rewind_.drop_after(run_.now());
  if (branching) {  // a new branch: the present one is kept, its future is not this one's
    if (next_replay_ < recorded_end_) {
      replay_.erase(replay_.begin() + static_cast<std::ptrdiff_t>(next_replay_),
                    replay_.begin() + static_cast<std::ptrdiff_t>(recorded_end_));
      recorded_end_ = next_replay_;
    }
    branches_[branch_] = std::move(left);
    branches_.push_back(
        {fmt::format("branch {}", branches_.size() + 1), run_.now(), {}, 0, run_.now()});
    branch_ = branches_.size() - 1;
    branch_notes_.clear();
    furthest_ = run_.now();
  }
  commands_.push_back(std::move(std::get<model::DrillCommand>(applied)));
  // The event runs at the next run_until; show its effect at once, even when paused.
  run_.run_until(run_.now());
  refresh();
  return std::nullopt;
}

void LiveView::follow(const std::vector<model::DrillCommand>& commands, SimTime now) {
  // Every command given is applied or waits in the replay; the facilitator's own are applied.
  const std::size_t known = commands_.size() + (replay_.size() - next_replay_);
  FIREDRILL_CHECK(known <= commands.size() && now >= run_.now(),
                  "LiveView::follow: the drill followed went back");
  replay_.insert(replay_.end(), commands.begin() + static_cast<std::ptrdiff_t>(known),
                 commands.end());
  seek(now);
}

// ---- Input -----------------------------------------------------------------------------------

void LiveView::select(std::optional<Hit> target) {
  selected_ = target;
  choices_ = target ? fault_choices(sc_, *target) : std::vector<FaultChoice>{};
  choice_ = 0;
  option_ = 0;
  menu_error_.clear();
  order_error_.clear();
  values_.clear();
  if (!choices_.empty())
    for (const ParameterSpec& p : choices_[0].parameters)
      values_.push_back(static_cast<float>(p.value));
}

void LiveView::handle(const sf::Event& event) {
  imgui_.handle(event);
  const auto on_map = [&](int x, int y) {
    const Viewport map = map_viewport();
    return x < static_cast<int>(map.width_px) && y > static_cast<int>(clock_bar_px_) &&
           y < static_cast<int>(clock_bar_px_ + map.height_px);
  };
  const auto map_point = [&](int x, int y) {
    return Point{static_cast<double>(x), static_cast<double>(y) - clock_bar_px_};
  };
  switch (event.type) {
    case sf::Event::Resized:
      camera_.resize(map_viewport());
      break;
    case sf::Event::MouseWheelScrolled:
      if (!imgui_.wants_mouse() && on_map(event.mouseWheelScroll.x, event.mouseWheelScroll.y))
        camera_.zoom_at(map_point(event.mouseWheelScroll.x, event.mouseWheelScroll.y),
                        std::pow(kZoomPerWheelStep, event.mouseWheelScroll.delta));
      break;
    case sf::Event::MouseButtonPressed:
      if (!imgui_.wants_mouse() && on_map(event.mouseButton.x, event.mouseButton.y)) {
        press_ = sf::Vector2i{event.mouseButton.x, event.mouseButton.y};
        drag_ = press_;
      }
      break;
    case sf::Event::MouseMoved: {
      const sf::Vector2i at{event.mouseMove.x, event.mouseMove.y};
      if (drag_) {
        camera_.pan({static_cast<double>(at.x - drag_->x), static_cast<double>(at.y - drag_->y)});
        drag_ = at;
      }
      hovered_.reset();
      if (!imgui_.wants_mouse() && on_map(at.x, at.y))
        hovered_ = hit_test(layout_, camera_.to_world(map_point(at.x, at.y)), 6.0 / camera_.zoom());
      break;
    }
    case sf::Event::MouseButtonReleased:
      if (press_ && std::abs(event.mouseButton.x - press_->x) <= kClickSlopPx &&
          std::abs(event.mouseButton.y - press_->y) <= kClickSlopPx)
        select(hit_test(layout_,
                        camera_.to_world(map_point(event.mouseButton.x, event.mouseButton.y)),
                        6.0 / camera_.zoom()));
      press_.reset();
      drag_.reset();
      break;
    case sf::Event::KeyPressed: {
      if (imgui_.wants_keyboard()) break;
      const auto faster = std::upper_bound(kSpeeds.begin(), kSpeeds.end(), speed_);
      const auto slower = std::lower_bound(kSpeeds.begin(), kSpeeds.end(), speed_);
      switch (event.key.code) {
        case sf::Keyboard::Space:
          paused_ = !paused_;
          break;
        case sf::Keyboard::Period:
        case sf::Keyboard::S:
          step();
          break;
        case sf::Keyboard::N:
          next_event();
          break;
        case sf::Keyboard::Left:
          seek_by(-kSeekStep);
          break;
        case sf::Keyboard::Right:
          seek_by(kSeekStep);
          break;
        case sf::Keyboard::B:
          if (!seat_panel_) bookmarking_ = true;
          break;
        case sf::Keyboard::Add:
        case sf::Keyboard::Equal:
          if (faster != kSpeeds.end()) set_speed(*faster);
          break;
        case sf::Keyboard::Subtract:
        case sf::Keyboard::Hyphen:
          if (slower != kSpeeds.begin()) set_speed(*std::prev(slower));
          break;
        case sf::Keyboard::F:
          camera_.fit(layout_.bounds, map_viewport(), kFitMarginPx);
          break;
        case sf::Keyboard::L:
          legend_ = !legend_;
          break;
        case sf::Keyboard::K:
          if (rewindable()) branches_shown_ = !branches_shown_;
          break;
        case sf::Keyboard::I:
          inject_selected();
          break;
        case sf::Keyboard::Escape:
          select(std::nullopt);
          break;
        case sf::Keyboard::Q:
          quit_ = true;
          break;
        case sf::Keyboard::R:
          revealed_ = !revealed_;
          break;
        case sf::Keyboard::A:
          if (seat_panel_)
            if (const auto pages = run_.seat_pages(); !pages.empty())
              apply(model::SeatAction{model::seat::Acknowledge{pages.front().incident}});
          break;
        default:
          if (event.key.code >= sf::Keyboard::Num1 &&
              event.key.code < sf::Keyboard::Num1 + static_cast<int>(kSpeeds.size()))
            set_speed(kSpeeds[static_cast<std::size_t>(event.key.code - sf::Keyboard::Num1)]);
      }
      break;
    }
    case sf::Event::Closed:
      quit_ = true;
      break;
    default:
      break;
  }
}

// ---- Drawing ---------------------------------------------------------------------------------

MapState LiveView::map_state() const {
  MapState m;
  m.flow = &run_.current_segment();
  m.faulty.assign(sc_.services.size(), false);
  m.faulty_call.assign(sc_.calls.size(), false);
  m.alerting.assign(sc_.services.size(), false);
  const auto& faults = run_.faults();
  for (std::size_t s = 0; s < sc_.services.size(); ++s) {
    const ServiceView& v = live_.services()[s];
    m.faulty[s] = !v.active_faults.empty();
    for (const std::size_t f : v.active_faults) {
      const model::Fault& fault = faults[f];
      if (fault.type == model::FaultType::CallFailure) m.faulty_call[fault.call] = true;
      if (fault.type == model::FaultType::NetworkPartition)
        for (std::size_t c = 0; c < sc_.calls.size(); ++c) {
          const model::Call& call = sc_.calls[c];
          if ((call.caller == fault.service && call.callee == fault.peer_service) ||
              (call.callee == fault.service && call.caller == fault.peer_service))
            m.faulty_call[c] = true;
        }
    }
    for (const FiringAlert& a : v.firing_alerts)
      if (a.severity == model::AlertSeverity::Page) m.alerting[s] = true;
  }
  for (const ResponderView& r : live_.responders()) {
    if (!r.service) continue;
    m.responders.push_back({scoring::person_name(sc_, r.who), r.state, *r.service,
                            r.state == model::ResponderState::Paged, r.role});
  }
  if (cause_hidden()) {
    std::fill(m.faulty.begin(), m.faulty.end(), false);
    std::fill(m.faulty_call.begin(), m.faulty_call.end(), false);
  }
  m.hovered = hovered_;
  m.selected = selected_;
  return m;
}

void LiveView::draw(sf::Time elapsed) {
  clock_s_ += elapsed.asSeconds() * (paused_ ? 0.0 : 1.0);
  const sf::Vector2u size = target_.getSize();
  if (const ScreenLayout now = screen_layout(size.x, size.y, ui_scale_, seat_panel_ != nullptr);
      now.font_px != screen_.font_px || now.panel_width_px != screen_.panel_width_px ||
      now.bottom_height_px != screen_.bottom_height_px) {
    screen_ = now;
    imgui_.set_scale(screen_.font_px, static_cast<float>(screen_.ui_scale));
  }
  // The panel's widgets first: the clock bar's height they measure places this frame's map.
  imgui_.new_frame(size, elapsed);
  draw_panel();
  camera_.resize(map_viewport());
  // The map below the clock bar, left of the panel, under the widgets.
  sf::View map_view(
      sf::FloatRect(0.0f, -clock_bar_px_, static_cast<float>(size.x), static_cast<float>(size.y)));
  map_view.setViewport({0.0f, 0.0f, 1.0f, 1.0f});
  target_.setView(map_view);
  map_labels_ = graph_->draw(target_, camera_, map_state(), clock_s_, screen_.ui_scale);
  target_.setView(target_.getDefaultView());
  imgui_.render(target_);
}

void LiveView::draw_panel() {
  draw_clock_bar();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({size.x - screen_.panel_width_px, 0});
  ImGui::SetNextWindowSize({screen_.panel_width_px, size.y});
  ImGui::Begin("##panel", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoTitleBar);
  ImGui::TextWrapped("%s", sc_.name.c_str());
  ImGui::Separator();
  draw_incidents();
  draw_responders();
  draw_journeys();
  draw_facilitator();
  ImGui::End();
  if (hovered_ && hovered_->kind == Hit::Kind::Service && !drag_) draw_tooltip();
  if (legend_) draw_legend();
  if (!seat_panel_) draw_story();
  if (bookmarking_) draw_bookmark();
  if (seat_panel_) {
    const auto service = selected_ && selected_->kind == Hit::Kind::Service
                             ? std::optional(selected_->index)
                             : std::nullopt;
    if (const auto action = seat_panel_->draw(
            run_, seat_feed_, service, clock_s_, {0, clock_bar_px_},
            {size.x - screen_.panel_width_px, size.y - clock_bar_px_}, screen_.bottom_height_px))
      apply(*action);
  }
  if (!debrief_.empty()) draw_debrief();
  if (branches_shown_) draw_branches();
  if (!comparison_.empty()) draw_comparison();
}

// The drill's branches: which is shown, where each was made, switching and comparing.
void LiveView::draw_branches() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({size.x - screen_.panel_width_px - 12, clock_bar_px_ + 12},
                          ImGuiCond_Appearing, {1.0f, 0.0f});
  ImGui::Begin("Branches (k)###branches", &branches_shown_, ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::TextUnformatted(
      "Seek back (←, slider) and inject, end or order: a new branch from there.");
  ImGui::TextUnformatted("Before that moment the branches share one run.");
  ImGui::Separator();
  for (std::size_t k = 0; k < branches_.size(); ++k) {
    ImGui::PushID(static_cast<int>(k));
    const Branch& b = branches_[k];
    const std::string label = k == 0 ? b.name + (k == branch_ ? " (shown)" : "")
                                     : fmt::format("{}: from {}{}", b.name, offset(b.forked_at),
                                                   k == branch_ ? " (shown)" : "");
    if (ImGui::RadioButton(label.c_str(), k == branch_)) switch_branch(k);
    if (k != branch_) {
      ImGui::SameLine();
      if (ImGui::SmallButton("Compare")) compare_with(k);
    }
    ImGui::PopID();
  }
  for (const std::string& note : branch_notes_) ImGui::TextWrapped("%s", note.c_str());
  ImGui::End();
}

// Two branches compared, over the map like the debrief; Close takes it away.
void LiveView::draw_comparison() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float width = size.x - screen_.panel_width_px;
  ImGui::SetNextWindowPos({width * 0.05f, clock_bar_px_ + 10}, ImGuiCond_Appearing);
  ImGui::SetNextWindowSize({width * 0.9f, size.y - clock_bar_px_ - 20}, ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(0.97f);
  bool open = true;
  ImGui::Begin("Branches compared, each to the drill's end###comparison", &open);
  draw_markdown(comparison_);
  ImGui::End();
  if (!open) comparison_.clear();
}

// The bookmark being written (b): its note, then Enter or Add; Escape or Cancel drops it. It goes
// into the drill log and the record (the story, the postmortem's timeline) at the time it is
// added.
void LiveView::draw_bookmark() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({(size.x - screen_.panel_width_px) / 2, size.y / 3}, ImGuiCond_Always,
                          {0.5f, 0.5f});
  ImGui::SetNextWindowSize({28 * screen_.font_px, 0});
  const std::string title = "Bookmark at " + offset(run_.now()) + "###bookmark";
  ImGui::Begin(title.c_str(), nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (ImGui::IsWindowAppearing()) {
    // The b that opened it is not the note's first letter.
    ImGui::GetIO().InputQueueCharacters.resize(0);
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::SetNextItemWidth(-1);
  const bool entered = ImGui::InputTextWithHint("##note", "what happened here", note_, sizeof note_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button("Add") || entered) {
    apply(model::Bookmark{note_[0] != '\0' ? std::string(note_) : std::string("bookmark")});
    note_[0] = '\0';
    bookmarking_ = false;
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    bookmarking_ = false;
  ImGui::End();
}

// The facilitator's story below the map, newest first: what happens and who does what, as the
// postmortem's timeline will tell it.
void LiveView::draw_story() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, size.y - screen_.bottom_height_px});
  ImGui::SetNextWindowSize({size.x - screen_.panel_width_px, screen_.bottom_height_px});
  ImGui::SetNextWindowBgAlpha(0.97f);
  ImGui::Begin("Story: what happens, as the postmortem will tell it###story", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  const auto& lines = story_feed_.lines();
  if (lines.empty()) ImGui::TextDisabled("Nothing has happened yet.");
  const std::size_t shown = std::min(lines.size(), kStoryLinesShown);
  for (std::size_t k = 0; k < shown; ++k) {
    const StoryLine& line = lines[lines.size() - 1 - k];
    ImGui::TextDisabled("%s", offset(line.at).c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", line.text.c_str());
  }
  ImGui::End();
}

// The clock and the toolbar above the map; its buttons wrap to the width left of the panel, and
// its height (measured here, before the map is drawn) sizes the map.
void LiveView::draw_clock_bar() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize({size.x - screen_.panel_width_px, 0});  // 0: fit the height
  ImGui::Begin("##clock", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  const std::string clock = scoring::format_utc(sc_.run.start_unix_s, run_.now());
  ImGui::Text("%s   %s of %s", clock.c_str(), offset(run_.now()).substr(2).c_str(),
              offset(sc_.run.duration).substr(2).c_str());
  const std::string state =
      run_.finished() ? "drill over"
      : following_    ? "the host's clock (the seats set its pace)"
      : paused_       ? "paused"
                      : fmt::format("{:g}×{}", speed_, behind_ ? " (simulation behind)" : "");
  float right = ImGui::GetItemRectMax().x;  // the toolbar's extent
  const auto track = [&] { right = std::max(right, ImGui::GetItemRectMax().x); };
  same_line_if_fits(ImGui::CalcTextSize(state.c_str()).x);
  ImGui::TextUnformatted(state.c_str());
  track();
  if (!following_ && ImGui::Button(paused_ ? "Play (space)" : "Pause (space)")) paused_ = !paused_;
  track();
  if (!following_ && toolbar_button("Step (.)")) step();
  track();
  if (rewindable()) {
    if (toolbar_button("Back 5 min (←)")) seek_by(-kSeekStep);
    track();
    if (toolbar_button("Next (n)")) next_event();
    track();
  }
  const std::string speed_label = fmt::format("{:g}×", speed_);
  const float combo_w = ImGui::CalcTextSize("3600×").x + ImGui::GetFrameHeight() +
                        2 * ImGui::GetStyle().FramePadding.x;
  same_line_if_fits(combo_w);
  ImGui::SetNextItemWidth(combo_w);
  if (!following_ && ImGui::BeginCombo("##speed", speed_label.c_str())) {
    for (const double s : kSpeeds)
      if (ImGui::Selectable(fmt::format("{:g}×", s).c_str(), s == speed_)) set_speed(s);
    ImGui::EndCombo();
  }
  track();
  if (toolbar_button("Fit (f)")) camera_.fit(layout_.bounds, map_viewport(), kFitMarginPx);
  track();
  if (toolbar_button("Legend (l)")) legend_ = !legend_;
  track();
  if (rewindable()) {
    const std::string label = fmt::format("Branches: {} (k)", branches_.size());
    if (toolbar_button(label.c_str())) branches_shown_ = !branches_shown_;
    track();
  }
  if (rewindable()) {
    // Seek anywhere in the drill so far (re-runs at most a rewind interval).
    const int now_min = static_cast<int>(run_.now().count() / 60'000);
    const int furthest_min = static_cast<int>(furthest_.count() / 60'000);
    if (!ImGui::IsAnyItemActive()) seek_minutes_ = now_min;
    const float slider_w = 14 * screen_.font_px;
    same_line_if_fits(slider_w);
    ImGui::SetNextItemWidth(slider_w);
    ImGui::SliderInt("##seek", &seek_minutes_, 0, std::max(furthest_min, 1), "seek: T+%d min");
    track();
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      paused_ = true;
      seek(std::min(furthest_, SimTime{std::chrono::minutes(seek_minutes_)}));
    }
  }
  toolbar_fits_ = right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x + 0.5f;
  clock_bar_px_ = ImGui::GetWindowHeight();
  ImGui::End();
}

void LiveView::draw_incidents() {
  ImGui::TextWrapped("Incidents (T+ since the run's start)");
  if (live_.incidents().empty()) ImGui::TextDisabled("none: steady state");
  const float width = ImGui::GetContentRegionAvail().x;
  for (std::size_t i = 0; i < live_.incidents().size(); ++i) {
    const IncidentView& inc = live_.incidents()[i];
    if (cause_hidden() && !inc.detected) continue;  // nobody knows of it yet
    dot(phase_colour(inc.phase));
    ImGui::Text("INC-%zu · %s · %s", i + 1, inc.severity ? severity_name(*inc.severity) : "—",
                to_string(inc.phase));
    if (cause_hidden())
      ImGui::TextDisabled("cause: yours to find (the facilitator reveals it: r)");
    else
      ImGui::TextWrapped("%s", scoring::describe_fault(sc_, run_.faults()[inc.fault]).c_str());
    // The timeline: impact → detected → acknowledged → mitigated → resolved, to scale.
    const SimTime end = inc.resolved ? *inc.resolved : run_.now();
    const double span = std::max<double>(1.0, static_cast<double>((end - inc.opened).count()));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bar_px = 0.65f * screen_.font_px;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const std::array<std::pair<std::optional<SimTime>, IncidentPhase>, 4> marks{
        {{inc.detected, IncidentPhase::Detected},
         {inc.acknowledged, IncidentPhase::Acknowledged},
         {inc.mitigated, IncidentPhase::Mitigated},
         {inc.resolved, IncidentPhase::Resolved}}};
    const auto x_of = [&](SimTime t) {
      return p.x + width * static_cast<float>(static_cast<double>((t - inc.opened).count()) / span);
    };
    SimTime from = inc.opened;
    IncidentPhase phase = IncidentPhase::Impact;
    for (const auto& [at, next] : marks) {
      if (!at) continue;
      draw->AddRectFilled({x_of(from), p.y}, {x_of(*at), p.y + bar_px},
                          imgui_u32(phase_colour(phase)));
      from = *at;
      phase = next;
    }
    draw->AddRectFilled({x_of(from), p.y}, {x_of(end), p.y + bar_px},
                        imgui_u32(phase_colour(phase)));
    ImGui::Dummy({width, bar_px + 2});
    const auto at = [](const std::optional<SimTime>& t) {
      return t ? offset(*t) : std::string("—");
    };
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("detected %s · ack %s · mitigated %s · resolved %s",
                       at(inc.detected).c_str(), at(inc.acknowledged).c_str(),
                       at(inc.mitigated).c_str(), at(inc.resolved).c_str());
    ImGui::PopStyleColor();
  }
  if (const auto& update = live_.latest_status_update()) {
    ImGui::Spacing();
    ImGui::TextWrapped("Status page (%s, %s)", severity_name(update->severity),
                       offset(update->at).c_str());
    ImGui::TextWrapped("%s", update->message.c_str());
  }
  ImGui::Separator();
}

void LiveView::draw_responders() {
  ImGui::TextWrapped("Responders (their local time)");
  bool any = false;
  for (const ResponderView& r : live_.responders()) {
    if (!r.incident) continue;
    any = true;
    dot(responder_colour(r.state));
    ImGui::TextWrapped("%s", responder_line(sc_, r, run_.now()).c_str());
  }
  if (!any) ImGui::TextDisabled("nobody engaged");
  for (const RecentPage& page : live_.recent_pages())
    ImGui::TextColored(imgui_colour(kAlarmColour), "%s paged %s%s", offset(page.at).c_str(),
                       scoring::person_name(sc_, page.to).c_str(), page.woke ? " (woke them)" : "");
  ImGui::Separator();
}

void LiveView::draw_journeys() {
  ImGui::TextWrapped("Error budget consumed (SLO period); colour: burn rate over the last 5 min");
  // Many journeys: only those burning budget get a gauge, the rest a line.
  const bool all = sc_.journeys.size() <= kAllJourneyGauges;
  std::size_t untouched = 0;
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    const JourneyView& v = live_.journeys()[j];
    const double used = v.error_budget_consumed;
    if (!all && used <= 0.0) {
      ++untouched;
      continue;
    }
    // The dot shows the burn even before the bar has any length.
    dot(burn_colour(v.burn_rate));
    const std::string figures =
        fmt::format("{} spent, burning {:.1f}×", scoring::format_percent(used), v.burn_rate);
    std::string label = sc_.journeys[j].name + ": " + figures;
    // A narrow panel (a large UI scale): the journey's name on its own line, not cut off.
    if (ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x >
        ImGui::GetContentRegionAvail().x) {
      ImGui::TextWrapped("%s", sc_.journeys[j].name.c_str());
      label = figures;
    }
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, imgui_colour(burn_colour(v.burn_rate)));
    ImGui::ProgressBar(static_cast<float>(std::min(1.0, used)), {-1, 0}, label.c_str());
    ImGui::PopStyleColor();
  }
  if (untouched > 0) ImGui::TextDisabled("%zu more journeys: no budget spent", untouched);
  // The journey failing most now: its error ratio and p99 latency over the last minutes.
  std::size_t worst = 0;
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    const auto& s = live_.journeys()[j].series;
    const auto& w = live_.journeys()[worst].series;
    if (!s.empty() && (w.empty() || s.back().error_ratio > w.back().error_ratio)) worst = j;
  }
  const auto& series = live_.journeys()[worst].series;
  std::vector<float> errors, p99;
  for (const JourneySample& s : series) {
    errors.push_back(static_cast<float>(s.error_ratio));
    p99.push_back(static_cast<float>(s.p99_latency_ms));
  }
  if (!errors.empty()) {
    const float top_p99 = *std::max_element(p99.begin(), p99.end());
    const std::string e = fmt::format("{} error ratio {}", sc_.journeys[worst].name,
                                      scoring::format_percent(errors.back()));
    const std::string l = fmt::format("p99 latency {:.0f} ms", p99.back());
    ImGui::PlotLines("##errors", errors.data(), static_cast<int>(errors.size()), 0, e.c_str(), 0.0f,
                     1.25f * std::max(0.01f, *std::max_element(errors.begin(), errors.end())),
                     {ImGui::GetContentRegionAvail().x, 4 * screen_.font_px});
    ImGui::PlotLines("##p99", p99.data(), static_cast<int>(p99.size()), 0, l.c_str(), 0.0f,
                     1.25f * std::max(1.0f, top_p99),
                     {ImGui::GetContentRegionAvail().x, 4 * screen_.font_px});
  }
  ImGui::Separator();
}

void LiveView::draw_facilitator() {
  ImGui::Text("Facilitator");
  if (cause_hidden()) {  // the trainee sees this screen
    ImGui::TextDisabled("r reveals the fault, and this menu, to the room");
    return;
  }
  if (!selected_) {
    ImGui::TextDisabled("click a service or call to inject a fault; b bookmarks this moment");
    return;
  }
  const model::Segment& seg = run_.current_segment();
  if (selected_->kind == Hit::Kind::Service) {
    const std::size_t s = selected_->index;
    const model::ServiceFlow& f = seg.services[s];
    ImGui::TextWrapped("%s: %d replicas, %.0f req/s, utilisation %.0f %%",
                       sc_.services[s].name.c_str(), f.healthy_replicas, f.load_rps,
                       100 * f.utilisation);
    ImGui::Text("errors %s, p99 %.0f ms", scoring::format_percent(f.error_ratio).c_str(),
                f.p99_latency_ms);
  } else {
    const model::Call& call = sc_.calls[selected_->index];
    const model::CallFlow& f = seg.calls[selected_->index];
    ImGui::TextWrapped(
        "%s -> %s: %.0f attempts/s, %s failing%s", sc_.services[call.caller].name.c_str(),
        sc_.services[call.callee].name.c_str(), f.attempts_rps,
        scoring::format_percent(f.failure_ratio).c_str(), f.breaker_open ? ", breaker open" : "");
  }
  // Faults acting here, each with an End button.
  if (selected_->kind == Hit::Kind::Service)
    for (const std::size_t f : live_.services()[selected_->index].active_faults) {
      const model::Fault& fault = run_.faults()[f];
      // The button first: after wrapped text it would run off the panel.
      ImGui::PushID(static_cast<int>(f));
      if (ImGui::SmallButton("End")) apply(model::EndFault{fault.id});
      ImGui::PopID();
      ImGui::SameLine();
      ImGui::TextWrapped("%s: %s", fault.id.c_str(), scoring::describe_fault(sc_, fault).c_str());
    }
  if (selected_->kind == Hit::Kind::Service) draw_orders(selected_->index);
  if (choices_.empty() || run_.finished()) return;
  ImGui::Separator();
  ImGui::Text("Inject a fault");
  std::vector<const char*> names;
  for (const FaultChoice& c : choices_) names.push_back(model::to_string(c.type));
  if (ImGui::Combo("fault", &choice_, names.data(), static_cast<int>(names.size()))) {
    values_.clear();
    for (const ParameterSpec& p : choices_[static_cast<std::size_t>(choice_)].parameters)
      values_.push_back(static_cast<float>(p.value));
    option_ = 0;
    menu_error_.clear();
  }
  const FaultChoice& choice = choices_[static_cast<std::size_t>(choice_)];
  for (std::size_t k = 0; k < choice.parameters.size(); ++k) {
    const ParameterSpec& p = choice.parameters[k];
    if (p.integer) {
      int v = static_cast<int>(std::lround(values_[k]));
      ImGui::SliderInt(p.label, &v, static_cast<int>(p.min), static_cast<int>(p.max));
      values_[k] = static_cast<float>(v);
    } else {
      ImGui::SliderFloat(p.label, &values_[k], static_cast<float>(p.min), static_cast<float>(p.max),
                         "%.3g");
    }
  }
  if (!choice.options.empty()) {
    std::vector<const char*> options;
    for (const std::string& o : choice.options) options.push_back(o.c_str());
    ImGui::Combo(choice.options_label, &option_, options.data(), static_cast<int>(options.size()));
  }
  ImGui::SliderFloat("lasts, min", &duration_min_, 0.0f, 240.0f,
                     duration_min_ < 0.5f ? "until fixed" : "%.0f");
  if (ImGui::Button("Inject (i)")) inject_selected();
  if (!menu_error_.empty()) ImGui::TextWrapped("Refused: %s", menu_error_.c_str());
}

// The decisions the facilitator can order the policy's responders to take at `service` now
// (model::Order): each mitigation there, a severity, a team paged. A what-if's "had we rolled
// back at 1:59".
void LiveView::draw_orders(std::size_t service) {
  std::vector<std::size_t> open;  // incidents that may take an order
  for (std::size_t i = 0; i < live_.incidents().size(); ++i)
    if (live_.incidents()[i].detected && !live_.incidents()[i].resolved) open.push_back(i);
  if (open.empty() || run_.finished()) return;
  ImGui::Separator();
  ImGui::Text("Order the responders (a what-if: seek back first)");
  order_incident_ = std::min(order_incident_, static_cast<int>(open.size()) - 1);
  std::string incidents;
  for (const std::size_t i : open) incidents += fmt::format("INC-{}", i + 1) + '\0';
  ImGui::Combo("incident", &order_incident_, incidents.c_str());
  const std::size_t incident = open[static_cast<std::size_t>(order_incident_)];
  std::vector<model::SeatAction> decisions;
  for (std::size_t a = 0; a < model::kMitigationActionCount; ++a)
    decisions.push_back(
        model::seat::Mitigate{incident, static_cast<model::MitigationAction>(a), service});
  for (const model::Severity severity :
       {model::Severity::P1, model::Severity::P2, model::Severity::P3, model::Severity::P4})
    decisions.push_back(model::seat::DeclareSeverity{incident, severity});
  for (std::size_t t = 0; t < sc_.teams.size(); ++t)
    decisions.push_back(model::seat::PageTeam{incident, t});
  order_choice_ = std::min(order_choice_, static_cast<int>(decisions.size()) - 1);
  std::string labels;
  for (const model::SeatAction& d : decisions)
    labels += scoring::describe_seat_action(sc_, d) + '\0';
  ImGui::Combo("decision", &order_choice_, labels.c_str());
  if (ImGui::Button("Order")) {
    const auto refused = apply(model::Order{decisions[static_cast<std::size_t>(order_choice_)]});
    order_error_ = refused ? refused->reason : std::string();
  }
  if (!order_error_.empty()) ImGui::TextWrapped("Refused: %s", order_error_.c_str());
}

void LiveView::inject_selected() {
  if (!selected_ || choices_.empty() || run_.finished()) return;
  const FaultChoice& choice = choices_[static_cast<std::size_t>(choice_)];
  const std::vector<double> values(values_.begin(), values_.end());
  const SimTime lasts{static_cast<SimTime::rep>(std::lround(duration_min_)) * 60'000};
  std::vector<std::string> taken;
  for (const model::Fault& f : run_.faults()) taken.push_back(f.id);
  // Live faults are "live-1", "live-2", ...: the first free name (a replayed log's are taken).
  std::string id;
  for (std::size_t n = 1; id.empty() || std::find(taken.begin(), taken.end(), id) != taken.end();
       ++n)
    id = fmt::format("live-{}", n);
  const model::Fault fault = make_fault(sc_, *selected_, choice, values,
                                        static_cast<std::size_t>(option_), id, run_.now(), lasts);
  try {
    // The loader checks it as it checks a drill log's, so what is injected can be replayed.
    const model::Fault checked = scenario::parse_injected_fault(
        scenario::injected_fault_json(fault, sc_), sc_, run_.now(), taken);
    menu_error_.clear();
    apply(model::InjectFault{checked});
  } catch (const scenario::ScenarioError& e) {
    menu_error_ = e.what();
  }
}

// Every colour the view draws and its one meaning (colour_scale.hpp), the badges' shapes, and
// the keys.
void LiveView::draw_legend() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({12, clock_bar_px_ + 12}, ImGuiCond_Appearing);
  // Within the window however large the text: it scrolls rather than run off the screen.
  ImGui::SetNextWindowSizeConstraints({0, 0}, {display.x - 24, display.y - clock_bar_px_ - 24});
  ImGui::Begin("Legend", &legend_, ImGuiWindowFlags_AlwaysAutoResize);
  const auto entry = [](Rgba colour, const std::string& text) {
    dot(colour);
    ImGui::TextUnformatted(text.c_str());
  };
  ImGui::Text("Health: services (size: load), calls (width: rate), requests, budgets");
  entry(kHealthyColour,
        fmt::format("healthy: errors < {:g} %, utilisation < {:g} %; budget burning < {:g}×; "
                    "incident mitigated",
                    100 * kAmberErrorRatio, 100 * kAmberUtilisation, kAmberBurnRate));
  entry(kAmberColour, fmt::format("degraded: errors or utilisation rising; budget burning >= {:g}×",
                                  kAmberBurnRate));
  entry(kRedColour,
        fmt::format("failing: errors >= {:g} % or overloaded; failing requests (dots); budget "
                    "burning >= {:g}× (fast burn); an incident's undetected impact",
                    100 * kRedErrorRatio, kRedBurnRate));
  entry(kFailureColour, "down: no healthy replica");
  ImGui::Separator();
  entry(kFaultColour, "a fault acts here: pulsing ring, or the call it breaks");
  entry(kAlarmColour,
        "an alarm rings: a page alert fires (ring), a page is unanswered; an incident detected");
  entry(kBreakerOpenColour, "a circuit breaker is open on the call");
  entry(kWorkingColour,
        "people work the incident (acknowledging ... handing off); an incident acknowledged");
  entry(kAsleepColour, "asleep");
  entry(kIdleColour, "at rest: not engaged; an incident resolved");
  ImGui::Separator();
  ImGui::Text("Responders: badges at the service they work on");
  ImGui::Text("circle with an initial: an expert; square IC: incident commander;");
  ImGui::Text("square CL: comms lead; square SC: scribe. Hover a service for names and local time");
  ImGui::Text("Incident bars: impact, detected, acknowledged, mitigated, resolved, to scale");
  ImGui::Separator();
  ImGui::Text("Keys: space pause · . step · n next event · ←/→ seek 5 min · +/- or 1-7 speed");
  ImGui::Text("click select · i inject the chosen fault there · b bookmark · Esc deselect");
  ImGui::Text("wheel zoom · drag pan · f fit · l legend · k branches · q quit");
  ImGui::End();
}

// The pointed service's full name, figures and the people working there, with their roles and
// local time: what the map has no room to write.
void LiveView::draw_tooltip() {
  const std::size_t s = hovered_->index;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(sc_.services[s].name.c_str());
  const model::ServiceFlow& f = run_.current_segment().services[s];
  ImGui::Text("%d replicas, %.0f req/s, utilisation %.0f %%, errors %s, p99 %.0f ms",
              f.healthy_replicas, f.load_rps, 100 * f.utilisation,
              scoring::format_percent(f.error_ratio).c_str(), f.p99_latency_ms);
  for (const ResponderView& r : live_.responders()) {
    if (r.service != s) continue;
    dot(responder_colour(r.state));
    ImGui::TextUnformatted(responder_line(sc_, r, run_.now()).c_str());
  }
  ImGui::EndTooltip();
}

// The debrief names the cause: the map and the panel may show it too.
void LiveView::show_debrief(std::string markdown) {
  debrief_ = std::move(markdown);
  revealed_ = true;
}

// The debrief over the map, scrolling: the drill's end for the seat.
void LiveView::draw_debrief() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float width = size.x - screen_.panel_width_px;
  ImGui::SetNextWindowPos({width * 0.05f, clock_bar_px_ + 10});
  ImGui::SetNextWindowSize({width * 0.9f, size.y - clock_bar_px_ - 20});
  ImGui::SetNextWindowBgAlpha(0.97f);
  // Collapsible: the map stays to be looked at.
  ImGui::Begin("Debrief (q to quit)###debrief", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize);
  draw_markdown(debrief_);
  ImGui::End();
}

}  // namespace firedrill::visualizer
