#pragma once
// `firedrill sweep`: Monte Carlo replications of one scenario under several response policies,
// with common random numbers, in parallel, and their comparison.

#include <string>
#include <vector>

namespace firedrill::app {

// Runs the sweep sub-command with its arguments (after "sweep"); returns the exit status.
// Throws UsageError for bad options, scenario::ScenarioError for an invalid scenario or policy.
int cmd_sweep(const std::vector<std::string>& args);

}  // namespace firedrill::app
