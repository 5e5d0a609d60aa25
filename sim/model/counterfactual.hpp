#pragma once
// Counterfactuals of a played drill, for the debrief's "what each decision cost": the drill
// replayed once and forked just after each of the seat's commands, with the policy taking the
// seat from there (Run::fork, Run::release_seat).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"

namespace firedrill::model {

// The drill to its end with the seats' commands up to and including `command` (an index into
// the drill's commands) and the policy in the seat that gave it after it.
struct SeatBranch {
  std::size_t command = 0;
  RunRecord record;
};

// The played drill to its end, whom the first seat played in it (Run::seat_people), and its
// branches.
struct PlayedDrill {
  RunRecord record;
  std::vector<PersonRef> people;
  std::vector<SeatBranch> branches;
};

// The played drill (`seats` taken in order) replayed once to its end, with one branch per seat
// command of the drill (facilitator commands make none), in order; a branch releases the seat
// that gave the command. With
// the branch of the seat's previous command (or the policy twin, simulate(), before its first),
// each isolates one decision: the same drill up to it, then this decision, or the policy's own
// choice, at that moment.
// Cost: one replay of the drill, and per seat command a copy of the run's state (Run::fork) and
// the rest of the drill under the policy; no branch re-simulates the drill before its command.
// Throws CommandRefused as simulate_drill. REQUIRES: as simulate_drill.
PlayedDrill replay_with_branches(const Scenario& scenario, std::uint64_t seed,
                                 const std::vector<DrillCommand>& commands, Fidelity fidelity,
                                 const std::vector<Seat>& seats);

}  // namespace firedrill::model
