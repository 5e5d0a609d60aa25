#pragma once
// Maximum-likelihood lognormal fits of durations (acknowledgement, mitigation) and how well they
// fit: the Kolmogorov–Smirnov and Anderson–Darling statistics with their p-values.

#include <cstddef>
#include <span>

namespace firedrill::scoring {

// How far a sample lies from a fitted lognormal. Both tests compare the empirical distribution
// with the fitted one. With the parameters estimated from the same sample the KS p-value from
// Kolmogorov's distribution is conservative (too large; Lilliefors 1967); the Anderson–Darling
// p-value below is the one for estimated parameters, so prefer it to reject a fit.
struct GoodnessOfFit {
  double ks_statistic = 0.0;  // D = sup |F_n(x) − F(x)|, 0–1
  double ks_p_value = 1.0;    // asymptotic, with Stephens' small-sample correction
  double ad_statistic = 0.0;  // A², modified for estimated mean and sd: A²(1 + 0.75/n + 2.25/n²)
  double ad_p_value = 1.0;
};

// A lognormal: ln t ~ Normal(mu, sigma²), t in seconds.
struct LognormalFit {
  std::size_t n = 0;
  double mu = 0.0;     // mean of ln t (t in seconds)
  double sigma = 0.0;  // sd of ln t; the maximum-likelihood estimate divides by n, not n − 1
  double median_s() const;
  // Standard error of mu: sigma / sqrt(n) (the sample mean of n normal draws).
  double mu_standard_error() const;
  GoodnessOfFit fit;
};

// Fits a lognormal to `samples_s` by maximum likelihood: mu and sigma are the mean and the
// (1/n) standard deviation of ln t (e.g. Johnson, Kotz & Balakrishnan, Continuous Univariate
// Distributions vol. 1, 2nd ed., ch. 14), and measures the fit with goodness_of_fit.
// REQUIRES: samples_s.size() >= 3, every sample > 0 and finite.
LognormalFit fit_lognormal(std::span<const double> samples_s);

// Tests `samples_s` against the lognormal (mu, sigma). KS: D over the sorted sample against
// Boost.Math's lognormal CDF; p = Q_KS((√n + 0.12 + 0.11/√n) D) with Kolmogorov's Q_KS
// (Stephens 1970; Numerical Recipes 3rd ed. §14.3.3). Anderson–Darling on z = (ln t − mu)/sigma
// against the standard normal, p-value for a normal with estimated mean and variance from
// D'Agostino & Stephens, Goodness-of-Fit Techniques (1986), table 4.9.
// REQUIRES: samples_s non-empty, every sample > 0, sigma > 0.
GoodnessOfFit goodness_of_fit(std::span<const double> samples_s, double mu, double sigma);

// Kolmogorov's distribution Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²), the probability that
// √n·D exceeds λ; for λ < 1.18 through its equivalent theta-function form, which converges fast
// there (Numerical Recipes 3rd ed. §6.14.12).
double kolmogorov_q(double lambda);

}  // namespace firedrill::scoring
