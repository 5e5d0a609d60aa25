#pragma once
// `firedrill calibrate`: fits the people model (acknowledgement medians by day and night, the
// missed-page share) to a team's incident history and writes it as a scenario fragment
// (docs/calibration.md).

#include <string>
#include <vector>

namespace firedrill::app {

// Runs the calibrate sub-command with its arguments (after "calibrate"). Returns the exit
// status. Throws UsageError for bad options (no INCIDENTS, no --out, an unknown --format),
// scenario::ScenarioError for a history file that cannot be read (file and pointer or line),
// BadInput for an unwritable output.
int cmd_calibrate(const std::vector<std::string>& args);

}  // namespace firedrill::app
