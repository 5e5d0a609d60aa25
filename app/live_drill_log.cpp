#include "app/live_drill_log.hpp"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include "app/cli.hpp"

namespace firedrill::app {

namespace fs = std::filesystem;

LiveDrillLog::LiveDrillLog(std::string command, fs::path path, const model::Scenario& scenario,
                           scenario::DrillLog log)
    : command_(std::move(command)), scenario_(scenario), log_(std::move(log)) {
  std::error_code error;
  // Written through a symlink, as Outputs does; a FIFO or device is a stream, not rewritten.
  const fs::path target = fs::exists(path, error) ? fs::canonical(path, error) : path;
  if (!fs::exists(target, error) || fs::is_regular_file(target, error)) path_ = target;
  if (!path_.empty()) write();
}

void LiveDrillLog::update(const std::vector<model::DrillCommand>& commands) {
  if (commands == log_.commands) return;
  log_.commands = commands;
  if (!path_.empty()) write();
}

void LiveDrillLog::write() {
  const fs::path temporary =
      path_.parent_path() /
      ("." + path_.filename().string() + ".firedrill-" + std::to_string(::getpid()) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << scenario::drill_log_json(log_, scenario_);
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw BadInput("firedrill " + command_ + ": cannot write the drill log " + path_.string());
    }
  }
  std::error_code error;
  fs::rename(temporary, path_, error);
  if (error) {
    fs::remove(temporary, error);
    throw BadInput("firedrill " + command_ + ": cannot write the drill log " + path_.string());
  }
}

}  // namespace firedrill::app
