#pragma once
// firedrill sweep --robustness: the sweep's comparison re-run with the people model perturbed,
// one documented change at a time, to tell verdicts that hold from verdicts that rest on
// firedrill's first-cut human parameters (scoring/robustness.hpp writes the table).

#include <functional>
#include <string>
#include <vector>

#include "app/sweep.hpp"
#include "scoring/robustness.hpp"

namespace firedrill::app {

// One change of the people model: its name as the report shows it, and the change, applied to
// every compared policy's scenario alike.
struct HumanPerturbation {
  std::string name;
  std::function<void(model::Scenario&)> apply;
};

// The perturbations --robustness runs, in order: acknowledgement (day and night) ×0.5 and ×2;
// diagnosis steps ×0.5 and ×2; nights harder (acknowledgement at night and the chance of
// missing a page at night ×2, capped at kMaxMissedPageProbability); handoffs, wake-up to
// keyboard, false-alarm checks and status-update drafting ×2; no fatigue. The factor 2 either
// way is our own choice: no published distribution narrows it (docs/sweeps.md#robustness).
const std::vector<HumanPerturbation>& human_perturbations();

// Re-runs `r`'s replications under every perturbation (each policy's scenario changed alike, the
// same seeds) and returns each re-run's statistics with `effects`. Costs
// human_perturbations().size() times the sweep.
std::vector<scoring::PerturbedSweep> perturbed_sweeps(const Replications& r,
                                                      const scoring::SmallestEffects& effects);

}  // namespace firedrill::app
