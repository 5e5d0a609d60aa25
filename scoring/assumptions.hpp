#pragma once
// The model parameters a sweep's verdicts rest on, in words: the people model (how fast people
// acknowledge, diagnose, hand off and draft updates; how night and fatigue change that), which
// no sweep can check against the team it stands for, and the values the compared policies set.
// summary.md ends with them (sweep_summary_markdown), so that a verdict is read with its premises.

#include <string>
#include <vector>

#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

struct Assumption {
  std::string name;   // "acknowledgement by day (local 08:00–22:00)"
  std::string value;  // "lognormal, median 2 min, σ of ln 0.6"
  friend bool operator==(const Assumption&, const Assumption&) = default;
};

// The people model of `scenario` (its policy's ResponderModel, the status-update drafting time
// and the model's fixed spreads), one row per parameter, in the order the response uses them.
std::vector<Assumption> people_model_assumptions(const model::Scenario& scenario);

// The people model of several policies' scenarios, `names[k]` naming scenarios[k]: one row per
// parameter, its value when all agree, else each policy's ("escalation-5min: 2 min; slow: 4 min").
// REQUIRES: names.size() == scenarios.size() >= 1.
std::vector<Assumption> people_model_assumptions(
    const std::vector<std::string>& names, const std::vector<const model::Scenario*>& scenarios);

}  // namespace firedrill::scoring
