#include "scoring/statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <array>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

#include "sim/engine/check.hpp"

namespace firedrill::scoring {
namespace {

constexpr std::size_t kMaxExactWilcoxonN = 50;  // scipy 1.10, wilcoxon(method="auto")

void check_options(const BootstrapOptions& options) {
  FIREDRILL_CHECK(options.resamples >= 1, "bootstrap needs at least one resample");
  FIREDRILL_CHECK(options.confidence_level > 0.0 && options.confidence_level < 1.0,
                  "confidence level must lie in (0, 1)");
}

// numpy's _lerp (numpy 1.24, lib/function_base.py): from the upper end when t >= 0.5, so the
// result is exact at both ends and monotone in t. Matching it keeps quantile() within an ulp
// or so of numpy.quantile.
double lerp(double lower, double upper, double t) {
  const double diff = upper - lower;
  return t >= 0.5 ? upper - diff * (1.0 - t) : lower + diff * t;
}

// Where the type 7 quantile p of n values sits: between order statistics `lower` and lower + 1
// (clamped to n − 1), a fraction `t` of the way.
struct QuantilePosition {
  std::size_t lower = 0;
  std::size_t upper = 0;
  double t = 0.0;
};

QuantilePosition quantile_position(std::size_t n, double p) {
  const double h = static_cast<double>(n - 1) * p;
  const double floor_h = std::floor(h);
  QuantilePosition pos;
  pos.lower = std::min(static_cast<std::size_t>(floor_h), n - 1);
  pos.upper = std::min(pos.lower + 1, n - 1);
  pos.t = h - floor_h;
  return pos;
}

void check_finite(double value) {
  FIREDRILL_CHECK(std::isfinite(value), "statistics: a value is not finite (use nullopt)");
}

double mean_of(std::span<const double> values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// The bootstrap replicates of the mean and of the quantiles `probabilities` of `sorted`.
// replicates[0] holds the B means; replicates[1 + k] the B values of quantile k.
//
// A resample is the multiset of n indices drawn with replacement; counting how often each index
// came up lets the order statistics be read off `sorted` in one pass, without sorting the
// resample. Indices refer to the sorted values, so the result depends only on the multiset of
// values, not on their order.
std::vector<std::vector<double>> bootstrap_replicates(std::span<const double> sorted,
                                                      std::span<const double> probabilities,
                                                      const BootstrapOptions& options) {
  const std::size_t n = sorted.size();
  std::vector<QuantilePosition> positions;
  std::vector<std::size_t> ranks;  // the order statistics needed, ascending, distinct
  for (double p : probabilities) {
    positions.push_back(quantile_position(n, p));
    ranks.push_back(positions.back().lower);
    ranks.push_back(positions.back().upper);
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());

  std::vector<std::vector<double>> replicates(1 + probabilities.size());
  for (auto& r : replicates) r.reserve(options.resamples);

  boost::random::mt19937_64 engine(options.seed);
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<std::size_t> counts(n);
  std::vector<double> order_statistic(n);  // filled at `ranks` only
  for (std::size_t b = 0; b < options.resamples; ++b) {
    std::fill(counts.begin(), counts.end(), 0);
    for (std::size_t i = 0; i < n; ++i) ++counts[pick(engine)];

    double sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) sum += static_cast<double>(counts[j]) * sorted[j];
    replicates[0].push_back(sum / static_cast<double>(n));

    std::size_t j = 0;
    std::size_t below = counts[0];  // resampled values with sorted index <= j
    for (std::size_t rank : ranks) {
      while (below <= rank) below += counts[++j];
      order_statistic[rank] = sorted[j];
    }
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const QuantilePosition& pos = positions[k];
      replicates[1 + k].push_back(
          lerp(order_statistic[pos.lower], order_statistic[pos.upper], pos.t));
    }
  }
  return replicates;
}

// The percentile interval of `replicates` (sorted in place) around `value`.
Estimate percentile_interval(double value, std::vector<double>& replicates, double level) {
  std::sort(replicates.begin(), replicates.end());
  return Estimate{value, quantile(replicates, (1.0 - level) / 2.0),
                  quantile(replicates, (1.0 + level) / 2.0)};
}

// Standard deviation of `values` with divisor size − 1; 0 for fewer than two.
double standard_deviation(std::span<const double> values) {
  if (values.size() < 2) return 0.0;
  const double mean = mean_of(values);
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

std::vector<Observation> as_observations(std::span<const double> values) {
  return std::vector<Observation>(values.begin(), values.end());
}

// P(R+ = r) for r = 0 .. n(n+1)/2 under the null: each rank's sign is a fair coin. Built the
// way scipy 1.10 builds it (_get_wilcoxon_distr: halve and shift), exact in doubles for n <= 50.
std::vector<double> wilcoxon_null_pmf(std::size_t n) {
  std::vector<double> pmf{1.0};
  for (std::size_t k = 1; k <= n; ++k) {
    std::vector<double> next(k * (k + 1) / 2 + 1, 0.0);
    const std::size_t m = pmf.size();
    for (std::size_t r = 0; r < m; ++r) {
      next[r] += pmf[r] * 0.5;
      next[next.size() - m + r] += pmf[r] * 0.5;
    }
    pmf = std::move(next);
  }
  return pmf;
}

int sign_of(double x) { return x > 0.0 ? 1 : (x < 0.0 ? -1 : 0); }

}  // namespace

double quantile(std::span<const double> sorted_values, double p) {
  FIREDRILL_CHECK(!sorted_values.empty(), "quantile of no values");
  FIREDRILL_CHECK(p >= 0.0 && p <= 1.0, "quantile probability must lie in [0, 1]");
  const QuantilePosition pos = quantile_position(sorted_values.size(), p);
  return lerp(sorted_values[pos.lower], sorted_values[pos.upper], pos.t);
}

MetricSummary summarize_metric(std::span<const Observation> values,
                               const BootstrapOptions& options) {
  check_options(options);
  MetricSummary summary;
  summary.bootstrap = options;
  std::vector<double> present;
  for (const Observation& v : values) {
    if (!v) {
      ++summary.missing;
      continue;
    }
    check_finite(*v);
    present.push_back(*v);
  }
  summary.count = present.size();
  if (present.empty()) return summary;

  // The observed mean sums in input order; the resamples sum in sorted order.
  const double mean = mean_of(present);
  std::sort(present.begin(), present.end());
  constexpr std::array<double, 3> kProbabilities{0.5, 0.9, 0.99};
  auto replicates = bootstrap_replicates(present, kProbabilities, options);
  const double level = options.confidence_level;
  summary.mean = percentile_interval(mean, replicates[0], level);
  summary.median = percentile_interval(quantile(present, 0.5), replicates[1], level);
  summary.p90 = percentile_interval(quantile(present, 0.9), replicates[2], level);
  summary.p99 = percentile_interval(quantile(present, 0.99), replicates[3], level);
  summary.min = present.front();
  summary.max = present.back();
  return summary;
}

MetricSummary summarize_metric(std::span<const double> values, const BootstrapOptions& options) {
  return summarize_metric(as_observations(values), options);
}

std::vector<double> holm_adjusted(std::span<const double> p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return p_values[i] < p_values[j]; });
  std::vector<double> adjusted(m);
  double running = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p_values[order[k]]));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

void set_family_wise(std::span<PairedComparison> family) {
  std::vector<double> p;
  for (const PairedComparison& c : family)
    if (c.wilcoxon) p.push_back(c.wilcoxon->p_value);
  const std::vector<double> adjusted = holm_adjusted(p);
  std::size_t k = 0;
  for (PairedComparison& c : family) {
    if (!c.wilcoxon) continue;
    c.wilcoxon_p_family_wise = adjusted[k++];
    const double alpha = 1.0 - c.options.bootstrap.confidence_level;
    c.verdict_holds_family_wise =
        c.verdict == Verdict::NoDetectableDifference || *c.wilcoxon_p_family_wise < alpha;
  }
}

std::optional<WilcoxonResult> wilcoxon_signed_rank(std::span<const double> differences) {
  WilcoxonResult result;
  std::vector<double> nonzero;
  for (double d : differences) {
    check_finite(d);
    if (d == 0.0) {
      ++result.zeros;
    } else {
      nonzero.push_back(d);
    }
  }
  if (nonzero.empty()) return std::nullopt;
  const std::size_t n = nonzero.size();
  result.n = n;

  std::sort(nonzero.begin(), nonzero.end(),
            [](double x, double y) { return std::abs(x) < std::abs(y); });
  double tie_term = 0.0;  // Σ t(t² − 1) over groups of t equal |d|
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && std::abs(nonzero[j]) == std::abs(nonzero[i])) ++j;
    // 0-based positions i .. j − 1 share the average of ranks i + 1 .. j.
    const double rank = static_cast<double>(i + 1 + j) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      (nonzero[k] > 0.0 ? result.rank_sum_positive : result.rank_sum_negative) += rank;
    }
    const auto t = static_cast<double>(j - i);
    tie_term += t * (t * t - 1.0);
    i = j;
  }
  result.statistic = std::min(result.rank_sum_positive, result.rank_sum_negative);

  if (result.zeros == 0 && tie_term == 0.0 && n <= kMaxExactWilcoxonN) {
    result.method = WilcoxonMethod::Exact;
    const std::vector<double> pmf = wilcoxon_null_pmf(n);
    // R+ is a whole number here: no ties, so every rank is an integer.
    const auto r_plus = static_cast<std::size_t>(result.rank_sum_positive);
    if (r_plus == (pmf.size() - 1) / 2) {
      result.p_value = 1.0;  // the centre of the distribution, as scipy has it
    } else {
      double p_less = 0.0;
      for (std::size_t r = 0; r <= r_plus; ++r) p_less += pmf[r];
      double p_greater = 0.0;
      for (std::size_t r = r_plus; r < pmf.size(); ++r) p_greater += pmf[r];
      result.p_value = std::min(1.0, 2.0 * std::min(p_less, p_greater));
    }
    return result;
  }

  result.method = WilcoxonMethod::NormalApproximation;
  const auto nd = static_cast<double>(n);
  const double mean = nd * (nd + 1.0) / 4.0;
  const double variance = nd * (nd + 1.0) * (2.0 * nd + 1.0) / 24.0 - tie_term / 48.0;
  const double correction = 0.5 * sign_of(result.statistic - mean);
  const double z = (result.statistic - mean - correction) / std::sqrt(variance);
  result.z = z;
  const boost::math::normal standard_normal;
  result.p_value = 2.0 * boost::math::cdf(boost::math::complement(standard_normal, std::abs(z)));
  return result;
}

namespace {

// The practical verdict of `c` (compare_paired), whose statistics are set; B is better on a pair
// when its difference has the sign `b_better_sign`.
PracticalVerdict practical_verdict(const PairedComparison& c, int b_better_sign) {
  if (c.pairs < c.options.min_pairs) return PracticalVerdict::NoVerdict;
  const double delta = *c.smallest_effect;
  const Estimate& d = *c.mean_difference;
  // The whole interval beyond δ on the side of `better_sign`.
  const auto beyond = [&](int better_sign) {
    return better_sign < 0 ? d.ci_high <= -delta : d.ci_low >= delta;
  };
  if (c.verdict == Verdict::BBetter && beyond(b_better_sign)) return PracticalVerdict::BBetter;
  if (c.verdict == Verdict::ABetter && beyond(-b_better_sign)) return PracticalVerdict::ABetter;
  const Estimate& e = *c.equivalence_interval;
  if (-delta < e.ci_low && e.ci_high < delta) return PracticalVerdict::Equivalent;
  return PracticalVerdict::Inconclusive;
}

}  // namespace

PairedComparison compare_paired(std::span<const Observation> a, std::span<const Observation> b,
                                Direction direction, const ComparisonOptions& options) {
  check_options(options.bootstrap);
  FIREDRILL_CHECK(
      options.smallest_effect.value >= 0.0 && std::isfinite(options.smallest_effect.value),
      "the smallest effect must be finite and >= 0");
  FIREDRILL_CHECK(a.size() == b.size(), "compare_paired: A and B need one value per replication");
  FIREDRILL_CHECK(options.power > 0.0 && options.power < 1.0, "power must lie in (0, 1)");
  PairedComparison c;
  c.direction = direction;
  c.options = options;
  c.replications = a.size();

  std::vector<double> a_paired;
  std::vector<double> b_paired;
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i]) check_finite(*a[i]);
    if (b[i]) check_finite(*b[i]);
    if (!a[i]) ++c.a_missing;
    if (!b[i]) ++c.b_missing;
    if (!a[i] || !b[i]) continue;
    a_paired.push_back(*a[i]);
    b_paired.push_back(*b[i]);
    d.push_back(*b[i] - *a[i]);
  }
  c.pairs = d.size();
  c.pairs_dropped = c.replications - c.pairs;

  // B is better on a pair when its difference has this sign.
  const int b_better_sign = direction == Direction::LowerIsBetter ? -1 : 1;
  int ci_sign = 0;
  int wilcoxon_sign = 0;
  if (!d.empty()) {
    const double pairs = static_cast<double>(c.pairs);
    std::size_t a_better = 0;
    std::size_t b_better = 0;
    for (double x : d) {
      const int s = sign_of(x);
      if (s == b_better_sign) {
        ++b_better;
      } else if (s != 0) {
        ++a_better;
      }
    }
    c.a_better_fraction = static_cast<double>(a_better) / pairs;
    c.b_better_fraction = static_cast<double>(b_better) / pairs;
    c.tie_fraction = static_cast<double>(c.pairs - a_better - b_better) / pairs;

    c.mean_a = mean_of(a_paired);
    c.mean_b = mean_of(b_paired);
    const double mean_d = mean_of(d);
    if (*c.mean_a != 0.0) c.relative_mean_difference = mean_d / std::abs(*c.mean_a);

    c.wilcoxon = wilcoxon_signed_rank(d);

    std::vector<double> sorted = d;
    std::sort(sorted.begin(), sorted.end());
    constexpr std::array<double, 1> kMedian{0.5};
    auto replicates = bootstrap_replicates(sorted, kMedian, options.bootstrap);
    const double level = options.bootstrap.confidence_level;
    const double standard_error = standard_deviation(replicates[0]);
    c.mean_difference = percentile_interval(mean_d, replicates[0], level);
    c.median_difference = percentile_interval(quantile(sorted, 0.5), replicates[1], level);

    const boost::math::normal standard_normal;
    const double z_alpha = boost::math::quantile(standard_normal, (1.0 + level) / 2.0);
    const double z_power = boost::math::quantile(standard_normal, options.power);
    c.minimum_detectable_difference = (z_alpha + z_power) * standard_error;
    if (*c.mean_a != 0.0) {
      c.minimum_detectable_relative_difference =
          *c.minimum_detectable_difference / std::abs(*c.mean_a);
    }

    if (c.mean_difference->ci_low > 0.0) ci_sign = 1;
    if (c.mean_difference->ci_high < 0.0) ci_sign = -1;
    if (c.wilcoxon && c.wilcoxon->p_value < 1.0 - level) {
      wilcoxon_sign = sign_of(c.wilcoxon->rank_sum_positive - c.wilcoxon->rank_sum_negative);
    }
    if (ci_sign != 0 && ci_sign == wilcoxon_sign) {
      c.verdict = ci_sign == b_better_sign ? Verdict::BBetter : Verdict::ABetter;
    }
    c.equivalence_interval = percentile_interval(mean_d, replicates[0], 2.0 * level - 1.0);
    c.smallest_effect = options.smallest_effect.relative
                            ? options.smallest_effect.value * std::abs(*c.mean_a)
                            : options.smallest_effect.value;
    c.practical = practical_verdict(c, b_better_sign);
  }

  if (c.pairs < options.min_pairs) c.warnings.push_back(ComparisonWarning::TooFewPairs);
  if (c.minimum_detectable_relative_difference &&
      *c.minimum_detectable_relative_difference > options.detectable_relative_difference) {
    c.warnings.push_back(ComparisonWarning::Underpowered);
  }
  if (ci_sign != wilcoxon_sign) c.warnings.push_back(ComparisonWarning::TestsDisagree);
  if (c.pairs_dropped > 0) c.warnings.push_back(ComparisonWarning::MissingValues);
  return c;
}

PairedComparison compare_paired(std::span<const double> a, std::span<const double> b,
                                Direction direction, const ComparisonOptions& options) {
  return compare_paired(as_observations(a), as_observations(b), direction, options);
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::ABetter:
      return "a_better";
    case Verdict::BBetter:
      return "b_better";
    case Verdict::NoDetectableDifference:
      return "no_detectable_difference";
  }
  return "?";
}

std::string_view to_string(PracticalVerdict verdict) {
  switch (verdict) {
    case PracticalVerdict::ABetter:
      return "a_better";
    case PracticalVerdict::BBetter:
      return "b_better";
    case PracticalVerdict::Equivalent:
      return "equivalent";
    case PracticalVerdict::Inconclusive:
      return "inconclusive";
    case PracticalVerdict::NoVerdict:
      return "no_verdict";
  }
  return "?";
}

std::string_view to_string(ComparisonWarning warning) {
  switch (warning) {
    case ComparisonWarning::TooFewPairs:
      return "too_few_pairs";
    case ComparisonWarning::Underpowered:
      return "underpowered";
    case ComparisonWarning::TestsDisagree:
      return "tests_disagree";
    case ComparisonWarning::MissingValues:
      return "missing_values";
  }
  return "?";
}

std::string_view to_string(Direction direction) {
  return direction == Direction::LowerIsBetter ? "lower_is_better" : "higher_is_better";
}

std::string_view to_string(WilcoxonMethod method) {
  return method == WilcoxonMethod::Exact ? "exact" : "normal_approximation";
}

std::string warning_message(ComparisonWarning warning, const PairedComparison& c,
                            const std::function<std::string(double)>& difference) {
  const double percent = 100.0 * c.options.bootstrap.confidence_level;
  const auto amount = [&difference](double v) {
    return difference ? difference(v) : fmt::format("{:.3g}", v);
  };
  switch (warning) {
    case ComparisonWarning::TooFewPairs:
      return fmt::format("only {} complete pairs (at least {} needed to tell policies apart)",
                         c.pairs, c.options.min_pairs);
    case ComparisonWarning::Underpowered:
      return fmt::format(
          "too few replications: the smallest difference detectable with {:.0f} % power is "
          "{} ({:.0f} % of A's mean); a {:.0f} % change could go unseen",
          100.0 * c.options.power, amount(c.minimum_detectable_difference.value_or(0.0)),
          100.0 * c.minimum_detectable_relative_difference.value_or(0.0),
          100.0 * c.options.detectable_relative_difference);
    case ComparisonWarning::TestsDisagree:
      return fmt::format(
          "the {:.0f} % bootstrap interval of the mean difference [{}, {}] and the "
          "Wilcoxon signed-rank test (p = {:.3g}) disagree: the mean and the typical pair point "
          "different ways, as when one policy has the heavier tail",
          percent, amount(c.mean_difference ? c.mean_difference->ci_low : 0.0),
          amount(c.mean_difference ? c.mean_difference->ci_high : 0.0),
          c.wilcoxon ? c.wilcoxon->p_value : 1.0);
    case ComparisonWarning::MissingValues:
      return fmt::format(
          "{} of {} replications dropped (A missing in {}, B missing in {}); a policy that "
          "leaves the metric undefined more often can look better on the rest",
          c.pairs_dropped, c.replications, c.a_missing, c.b_missing);
  }
  return "";
}

}  // namespace firedrill::scoring
