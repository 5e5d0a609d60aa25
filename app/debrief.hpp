#pragma once
// `firedrill debrief LOG...`: several played drills (drill logs with a seat, from `play
// --record`) side by side, with the policy twin of each seed, for a trainer comparing trainees.

#include <filesystem>
#include <string>
#include <vector>

namespace firedrill::app {

// Runs the debrief sub-command with its arguments (after "debrief"). Each log is replayed on its
// scenario (`--scenario FILE`, else the file the log names); prints a Markdown table, a row per
// log and one per distinct seed for the policy twin. Returns the exit status. Throws UsageError
// for bad options, scenario::ScenarioError for an invalid scenario or log (a log without a seat
// included), BadInput for an unwritable --out.
int cmd_debrief(const std::vector<std::string>& args);

}  // namespace firedrill::app
