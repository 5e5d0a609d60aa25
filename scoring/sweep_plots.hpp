#pragma once
// The plots of a sweep, drawn by gnuplot (Debian's gnuplot-nox) rather than a plotting library of
// our own: the data files and the gnuplot script that draws, for every metric, each policy's
// distribution and empirical CDF, and for every pair of policies the paired differences; each as
// PNG and SVG. Each plot fits its metric's kind (sample_shape). Pure functions; the caller writes
// the files and runs gnuplot.

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "scoring/sweep_report.hpp"

namespace firedrill::scoring {

// How one sample (a policy's values of a metric, or a pair's differences) is drawn.
enum class SampleShape {
  // A bar per distinct value with its count (beside box plots: a dot per value, labelled with
  // its count): a discrete metric (SweepMetricInfo::discrete), or at most kFewDistinctValues
  // distinct values (histogram_bins.hpp), where a box or binned histogram would blur the ties.
  Counts,
  // A histogram on Freedman–Diaconis bins (histogram_bins.hpp), and beside it a box plot.
  Binned,
};
// REQUIRES: sorted_values ascending.
SampleShape sample_shape(const SweepMetricInfo& metric, std::span<const double> sorted_values);

// Relative path (under the plots directory) and content of every file to write: the data files
// (one value per line) and "plots.gp", which, run by gnuplot in that directory, writes
// "<metric>.png" and ".svg" (distributions and CDFs) and "diff-<b>-vs-<a>-<metric>.png" and
// ".svg" (paired differences b − a). Metrics without a value in any replication are left out.
// Axes carry units; a fraction (the error budget) is drawn in % of the budget, its differences
// in percentage points (pp). Each plot's section of plots.gp starts with a comment naming its
// shape ("# <stem>: bars of counts per value", "# <stem>: histogram, ... bins of <w> <unit>").
std::vector<std::pair<std::string, std::string>> sweep_plot_files(const SweepResult& sweep,
                                                                  const SweepStatistics& stats);

}  // namespace firedrill::scoring
