#pragma once
// One seat's view of a drill as JSON lines (docs/seat-protocol.md): the briefing, what the seat
// may observe (its own pages and findings, alerts, the status page, the incident channel), its
// looks, and the answers to its lines. The one protocol of `play --stdio` (one seat) and of
// `play --host` (a view per seat, over TCP).

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::app {

// The longest input line, bytes (docs/limits.md): an action with a 2,000-byte message fits.
inline constexpr std::size_t kMaxSeatLineBytes = 65'536;
// How far a wait runs between looks at what is new for the seats, simulated: a seat's clock
// ticks in whole seconds.
inline constexpr model::SimTime kSeatTick = std::chrono::seconds(1);

// Receives a drill's events and segments: recorded for the outputs, and the events kept until
// the seats' views have turned them into observations (then cleared by whoever drives them).
class DrillSink : public model::TraceSink {
 public:
  void on_event(const model::TimelineEvent& e) override {
    recorder.on_event(e);
    fresh.push_back(e);
  }
  void on_segment(const model::Segment& s) override { recorder.on_segment(s); }

  model::Recorder recorder;
  std::vector<model::TimelineEvent> fresh;
};

// What a line of the seat's input asks of whoever drives the run: an action to apply (then
// answer with acted()), a wait until a simulated time, or nothing (a look, or an error: the
// view answered it already).
struct SeatWait {
  model::SimTime until{0};
};
using SeatRequest = std::variant<std::monostate, SeatWait, model::SeatAction>;

// The view of seat `seat` of `run`. Writes each observation through `emit`, one JSON object
// without its newline; it only reads `recorder` (the run's sink's). REQUIRES: the scenario, the
// run and `recorder` outlive the view.
class SeatView {
 public:
  using Emit = std::function<void(const std::string& line)>;
  SeatView(const model::Scenario& scenario, const model::Run& run, model::Recorder& recorder,
           std::size_t seat, Emit emit);

  // The scenario as the seat may know it; `seat_text` names the seat ("on-call:checkout").
  void briefing(const std::string& seat_text);
  // Turns what is new for the seat (its pages and findings since the last call, and `fresh`,
  // the run's events since the last call) into observations. Returns true iff one of them needs
  // the seat (a new page, a finding, its mitigation done, a message in the channel).
  bool observe(const std::vector<model::TimelineEvent>& fresh);
  // Reads input line `number` (from 1) and answers what it can: a look, or an error naming the
  // line or the JSON pointer.
  SeatRequest read(const std::string& line, std::size_t number);
  // Answers the seat's `action`: done, or refused with `refused`'s reason.
  void acted(const model::SeatAction& action, const std::optional<model::Refusal>& refused);
  // The seat's input is awaited, at the simulated time now.
  void ready();
  // The drill has ended.
  void end();
  void error(const std::string& message);

 private:
  void emit(const nlohmann::ordered_json& j) { emit_(j.dump()); }
  void error(const std::vector<scenario::Problem>& problems);
  bool is_seat(const std::optional<model::PersonRef>& who) const;
  nlohmann::ordered_json finding(const model::Finding& f);
  nlohmann::ordered_json dashboard(model::TargetKind kind, std::size_t target);
  bool observe_event(const model::TimelineEvent& e);
  void look(const nlohmann::json& doc, std::size_t number);
  nlohmann::ordered_json changes() const;
  nlohmann::ordered_json on_call() const;

  const model::Scenario& sc_;
  const model::Run& run_;
  model::Recorder& recorder_;  // read only
  std::size_t seat_;
  Emit emit_;
  std::set<std::tuple<std::size_t, std::size_t, std::size_t, model::SimTime::rep>> pages_seen_;
  std::size_t findings_seen_ = 0;
  std::set<std::size_t> resolved_by_seat_;
};

}  // namespace firedrill::app
