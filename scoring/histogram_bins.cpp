#include "scoring/histogram_bins.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "scoring/statistics.hpp"

namespace firedrill::scoring {

double freedman_diaconis_width(std::span<const double> sorted_values) {
  const double iqr = quantile(sorted_values, 0.75) - quantile(sorted_values, 0.25);
  return 2.0 * iqr * std::cbrt(1.0 / static_cast<double>(sorted_values.size()));
}

double sturges_width(std::span<const double> sorted_values) {
  const double range = sorted_values.back() - sorted_values.front();
  const double bins = std::ceil(std::log2(static_cast<double>(sorted_values.size()))) + 1.0;
  return range / bins;
}

std::pair<double, BinRule> histogram_bin_width(std::span<const double> sorted_values) {
  if (const double fd = freedman_diaconis_width(sorted_values); fd > 0.0)
    return {fd, BinRule::FreedmanDiaconis};
  if (const double sturges = sturges_width(sorted_values); sturges > 0.0)
    return {sturges, BinRule::Sturges};
  const double v = std::abs(sorted_values.front());
  return {v > 0.0 ? v / 10.0 : 1.0, BinRule::Single};
}

HistogramBins histogram_bins(const std::vector<std::vector<double>>& sorted_samples,
                             std::size_t max_bins) {
  HistogramBins bins;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  bool first = true;
  for (const std::vector<double>& s : sorted_samples) {
    if (s.empty()) continue;
    lo = std::min(lo, s.front());
    hi = std::max(hi, s.back());
    const auto [width, rule] = histogram_bin_width(s);
    // A sample of equal values has no resolution of its own: its nominal width yields to any
    // other sample's.
    const bool better = rule != BinRule::Single
                            ? bins.rule == BinRule::Single || width < bins.width
                            : bins.rule == BinRule::Single && width < bins.width;
    if (first || better) {
      bins.width = width;
      bins.rule = rule;
    }
    first = false;
  }
  // Every value equal: one bar centred on it. So too, as one bar over the range, where the
  // range or width overflows a double (no plot would show such values anyway).
  if (!std::isfinite(hi - lo) || !std::isfinite(bins.width)) bins.width = hi - lo;
  if (hi == lo || !std::isfinite(bins.width)) {
    bins.origin = lo - bins.width / 2.0;
    for (const std::vector<double>& s : sorted_samples) bins.counts.emplace_back(1, s.size());
    return bins;
  }
  bins.width = std::max(bins.width, (hi - lo) / static_cast<double>(max_bins));
  bins.origin = std::floor(lo / bins.width) * bins.width;
  const auto bin_of = [&](double v) {
    return static_cast<std::size_t>(std::max(std::floor((v - bins.origin) / bins.width), 0.0));
  };
  // The pooled maximum on an edge closes the last bin rather than opening a bin of its own.
  std::size_t n = bin_of(hi) + 1;
  if (n > 1 && bins.origin + static_cast<double>(n - 1) * bins.width >= hi) --n;
  for (const std::vector<double>& s : sorted_samples) {
    std::vector<std::size_t>& c = bins.counts.emplace_back(n, 0);
    for (const double v : s) ++c[std::min(bin_of(v), n - 1)];
  }
  return bins;
}

std::vector<std::pair<double, std::size_t>> value_counts(std::span<const double> sorted_values) {
  std::vector<std::pair<double, std::size_t>> out;
  for (const double v : sorted_values) {
    if (out.empty() || out.back().first != v) out.emplace_back(v, 0);
    ++out.back().second;
  }
  return out;
}

}  // namespace firedrill::scoring
