#pragma once
// A hand-made sweep for the plot tests: two policies whose metrics cover every plot shape (a
// discrete count, continuous values with many, few and one distinct value, a fraction, a metric
// no run has).

#include <cstddef>
#include <optional>

#include "scoring/sweep_report.hpp"

namespace firedrill::scoring::testing {

constexpr std::size_t kFixtureRuns = 27;

// Policy "a" and "b", kFixtureRuns replications each, replication i (0-based):
//   ttm_s                  a: 10·i, b: 20·i (27 distinct values each)
//   tta_s                  a: 60, 120 or 180 s (i mod 3), b: 60 s (3 and 1 distinct values)
//   ttd_s                  30 s in every run of both (one value)
//   pages                  a: i mod 7, b: i mod 4 (discrete)
//   error_budget_consumed  a: 0.01·i, b: 0.005·i (a fraction)
//   score                  a: 50 + i, b: 40 + 2·i
//   every other metric     none
inline SweepResult plot_fixture_sweep() {
  SweepResult sweep;
  sweep.scenario = "fixture";
  sweep.runs = kFixtureRuns;
  sweep.first_seed = 1;
  sweep.policies = {{"a", "", {}}, {"b", "", {}}};
  for (std::size_t i = 0; i < kFixtureRuns; ++i) {
    const double x = static_cast<double>(i);
    for (std::size_t p = 0; p < 2; ++p) {
      SweepValues v;
      const auto set = [&v](SweepMetric m, double value) {
        v[static_cast<std::size_t>(m)] = value;
      };
      set(SweepMetric::Ttm, p == 0 ? 10.0 * x : 20.0 * x);
      set(SweepMetric::Tta, p == 0 ? 60.0 * static_cast<double>(i % 3 + 1) : 60.0);
      set(SweepMetric::Ttd, 30.0);
      set(SweepMetric::Pages, static_cast<double>(p == 0 ? i % 7 : i % 4));
      set(SweepMetric::ErrorBudget, p == 0 ? 0.01 * x : 0.005 * x);
      set(SweepMetric::Score, p == 0 ? 50.0 + x : 40.0 + 2.0 * x);
      sweep.policies[p].runs.push_back(v);
    }
  }
  return sweep;
}

}  // namespace firedrill::scoring::testing
