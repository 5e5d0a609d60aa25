// Tests of the sweep's plots (scoring/sweep_plots.hpp) and of the binning under them
// (scoring/histogram_bins.hpp). That gnuplot draws the scripts is gnuplot_test.cpp's part.

#include "scoring/sweep_plots.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "scoring/histogram_bins.hpp"
#include "tests/scoring/sweep_fixture.hpp"

namespace firedrill::scoring {
namespace {

std::vector<double> iota(int n, double step = 1.0, double first = 0.0) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(first + step * i);
  return v;
}

// The plot files of the fixture sweep by path.
std::map<std::string, std::string> fixture_files() {
  const SweepResult sweep = testing::plot_fixture_sweep();
  SweepStatistics stats;
  stats.summaries.resize(2);
  stats.pairs = {{0, 1}};
  stats.comparisons.resize(1);
  std::map<std::string, std::string> out;
  for (auto& [path, text] : sweep_plot_files(sweep, stats)) out[path] = text;
  return out;
}

// The section of plots.gp that draws `stem`: from its "# stem: " comment to the next comment.
std::string section(const std::string& script, const std::string& stem) {
  const std::size_t begin = script.find("\n# " + stem + ": ");
  if (begin == std::string::npos) return "";
  return script.substr(begin + 1, script.find("\n# ", begin + 1) - begin - 1);
}

// The first line of `text`.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Rows of a whitespace-separated data file.
std::vector<std::vector<double>> rows(const std::string& text) {
  std::vector<std::vector<double>> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream cells(line);
    auto& row = out.emplace_back();
    for (double x; cells >> x;) row.push_back(x);
  }
  return out;
}

TEST_CASE("freedman_diaconis_width: 2 IQR n^(-1/3) with type 7 quartiles", "[sweep_plots]") {
  // 1..8: Q1 at h = 7·0.25 = 1.75 → 2 + 0.75 = 2.75; Q3 at h = 5.25 → 6 + 0.25 = 6.25;
  // IQR = 3.5; n^(−1/3) = 8^(−1/3) = 0.5; width = 2 · 3.5 · 0.5 = 3.5.
  CHECK(freedman_diaconis_width(iota(8, 1.0, 1.0)) == Approx(3.5).epsilon(1e-12));
  // 0..26: Q1 at h = 6.5 → 6.5, Q3 at h = 19.5 → 19.5; IQR = 13; 27^(−1/3) = 1/3;
  // width = 2 · 13 / 3 = 8.666…
  CHECK(freedman_diaconis_width(iota(27)) == Approx(26.0 / 3.0).epsilon(1e-12));
  // Scaling the data scales the width: 0, 10, …, 260 → 86.666… s.
  CHECK(freedman_diaconis_width(iota(27, 10.0)) == Approx(260.0 / 3.0).epsilon(1e-12));
}

TEST_CASE("histogram_bin_width: Sturges when the IQR is 0, one bar when all are equal",
          "[sweep_plots]") {
  const auto [fd, fd_rule] = histogram_bin_width(iota(8, 1.0, 1.0));
  CHECK(fd_rule == BinRule::FreedmanDiaconis);
  CHECK(fd == Approx(3.5));
  // Seven 5s and a 9: Q1 = Q3 = 5, so FD gives 0; Sturges: ⌈log2 8⌉ + 1 = 4 bins over the
  // range 4 → width 1.
  const std::vector<double> tied{5, 5, 5, 5, 5, 5, 5, 9};
  const auto [sturges, sturges_rule] = histogram_bin_width(tied);
  CHECK(sturges_rule == BinRule::Sturges);
  CHECK(sturges == Approx(1.0));
  const HistogramBins tied_bins = histogram_bins({tied});
  CHECK(tied_bins.counts[0].front() == 7);  // the ties stay together
  CHECK(tied_bins.counts[0].back() == 1);
  // Every value equal: one bin holding them all, centred on the value.
  const HistogramBins same = histogram_bins({{3.0, 3.0, 3.0}});
  CHECK(same.rule == BinRule::Single);
  REQUIRE(same.counts[0].size() == 1);
  CHECK(same.counts[0][0] == 3);
  CHECK(same.center(0) == Approx(3.0));
}

TEST_CASE("histogram_bins: samples share edges at multiples of the smaller width",
          "[sweep_plots]") {
  // 1..8 has FD width 3.5, 0..26 step 10 has 86.7: the shared width is 3.5, widened to at most
  // 200 bins over the pooled range 0..260 → max(3.5, 260 / 200 = 1.3) = 3.5.
  const HistogramBins bins = histogram_bins({iota(8, 1.0, 1.0), iota(27, 10.0)});
  CHECK(bins.rule == BinRule::FreedmanDiaconis);
  CHECK(bins.width == Approx(3.5));
  CHECK(bins.origin == 0.0);
  REQUIRE(bins.counts.size() == 2);
  // [0, 3.5) holds 1, 2, 3; [3.5, 7) holds 4, 5, 6; [7, 10.5) holds 7, 8 and 10 of the other.
  CHECK(bins.counts[0][0] == 3);
  CHECK(bins.counts[0][1] == 3);
  CHECK(bins.counts[0][2] == 2);
  CHECK(bins.counts[1][2] == 1);
  // 260 = 74.29 widths: in the last bin, [259, 262.5).
  CHECK(bins.counts[1].size() == 75);
  CHECK(bins.counts[1].back() == 1);
  std::size_t total = 0;
  for (const std::size_t c : bins.counts[1]) total += c;
  CHECK(total == 27);
  // The cap: 1000 bins of 1 over 0..1000 become 10 bins of 100.
  const HistogramBins capped = histogram_bins({iota(1001)}, 10);
  CHECK(capped.width == Approx(100.0));
  CHECK(capped.counts[0].size() == 10);
  CHECK(capped.counts[0].back() == 101);  // 900..1000, the maximum closing the last bin
}

TEST_CASE("sample_shape: counts for discrete metrics and for few distinct values",
          "[sweep_plots]") {
  const SweepMetricInfo& pages = info(SweepMetric::Pages);
  const SweepMetricInfo& ttm = info(SweepMetric::Ttm);
  CHECK(pages.discrete);
  CHECK(info(SweepMetric::AfterHoursPages).discrete);
  CHECK(info(SweepMetric::SupportTickets).discrete);
  CHECK_FALSE(ttm.discrete);
  CHECK_FALSE(info(SweepMetric::ErrorBudget).discrete);
  CHECK(sample_shape(pages, iota(40)) == SampleShape::Counts);
  CHECK(sample_shape(ttm, iota(40)) == SampleShape::Binned);
  CHECK(sample_shape(ttm, std::vector<double>{1, 1, 2, 3, 4, 5, 5}) ==
        SampleShape::Counts);  // 5 distinct
  CHECK(sample_shape(ttm, std::vector<double>{1, 2, 3, 4, 5, 6}) ==
        SampleShape::Binned);  // 6 distinct
  CHECK(sample_shape(ttm, std::vector<double>{7, 7, 7}) == SampleShape::Counts);
}

TEST_CASE("sweep_plot_files: a discrete metric is drawn as bars of counts per value",
          "[sweep_plots]") {
  auto files = fixture_files();
  const std::string pages = section(files["plots.gp"], "pages");
  CHECK(first_line(pages) == "# pages: bars of counts per value");
  CHECK_THAT(pages, Catch::Contains("with boxes") && !Catch::Contains("boxplot") &&
                        !Catch::Contains("histogram"));
  // a's pages are i mod 7 over i = 0..26: 0 to 5 four times each, 6 three times; bars 0.8 wide
  // split between two policies.
  CHECK(files["data/a/pages.dat.counts"] ==
        "0 4 0.4\n1 4 0.4\n2 4 0.4\n3 4 0.4\n4 4 0.4\n5 4 0.4\n6 3 0.4\n");
  // The differences of a count, a bar per integer difference.
  CHECK(first_line(section(files["plots.gp"], "diff-b-vs-a-pages")) ==
        "# diff-b-vs-a-pages: bars of counts per value");
  for (const auto& row : rows(files["data/diff-b-vs-a-pages.bars"])) {
    REQUIRE(row.size() == 3);
    CHECK(row[0] == std::round(row[0]));
    CHECK(row[2] == 0.8);
  }
}

TEST_CASE("sweep_plot_files: a continuous metric is drawn as a histogram on FD bins",
          "[sweep_plots]") {
  auto files = fixture_files();
  // ttm_s: a = 0, 10, …, 260 (FD width 86.67 s, as in the freedman_diaconis_width case), b =
  // twice that (173.3 s): the shared bins are a's.
  const std::string ttm = section(files["plots.gp"], "ttm_s");
  CHECK(first_line(ttm) ==
        "# ttm_s: box plot or dots per policy, histogram, Freedman-Diaconis bins of 86.67 s");
  CHECK_THAT(ttm, Catch::Contains("with boxplot"));
  const auto bins = rows(files["data/histogram-ttm_s.dat"]);
  REQUIRE(bins.size() >= 3);
  CHECK(bins[0][0] == Approx(260.0 / 6.0));  // the first centre, half a width
  CHECK(bins[1][0] - bins[0][0] == Approx(260.0 / 3.0));
  // Bins are closed on the left: a's 0..80, 90..170, 180..250 and 260 (= 3 widths, an edge;
  // only the pooled maximum, b's 520, closes a bin on its right).
  CHECK(bins[0][1] == 9);
  CHECK(bins[1][1] == 9);
  CHECK(bins[2][1] == 8);
  CHECK(bins[3][1] == 1);
  // score's differences are i − 10 for i = 0..26: the tie at i = 10 (exactly 0) is a bar of its
  // own, and the bins are those of the other 26, −10..−1 and 1..16: Q1 at h = 25·0.25 = 6.25 →
  // −4 + 0.25 = −3.75, Q3 at h = 18.75 → 9 + 0.75 = 9.75; IQR = 13.5; FD width 2 · 13.5 ·
  // 26^(−1/3) = 9.114 points.
  CHECK(
      first_line(section(files["plots.gp"], "diff-b-vs-a-score")) ==
      "# diff-b-vs-a-score: histogram, Freedman-Diaconis bins of 9.114 points, ties at 0 apart: 1");
  CHECK_THAT(files["data/diff-b-vs-a-score.ties"], Catch::StartsWith("0 1 "));
  CHECK(files.count("data/a/ttr_s.dat") == 0);  // no run has a TTR
  CHECK(section(files["plots.gp"], "ttr_s").empty());
}

TEST_CASE("sweep_plot_files: few distinct values are drawn as dots and bars with counts",
          "[sweep_plots]") {
  auto files = fixture_files();
  // tta_s: a has 3 distinct values, b one; ttd_s one value in both.
  for (const std::string stem : {"tta_s", "ttd_s"}) {
    INFO(stem);
    const std::string s = section(files["plots.gp"], stem);
    CHECK(first_line(s) == "# " + stem + ": dots with counts per policy");
    CHECK_THAT(s, !Catch::Contains("boxplot"));
  }
  CHECK(files["data/a/tta_s.dat.counts"] == "60 9 0\n120 9 0\n180 9 0\n");
  CHECK(files["data/b/tta_s.dat.counts"] == "60 27 0\n");
  // Their differences: b − a = 0, −60, −120 s, narrow bars (0.15 × 60 s) lest they read as
  // bins; and 0 in every run: one bar (0.15 × the nominal width 1 s).
  CHECK(first_line(section(files["plots.gp"], "diff-b-vs-a-tta_s")) ==
        "# diff-b-vs-a-tta_s: bars of counts per value");
  CHECK(files["data/diff-b-vs-a-tta_s.bars"] == "-120 9 9\n-60 9 9\n0 9 9\n");
  CHECK(files["data/diff-b-vs-a-ttd_s.bars"] == "0 27 0.15\n");
}

TEST_CASE("sweep_plot_files: a fraction reads in % of budget, its differences in pp",
          "[sweep_plots]") {
  auto files = fixture_files();
  const std::string budget = section(files["plots.gp"], "error_budget_consumed");
  CHECK_THAT(budget, Catch::Contains("error_budget_consumed (% of budget)"));
  const std::string diff = section(files["plots.gp"], "diff-b-vs-a-error_budget_consumed");
  CHECK_THAT(diff, Catch::Contains("(pp of budget)") && !Catch::Contains("%"));
  const auto values = rows(files["data/a/error_budget_consumed.dat"]);
  CHECK(values.back()[0] == Approx(26.0));  // 0.26 of the budget
  // Every axis names its unit.
  CHECK_THAT(section(files["plots.gp"], "ttm_s"), Catch::Contains("'ttm_s (s)'"));
  CHECK_THAT(section(files["plots.gp"], "pages"), Catch::Contains("'pages (pages)'"));
}

}  // namespace
}  // namespace firedrill::scoring
