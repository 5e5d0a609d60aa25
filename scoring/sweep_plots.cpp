#include "scoring/sweep_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <string_view>

#include "scoring/histogram_bins.hpp"

namespace firedrill::scoring {
namespace {

// A file name safe for any policy name: letters, digits, '-', '_' and '.' kept, others '_'.
std::string file_safe(const std::string& name) {
  std::string out = name;
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return out;
}

// Gnuplot single-quoted string: a quote is doubled.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string lines_of(const std::vector<double>& values) {
  std::string out;
  for (const double v : values) out += fmt::format("{}\n", v);
  return out;
}

// Draws `body` twice: to `stem`.png and `stem`.svg, `width_px` wide.
std::string both_formats(const std::string& stem, const std::string& body, int width_px = 1100) {
  return fmt::format(
      "set terminal pngcairo noenhanced size {0},450 font 'DejaVu Sans,10'\nset output {1}\n{2}"
      "set terminal svg noenhanced size {0},450 font 'DejaVu Sans,10'\nset output {3}\n{2}"
      "unset output\n\n",
      width_px, quoted(stem + ".png"), body, quoted(stem + ".svg"));
}

// How a metric's values read on an axis: `scale` × value in `unit`; differences in `diff_unit`.
// A fraction (0–1) reads as % of the budget, its differences as percentage points: "%" never
// stands for both.
struct Axis {
  double scale = 1.0;
  std::string unit;
  std::string diff_unit;
};
Axis axis_of(const SweepMetricInfo& mi) {
  if (std::string_view(mi.unit) == "fraction") return {100.0, "% of budget", "pp of budget"};
  return {1.0, mi.unit, mi.unit};
}

// [lo, hi] widened by 5 % of its width on each side, at least `min_pad` (a tenth of the value, or 1
// for 0, when lo == hi), so that no point sits on the border and no range is empty.
std::pair<double, double> padded(double lo, double hi, double min_pad = 0.0) {
  double pad = std::max((hi - lo) / 20.0, min_pad);
  if (pad <= 0.0) pad = lo != 0.0 ? std::abs(lo) / 10.0 : 1.0;
  return {lo - pad, hi + pad};
}

// gnuplot's `set <axis>range` over `range`.
std::string range_of(const char* axis, std::pair<double, double> range) {
  return fmt::format("set {}range [{:.17g}:{:.17g}]\n", axis, range.first, range.second);
}

// gnuplot's `set yrange` for bars of at most `max_count` replications, with room for the key.
std::string count_range(std::size_t max_count) {
  return fmt::format("set yrange [0:{:.17g}]\n", std::ceil(static_cast<double>(max_count) * 1.2));
}

// The empirical CDF of `sorted_values` as a step line over `range`: "x share" points, a vertical
// step at each distinct value (ties make one step as high as their count).
std::string ecdf_of(const std::vector<double>& sorted_values, std::pair<double, double> range) {
  std::string out = fmt::format("{:.17g} 0\n", range.first);
  const double n = static_cast<double>(sorted_values.size());
  std::size_t below = 0;
  for (const auto& [v, count] : value_counts(sorted_values)) {
    out += fmt::format("{:.17g} {:.17g}\n", v, static_cast<double>(below) / n);
    below += count;
    out += fmt::format("{:.17g} {:.17g}\n", v, static_cast<double>(below) / n);
  }
  return out + fmt::format("{:.17g} 1\n", range.second);
}

// The smallest and largest of every sample's values (+inf, −inf when all are empty). REQUIRES:
// each sample ascending.
std::pair<double, double> pooled_range(const std::vector<std::vector<double>>& sorted_samples) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const std::vector<double>& v : sorted_samples) {
    if (v.empty()) continue;
    lo = std::min(lo, v.front());
    hi = std::max(hi, v.back());
  }
  return {lo, hi};
}

// The metric's mean and its 95 % interval against the swept parameter's values: numbers on a
// numeric axis when every value is one, else in order with the values as labels.
std::string sensitivity_plot(const SweepResult& sweep, const SweepStatistics& stats, std::size_t m,
                             const Axis& axis,
                             std::vector<std::pair<std::string, std::string>>& files) {
  const SweepMetricInfo& mi = info(static_cast<SweepMetric>(m));
  const auto& values = sweep.parameter->values;
  bool numeric = true;
  for (const std::string& v : values) {
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    numeric = numeric && !v.empty() && *end == '\0';
  }
  std::string data, xtics;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
    const MetricSummary& s = stats.summaries[p][m];
    if (!s.mean) continue;
    lo = std::min(lo, s.mean->ci_low * axis.scale);
    hi = std::max(hi, s.mean->ci_high * axis.scale);
    const std::string x = numeric ? values[p] : std::to_string(p + 1);
    data += fmt::format("{} {} {} {}\n", x, s.mean->value * axis.scale, s.mean->ci_low * axis.scale,
                        s.mean->ci_high * axis.scale);
    xtics += fmt::format("{}{} {}", xtics.empty() ? "" : ", ", quoted(values[p]), x);
  }
  if (data.empty()) return "";
  const std::string file = fmt::format("data/sensitivity-{}.dat", mi.name);
  files.emplace_back(file, data);
  return both_formats(
      "sensitivity-" + std::string(mi.name),
      fmt::format("set title {}\nset xlabel {}\nset ylabel {}\nunset key\n{}{}"
                  "plot {} using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1\n"
                  "set xtics autofreq\nunset title\nunset xlabel\nset yrange [*:*]\n",
                  quoted(fmt::format("{}: mean and 95 % interval against {}", mi.name,
                                     sweep.parameter->pointer)),
                  quoted(sweep.parameter->pointer),
                  quoted(fmt::format("{} ({})", mi.name, axis.unit)),
                  numeric ? std::string() : "set xtics (" + xtics + ")\n",
                  range_of("y", padded(lo, hi)), quoted(file)));
}

const char* rule_name(BinRule rule) {
  switch (rule) {
    case BinRule::FreedmanDiaconis:
      return "Freedman-Diaconis";
    case BinRule::Sturges:
      return "Sturges, as the IQR is 0";
    case BinRule::Single:
      return "every value equal";
  }
  return "";
}

// Narrowest gap between neighbouring distinct values; `fallback` when there is one value.
double min_gap(const std::vector<std::pair<double, std::size_t>>& counts, double fallback) {
  double gap = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < counts.size(); ++i)
    gap = std::min(gap, counts[i].first - counts[i - 1].first);
  return std::isfinite(gap) ? gap : fallback;
}

// Bars of a bar chart or histogram: "x count width" lines.
std::string bars_of(const std::vector<std::pair<double, std::size_t>>& counts, double width) {
  std::string out;
  for (const auto& [x, n] : counts) out += fmt::format("{} {} {}\n", x, n, width);
  return out;
}

// The x range of a difference plot: every bar and zero, with `pad` to spare.
std::string diff_xrange(double lo, double hi, double pad) {
  return range_of("x", padded(std::min(lo, 0.0), std::max(hi, 0.0), pad));
}

// The distributions panel(s) of one metric: for a discrete metric a bar per value and policy,
// side by side; else a box (or, for few distinct values, dots labelled with their counts) per
// policy and a histogram on shared Freedman–Diaconis bins. `values` are scaled and sorted.
std::string distribution_panels(const SweepResult& sweep, const SweepMetricInfo& mi,
                                const Axis& axis, const std::vector<std::vector<double>>& values,
                                const std::vector<std::string>& data_files,
                                std::vector<std::pair<std::string, std::string>>& files,
                                std::string& comment, int& panels) {
  const std::size_t np = sweep.policies.size();
  const auto [lo, hi] = pooled_range(values);
  const std::string value_label = quoted(fmt::format("{} ({})", mi.name, axis.unit));
  std::string out;
  if (mi.discrete) {
    comment = "bars of counts per value";
    panels = 2;
    const double bar = 0.8 / static_cast<double>(np);
    std::string plot;
    std::size_t max_count = 0;
    for (std::size_t p = 0; p < np; ++p) {
      if (values[p].empty()) continue;
      const std::string file = data_files[p] + ".counts";
      const auto counts = value_counts(values[p]);
      for (const auto& c : counts) max_count = std::max(max_count, c.second);
      files.emplace_back(file, bars_of(counts, bar));
      const double offset = (static_cast<double>(p) - static_cast<double>(np - 1) / 2.0) * bar;
      plot += fmt::format("{}{} using ($1 + {:.17g}):2:3 with boxes lc {} title {}",
                          plot.empty() ? "" : ", ", quoted(file), offset, p + 1,
                          quoted(sweep.policies[p].name));
    }
    // Whole numbers: a tic per value where they fit.
    return fmt::format(
        "set xlabel {}\nset ylabel 'replications'\nset key top right\n{}{}{}"
        "plot {}\nset xtics autofreq\nset xrange [*:*]\nset yrange [*:*]\n",
        value_label, count_range(max_count), range_of("x", padded(lo, hi, 0.6)),
        hi - lo <= 20 ? "set xtics 1\n" : "", plot);
  }
  // Boxes where a policy has many distinct values, dots with counts where it has few.
  std::string boxes, xtics;
  bool any_binned = false;
  for (std::size_t p = 0; p < np; ++p) {
    xtics += fmt::format("{}{} {}", p ? ", " : "", quoted(sweep.policies[p].name), p + 1);
    if (values[p].empty()) continue;
    const std::string sep = boxes.empty() ? "" : ", ";
    if (sample_shape(mi, values[p]) == SampleShape::Binned) {
      any_binned = true;
      boxes += fmt::format("{}{} using ({}):1 with boxplot lc {}", sep, quoted(data_files[p]),
                           p + 1, p + 1);
      continue;
    }
    const std::string file = data_files[p] + ".counts";
    files.emplace_back(file, bars_of(value_counts(values[p]), 0.0));
    const double n = static_cast<double>(values[p].size());
    boxes += fmt::format(
        "{}{} using ({}):1:(1 + 3 * sqrt($2 / {})) with points pt 7 ps variable lc {}, "
        "{} using ({} + 0.08):1:(sprintf('× %d', $2)) with labels left",
        sep, quoted(file), p + 1, n, p + 1, quoted(file), p + 1);
  }
  comment = any_binned ? "box plot or dots per policy, histogram" : "dots with counts per policy";
  panels = any_binned ? 3 : 2;
  out += fmt::format(
      "set xtics ({})\nset xrange [0.5:{}.5]\n{}set ylabel {}\nunset key\nplot {}\n"
      "set xtics autofreq\nset xrange [*:*]\nset yrange [*:*]\n",
      xtics, np, range_of("y", padded(lo, hi)), value_label, boxes);
  if (!any_binned) return out;
  const HistogramBins bins = histogram_bins(values);
  comment += fmt::format(", {} bins of {:.4g} {}", rule_name(bins.rule), bins.width, axis.unit);
  std::string data, plot;
  std::size_t max_count = 0;
  for (std::size_t b = 0; b < bins.counts.front().size(); ++b) {
    data += fmt::format("{:.17g}", bins.center(b));
    for (std::size_t p = 0; p < np; ++p) {
      data += fmt::format(" {}", bins.counts[p][b]);
      max_count = std::max(max_count, bins.counts[p][b]);
    }
    data += "\n";
  }
  const std::string file = fmt::format("data/histogram-{}.dat", mi.name);
  files.emplace_back(file, data);
  for (std::size_t p = 0; p < np; ++p) {
    if (values[p].empty()) continue;
    plot += fmt::format(
        "{}{} using 1:{}:({:.17g}) with boxes fs transparent solid 0.35 lc {} "
        "title {}",
        plot.empty() ? "" : ", ", quoted(file), p + 2, bins.width, p + 1,
        quoted(sweep.policies[p].name));
  }
  out += fmt::format(
      "set title {}\nset xlabel {}\nset ylabel 'replications'\nset key top right\n{}"
      "plot {}\nunset title\nset yrange [*:*]\n",
      quoted(fmt::format("bins of {:.4g} {} ({})", bins.width, axis.unit, rule_name(bins.rule))),
      value_label, count_range(max_count), plot);
  return out;
}

// The plot of paired differences `d` (scaled, sorted) of one metric: a bar per distinct value
// when there are few or the metric is discrete, else a Freedman–Diaconis histogram.
std::string difference_plot(const SweepMetricInfo& mi, const Axis& axis, const std::string& an,
                            const std::string& bn, const std::string& stem,
                            const std::vector<double>& d,
                            std::vector<std::pair<std::string, std::string>>& files) {
  double mean = 0.0;
  for (const double x : d) mean += x / static_cast<double>(d.size());
  std::string comment, bars, ties, range;
  std::size_t max_count = 0;
  if (sample_shape(mi, d) == SampleShape::Counts) {
    const auto counts = value_counts(d);
    for (const auto& c : counts) max_count = std::max(max_count, c.second);
    // Whole numbers get touching bars; a few real values narrow ones, lest they read as bins.
    const double gap = mi.discrete ? 1.0 : min_gap(counts, histogram_bin_width(d).first);
    const double width = mi.discrete ? 0.8 : 0.15 * gap;
    comment = "bars of counts per value";
    bars = bars_of(counts, width);
    range = diff_xrange(d.front(), d.back(), gap);
    if (mi.discrete && d.back() - d.front() <= 20) range += "set xtics 1\n";
  } else {
    // Under common random numbers many replications run alike under both policies: their exact
    // zeros are ties, drawn as a bar of their own rather than hidden in the bin above zero.
    std::vector<double> nonzero;
    std::copy_if(d.begin(), d.end(), std::back_inserter(nonzero), [](double x) { return x != 0; });
    const std::size_t zeros = d.size() - nonzero.size();
    const HistogramBins bins = histogram_bins({nonzero});
    comment = fmt::format("histogram, {} bins of {:.4g} {}", rule_name(bins.rule), bins.width,
                          axis.diff_unit);
    if (zeros > 0) {
      comment += fmt::format(", ties at 0 apart: {}", zeros);
      ties = fmt::format("0 {} {:.17g}\n", zeros, 0.15 * bins.width);
      max_count = zeros;
    }
    for (std::size_t b = 0; b < bins.counts[0].size(); ++b) {
      bars += fmt::format("{:.17g} {} {:.17g}\n", bins.center(b), bins.counts[0][b], bins.width);
      max_count = std::max(max_count, bins.counts[0][b]);
    }
    range = diff_xrange(bins.origin, bins.center(bins.counts[0].size() - 1), bins.width);
  }
  const std::string data = "data/" + stem + ".dat";
  files.emplace_back(data, lines_of(d));
  files.emplace_back("data/" + stem + ".bars", bars);
  std::string plot = quoted("data/" + stem + ".bars") + " using 1:2:3 with boxes lc 3";
  if (!ties.empty()) {
    files.emplace_back("data/" + stem + ".ties", ties);
    plot +=
        ", " + quoted("data/" + stem + ".ties") + " using 1:2:3 with boxes fs solid 0.9 lc 'black'";
  }
  return fmt::format("# {}: {}\n", stem, comment) +
         both_formats(
             stem,
             fmt::format("set title {}\nset xlabel {}\nset ylabel 'replications'\nunset key\n{}{}"
                         "set arrow 1 from 0, graph 0 to 0, graph 1 nohead front lc 'black' dt 2\n"
                         "set arrow 2 from {:.17g}, graph 0 to {:.17g}, graph 1 nohead front "
                         "lc 'red' lw 2\n"
                         "plot {}\n"
                         "unset arrow 1\nunset arrow 2\nunset title\nunset xlabel\n"
                         "set xtics autofreq\nset xrange [*:*]\nset yrange [*:*]\n",
                         quoted(fmt::format("{} − {}, {} per replication (red: mean {:.4g} {}; "
                                            "dashed: no difference{})",
                                            bn, an, mi.name, mean, axis.diff_unit,
                                            ties.empty() ? "" : "; black: ties, exactly 0")),
                         quoted(fmt::format("{} − {}, {} ({})", bn, an, mi.name, axis.diff_unit)),
                         range, count_range(max_count), mean, mean, plot));
}

}  // namespace

SampleShape sample_shape(const SweepMetricInfo& metric, std::span<const double> sorted_values) {
  if (metric.discrete) return SampleShape::Counts;
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < sorted_values.size() && distinct <= kFewDistinctValues; ++i)
    if (i == 0 || sorted_values[i] != sorted_values[i - 1]) ++distinct;
  return distinct <= kFewDistinctValues ? SampleShape::Counts : SampleShape::Binned;
}

std::vector<std::pair<std::string, std::string>> sweep_plot_files(const SweepResult& sweep,
                                                                  const SweepStatistics& stats) {
  std::vector<std::pair<std::string, std::string>> files;
  std::string script =
      "# Drawn by firedrill sweep; run `gnuplot plots.gp` in this directory to redraw.\n"
      "set style fill solid 0.35 border -1\nset grid ytics\n\n";
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    const SweepMetricInfo& mi = info(static_cast<SweepMetric>(m));
    const Axis axis = axis_of(mi);
    // Each policy's present values, scaled to the axis and sorted (the CDF reads them in order).
    std::vector<std::vector<double>> values(sweep.policies.size());
    std::vector<std::string> data_files;
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      for (const SweepValues& run : sweep.policies[p].runs)
        if (run[m] && std::isfinite(*run[m] * axis.scale))
          values[p].push_back(*run[m] * axis.scale);
      std::sort(values[p].begin(), values[p].end());
      data_files.push_back(
          fmt::format("data/{}/{}.dat", file_safe(sweep.policies[p].name), mi.name));
      if (values[p].empty()) continue;
      files.emplace_back(data_files[p], lines_of(values[p]));
    }
    const auto [lo, hi] = pooled_range(values);
    if (lo > hi) continue;  // no value at all
    const auto x_range = padded(lo, hi, info(static_cast<SweepMetric>(m)).discrete ? 0.6 : 0.0);
    std::string cdfs;
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      if (values[p].empty()) continue;
      const std::string file = data_files[p] + ".ecdf";
      files.emplace_back(file, ecdf_of(values[p], x_range));
      cdfs += fmt::format("{}{} using 1:2 with lines lw 2 lc {} title {}", cdfs.empty() ? "" : ", ",
                          quoted(file), p + 1, quoted(sweep.policies[p].name));
    }
    if (sweep.parameter) script += sensitivity_plot(sweep, stats, m, axis, files);
    std::string comment;
    int panels = 2;
    const std::string distributions =
        distribution_panels(sweep, mi, axis, values, data_files, files, comment, panels);
    script += fmt::format("# {}: {}\n", mi.name, comment);
    script += both_formats(
        mi.name,
        fmt::format(
            "set multiplot layout 1,{} title {}\n{}"
            "set xlabel {}\nset ylabel 'share of replications'\n{}{}"
            "set yrange [0:1]\nset key bottom right\nplot {}\n"
            "unset multiplot\nunset xlabel\nset xtics autofreq\nset xrange [*:*]\n"
            "set yrange [*:*]\n",
            panels,
            quoted(fmt::format("{} ({}{}), {} replications per policy", mi.name, axis.unit,
                               mi.lower_is_better ? ", lower is better" : ", higher is better",
                               sweep.runs)),
            distributions, quoted(fmt::format("{} ({})", mi.name, axis.unit)),
            range_of("x", x_range), mi.discrete && hi - lo <= 20 ? "set xtics 1\n" : "", cdfs),
        panels == 3 ? 1500 : 1100);
    // Paired differences b − a over the replications where both have a value.
    for (const auto& [a, b] : stats.pairs) {
      std::vector<double> d;
      for (std::size_t i = 0; i < sweep.runs; ++i) {
        const auto& va = sweep.policies[a].runs[i][m];
        const auto& vb = sweep.policies[b].runs[i][m];
        if (va && vb && std::isfinite((*vb - *va) * axis.scale))
          d.push_back((*vb - *va) * axis.scale);
      }
      if (d.empty()) continue;
      std::sort(d.begin(), d.end());
      const std::string& an = sweep.policies[a].name;
      const std::string& bn = sweep.policies[b].name;
      script += difference_plot(
          mi, axis, an, bn, fmt::format("diff-{}-vs-{}-{}", file_safe(bn), file_safe(an), mi.name),
          d, files);
    }
  }
  files.emplace_back("plots.gp", script);
  return files;
}

}  // namespace firedrill::scoring
