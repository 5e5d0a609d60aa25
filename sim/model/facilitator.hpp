#pragma once
// What the people in a drill do to it, as data: a game day's facilitator injects a fault or ends
// one; a seat (seat.hpp) acts as its responder. A drill is then a function of (scenario, seed,
// seats, commands), and a recorded command list replays it exactly.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"

namespace firedrill::model {

// Inject `fault` (its start is ignored: it starts when the command applies; its end, if set, is
// absolute simulated time, as in a scenario's schedule).
struct InjectFault {
  Fault fault;
  friend bool operator==(const InjectFault&, const InjectFault&) = default;
};
// End the run's fault with id `fault_id` (scheduled, drawn or injected earlier), as if it expired.
struct EndFault {
  std::string fault_id;
  friend bool operator==(const EndFault&, const EndFault&) = default;
};

// The longest bookmark note (docs/limits.md): a few sentences.
inline constexpr std::size_t kMaxBookmarkNoteBytes = 500;

// Mark this moment of the drill with a note (a game day's facilitator: "the IC asked for a
// rollback here"): the record holds it (ev::Bookmarked) for the story and the postmortem; the
// world does not change.
struct Bookmark {
  std::string note;  // at most kMaxBookmarkNoteBytes (a drill log refuses longer)
  friend bool operator==(const Bookmark&, const Bookmark&) = default;
};

// The seat's player left (a dropped connection): the policy plays the seat from now on
// (Run::release_seat).
struct LeaveSeat {
  friend bool operator==(const LeaveSeat&, const LeaveSeat&) = default;
};
// The seat's player is back: the seat is played from outside again (Run::rejoin_seat).
struct RejoinSeat {
  friend bool operator==(const RejoinSeat&, const RejoinSeat&) = default;
};
// Order the responders of an incident to take `decision` now, as the policy's own responders
// take it, with its real costs; the policy goes on from it (a what-if's "page the database team
// now", "roll back now", "declare P1"). Orders the policy's responders, not a seat: see
// Run::order for the decisions that can be ordered and when.
struct Order {
  SeatAction decision;
  friend bool operator==(const Order&, const Order&) = default;
};

using DrillAction =
    std::variant<InjectFault, EndFault, SeatAction, Bookmark, LeaveSeat, RejoinSeat, Order>;

// One command at simulated time `at`; a seat's action, leaving or rejoining names the seat (its
// number in the order the seats were taken: Run::take_seat).
struct DrillCommand {
  SimTime at{0};
  DrillAction action;
  std::size_t seat = 0;  // 0 for the facilitator's commands
  friend bool operator==(const DrillCommand&, const DrillCommand&) = default;
};

// A seat's command or an order of a drill log that the world refused on replay (the log was written
// for another scenario, seed or seat, or by hand): `index` into the commands, what() the reason.
class CommandRefused : public std::runtime_error {
 public:
  CommandRefused(std::size_t index, const std::string& reason)
      : std::runtime_error(reason), index_(index) {}
  std::size_t index() const { return index_; }

 private:
  std::size_t index_;
};

// Applies `action` to `run` now (what a live view does when the facilitator clicks or seat
// `seat` acts) and returns the command to append to the drill's log (an injected fault's start
// in it is now()), or the seat's refusal, and then nothing changed.
// REQUIRES (FIREDRILL_CHECK): as Run::inject_fault, Run::end_fault, Run::act, Run::release_seat
// and Run::rejoin_seat; an EndFault names a fault of the run.
std::variant<DrillCommand, Refusal> apply_now(Run& run, DrillAction action, std::size_t seat = 0);

// Applies `commands` to `run` in order: for each, run_until(command.at), then apply it, then
// call `after` (if any) with its index. Leaves the run at the last command's time (it does not
// run to the end). Throws CommandRefused when the world refuses a seat's command.
// REQUIRES (FIREDRILL_CHECK): times non-decreasing, >= run.now() and < the run's duration; an
// EndFault names a fault of the run; an injected fault's end > its command's time; seat commands
// only of seats taken.
void apply_commands(Run& run, const std::vector<DrillCommand>& commands,
                    const std::function<void(std::size_t)>& after = {});

// Returns the index in run.faults() of the fault with id `fault_id`, the latest if several share
// it (an id may recur among drawn faults), or nullopt.
std::optional<std::size_t> find_fault(const Run& run, const std::string& fault_id);

// Runs `scenario` with `seed`, `seats` taken in order and `commands` applied at their times, to
// the end, and returns the record (whose faults include the injected ones). With no seat and no
// commands, equals simulate(). Throws CommandRefused as apply_commands.
// REQUIRES (FIREDRILL_CHECK): no two seats equal (Run::take_seat).
RunRecord simulate_drill(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<DrillCommand>& commands,
                         Fidelity fidelity = Fidelity::Flow, const std::vector<Seat>& seats = {});

}  // namespace firedrill::model
