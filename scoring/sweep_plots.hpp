#pragma once
// The plots of a sweep, drawn by gnuplot (Debian's gnuplot-nox) rather than a plotting library of
// our own: the data files and the gnuplot script that draws, for every metric, each policy's
// distribution (box plot) and CDF, and for every pair of policies the histogram of the paired
// differences; each as PNG and SVG. Pure functions; the caller writes the files and runs gnuplot.

#include <string>
#include <utility>
#include <vector>

#include "scoring/sweep_report.hpp"

namespace firedrill::scoring {

// Relative path (under the plots directory) and content of every file to write: the data files
// (one value per line) and "plots.gp", which, run by gnuplot in that directory, writes
// "<metric>.png" and ".svg" (distributions and CDFs) and "diff-<b>-vs-<a>-<metric>.png" and
// ".svg" (paired differences b − a). Metrics without a value in any replication are left out.
std::vector<std::pair<std::string, std::string>> sweep_plot_files(const SweepResult& sweep,
                                                                  const SweepStatistics& stats);

}  // namespace firedrill::scoring
