#include "app/robustness.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace firedrill::app {
namespace {

// `t` × factor, to the millisecond.
model::SimTime scaled(model::SimTime t, double factor) {
  return model::SimTime{static_cast<model::SimTime::rep>(static_cast<double>(t.count()) * factor)};
}

HumanPerturbation acknowledgement(double factor) {
  return {fmt::format("acknowledgement ×{:g}", factor), [factor](model::Scenario& s) {
            auto& r = s.policy.responders;
            r.ack_median_day = scaled(r.ack_median_day, factor);
            r.ack_median_night = scaled(r.ack_median_night, factor);
          }};
}

HumanPerturbation diagnosis(double factor) {
  return {fmt::format("diagnosis steps ×{:g}", factor), [factor](model::Scenario& s) {
            auto& r = s.policy.responders;
            r.diagnosis_step_median = scaled(r.diagnosis_step_median, factor);
          }};
}

}  // namespace

const std::vector<HumanPerturbation>& human_perturbations() {
  static const std::vector<HumanPerturbation> kAll{
      acknowledgement(0.5),
      acknowledgement(2.0),
      diagnosis(0.5),
      diagnosis(2.0),
      {"nights ×2",
       [](model::Scenario& s) {
         auto& r = s.policy.responders;
         r.ack_median_night = scaled(r.ack_median_night, 2.0);
         r.missed_page_probability_night =
             std::min(model::kMaxMissedPageProbability, 2.0 * r.missed_page_probability_night);
       }},
      {"handoffs, wake-ups and drafting ×2",
       [](model::Scenario& s) {
         auto& r = s.policy.responders;
         r.handoff_median = scaled(r.handoff_median, 2.0);
         r.ready_after_wake_median = scaled(r.ready_after_wake_median, 2.0);
         r.false_alarm_check_median = scaled(r.false_alarm_check_median, 2.0);
         s.policy.status_update_draft_median = scaled(s.policy.status_update_draft_median, 2.0);
       }},
      {"no fatigue",
       [](model::Scenario& s) {
         s.policy.responders.fatigue_ack_per_page = 0.0;
         s.policy.responders.fatigue_miss_per_page = 0.0;
       }},
  };
  return kAll;
}

std::vector<scoring::PerturbedSweep> perturbed_sweeps(const Replications& r,
                                                      const scoring::SmallestEffects& effects) {
  std::vector<scoring::PerturbedSweep> out;
  for (const HumanPerturbation& p : human_perturbations()) {
    Replications changed = r;
    for (Policy& policy : changed.policies) p.apply(policy.scenario);
    const scoring::SweepResult sweep = sweep_result(changed, run_all(changed));
    out.push_back({p.name, scoring::sweep_statistics(sweep, effects)});
  }
  return out;
}

}  // namespace firedrill::app
