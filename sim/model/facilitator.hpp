#pragma once
// What a game day's facilitator does to a running drill, as data: inject a fault, end one. A
// drill is then a function of (scenario, seed, facilitator commands), and a recorded command
// list replays it exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"

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

using FacilitatorAction = std::variant<InjectFault, EndFault>;

// One facilitator command at simulated time `at`.
struct FacilitatorCommand {
  SimTime at{0};
  FacilitatorAction action;
  friend bool operator==(const FacilitatorCommand&, const FacilitatorCommand&) = default;
};

// Applies `action` to `run` now (what a live view does when the facilitator clicks) and returns
// the command to append to the drill's log; an injected fault's start in it is now().
// REQUIRES (FIREDRILL_CHECK): as Run::inject_fault and Run::end_fault; an EndFault names a fault
// of the run.
FacilitatorCommand apply_now(Run& run, FacilitatorAction action);

// Applies `commands` to `run` in order: for each, run_until(command.at), then inject or end the
// fault. Leaves the run at the last command's time (it does not run to the end).
// REQUIRES (FIREDRILL_CHECK): times non-decreasing, >= run.now() and < the run's duration; an
// EndFault names a fault of the run; an injected fault's end > its command's time.
void apply_commands(Run& run, const std::vector<FacilitatorCommand>& commands);

// Returns the index in run.faults() of the fault with id `fault_id`, the latest if several share
// it (an id may recur among drawn faults), or nullopt.
std::optional<std::size_t> find_fault(const Run& run, const std::string& fault_id);

// Runs `scenario` with `seed` and `commands` applied at their times, to the end, and returns the
// record (whose faults include the injected ones). With no commands, equals simulate().
RunRecord simulate_drill(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<FacilitatorCommand>& commands,
                         Fidelity fidelity = Fidelity::Flow);

}  // namespace firedrill::model
