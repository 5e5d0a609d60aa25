#pragma once
// Whether a sweep's verdicts survive a change of the people model: the same comparison (the same
// policies, seeds and smallest effects) re-run with the human parameters perturbed over
// documented ranges (app/robustness.hpp lists them), and each practical verdict set beside the
// baseline's. summary.md's "Robustness" section.

#include <string>
#include <vector>

#include "scoring/sweep_report.hpp"

namespace firedrill::scoring {

// One perturbed re-run: what changed, in words ("acknowledgement ×2"), and its statistics.
struct PerturbedSweep {
  std::string name;
  SweepStatistics stats;
};

// The Robustness section, Markdown: for every compared pair and every metric whose baseline
// verdict is practical (better, worse, equivalent), the verdict under each perturbation and in
// how many it survives (the same verdict), then the metrics whose verdicts survive every one.
// REQUIRES: every perturbed sweep compares the same pairs as `baseline`.
std::string robustness_markdown(const SweepResult& sweep, const SweepStatistics& baseline,
                                const std::vector<PerturbedSweep>& perturbed);

}  // namespace firedrill::scoring
