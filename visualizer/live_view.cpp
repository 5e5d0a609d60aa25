#include "visualizer/live_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "sim/engine/check.hpp"
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
constexpr float kClockBarHeightPx = 64.0f;
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

// The map's area: right of it the panel, above it the clock bar, below it `bottom_px` (the
// seat's window, when a seat is played here).
Viewport map_viewport_of(sf::Vector2u size, float bottom_px) {
  return {std::max(1.0, static_cast<double>(size.x) - kPanelWidthPx),
          std::max(1.0, static_cast<double>(size.y) - kClockBarHeightPx - bottom_px)};
}

// The window below the map: the seat's when a seat is played here, else the facilitator's story.
float bottom_window_px(const LiveViewOptions& options) {
  return options.play && !options.seats.empty() ? kSeatWindowHeightPx : kStoryWindowHeightPx;
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
      target_(target),
      live_(scenario),
      seat_feed_(scenario),
      story_feed_(scenario),
      sinks_(&live_, options.play && !options.seats.empty() ? &seat_feed_ : nullptr,
             options.play && !options.seats.empty() ? nullptr : &story_feed_),
      run_(scenario, seed, &sinks_, options.fidelity),
      layout_(
          fitted_layout(scenario, map_viewport_of(target.getSize(), bottom_window_px(options)))),
      nominal_(run_.current_segment()),
      imgui_(dejavu_sans().string(), 15.0f),
      speed_(std::clamp(options.speed, kSpeeds.front(), kSpeeds.back())),
      paused_(options.paused),
      frame_budget_(options.frame_budget),
      replay_(std::move(options.replay)) {
  if (!font_.loadFromFile(dejavu_sans().string()))
    throw std::runtime_error("cannot load " + dejavu_sans().string());
  for (const model::Seat& seat : options.seats)
    FIREDRILL_CHECK(!run_.take_seat(seat), "LiveView: two seats are equal");
  if (options.play && !options.seats.empty()) {
    seat_panel_ = std::make_unique<SeatPanel>(sc_, options.seat_text);
    pace_ = std::clamp(options.pace, 1.0, 10.0);
  }
  graph_ = std::make_unique<GraphView>(sc_, layout_, font_, nominal_);
  camera_.fit(layout_.bounds, map_viewport(), kFitMarginPx);
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
  }
}

Viewport LiveView::map_viewport() const {
  return map_viewport_of(target_.getSize(),
                         seat_panel_ ? kSeatWindowHeightPx : kStoryWindowHeightPx);
}

sf::Vector2f LiveView::service_position(std::size_t s) const {
  const Point p = camera_.to_screen(layout_.nodes[s].centre);
  return {static_cast<float>(p.x), static_cast<float>(p.y) + kClockBarHeightPx};
}

// ---- Simulation ------------------------------------------------------------------------------

void LiveView::apply_due_replay() {
  while (next_replay_ < replay_.size() && replay_[next_replay_].at <= run_.now() &&
         !run_.finished()) {
    auto applied = apply_now(replay_[next_replay_].action, replay_[next_replay_].seat);
    if (const auto* refused = std::get_if<model::Refusal>(&applied))
      throw model::CommandRefused(next_replay_, refused->reason);
    commands_.push_back(std::move(std::get<model::DrillCommand>(applied)));
    ++next_replay_;
  }
}

void LiveView::run_slice(SimTime until) {
  SimTime next = until;
  if (next_replay_ < replay_.size()) next = std::min(next, replay_[next_replay_].at);
  run_.run_until(next);
  apply_due_replay();
}

void LiveView::seek(SimTime t) {
  const SimTime end = std::min(t, sc_.run.duration);
  apply_due_replay();
  while (run_.now() < end && !run_.finished()) run_slice(end);
  target_ms_ = static_cast<double>(run_.now().count());
  refresh();
}

void LiveView::advance(sf::Time elapsed) {
  if (paused_ || run_.finished()) return;
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

void LiveView::step() {
  paused_ = true;
  seek(run_.now() + sc_.run.scrape_interval);
}

void LiveView::next_event() {
  if (seat_panel_) return;
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
  auto applied = apply_now(action);
  if (auto* refused = std::get_if<model::Refusal>(&applied)) return std::move(*refused);
  commands_.push_back(std::move(std::get<model::DrillCommand>(applied)));
  // The event runs at the next run_until; show its effect at once, even when paused.
  run_.run_until(run_.now());
  refresh();
  return std::nullopt;
}

// ---- Input -----------------------------------------------------------------------------------

void LiveView::select(std::optional<Hit> target) {
  selected_ = target;
  choices_ = target ? fault_choices(sc_, *target) : std::vector<FaultChoice>{};
  choice_ = 0;
  option_ = 0;
  menu_error_.clear();
  values_.clear();
  if (!choices_.empty())
    for (const ParameterSpec& p : choices_[0].parameters)
      values_.push_back(static_cast<float>(p.value));
}

void LiveView::handle(const sf::Event& event) {
  imgui_.handle(event);
  const auto on_map = [&](int x, int y) {
    return x < static_cast<int>(static_cast<float>(target_.getSize().x) - kPanelWidthPx) &&
           y > static_cast<int>(kClockBarHeightPx);
  };
  const auto map_point = [&](int x, int y) {
    return Point{static_cast<double>(x), static_cast<double>(y) - kClockBarHeightPx};
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
                            r.state == model::ResponderState::Paged});
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
  camera_.resize(map_viewport());
  // The map below the clock bar, left of the panel.
  const sf::Vector2u size = target_.getSize();
  sf::View map_view(sf::FloatRect(0.0f, -kClockBarHeightPx, static_cast<float>(size.x),
                                  static_cast<float>(size.y)));
  map_view.setViewport({0.0f, 0.0f, 1.0f, 1.0f});
  target_.setView(map_view);
  graph_->draw(target_, camera_, map_state(), clock_s_);
  target_.setView(target_.getDefaultView());

  imgui_.new_frame(size, elapsed);
  draw_panel();
  imgui_.render(target_);
}

void LiveView::draw_panel() {
  draw_clock_bar();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({size.x - kPanelWidthPx, 0});
  ImGui::SetNextWindowSize({kPanelWidthPx, size.y});
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
  if (legend_) draw_legend();
  if (!seat_panel_) draw_story();
  if (bookmarking_) draw_bookmark();
  if (seat_panel_) {
    const auto service = selected_ && selected_->kind == Hit::Kind::Service
                             ? std::optional(selected_->index)
                             : std::nullopt;
    if (const auto action =
            seat_panel_->draw(run_, seat_feed_, service, clock_s_, {0, kClockBarHeightPx},
                              {size.x - kPanelWidthPx, size.y - kClockBarHeightPx}))
      apply(*action);
  }
  if (!debrief_.empty()) draw_debrief();
}

// The bookmark being written (b): its note, then Enter or Add; Escape or Cancel drops it. It goes
// into the drill log and the record (the story, the postmortem's timeline) at the time it is
// added.
void LiveView::draw_bookmark() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({(size.x - kPanelWidthPx) / 2, size.y / 3}, ImGuiCond_Always,
                          {0.5f, 0.5f});
  ImGui::SetNextWindowSize({420, 0});
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
  ImGui::SetNextWindowPos({0, size.y - kStoryWindowHeightPx});
  ImGui::SetNextWindowSize({size.x - kPanelWidthPx, kStoryWindowHeightPx});
  ImGui::SetNextWindowBgAlpha(0.97f);
  ImGui::Begin("Story: what happens, as the postmortem will tell it###story", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  const auto& lines = story_feed_.lines();
  if (lines.empty()) ImGui::TextDisabled("Nothing has happened yet.");
  const std::size_t shown = std::min(lines.size(), kStoryLinesShown);
  for (std::size_t k = 0; k < shown; ++k) {
    const StoryLine& line = lines[lines.size() - 1 - k];
    ImGui::TextColored(imgui_colour(kAmberColour), "%s", offset(line.at).c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", line.text.c_str());
  }
  ImGui::End();
}

void LiveView::draw_clock_bar() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize({size.x - kPanelWidthPx, kClockBarHeightPx});
  ImGui::Begin("##clock", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  const std::string clock = scoring::format_utc(sc_.run.start_unix_s, run_.now());
  ImGui::Text("%s   %s of %s", clock.c_str(), offset(run_.now()).substr(2).c_str(),
              offset(sc_.run.duration).substr(2).c_str());
  ImGui::SameLine();
  if (run_.finished())
    ImGui::TextColored(imgui_colour(kHealthyColour), "  drill over");
  else if (paused_)
    ImGui::TextColored(imgui_colour(kAmberColour), "  paused");
  else
    ImGui::Text("  %g×%s", speed_, behind_ ? " (simulation behind)" : "");
  if (ImGui::Button(paused_ ? "Play (space)" : "Pause (space)")) paused_ = !paused_;
  ImGui::SameLine();
  if (ImGui::Button("Step (.)")) step();
  for (std::size_t i = 0; i < kSpeeds.size(); ++i) {
    ImGui::SameLine();
    const std::string label = fmt::format("{}×", kSpeeds[i]);
    if (kSpeeds[i] == speed_) ImGui::PushStyleColor(ImGuiCol_Button, imgui_colour(kHealthyColour));
    if (ImGui::Button(label.c_str())) set_speed(kSpeeds[i]);
    if (kSpeeds[i] == speed_) ImGui::PopStyleColor();
  }
  ImGui::SameLine();
  if (ImGui::Button("Fit (f)")) camera_.fit(layout_.bounds, map_viewport(), kFitMarginPx);
  ImGui::SameLine();
  if (ImGui::Button("Legend (l)")) legend_ = !legend_;
  ImGui::End();
}

void LiveView::draw_incidents() {
  ImGui::Text("Incidents (T+ since the run's start)");
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
      draw->AddRectFilled({x_of(from), p.y}, {x_of(*at), p.y + 10}, imgui_u32(phase_colour(phase)));
      from = *at;
      phase = next;
    }
    draw->AddRectFilled({x_of(from), p.y}, {x_of(end), p.y + 10}, imgui_u32(phase_colour(phase)));
    ImGui::Dummy({width, 12});
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
    ImGui::Text("Status page (%s, %s)", severity_name(update->severity),
                offset(update->at).c_str());
    ImGui::TextWrapped("%s", update->message.c_str());
  }
  ImGui::Separator();
}

void LiveView::draw_responders() {
  ImGui::Text("Responders");
  bool any = false;
  for (const ResponderView& r : live_.responders()) {
    if (!r.incident) continue;
    any = true;
    dot(responder_colour(r.state));
    const std::string where = r.service ? " at " + sc_.services[*r.service].name : "";
    ImGui::Text("%s (%s): %s%s", scoring::person_name(sc_, r.who).c_str(),
                sc_.teams[r.who.team].name.c_str(), model::to_string(r.state), where.c_str());
  }
  if (!any) ImGui::TextDisabled("nobody engaged");
  for (const RecentPage& page : live_.recent_pages())
    ImGui::TextColored(imgui_colour(kAmberColour), "%s paged %s%s", offset(page.at).c_str(),
                       scoring::person_name(sc_, page.to).c_str(), page.woke ? " (woke them)" : "");
  ImGui::Separator();
}

void LiveView::draw_journeys() {
  ImGui::Text("Error budget consumed (SLO period)");
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
    const Rgba colour = used >= 1.0 ? kRedColour : used >= 0.5 ? kAmberColour : kHealthyColour;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, imgui_colour(colour));
    const std::string label =
        fmt::format("{}: {}", sc_.journeys[j].name, scoring::format_percent(used));
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
                     {ImGui::GetContentRegionAvail().x, 60});
    ImGui::PlotLines("##p99", p99.data(), static_cast<int>(p99.size()), 0, l.c_str(), 0.0f,
                     1.25f * std::max(1.0f, top_p99), {ImGui::GetContentRegionAvail().x, 60});
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
    ImGui::Text("%s: %d replicas, %.0f req/s, utilisation %.0f %%", sc_.services[s].name.c_str(),
                f.healthy_replicas, f.load_rps, 100 * f.utilisation);
    ImGui::Text("errors %s, p99 %.0f ms", scoring::format_percent(f.error_ratio).c_str(),
                f.p99_latency_ms);
  } else {
    const model::Call& call = sc_.calls[selected_->index];
    const model::CallFlow& f = seg.calls[selected_->index];
    ImGui::Text("%s -> %s: %.0f attempts/s, %s failing%s", sc_.services[call.caller].name.c_str(),
                sc_.services[call.callee].name.c_str(), f.attempts_rps,
                scoring::format_percent(f.failure_ratio).c_str(),
                f.breaker_open ? ", breaker open" : "");
  }
  // Faults acting here, each with an End button.
  if (selected_->kind == Hit::Kind::Service)
    for (const std::size_t f : live_.services()[selected_->index].active_faults) {
      const model::Fault& fault = run_.faults()[f];
      ImGui::TextWrapped("%s: %s", fault.id.c_str(), scoring::describe_fault(sc_, fault).c_str());
      ImGui::SameLine();
      ImGui::PushID(static_cast<int>(f));
      if (ImGui::SmallButton("End")) apply(model::EndFault{fault.id});
      ImGui::PopID();
    }
  if (choices_.empty() || run_.finished()) return;
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
  if (!menu_error_.empty()) ImGui::TextColored(imgui_colour(kRedColour), "%s", menu_error_.c_str());
}

void LiveView::inject_selected() {
  if (!selected_ || choices_.empty() || run_.finished()) return;
  const FaultChoice& choice = choices_[static_cast<std::size_t>(choice_)];
  const std::vector<double> values(values_.begin(), values_.end());
  const SimTime lasts{static_cast<SimTime::rep>(std::lround(duration_min_)) * 60'000};
  const model::Fault fault =
      make_fault(sc_, *selected_, choice, values, static_cast<std::size_t>(option_),
                 fmt::format("live-{}", injected_ + 1), run_.now(), lasts);
  std::vector<std::string> taken;
  for (const model::Fault& f : run_.faults()) taken.push_back(f.id);
  try {
    // The loader checks it as it checks a drill log's, so what is injected can be replayed.
    const model::Fault checked = scenario::parse_injected_fault(
        scenario::injected_fault_json(fault, sc_), sc_, run_.now(), taken);
    ++injected_;
    menu_error_.clear();
    apply(model::InjectFault{checked});
  } catch (const scenario::ScenarioError& e) {
    menu_error_ = e.what();
  }
}

void LiveView::draw_legend() {
  ImGui::SetNextWindowPos({12, kClockBarHeightPx + 12}, ImGuiCond_Appearing);
  ImGui::Begin("Legend", &legend_, ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::Text("Services (size: load; colour: health)");
  dot(kHealthyColour);
  ImGui::Text("healthy: errors < %.1f %%, utilisation < %.0f %%", 100 * kAmberErrorRatio,
              100 * kAmberUtilisation);
  dot(kAmberColour);
  ImGui::Text("degraded: errors or utilisation rising");
  dot(kRedColour);
  ImGui::Text("failing: errors >= %.0f %% or overloaded", 100 * kRedErrorRatio);
  dot(kFailureColour);
  ImGui::Text("down: no healthy replica; pulsing ring: a fault acts on it");
  dot(kAmberColour);
  ImGui::Text("outer ring: a page alert fires");
  ImGui::Text("Calls: width = request rate; red = failing; blue = breaker open;");
  ImGui::Text("dots travel with the requests, red ones fail");
  ImGui::Separator();
  ImGui::Text("Responders (badges at the service they work on)");
  for (std::size_t s = 0; s < model::kResponderStateCount; ++s) {
    const auto state = static_cast<model::ResponderState>(s);
    dot(responder_colour(state));
    ImGui::Text("%s", model::to_string(state));
  }
  ImGui::Separator();
  ImGui::Text("Incident phases");
  for (std::size_t p = 0; p < kIncidentPhaseCount; ++p) {
    dot(phase_colour(static_cast<IncidentPhase>(p)));
    ImGui::Text("%s", to_string(static_cast<IncidentPhase>(p)));
  }
  ImGui::Separator();
  ImGui::Text("Keys: space pause · . step · +/- or 1-7 speed · f fit · l legend");
  ImGui::Text("click select · i inject the chosen fault there · Esc deselect · q quit");
  ImGui::Text("wheel zoom · drag pan");
  ImGui::End();
}

// The debrief names the cause: the map and the panel may show it too.
void LiveView::show_debrief(std::string markdown) {
  debrief_ = std::move(markdown);
  revealed_ = true;
}

// The debrief over the map, scrolling: the drill's end for the seat.
void LiveView::draw_debrief() {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float width = size.x - kPanelWidthPx;
  ImGui::SetNextWindowPos({width * 0.05f, kClockBarHeightPx + 10});
  ImGui::SetNextWindowSize({width * 0.9f, size.y - kClockBarHeightPx - 20});
  ImGui::SetNextWindowBgAlpha(0.97f);
  ImGui::Begin("Debrief (q to quit)", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  draw_markdown(debrief_);
  ImGui::End();
}

}  // namespace firedrill::visualizer
