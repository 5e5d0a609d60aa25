// Tests of the sweep statistics (scoring/statistics.hpp).
//
// Where a statistic is written here rather than taken from Boost (type 7 quantiles, the
// Wilcoxon signed-rank test), the expected numbers were computed with Debian's python3-numpy 1.24
// and python3-scipy 1.10.1; each case carries the Python line that reproduces it (run it with
// /usr/bin/python3 after `import numpy as np; from scipy.stats import wilcoxon`). The bootstrap
// has no such oracle (its random numbers are ours), so it is checked by its properties: interval
// coverage over many simulated data sets, the held-out policy pairs of issue 5, determinism.

#include "scoring/statistics.hpp"

#include <algorithm>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "scoring/statistics_json.hpp"

namespace firedrill::scoring {
namespace {

using Json = nlohmann::ordered_json;

std::vector<double> sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The test vectors built by formula, the same in C++ and numpy. Only the ranks and signs of the
// values matter to the Wilcoxon test, and no two |d| lie closer than 0.005, so a last-bit
// difference between libm's and numpy's sin cannot change the result.
std::vector<double> sine_trend(int n) {  // np.sin(n*1.3)*n + 0.2*n for n = 1..N
  std::vector<double> d;
  for (int i = 1; i <= n; ++i) d.push_back(std::sin(i * 1.3) * i + 0.2 * i);
  return d;
}

std::vector<double> rounded_sine(int n) {  // np.round(10*np.sin(n*0.7) + 2) for n = 1..N
  std::vector<double> d;
  for (int i = 1; i <= n; ++i) d.push_back(std::nearbyint(10.0 * std::sin(i * 0.7) + 2.0));
  return d;
}

TEST_CASE("quantile: type 7 linear interpolation matches numpy.quantile", "[statistics]") {
  const std::vector<double> x = sorted({3.2, 1.5, 9.9, 4.4, 4.4, 0.1, 7.25, 12.0, 2.5, 6.0});
  // x = [3.2, 1.5, 9.9, 4.4, 4.4, 0.1, 7.25, 12.0, 2.5, 6.0]; np.quantile(x, p)
  CHECK(quantile(x, 0.0) == 0.1);
  CHECK(quantile(x, 0.1) == Approx(1.36).epsilon(1e-14));
  CHECK(quantile(x, 0.25) == Approx(2.675).epsilon(1e-14));
  CHECK(quantile(x, 0.5) == 4.4);
  CHECK(quantile(x, 0.9) == Approx(10.11).epsilon(1e-14));
  CHECK(quantile(x, 0.99) == Approx(11.811).epsilon(1e-14));
  CHECK(quantile(x, 1.0) == 12.0);
  // np.quantile([42.0], 0.99) == 42.0; np.quantile([1.0, 2.0], [0.5, 0.9, 0.99])
  CHECK(quantile(std::vector<double>{42.0}, 0.99) == 42.0);
  CHECK(quantile(std::vector<double>{1.0, 2.0}, 0.5) == 1.5);
  CHECK(quantile(std::vector<double>{1.0, 2.0}, 0.9) == Approx(1.9).epsilon(1e-14));
  CHECK(quantile(std::vector<double>{1.0, 2.0}, 0.99) == Approx(1.99).epsilon(1e-14));
}

TEST_CASE("wilcoxon_signed_rank: exact p-values match scipy for small n without ties",
          "[statistics]") {
  SECTION("Wilcoxon's corn heights (scipy's docstring example)") {
    // wilcoxon([6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75])
    //   -> statistic 24.0, pvalue 0.041259765625
    const std::vector<double> d{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
    const auto w = wilcoxon_signed_rank(d);
    REQUIRE(w);
    CHECK(w->method == WilcoxonMethod::Exact);
    CHECK(w->n == 15);
    CHECK(w->statistic == 24.0);
    CHECK(w->rank_sum_negative == 24.0);
    CHECK(w->rank_sum_positive == 96.0);
    CHECK(w->p_value == Approx(0.041259765625).epsilon(1e-12));
    CHECK_FALSE(w->z);
  }
  SECTION("n = 5") {
    // wilcoxon([1.5, -0.3, 2.2, 3.1, 0.7]) -> statistic 1.0, pvalue 0.125
    const auto w = wilcoxon_signed_rank(std::vector<double>{1.5, -0.3, 2.2, 3.1, 0.7});
    REQUIRE(w);
    CHECK(w->statistic == 1.0);
    CHECK(w->p_value == Approx(0.125).epsilon(1e-12));
  }
  SECTION("all eight of one sign: 2 / 2^8") {
    // wilcoxon([1, 2, 3, 4, 5, 6, 7, 8]) -> statistic 0.0, pvalue 0.0078125
    const auto w = wilcoxon_signed_rank(std::vector<double>{-1, -2, -3, -4, -5, -6, -7, -8});
    REQUIRE(w);
    CHECK(w->statistic == 0.0);
    CHECK(w->p_value == Approx(0.0078125).epsilon(1e-12));
  }
  SECTION("R+ at the centre of its distribution gives p = 1") {
    // wilcoxon([1, -2, -3, 4]) -> statistic 5.0, pvalue 1.0
    const auto w = wilcoxon_signed_rank(std::vector<double>{1, -2, -3, 4});
    REQUIRE(w);
    CHECK(w->statistic == 5.0);
    CHECK(w->p_value == 1.0);
  }
  SECTION("n = 50, the largest exact n") {
    // n = np.arange(1, 51); wilcoxon(np.sin(n*1.3)*n + 0.2*n)
    //   -> statistic 475.0, pvalue 0.11848533640686121
    const auto w = wilcoxon_signed_rank(sine_trend(50));
    REQUIRE(w);
    CHECK(w->method == WilcoxonMethod::Exact);
    CHECK(w->statistic == 475.0);
    CHECK(w->p_value == Approx(0.11848533640686121).epsilon(1e-12));
  }
}

TEST_CASE("wilcoxon_signed_rank: the normal approximation matches scipy with correction=True",
          "[statistics]") {
  SECTION("n = 51, the smallest approximated n") {
    // n = np.arange(1, 52); wilcoxon(np.sin(n*1.3)*n + 0.2*n, method="approx", correction=True)
    //   -> statistic 505.0, pvalue 0.13985773072192037, zstatistic -1.4763210316879978
    const auto w = wilcoxon_signed_rank(sine_trend(51));
    REQUIRE(w);
    CHECK(w->method == WilcoxonMethod::NormalApproximation);
    CHECK(w->statistic == 505.0);
    CHECK(w->p_value == Approx(0.13985773072192037).epsilon(1e-12));
    REQUIRE(w->z);
    CHECK(*w->z == Approx(-1.4763210316879978).epsilon(1e-12));
  }
  SECTION("ties without zeros take the approximation (scipy 1.10's auto would not)") {
    // wilcoxon([1,2,2,3,-3,3,4,-1,5,5,6,-2], method="approx", correction=True)
    //   -> statistic 12.5, pvalue 0.04060921298875574, zstatistic -2.0474980004912102
    // (scipy's method="auto" gives 0.04248046875 here: the no-ties exact distribution.)
    const auto w = wilcoxon_signed_rank(std::vector<double>{1, 2, 2, 3, -3, 3, 4, -1, 5, 5, 6, -2});
    REQUIRE(w);
    CHECK(w->method == WilcoxonMethod::NormalApproximation);
    CHECK(w->statistic == 12.5);
    CHECK(w->p_value == Approx(0.04060921298875574).epsilon(1e-12));
    CHECK(*w->z == Approx(-2.0474980004912102).epsilon(1e-12));
  }
  SECTION("zeros are dropped and force the approximation") {
    // wilcoxon([0,0,1,-1,2,2,3,-4,5,0,6,7,-7,8], method="approx", correction=True)
    //   -> statistic 17.0, pvalue 0.16753575108952157, zstatistic -1.3801653137793901
    const auto w =
        wilcoxon_signed_rank(std::vector<double>{0, 0, 1, -1, 2, 2, 3, -4, 5, 0, 6, 7, -7, 8});
    REQUIRE(w);
    CHECK(w->method == WilcoxonMethod::NormalApproximation);
    CHECK(w->zeros == 3);
    CHECK(w->n == 11);
    CHECK(w->statistic == 17.0);
    CHECK(w->p_value == Approx(0.16753575108952157).epsilon(1e-12));
    CHECK(*w->z == Approx(-1.3801653137793901).epsilon(1e-12));
  }
  SECTION("n = 80 with many ties") {
    // n = np.arange(1, 81); wilcoxon(np.round(10*np.sin(n*0.7) + 2), method="approx",
    //   correction=True) -> statistic 1065.0, pvalue 0.007732533257501782,
    //   zstatistic -2.663530800780868
    const auto w = wilcoxon_signed_rank(rounded_sine(80));
    REQUIRE(w);
    CHECK(w->statistic == 1065.0);
    CHECK(w->p_value == Approx(0.007732533257501782).epsilon(1e-12));
    CHECK(*w->z == Approx(-2.663530800780868).epsilon(1e-12));
  }
  SECTION("no test without a non-zero difference") {
    CHECK_FALSE(wilcoxon_signed_rank(std::vector<double>{}));
    CHECK_FALSE(wilcoxon_signed_rank(std::vector<double>{0.0, 0.0, -0.0}));
  }
}

TEST_CASE("summarize_metric: counts present and missing values, point estimates are type 7",
          "[statistics]") {
  const std::vector<Observation> values{3.2, std::nullopt, 1.5,  9.9,  4.4, std::nullopt,
                                        4.4, 0.1,          7.25, 12.0, 2.5, 6.0};
  const MetricSummary s = summarize_metric(values);
  CHECK(s.count == 10);
  CHECK(s.missing == 2);
  REQUIRE(s.mean);
  CHECK(s.mean->value == Approx(51.25 / 10.0).epsilon(1e-14));
  CHECK(s.median->value == 4.4);
  CHECK(s.p90->value == Approx(10.11).epsilon(1e-14));   // as numpy.quantile above
  CHECK(s.p99->value == Approx(11.811).epsilon(1e-14));  // as numpy.quantile above
  CHECK(*s.min == 0.1);
  CHECK(*s.max == 12.0);
  for (const auto& e : {*s.mean, *s.median, *s.p90, *s.p99}) {
    CHECK(e.ci_low <= e.ci_high);
    CHECK(e.ci_low >= 0.1);  // a resample's statistic lies within the data's range
    CHECK(e.ci_high <= 12.0);
  }
  CHECK(s.bootstrap.resamples == kDefaultBootstrapResamples);
  CHECK(s.bootstrap.seed == kDefaultBootstrapSeed);
}

TEST_CASE("summarize_metric: no values, one value, equal values", "[statistics]") {
  const MetricSummary none = summarize_metric(std::vector<Observation>{std::nullopt});
  CHECK(none.count == 0);
  CHECK(none.missing == 1);
  CHECK_FALSE(none.mean);
  CHECK_FALSE(none.p99);
  CHECK_FALSE(none.min);

  const MetricSummary one = summarize_metric(std::vector<double>{42.0});
  REQUIRE(one.p99);
  CHECK(one.p99->value == 42.0);
  CHECK(one.p99->ci_low == 42.0);
  CHECK(one.p99->ci_high == 42.0);

  const MetricSummary same = summarize_metric(std::vector<double>(30, 7.5));
  CHECK(same.mean->ci_low == 7.5);
  CHECK(same.mean->ci_high == 7.5);
  CHECK(same.median->ci_low == 7.5);
}

TEST_CASE("summarize_metric: the same input and seed give identical output, the seed matters",
          "[statistics]") {
  std::vector<double> values;
  for (int i = 1; i <= 40; ++i) values.push_back(std::exp(std::sin(i * 2.1)) * 600.0);
  const Json first = summarize_metric(values);
  CHECK(Json(summarize_metric(values)).dump() == first.dump());
  Json on_thread;
  std::thread([&] { on_thread = summarize_metric(values); }).join();
  CHECK(on_thread.dump() == first.dump());

  BootstrapOptions other;
  other.seed = 7;
  const MetricSummary reseeded = summarize_metric(values, other);
  CHECK(reseeded.mean->value == first["mean"]["value"].get<double>());
  CHECK(reseeded.mean->ci_low != first["mean"]["ci_low"].get<double>());
}

// Property: over many data sets from a known distribution, the 95 % interval holds the true
// value about 95 % of the time. If coverage were exactly 95 %, 400 data sets would give between
// 365 and 392 hits with probability 99.8 % (binomial). The percentile bootstrap runs a little
// narrow at small n (its interval is about a z interval with the 1/n variance: ~94 % at n = 40),
// so the bound below is 360 (90 %); above, 394 (98.5 %). B = 1000 keeps the test under a second;
// coverage hardly depends on B.
TEST_CASE("summarize_metric: the 95 % bootstrap intervals cover the true mean and median",
          "[statistics]") {
  boost::random::mt19937_64 engine(2024);
  boost::random::normal_distribution<double> normal(10.0, 2.0);
  boost::random::lognormal_distribution<double> lognormal(0.0, 1.0);  // median e^0 = 1
  constexpr int kDataSets = 400;
  constexpr int kN = 40;
  int mean_hits = 0;
  int median_hits = 0;
  for (int k = 0; k < kDataSets; ++k) {
    std::vector<double> x;
    std::vector<double> y;
    for (int i = 0; i < kN; ++i) {
      x.push_back(normal(engine));
      y.push_back(lognormal(engine));
    }
    BootstrapOptions options;
    options.resamples = 1000;
    options.seed = static_cast<std::uint64_t>(k);
    const MetricSummary sx = summarize_metric(x, options);
    const MetricSummary sy = summarize_metric(y, options);
    if (sx.mean->ci_low <= 10.0 && 10.0 <= sx.mean->ci_high) ++mean_hits;
    if (sy.median->ci_low <= 1.0 && 1.0 <= sy.median->ci_high) ++median_hits;
  }
  INFO("mean coverage " << mean_hits << " / " << kDataSets << ", median coverage " << median_hits
                        << " / " << kDataSets);
  CHECK(mean_hits >= 360);
  CHECK(mean_hits <= 394);
  CHECK(median_hits >= 360);
  CHECK(median_hits <= 394);
}

TEST_CASE("compare_paired: differences are b − a, who wins follows the direction", "[statistics]") {
  const std::vector<double> a{10, 20, 30, 40};
  const std::vector<double> b{9, 20, 35, 30};  // d = −1, 0, 5, −10
  const PairedComparison lower = compare_paired(a, b, Direction::LowerIsBetter);
  CHECK(lower.pairs == 4);
  CHECK(*lower.mean_a == 25.0);
  CHECK(*lower.mean_b == 23.5);
  CHECK(lower.mean_difference->value == -1.5);
  CHECK(lower.median_difference->value == -0.5);
  CHECK(*lower.relative_mean_difference == -1.5 / 25.0);
  CHECK(lower.b_better_fraction == 0.5);
  CHECK(lower.a_better_fraction == 0.25);
  CHECK(lower.tie_fraction == 0.25);
  CHECK(lower.verdict == Verdict::NoDetectableDifference);

  const PairedComparison higher = compare_paired(a, b, Direction::HigherIsBetter);
  CHECK(higher.mean_difference->value == -1.5);
  CHECK(higher.b_better_fraction == 0.25);
  CHECK(higher.a_better_fraction == 0.5);
}

TEST_CASE("compare_paired: replications missing a value are dropped and counted", "[statistics]") {
  const std::vector<Observation> a{1.0, std::nullopt, 3.0, 4.0, std::nullopt};
  const std::vector<Observation> b{2.0, 2.0, std::nullopt, 3.0, std::nullopt};  // d = 1, −1
  const PairedComparison c = compare_paired(a, b, Direction::LowerIsBetter);
  CHECK(c.replications == 5);
  CHECK(c.pairs == 2);
  CHECK(c.a_missing == 2);
  CHECK(c.b_missing == 2);
  CHECK(c.pairs_dropped == 3);
  CHECK(*c.mean_a == 2.5);
  CHECK(*c.mean_b == 2.5);
  CHECK(c.a_better_fraction == 0.5);
  CHECK(c.b_better_fraction == 0.5);
  CHECK(c.warnings == std::vector<ComparisonWarning>{ComparisonWarning::TooFewPairs,
                                                     ComparisonWarning::Underpowered,
                                                     ComparisonWarning::MissingValues});
  CHECK(warning_message(ComparisonWarning::MissingValues, c) ==
        "3 of 5 replications dropped (A missing in 2, B missing in 2); a policy that leaves the "
        "metric undefined more often can look better on the rest");
  CHECK(warning_message(ComparisonWarning::TooFewPairs, c) ==
        "only 2 complete pairs (at least 20 needed to tell policies apart)");

  const PairedComparison nothing =
      compare_paired(std::vector<Observation>{std::nullopt}, std::vector<Observation>{1.0},
                     Direction::LowerIsBetter);
  CHECK(nothing.pairs == 0);
  CHECK_FALSE(nothing.mean_difference);
  CHECK_FALSE(nothing.wilcoxon);
  CHECK_FALSE(nothing.minimum_detectable_difference);
  CHECK(nothing.verdict == Verdict::NoDetectableDifference);
}

TEST_CASE("compare_paired: the same policy under common random numbers ties every pair",
          "[statistics]") {
  std::vector<double> a;
  for (int i = 1; i <= 30; ++i) a.push_back(100.0 + i);
  const PairedComparison c = compare_paired(a, a, Direction::LowerIsBetter);
  CHECK(c.tie_fraction == 1.0);
  CHECK_FALSE(c.wilcoxon);
  CHECK(c.mean_difference->ci_low == 0.0);
  CHECK(c.mean_difference->ci_high == 0.0);
  CHECK(*c.minimum_detectable_difference == 0.0);
  CHECK(c.verdict == Verdict::NoDetectableDifference);
  CHECK(c.warnings.empty());
}

TEST_CASE("compare_paired: one outlier against a consistent shift makes the tests disagree",
          "[statistics]") {
  // B is 1 s faster in 30 pairs and 100 s slower in one: the typical pair favours B (Wilcoxon),
  // the mean does not (its interval spans 0 as resamples take the outlier or leave it).
  std::vector<double> a(31, 50.0);
  std::vector<double> b(30, 49.0);
  b.push_back(150.0);
  const PairedComparison c = compare_paired(a, b, Direction::LowerIsBetter);
  REQUIRE(c.wilcoxon);
  CHECK(c.wilcoxon->p_value < 0.05);
  CHECK(c.mean_difference->ci_low < 0.0);
  CHECK(c.mean_difference->ci_high > 0.0);
  CHECK(c.verdict == Verdict::NoDetectableDifference);
  REQUIRE(std::count(c.warnings.begin(), c.warnings.end(), ComparisonWarning::TestsDisagree) == 1);
  CHECK_THAT(warning_message(ComparisonWarning::TestsDisagree, c),
             Catch::StartsWith("the 95 % bootstrap interval of the mean difference [") &&
                 Catch::EndsWith("disagree: the mean and the typical pair point different "
                                 "ways, as when one policy has the heavier tail"));
}

TEST_CASE("compare_paired: the minimum detectable difference is 2.80 standard errors",
          "[statistics]") {
  // d alternates ±s around 0: its standard deviation with divisor n is s, so the bootstrap
  // standard error of its mean is about s / √n (within a few % at B = 2000), and the MDD at
  // 95 % and 80 % power (z = 1.95996 + 0.84162) about 2.8016·s / √n.
  constexpr int kN = 64;
  constexpr double kS = 8.0;
  std::vector<double> a(kN, 100.0);
  std::vector<double> b;
  for (int i = 0; i < kN; ++i) b.push_back(100.0 + (i % 2 == 0 ? kS : -kS));
  const PairedComparison c = compare_paired(a, b, Direction::LowerIsBetter);
  const double expected = (1.959963984540054 + 0.8416212335729143) * kS / std::sqrt(kN);
  CHECK(*c.minimum_detectable_difference == Approx(expected).epsilon(0.05));
  CHECK(*c.minimum_detectable_relative_difference ==
        Approx(expected / 100.0).epsilon(0.05));  // 2.8 %: enough replications
  CHECK(c.warnings.empty());

  // Ten times the spread: the MDD is 28 % of A's mean, more than the 10 % a sweep should see.
  for (double& x : b) x = 100.0 + (x - 100.0) * 10.0;
  const PairedComparison noisy = compare_paired(a, b, Direction::LowerIsBetter);
  CHECK(noisy.warnings == std::vector<ComparisonWarning>{ComparisonWarning::Underpowered});
  CHECK_THAT(warning_message(ComparisonWarning::Underpowered, noisy),
             Catch::StartsWith("too few replications: the smallest difference detectable with "
                               "80 % power is 2") &&
                 Catch::EndsWith("% of A's mean); a 10 % change could go unseen"));
}

// One simulated sweep: n incident durations (s) of policies A and B, lognormal and heavy-tailed
// as Davidovič ("Incident Metrics in SRE", Google 2021) finds them: ln t ~ N(7, 1) for A (median
// 1100 s). B's log-duration shares the weight `rho` with A's (common random numbers: the same
// faults) and is scaled by `b_factor`; with rho = 0 the two are independent.
struct Sweep {
  std::vector<double> a;
  std::vector<double> b;
};

Sweep simulate_sweep(boost::random::mt19937_64& engine, int n, double rho, double b_factor) {
  boost::random::normal_distribution<double> z;
  Sweep s;
  for (int i = 0; i < n; ++i) {
    const double shared = z(engine);
    const double own = z(engine);
    s.a.push_back(std::exp(7.0 + shared));
    s.b.push_back(b_factor * std::exp(7.0 + rho * shared + std::sqrt(1.0 - rho * rho) * own));
  }
  return s;
}

// Issue 5's held-out check. A verdict other than "no detectable difference" is a false alarm.
// At a true rate of 5 %, 18 or more false alarms in 200 sweeps happen with probability 1.2 %
// (binomial), so 17 is the bound. (Over 1000 such sweeps the bootstrap interval alone raised
// 6–7 % false alarms; requiring the Wilcoxon test too brought it to 2–3 %.)
TEST_CASE("compare_paired: an identical pair is rarely declared different", "[statistics]") {
  boost::random::mt19937_64 engine(5);
  int independent_alarms = 0;
  int crn_alarms = 0;
  for (int k = 0; k < 200; ++k) {
    ComparisonOptions options;
    options.bootstrap.seed = static_cast<std::uint64_t>(k);
    const Sweep independent = simulate_sweep(engine, 50, 0.0, 1.0);
    const Sweep crn = simulate_sweep(engine, 50, 0.9, 1.0);
    const auto c1 = compare_paired(independent.a, independent.b, Direction::LowerIsBetter, options);
    const auto c2 = compare_paired(crn.a, crn.b, Direction::LowerIsBetter, options);
    if (c1.verdict != Verdict::NoDetectableDifference) ++independent_alarms;
    if (c2.verdict != Verdict::NoDetectableDifference) ++crn_alarms;
  }
  INFO("false alarms: " << independent_alarms << " independent, " << crn_alarms << " CRN");
  CHECK(independent_alarms <= 17);
  CHECK(crn_alarms <= 17);
}

// Issue 5's held-out check. B's durations are 20 % shorter, under common random numbers as the
// simulator gives them (rho = 0.95), over 100 replications: measured while writing this test,
// both tests together find B better in 99.5 % of such sweeps, so 190 of 200 leaves room; A must
// never win.
TEST_CASE("compare_paired: a clearly better policy wins", "[statistics]") {
  boost::random::mt19937_64 engine(20);
  int b_wins = 0;
  int a_wins = 0;
  for (int k = 0; k < 200; ++k) {
    ComparisonOptions options;
    options.bootstrap.seed = static_cast<std::uint64_t>(k);
    const Sweep s = simulate_sweep(engine, 100, 0.95, 0.8);
    const auto c = compare_paired(s.a, s.b, Direction::LowerIsBetter, options);
    if (c.verdict == Verdict::BBetter) ++b_wins;
    if (c.verdict == Verdict::ABetter) ++a_wins;
    // The same data as a higher-is-better metric (e.g. a score): the verdict turns round.
    if (k < 20) {
      const auto h = compare_paired(s.a, s.b, Direction::HigherIsBetter, options);
      const Verdict mirrored = c.verdict == Verdict::BBetter   ? Verdict::ABetter
                               : c.verdict == Verdict::ABetter ? Verdict::BBetter
                                                               : c.verdict;
      CHECK(h.verdict == mirrored);
    }
  }
  INFO("B better in " << b_wins << " of 200");
  CHECK(b_wins >= 190);
  CHECK(a_wins == 0);
}

TEST_CASE(
    "compare_paired: the practical verdict weighs the interval against the smallest effect worth "
    "acting on",
    "[statistics]") {
  // A's times: 100 values around 1000 s; B = A + d with chosen differences, so the intervals of
  // the mean difference are known up to the bootstrap: n = 100 differences of mean μ and
  // standard deviation σ give a 95 % interval of about μ ± 1.96 σ/10.
  std::vector<double> a;
  for (int i = 0; i < 100; ++i) a.push_back(1000.0 + 100.0 * std::sin(i));
  const auto shifted = [&a](const std::function<double(int)>& d) {
    std::vector<double> b;
    for (int i = 0; i < 100; ++i) b.push_back(a[static_cast<std::size_t>(i)] + d(i));
    return b;
  };
  ComparisonOptions options;
  options.smallest_effect = {60.0};  // 1 min
  SECTION("a consistent 5 s gain is detectable but within the minute: equivalent") {
    const auto c = compare_paired(a, shifted([](int i) { return -5.0 + (i % 3) - 1.0; }),
                                  Direction::LowerIsBetter, options);
    CHECK(c.verdict == Verdict::BBetter);
    CHECK(c.practical == PracticalVerdict::Equivalent);
    CHECK(c.equivalence_interval->ci_low > -60.0);
    CHECK(c.equivalence_interval->ci_high < 60.0);
  }
  SECTION("a consistent 5 min gain clears the minute: better") {
    const auto c = compare_paired(a, shifted([](int i) { return -300.0 + (i % 3) - 1.0; }),
                                  Direction::LowerIsBetter, options);
    CHECK(c.practical == PracticalVerdict::BBetter);
    // A's side: the same data read the other way round.
    const auto reversed = compare_paired(shifted([](int i) { return -300.0 + (i % 3) - 1.0; }), a,
                                         Direction::LowerIsBetter, options);
    CHECK(reversed.practical == PracticalVerdict::ABetter);
  }
  SECTION(
      "differences of ±500 s around −50 s: the interval (about −148 … 48 s) crosses the "
      "minute on both sides: inconclusive") {
    const auto c = compare_paired(a, shifted([](int i) { return i % 2 ? 450.0 : -550.0; }),
                                  Direction::LowerIsBetter, options);
    CHECK(c.verdict == Verdict::NoDetectableDifference);
    CHECK(c.practical == PracticalVerdict::Inconclusive);
  }
  SECTION("a gain of 80 s, detectable and beyond the minute, but its interval reaches into it") {
    // d = −80 ± 150: the 95 % interval is about −80 ± 29.4 s, from −109 to −51.
    const auto c = compare_paired(a, shifted([](int i) { return i % 2 ? 70.0 : -230.0; }),
                                  Direction::LowerIsBetter, options);
    CHECK(c.verdict == Verdict::BBetter);
    CHECK(c.mean_difference->ci_high > -60.0);
    CHECK(c.practical == PracticalVerdict::Inconclusive);
  }
  SECTION("a relative smallest effect is a fraction of A's mean") {
    options.smallest_effect = {0.10, true};  // 10 % of about 1000 s
    const auto c = compare_paired(a, shifted([](int i) { return -80.0 + (i % 3) - 1.0; }),
                                  Direction::LowerIsBetter, options);
    REQUIRE(c.smallest_effect);
    CHECK(*c.smallest_effect == Approx(0.10 * *c.mean_a));
    CHECK(c.practical == PracticalVerdict::Equivalent);
    const auto big = compare_paired(a, shifted([](int i) { return -150.0 + (i % 3) - 1.0; }),
                                    Direction::LowerIsBetter, options);
    CHECK(big.practical == PracticalVerdict::BBetter);
  }
  SECTION("higher is better: a score 10 points up clears 2 points") {
    options.smallest_effect = {2.0};
    const auto c = compare_paired(a, shifted([](int i) { return 10.0 + (i % 3) - 1.0; }),
                                  Direction::HigherIsBetter, options);
    CHECK(c.practical == PracticalVerdict::BBetter);
  }
  SECTION("below the minimum of pairs there is no verdict, however clear the difference") {
    const std::vector<double> few_a(a.begin(), a.begin() + 10);
    const std::vector<double> few_b = [&few_a] {
      std::vector<double> b;
      for (const double x : few_a) b.push_back(x - 600.0);
      return b;
    }();
    const auto c = compare_paired(few_a, few_b, Direction::LowerIsBetter, options);
    CHECK(c.practical == PracticalVerdict::NoVerdict);
  }
  SECTION("without a smallest effect nothing is equivalent") {
    options.smallest_effect = {};
    const auto c = compare_paired(a, a, Direction::LowerIsBetter, options);
    CHECK(c.practical == PracticalVerdict::Inconclusive);
  }
}

TEST_CASE("compare_paired: the same input gives identical output, on any thread", "[statistics]") {
  boost::random::mt19937_64 engine(99);
  const Sweep s = simulate_sweep(engine, 60, 0.8, 0.9);
  const Json first = compare_paired(s.a, s.b, Direction::LowerIsBetter);
  CHECK(Json(compare_paired(s.a, s.b, Direction::LowerIsBetter)).dump() == first.dump());
  Json on_thread;
  std::thread([&] { on_thread = compare_paired(s.a, s.b, Direction::LowerIsBetter); }).join();
  CHECK(on_thread.dump() == first.dump());
}

TEST_CASE("to_json: keys, units and nulls of a summary and a comparison", "[statistics]") {
  const Json summary = summarize_metric(std::vector<Observation>{std::nullopt});
  CHECK(summary.dump() ==
        R"({"count":0,"missing":1,"mean":null,"median":null,"p90":null,"p99":null,)"
        R"("min":null,"max":null,"confidence_level":0.95,"bootstrap_resamples":2000,)"
        R"("bootstrap_seed":20210531})");

  const std::vector<double> a{10, 20, 30, 40};
  const std::vector<double> b{9, 20, 35, 30};
  const Json c = compare_paired(a, b, Direction::LowerIsBetter);
  std::vector<std::string> keys;
  for (const auto& item : c.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"direction",
                                         "replications",
                                         "pairs",
                                         "a_missing",
                                         "b_missing",
                                         "pairs_dropped",
                                         "mean_a",
                                         "mean_b",
                                         "mean_difference",
                                         "median_difference",
                                         "relative_mean_difference_fraction",
                                         "a_better_fraction",
                                         "b_better_fraction",
                                         "tie_fraction",
                                         "wilcoxon",
                                         "minimum_detectable_difference",
                                         "minimum_detectable_difference_fraction",
                                         "verdict",
                                         "smallest_effect",
                                         "equivalence_interval",
                                         "practical_verdict",
                                         "wilcoxon_p_family_wise",
                                         "verdict_holds_family_wise",
                                         "warnings",
                                         "confidence_level",
                                         "power",
                                         "min_pairs",
                                         "detectable_difference_fraction",
                                         "smallest_effect_option",
                                         "bootstrap_resamples",
                                         "bootstrap_seed"});
  CHECK(c["direction"] == "lower_is_better");
  CHECK(c["verdict"] == "no_detectable_difference");
  CHECK(c["practical_verdict"] == "no_verdict");  // 4 pairs, 20 needed
  CHECK(c["smallest_effect"] == 0.0);
  CHECK(c["mean_difference"]["value"] == -1.5);
  CHECK(c["wilcoxon"]["method"] == "normal_approximation");  // a zero difference
  CHECK(c["wilcoxon"]["z"].is_number());
  CHECK(c["wilcoxon"]["n"] == 3);
  CHECK(c["wilcoxon"]["zeros"] == 1);
  REQUIRE(c["warnings"].size() == 2);
  CHECK(c["warnings"][0]["code"] == "too_few_pairs");
  CHECK(c["warnings"][1]["code"] == "underpowered");
}

// Holm (1979) by hand: sorted, 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04
// raised to the running maximum 0.06; capped at 1. statsmodels' multipletests(method="holm")
// gives the same.
TEST_CASE("holm_adjusted: the step-down adjustment, in the input's order", "[statistics]") {
  const std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  const std::vector<double> adjusted = holm_adjusted(p);
  REQUIRE(adjusted.size() == 4);
  CHECK(adjusted[0] == Approx(0.03));
  CHECK(adjusted[1] == Approx(0.06));
  CHECK(adjusted[2] == Approx(0.06));
  CHECK(adjusted[3] == Approx(0.02));
  CHECK(holm_adjusted(std::vector<double>{0.5, 0.6})[0] == Approx(1.0));
  CHECK(holm_adjusted(std::vector<double>{}).empty());
}

// Why a sweep reports family-wise verdicts: 12 metrics of identical policies (independent here,
// the worst case for the family) each at 5 % give some verdict in about 1 − 0.95^12 = 46 % of
// sweeps at the Wilcoxon level (fewer with the interval also required); after Holm, at most 5 %.
// 100 families: 11 or more family-wise false alarms have binomial probability 1.1 % at 5 %.
TEST_CASE("set_family_wise: identical policies compared on 12 metrics keep the family-wise "
          "error rate, a clear difference still holds",
          "[statistics]") {
  boost::random::mt19937_64 engine(12);
  int any_alarm = 0;
  int family_alarm = 0;
  for (int k = 0; k < 100; ++k) {
    std::vector<PairedComparison> family;
    for (int m = 0; m < 12; ++m) {
      ComparisonOptions options;
      options.bootstrap.seed = static_cast<std::uint64_t>(100 * k + m);
      options.bootstrap.resamples = 500;
      const Sweep s = simulate_sweep(engine, 40, 0.5, 1.0);
      family.push_back(compare_paired(s.a, s.b, Direction::LowerIsBetter, options));
    }
    set_family_wise(family);
    bool any = false, holds = false;
    for (const PairedComparison& c : family) {
      REQUIRE(c.wilcoxon_p_family_wise);
      CHECK(*c.wilcoxon_p_family_wise >= c.wilcoxon->p_value);
      any = any || c.verdict != Verdict::NoDetectableDifference;
      holds = holds || (c.verdict != Verdict::NoDetectableDifference &&
                        *c.verdict_holds_family_wise);
    }
    any_alarm += any;
    family_alarm += holds;
  }
  INFO(any_alarm << " sweeps with some verdict, " << family_alarm << " family-wise");
  CHECK(any_alarm > family_alarm);
  CHECK(family_alarm <= 10);

  // B 20 % shorter on one metric of the family: the verdict survives the adjustment.
  std::vector<PairedComparison> family;
  for (int m = 0; m < 12; ++m) {
    const Sweep s = simulate_sweep(engine, 100, 0.95, m == 0 ? 0.8 : 1.0);
    family.push_back(compare_paired(s.a, s.b, Direction::LowerIsBetter));
  }
  set_family_wise(family);
  CHECK(family[0].verdict == Verdict::BBetter);
  CHECK(*family[0].verdict_holds_family_wise);
}

}  // namespace
}  // namespace firedrill::scoring
