#pragma once
// How the sweep's plots group values: histogram bin widths (Freedman–Diaconis, with Sturges as
// the fallback) and bin counts for continuous metrics, counts per distinct value for discrete
// ones and for any sample with only a handful of distinct values.

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace firedrill::scoring {

// Samples with at most this many distinct values are drawn value by value (a bar or dot per
// value with its count), never as a box plot or a binned histogram: a box over three values
// says less than the three values and their counts do.
constexpr std::size_t kFewDistinctValues = 5;

// Returns the Freedman–Diaconis histogram bin width 2·IQR·n^(−1/3) (Freedman & Diaconis 1981,
// "On the histogram as a density estimator: L2 theory", Z. Wahrscheinlichkeitstheorie verw.
// Gebiete 57, 453–476), the interquartile range IQR taken with type 7 quantiles (statistics.hpp).
// In the values' unit; 0 when IQR = 0. REQUIRES: sorted_values non-empty and ascending.
double freedman_diaconis_width(std::span<const double> sorted_values);

// Returns the Sturges bin width: the range split into ⌈log2 n⌉ + 1 bins (Sturges 1926, "The
// choice of a class interval", J. Am. Stat. Assoc. 21, 65–66). 0 when every value is equal.
// REQUIRES: sorted_values non-empty and ascending.
double sturges_width(std::span<const double> sorted_values);

enum class BinRule {
  FreedmanDiaconis,  // the default
  Sturges,           // IQR = 0 but the values differ: FD would give width 0
  Single,            // every value is equal: one bar, whatever its nominal width
};

// Returns the bin width for a histogram of `sorted_values` and the rule that gave it:
// Freedman–Diaconis, else Sturges when the IQR is 0 (more than half the values tied), else a
// nominal width (|value|/10, or 1 for 0) when every value is equal, so that they show as one bar.
// REQUIRES: sorted_values non-empty and ascending.
std::pair<double, BinRule> histogram_bin_width(std::span<const double> sorted_values);

// Equal-width bins [origin + k·width, origin + (k + 1)·width), k = 0 … counts.size() − 1.
// Invariant: width > 0 and every value binned falls in one bin (the last bin holds its right
// edge too, so the maximum is never left out).
struct HistogramBins {
  double origin = 0.0;
  double width = 1.0;
  BinRule rule = BinRule::Single;
  std::vector<std::vector<std::size_t>> counts;  // [sample][bin]

  double center(std::size_t bin) const { return origin + (static_cast<double>(bin) + 0.5) * width; }
};

// Bins several samples (a sweep's policies) on shared edges so their histograms compare bar for
// bar. The width is the smallest of the samples' histogram_bin_width (each sample is shown at
// least at its own resolution), widened if need be to at most `max_bins` bins over the pooled
// range; the edges are whole multiples of the width, so equal values always share a bin. Where
// every value of every sample is equal, one bin centred on it.
// REQUIRES: every sample ascending; at least one non-empty; max_bins >= 1.
HistogramBins histogram_bins(const std::vector<std::vector<double>>& sorted_samples,
                             std::size_t max_bins = 200);

// Returns each distinct value of `sorted_values` with how many times it occurs, ascending.
// Values compare exactly (times are whole milliseconds, counts whole numbers).
std::vector<std::pair<double, std::size_t>> value_counts(std::span<const double> sorted_values);

}  // namespace firedrill::scoring
