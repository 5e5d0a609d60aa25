#pragma once
// `firedrill run --snapshots DIR`: pictures of a run at each incident's phases and at its worst
// moment, drawn offscreen by the live view, for the postmortem to link.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "app/outputs.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/drill_log.hpp"

namespace firedrill::app {

// Returns the moments of the run to picture: for each incident of `report`, in order, the
// phases it reached of detected, acknowledged (the first acknowledgement), mitigated and
// resolved ("inc-1-detected.png", ...), then the run's worst moment (scoring::worst_moment:
// the start of its segment, "worst-moment.png"). Each path is `link_dir` / the file name.
// REQUIRES: report == scoring::evaluate(scenario, record).
std::vector<scoring::Snapshot> snapshot_moments(const model::RunRecord& record,
                                                const scoring::Report& report,
                                                const std::filesystem::path& link_dir);

// Draws each of `snapshots` at its time as `firedrill viz --screenshot` does (1600×900 pixels,
// a fresh live view of the run of `scenario` under `seed` replaying `log`'s seat and commands)
// and writes it into `dir` under its path's file name, staged in `outputs` (written at its
// commit). The run is the one the record came from: the same scenario, seed, log and fidelity
// give the same run. Costs a run to each snapshot's time.
// REQUIRES: an X display (require_display), `dir` checked by outputs.dir(). Throws BadInput
// when a file cannot be written, std::runtime_error when no GL context can be made.
void write_snapshots(const std::vector<scoring::Snapshot>& snapshots,
                     const std::filesystem::path& dir, Outputs& outputs,
                     const model::Scenario& scenario, std::uint64_t seed,
                     const scenario::DrillLog& log, model::Fidelity fidelity);

}  // namespace firedrill::app
