// Lognormal maximum-likelihood fits and their goodness of fit (lognormal_fit.hpp).

#include "scoring/lognormal_fit.hpp"

#include <algorithm>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cassert>
#include <cmath>
#include <numbers>
#include <vector>

namespace firedrill::scoring {

double LognormalFit::median_s() const { return std::exp(mu); }

double LognormalFit::mu_standard_error() const { return sigma / std::sqrt(static_cast<double>(n)); }

double kolmogorov_q(double lambda) {
  if (lambda <= 0.0) return 1.0;
  if (lambda < 1.18) {
    // 1 − Q = √(2π)/λ Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)); four terms reach double precision here.
    const double y = std::exp(-std::numbers::pi * std::numbers::pi / (8.0 * lambda * lambda));
    const double y8 = std::pow(y, 8.0);
    const double cdf = std::sqrt(2.0 * std::numbers::pi) / lambda *
                       (y + std::pow(y, 9.0) + std::pow(y8, 3.0) * y + std::pow(y8, 6.0) * y);
    return std::clamp(1.0 - cdf, 0.0, 1.0);
  }
  double sum = 0.0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    sum += (k % 2 == 1 ? term : -term);
    if (term < 1e-17) break;
  }
  return std::clamp(2.0 * sum, 0.0, 1.0);
}

namespace {

// D'Agostino & Stephens (1986), table 4.9: p-value of the modified A*² for the normal with
// mean and variance estimated.
double anderson_darling_p(double a) {
  if (a >= 0.6) return std::exp(1.2937 - 5.709 * a + 0.0186 * a * a);
  if (a >= 0.34) return std::exp(0.9177 - 4.279 * a - 1.38 * a * a);
  if (a >= 0.2) return 1.0 - std::exp(-8.318 + 42.796 * a - 59.938 * a * a);
  return 1.0 - std::exp(-13.436 + 101.14 * a - 223.73 * a * a);
}

}  // namespace

GoodnessOfFit goodness_of_fit(std::span<const double> samples_s, double mu, double sigma) {
  assert(!samples_s.empty() && sigma > 0.0);
  std::vector<double> sorted(samples_s.begin(), samples_s.end());
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());
  const boost::math::lognormal_distribution<double> fitted(mu, sigma);
  const boost::math::normal_distribution<double> standard;
  GoodnessOfFit out;
  double d = 0.0, a_sum = 0.0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double f = boost::math::cdf(fitted, sorted[i]);
    const double below = static_cast<double>(i) / n, above = static_cast<double>(i + 1) / n;
    d = std::max({d, above - f, f - below});
    // ln Φ(z_i) + ln(1 − Φ(z_{n+1−i})), with the upper tail from the complement so that it
    // does not round to ln 0 far out.
    const double z_low = (std::log(sorted[i]) - mu) / sigma;
    const double z_high = (std::log(sorted[sorted.size() - 1 - i]) - mu) / sigma;
    const double lo = std::max(boost::math::cdf(standard, z_low), 1e-300);
    const double hi = std::max(boost::math::cdf(boost::math::complement(standard, z_high)), 1e-300);
    a_sum += (2.0 * static_cast<double>(i) + 1.0) * (std::log(lo) + std::log(hi));
  }
  out.ks_statistic = d;
  out.ks_p_value = kolmogorov_q((std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * d);
  const double a2 = -n - a_sum / n;
  out.ad_statistic = a2 * (1.0 + 0.75 / n + 2.25 / (n * n));
  out.ad_p_value = std::clamp(anderson_darling_p(out.ad_statistic), 0.0, 1.0);
  return out;
}

LognormalFit fit_lognormal(std::span<const double> samples_s) {
  assert(samples_s.size() >= 3);
  LognormalFit out;
  out.n = samples_s.size();
  const auto n = static_cast<double>(out.n);
  double sum = 0.0;
  for (const double t : samples_s) sum += std::log(t);
  out.mu = sum / n;
  double squares = 0.0;
  for (const double t : samples_s) squares += (std::log(t) - out.mu) * (std::log(t) - out.mu);
  out.sigma = std::sqrt(squares / n);
  // Every sample equal: sigma 0 has no distribution to test against; report a perfect fit.
  if (out.sigma > 0.0) out.fit = goodness_of_fit(samples_s, out.mu, out.sigma);
  return out;
}

}  // namespace firedrill::scoring
