#pragma once
// Replaying a drill log: its seat and commands on a scenario, with the world's refusals of the
// seat's commands reported as input errors that name the log and the command.

#include <cstdint>
#include <string>

#include "sim/model/facilitator.hpp"
#include "sim/scenario/drill_log.hpp"

namespace firedrill::app {

// Runs `scenario` with `seed` and the drill `log` describes (its seat and commands), read from
// `log_file`, to the end; returns the record.
// Throws scenario::ScenarioError at "/commands/N/seat" (or "/commands/N/order") of `log_file`
// when the world refuses a seat's command (or the facilitator's order) at its time ("refused at 612
// s: no page for incident 1 rings for you").
model::RunRecord replay_drill(const model::Scenario& scenario, std::uint64_t seed,
                              const scenario::DrillLog& log, const std::string& log_file,
                              model::Fidelity fidelity);

}  // namespace firedrill::app
