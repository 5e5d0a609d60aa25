#pragma once
// `firedrill whatif`: a drill forked at a moment with a changed decision (model::run_what_if),
// written as both runs' reports and their side-by-side difference; with --runs, the same change
// over many seeds, compared as a sweep compares two policies (paired, common random numbers).

#include <filesystem>
#include <string>
#include <vector>

namespace firedrill::app {

// Runs the whatif sub-command with its arguments (after "whatif"); SCENARIO defaults to
// `default_scenario`. Returns the exit status. Throws UsageError for bad options (no --at, no
// --out), scenario::ScenarioError for an invalid scenario, drill log or change (naming the
// option: "--order: /service: unknown service"), BadInput for an unwritable output.
int cmd_whatif(const std::vector<std::string>& args, const std::filesystem::path& default_scenario);

}  // namespace firedrill::app
