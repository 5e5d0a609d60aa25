// gnuplot run on a staged folder of plot files (gnuplot.hpp).

#include "app/gnuplot.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace firedrill::app {

namespace fs = std::filesystem;

namespace {

// Runs `gnuplot plots.gp` in `dir`, its stderr into dir/gnuplot.log; true when it exits 0. No
// shell: a folder's name is never read as a command.
bool run_gnuplot(const fs::path& dir) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    const int log = ::open("gnuplot.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) ::dup2(log, STDERR_FILENO);
    ::execlp("gnuplot", "gnuplot", "plots.gp", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::string draw_gnuplot(const std::vector<std::pair<std::string, std::string>>& files,
                         const fs::path& dir, Outputs& outputs) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    return "no plots: gnuplot is not installed (Debian: apt-get install gnuplot-nox)";
  const fs::path staging = outputs.stage_dir(dir);
  for (const auto& [name, text] : files) {
    fs::create_directories((staging / name).parent_path());
    std::ofstream(staging / name, std::ios::binary) << text;
  }
  if (!run_gnuplot(staging)) return "plots failed: see " + (dir / "gnuplot.log").string();
  fs::remove(staging / "gnuplot.log");
  return "plots (PNG and SVG) in " + dir.string();
}

}  // namespace firedrill::app
