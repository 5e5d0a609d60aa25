#include "scoring/sweep_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>


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

// Draws `body` twice: to `stem`.png and `stem`.svg.
std::string both_formats(const std::string& stem, const std::string& body) {
  return fmt::format(
      "set terminal pngcairo noenhanced size 1100,450 font 'DejaVu Sans,10'\nset output {}\n{}"
      "set terminal svg noenhanced size 1100,450 font 'DejaVu Sans,10'\nset output {}\n{}unset output\n\n",
      quoted(stem + ".png"), body, quoted(stem + ".svg"), body);
}

// The metric's mean and its 95 % interval against the swept parameter's values: numbers on a
// numeric axis when every value is one, else in order with the values as labels.
std::string sensitivity_plot(const SweepResult& sweep, const SweepStatistics& stats,
                             std::size_t m,
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
  for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
    const MetricSummary& s = stats.summaries[p][m];
    if (!s.mean) continue;
    const std::string x = numeric ? values[p] : std::to_string(p + 1);
    data += fmt::format("{} {} {} {}\n", x, s.mean->value, s.mean->ci_low, s.mean->ci_high);
    xtics += fmt::format("{}{} {}", xtics.empty() ? "" : ", ", quoted(values[p]), x);
  }
  if (data.empty()) return "";
  const std::string file = fmt::format("data/sensitivity-{}.dat", mi.name);
  files.emplace_back(file, data);
  return both_formats(
      "sensitivity-" + std::string(mi.name),
      fmt::format("set title {}\nset xlabel {}\nset ylabel {}\nunset key\n{}"
                  "plot {} using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1\n"
                  "set xtics autofreq\nunset title\nunset xlabel\n",
                  quoted(fmt::format("{}: mean and 95 % interval against {}", mi.name,
                                     sweep.parameter->pointer)),
                  quoted(sweep.parameter->pointer), quoted(mi.unit),
                  numeric ? std::string() : "set xtics (" + xtics + ")\n", quoted(file)));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> sweep_plot_files(const SweepResult& sweep,
                                                                  const SweepStatistics& stats) {
  std::vector<std::pair<std::string, std::string>> files;
  std::string script =
      "# Drawn by firedrill sweep; run `gnuplot plots.gp` in this directory to redraw.\n"
      "set style fill solid 0.35 border -1\nset grid ytics\n\n";
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    const SweepMetricInfo& mi = info(static_cast<SweepMetric>(m));
    // Each policy's present values, sorted (the CDF reads them in order).
    std::vector<std::vector<double>> values(sweep.policies.size());
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      for (const SweepValues& run : sweep.policies[p].runs)
        if (run[m] && std::isfinite(*run[m])) values[p].push_back(*run[m]);
      std::sort(values[p].begin(), values[p].end());
    }
    std::string boxes, cdfs, xtics;
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      const std::string name = sweep.policies[p].name;
      xtics += fmt::format("{}{} {}", p ? ", " : "", quoted(name), p + 1);
      if (values[p].empty()) continue;
      const std::string data = fmt::format("data/{}/{}.dat", file_safe(name), mi.name);
      files.emplace_back(data, lines_of(values[p]));
      boxes += fmt::format("{}{} using ({}):1 with boxplot lc {} notitle", boxes.empty() ? "" : ", ",
                           quoted(data), p + 1, p + 1);
      cdfs += fmt::format("{}{} using 1:(1.0) smooth cnormal with steps lw 2 lc {} title {}",
                          cdfs.empty() ? "" : ", ", quoted(data), p + 1, quoted(name));
    }
    if (boxes.empty()) continue;
    if (sweep.parameter) script += sensitivity_plot(sweep, stats, m, files);
    script += both_formats(
        mi.name,
        fmt::format("set multiplot layout 1,2 title {}\n"
                    "set xtics ({})\nset ylabel {}\nunset key\nplot {}\n"
                    "set xtics autofreq\nset xlabel {}\nset ylabel 'share of replications'\n"
                    "set yrange [0:1]\nset key bottom right\nplot {}\n"
                    "unset multiplot\nunset xlabel\nset yrange [*:*]\n",
                    quoted(fmt::format("{} ({}{}), {} replications per policy", mi.name, mi.unit,
                                       mi.lower_is_better ? ", lower is better"
                                                          : ", higher is better",
                                       sweep.runs)),
                    xtics, quoted(mi.unit), boxes, quoted(mi.unit), cdfs));
    // Paired differences b − a over the replications where both have a value.
    for (const auto& [a, b] : stats.pairs) {
        std::vector<double> d;
        for (std::size_t i = 0; i < sweep.runs; ++i) {
          const auto& va = sweep.policies[a].runs[i][m];
          const auto& vb = sweep.policies[b].runs[i][m];
          if (va && vb && std::isfinite(*va) && std::isfinite(*vb)) d.push_back(*vb - *va);
        }
        if (d.empty()) continue;
        const std::string an = sweep.policies[a].name;
        const std::string bn = sweep.policies[b].name;
        const std::string stem =
            fmt::format("diff-{}-vs-{}-{}", file_safe(bn), file_safe(an), mi.name);
        const std::string data = "data/" + stem + ".dat";
        files.emplace_back(data, lines_of(d));
        const auto [lo, hi] = std::minmax_element(d.begin(), d.end());
        const double width = *hi > *lo ? (*hi - *lo) / 40.0 : 1.0;
        double mean = 0.0;
        for (const double x : d) mean += x / static_cast<double>(d.size());
        script += both_formats(
            stem,
            fmt::format("set title {}\nset xlabel {}\nset ylabel 'replications'\nunset key\n"
                        "set arrow 1 from 0, graph 0 to 0, graph 1 nohead front lc 'black' dt 2\n"
                        "set arrow 2 from {}, graph 0 to {}, graph 1 nohead front lc 'red' lw 2\n"
                        "plot {} using ({:.17g} * floor($1 / {:.17g}) + {:.17g}):(1.0) "
                        "smooth frequency with boxes lc 3\n"
                        "unset arrow 1\nunset arrow 2\nunset title\nunset xlabel\n",
                        quoted(fmt::format("{} − {} in {} per replication (red: mean {:.4g}; "
                                           "dashed: no difference)",
                                           bn, an, mi.name, mean)),
                        quoted(mi.unit), mean, mean, quoted(data), width, width, width / 2));
      }
  }
  files.emplace_back("plots.gp", script);
  return files;
}

}  // namespace firedrill::scoring
