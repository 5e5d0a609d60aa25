// The robustness section: each practical verdict beside the verdicts of the perturbed re-runs.

#include "scoring/robustness.hpp"

#include <catch2/catch.hpp>
#include <cmath>

namespace firedrill::scoring {
namespace {

// Two policies over 40 replications: B's time to mitigate is A's plus `shift` seconds, every
// other metric equal (A's times vary from run to run, so the bootstrap has something to do).
SweepResult two_policies(double shift) {
  SweepResult sweep;
  sweep.scenario = "synthetic";
  sweep.runs = 40;
  sweep.policies = {{"a", "", {}}, {"b", "", {}}};
  for (std::size_t i = 0; i < sweep.runs; ++i) {
    SweepValues v;
    v.fill(1.0);
    const std::size_t ttm = static_cast<std::size_t>(SweepMetric::Ttm);
    v[ttm] = 1800.0 + 300.0 * std::sin(static_cast<double>(i));
    sweep.policies[0].runs.push_back(v);
    v[ttm] = *v[ttm] + shift + 5.0 * std::cos(static_cast<double>(i));
    sweep.policies[1].runs.push_back(v);
  }
  return sweep;
}

}  // namespace

TEST_CASE("robustness_markdown: a verdict that a perturbation changes is marked and counted",
          "[robustness]") {
  const SweepResult sweep = two_policies(-600.0);  // B mitigates 10 min sooner
  const SweepStatistics baseline = sweep_statistics(sweep);
  REQUIRE(baseline.comparisons[0][static_cast<std::size_t>(SweepMetric::Ttm)].practical ==
          PracticalVerdict::BBetter);
  // Under one perturbation the gain is 10 s: within the minute, equivalent.
  const std::vector<PerturbedSweep> perturbed{{"same again", sweep_statistics(sweep)},
                                              {"slower", sweep_statistics(two_policies(-10.0))}};
  const std::string md = robustness_markdown(sweep, baseline, perturbed);
  CHECK_THAT(md, Catch::Contains("| metric | verdict | same again | slower | survives |"));
  CHECK_THAT(md, Catch::Contains("| ttm_s | b better | same | **equivalent** | 1 of 2 |"));
  CHECK_THAT(md, Catch::Contains("Change under some: ttm_s"));
  // The equal metrics are equivalent under both: they survive.
  CHECK_THAT(md, Catch::Contains("| pages | equivalent | same | same | 2 of 2 |"));
}

}  // namespace firedrill::scoring
