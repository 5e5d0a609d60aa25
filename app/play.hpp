#pragma once
// `firedrill play`: a person or a program takes a seat in the drill (sim/model/seat.hpp). With
// --stdio the seat is driven over JSON lines (docs/seat-protocol.md): observations out on
// stdout, actions in on stdin; report.json and postmortem.md are written at the end as `run`
// writes them, with debrief.md (the seat beside its policy twin) and the drill log.

#include <filesystem>
#include <string>
#include <vector>

namespace firedrill::app {

// Runs the play sub-command with its arguments (after "play"); SCENARIO defaults to
// `default_scenario`. Returns the exit status. Throws UsageError for bad options (no --as, an
// unknown seat), scenario::ScenarioError for an invalid scenario, BadInput for an unwritable
// output.
int cmd_play(const std::vector<std::string>& args, const std::filesystem::path& default_scenario);

}  // namespace firedrill::app
