#pragma once
// Drawing a command's plots with gnuplot (Debian's gnuplot-nox): the data files and plots.gp
// staged as one folder of the command's Outputs, gnuplot run inside it.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "app/outputs.hpp"

namespace firedrill::app {

// Stages `files` ((relative path, content) pairs, one of them "plots.gp") as the folder `dir` in
// `outputs` and runs `gnuplot plots.gp` there, without a shell. Returns what to tell the user:
// where the plots are, or why there are none (gnuplot missing or failing is no error of the
// command's: its log is left in `dir`).
std::string draw_gnuplot(const std::vector<std::pair<std::string, std::string>>& files,
                         const std::filesystem::path& dir, Outputs& outputs);

}  // namespace firedrill::app
