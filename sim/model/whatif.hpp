#pragma once
// What-if branches: a drill forked at a moment with changed decisions, beside the drill as it
// went. The run before the moment is shared (one run, copied there by Run::fork), so the branch
// differs from the original only by what changed and what followed from it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/record.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"

namespace firedrill::model {

// A drill (a scenario, seed, seats and commands, as a drill log gives them) and what changes at
// `at`:
// - `changes`: facilitator commands (inject or end a fault, an Order to the policy's responders),
//   applied at `at`, in order, after the drill's own commands due at or before `at`;
// - `policy`: when set, a scenario that differs from the drill's only in response-policy values
//   (its `policy` and its teams' escalation delays and loops; the same escalation levels and
//   targets), which the branch follows from `at` on. Timers already running keep their time.
struct WhatIfSpec {
  SimTime at{0};
  std::vector<DrillAction> changes;
  const Scenario* policy = nullptr;  // not owned; must outlive the call
};

// A command of the drill after `at` that the branch did not apply: `index` into the drill's
// commands, and why (the world refused it there).
struct DroppedCommand {
  std::size_t index = 0;
  std::string reason;
};

struct WhatIfResult {
  RunRecord original;  // the drill to its end, as it went
  RunRecord branch;    // the same drill to `at`, then the changes, then the rest of the drill
  // The branch as drill commands (those up to `at`, the changes at `at`, then every later
  // command it applied, a released seat's leaving among them): replayed, they give the branch
  // exactly where the spec has no `policy`.
  std::vector<DrillCommand> branch_commands;
  std::vector<DroppedCommand> dropped;
  // The seats a refused command released to the policy in the branch: (seat, when).
  std::vector<std::pair<std::size_t, SimTime>> released;
};

// What a branch made of one of the drill's later commands (continue_branch).
struct BranchStep {
  // The command as applied; for a seat's action the branch refused, the seat's leaving
  // (LeaveSeat at that time), which releases the seat to the policy and replays so.
  std::optional<DrillCommand> applied;
  std::optional<std::string> dropped;  // why the command itself was not applied
  bool released = false;               // its seat was released to the policy here
};

// Applies `command`, one of the drill's later commands, to `branch` (a fork that changed
// something) at its time, as a what-if does: a seat's action the branch refuses releases that
// seat to the policy there, and the commands of the seats in `released_seats` (released
// earlier) are dropped; a refused order or rejoin is dropped.
// REQUIRES: as apply_commands, but the world may refuse.
BranchStep continue_branch(Run& branch, const DrillCommand& command,
                           const std::vector<std::size_t>& released_seats);
// Applies commands[first..] to `branch` so, appending to `result` what it applied
// (branch_commands), dropped (indices into `commands`) and released. Leaves the branch at the
// last command's time.
void continue_branch(Run& branch, const std::vector<DrillCommand>& commands, std::size_t first,
                     WhatIfResult& result);

// Runs the drill once to `spec.at`, forks it there, runs the original to its end, then applies
// the changes to the branch and runs it to its end with the drill's later commands. A later
// command of a seat that the branch refuses releases that seat to the policy there
// (Run::release_seat), and the seat's commands after it are dropped; a later order (or a
// rejoin) the branch refuses is dropped.
// With no change, the branch equals the original event for event.
// Throws CommandRefused (its index into spec.changes) when the world refuses a change at `at`
// (an order it refuses, an end of a fault this run does not have),
// and as apply_commands for the drill's commands up to `at`.
// REQUIRES (FIREDRILL_CHECK): spec.at < the scenario's duration; the commands as
// apply_commands; spec.policy, if set, has the scenario's teams and escalation levels.
WhatIfResult run_what_if(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<Seat>& seats, const std::vector<DrillCommand>& commands,
                         const WhatIfSpec& spec, Fidelity fidelity = Fidelity::Flow);

}  // namespace firedrill::model
