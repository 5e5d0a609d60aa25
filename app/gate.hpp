#pragma once
// `firedrill gate`: a game-day gate for CI pipelines. Runs a scenario's replications and checks
// requirements on their statistics; exits kExitGateFailed and writes JUnit XML when one fails.

#include <string>
#include <vector>

namespace firedrill::app {

// A requirement failed (the gate's own outcome, apart from bad input and internal errors).
constexpr int kExitGateFailed = 3;

// Runs the gate sub-command with its arguments (after "gate"); returns the exit status.
int cmd_gate(const std::vector<std::string>& args);

}  // namespace firedrill::app
