// The lognormal fit and its goodness of fit on synthetic samples with known parameters, and the
// people model's calibration from grouped incidents.

#include "scoring/calibration.hpp"

#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

using namespace firedrill::scoring;

namespace {

// n draws of a lognormal with ln t ~ Normal(mu, sigma²), Boost.Random with a fixed seed.
std::vector<double> lognormal_draws(double mu, double sigma, std::size_t n, unsigned seed) {
  boost::random::mt19937 rng(seed);
  boost::random::lognormal_distribution<double> draw(mu, sigma);
  std::vector<double> out(n);
  for (double& x : out) x = draw(rng);
  return out;
}

}  // namespace

TEST_CASE("fit_lognormal: recovers mu and sigma of 500 draws within four standard errors",
          "[calibration]") {
  const double mu = std::log(180.0), sigma = 0.8;
  const std::size_t n = 500;
  const auto samples = lognormal_draws(mu, sigma, n, 17);
  const LognormalFit fit = fit_lognormal(samples);
  // mu's estimate is the mean of n normal draws: standard error sigma/√n. The MLE of sigma has
  // asymptotic standard error sigma/√(2n) (Fisher information of the normal's sd). Four standard
  // errors: a correct fit misses by chance with probability 6e-5 (two-sided normal tail).
  CHECK(fit.n == n);
  CHECK(std::abs(fit.mu - mu) <= 4.0 * sigma / std::sqrt(double(n)));
  CHECK(std::abs(fit.sigma - sigma) <= 4.0 * sigma / std::sqrt(2.0 * double(n)));
  CHECK(fit.mu_standard_error() == Approx(fit.sigma / std::sqrt(double(n))));
  CHECK(fit.median_s() == Approx(std::exp(fit.mu)));
}

TEST_CASE("goodness_of_fit: p-values are not small for the true model and small for wrong ones",
          "[calibration]") {
  const double mu = std::log(600.0), sigma = 0.6;
  const auto samples = lognormal_draws(mu, sigma, 500, 42);
  const GoodnessOfFit truth = goodness_of_fit(samples, mu, sigma);
  CHECK(truth.ks_p_value > 0.05);
  const LognormalFit fitted = fit_lognormal(samples);
  CHECK(fitted.fit.ks_p_value > 0.05);
  CHECK(fitted.fit.ad_p_value > 0.05);
  // The median off by a factor e^0.5 moves the CDF by up to Φ(0.42) − Φ(−0.42) ≈ 0.33 at the
  // median, far beyond Kolmogorov's 1 % critical value 1.63/√500 ≈ 0.073.
  const GoodnessOfFit shifted = goodness_of_fit(samples, mu + 0.5, sigma);
  CHECK(shifted.ks_statistic > 0.073);
  CHECK(shifted.ks_p_value < 1e-6);
  // Uniform durations fitted as a lognormal: the shape is wrong, whatever the parameters.
  boost::random::mt19937 rng(7);
  boost::random::uniform_real_distribution<double> uniform(60.0, 3600.0);
  std::vector<double> flat(500);
  for (double& x : flat) x = uniform(rng);
  const LognormalFit wrong = fit_lognormal(flat);
  CHECK(wrong.fit.ad_p_value < 0.001);
  CHECK(wrong.fit.ks_p_value < 0.01);
}

TEST_CASE("kolmogorov_q: matches Kolmogorov's tabulated critical values, both branches",
          "[calibration]") {
  // Critical values of √n·D: 1.358 at 5 %, 1.628 at 1 % (Smirnov 1948's table).
  CHECK(kolmogorov_q(1.358) == Approx(0.05).margin(5e-4));
  CHECK(kolmogorov_q(1.628) == Approx(0.01).margin(1e-4));
  CHECK(kolmogorov_q(1.18 - 1e-9) == Approx(kolmogorov_q(1.18 + 1e-9)).margin(1e-6));
  CHECK(kolmogorov_q(0.0) == 1.0);
}

TEST_CASE("calibrate_people: fits groups large enough, refuses smaller ones by name and size",
          "[calibration]") {
  const auto day = lognormal_draws(std::log(180.0), 0.8, 30, 1);
  const auto night = lognormal_draws(std::log(720.0), 0.6, 12, 2);
  std::vector<ResponseSample> samples;
  for (const double t : day) samples.push_back({"", t, false, false, std::nullopt, std::nullopt});
  for (const double t : night) samples.push_back({"", t, true, std::nullopt, std::nullopt, {}});
  // Five day incidents escalated: their acknowledgements (by a later level) stay out of the fit.
  for (int k = 0; k < 5; ++k) samples.push_back({"", 1800.0, false, true, std::nullopt, {}});
  Calibration c = calibrate_people(samples, 20);
  REQUIRE(c.ack_day.fit);
  CHECK(c.ack_day.fit->n == 30);
  CHECK_FALSE(c.ack_night.fit);
  CHECK(c.ack_night.refused == "12 incidents, fewer than the minimum 20");
  REQUIRE(c.missed_day.share);
  CHECK(*c.missed_day.share == Approx(5.0 / 35.0));
  CHECK(c.missed_night.refused == "the source does not say which pages escalated");
  const auto people = nlohmann::json::parse(people_json(c));
  const auto& responders = people.at("/policy/responders"_json_pointer);
  CHECK(responders.size() == 2);
  CHECK(responders.at("ack_median_day_min").get<double>() ==
        Approx(c.ack_day.fit->median_s() / 60.0).margin(0.005));
  CHECK(responders.at("missed_page_probability_day").get<double>() ==
        Approx(5.0 / 35.0).margin(5e-5));
  const std::string report = calibration_markdown(c, {"history.csv"}, {});
  CHECK_THAT(report, Catch::Contains("acknowledgement, night (22:00-08:00): 12 incidents, fewer "
                                     "than the minimum 20"));
}
