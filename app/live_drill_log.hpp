#pragma once
// A drill log kept on disk as the drill goes (`--record` of viz and play): after each command
// the file holds the whole log so far, replaced at once (a temporary beside it, then a rename),
// so a drill stopped by Ctrl-C, SIGTERM or a crash leaves a log that replays up to the moment it
// stopped. The command's Outputs still writes the final log at the end, with the same bytes.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/drill_log.hpp"

namespace firedrill::app {

class LiveDrillLog {
 public:
  // Writes `log` (its commands so far, usually none) to `path` at once. `path` was checked by
  // Outputs::file; a FIFO or a device cannot be rewritten, so it is left to the end-of-drill
  // write. `command` ("viz", "play") prefixes messages. REQUIRES: the scenario outlives this.
  // Throws BadInput when the file cannot be written.
  LiveDrillLog(std::string command, std::filesystem::path path, const model::Scenario& scenario,
               scenario::DrillLog log);

  // Rewrites the file when `commands` differ from those last written (appended, or after a seek
  // back a new command replacing the drill's future). Throws BadInput.
  void update(const std::vector<model::DrillCommand>& commands);

 private:
  void write();

  std::string command_;
  std::filesystem::path path_;  // the file replaced (a symlink's target); empty: a stream
  const model::Scenario& scenario_;
  scenario::DrillLog log_;
};

}  // namespace firedrill::app
