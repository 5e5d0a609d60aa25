#pragma once
// A what-if branch beside the drill it forked from (model::run_what_if): whatif.md and
// whatif.json, the difference of the two runs' reports (times, user impact, people) and both
// timelines from the moment of the fork on. Pure functions of the two records and reports.

#include <string>
#include <vector>

#include "scoring/report.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// One run of the comparison: its record and its report (evaluate(scenario, record)).
struct WhatIfRun {
  const model::RunRecord& record;
  const Report& report;
};

// What the branch changed, in plain words, at `at` (seconds since the run's start), and what else
// the reader must know (later commands it dropped, the seat released to the policy).
struct WhatIfChanges {
  model::SimTime at{0};
  std::vector<std::string> changes;
  std::vector<std::string> notes;
};

// One figure of both runs: name, unit ("s", "requests", "fraction", "pages", "h", "points", or
// the run's currency), the original's and the branch's values (nullopt when the run has none, as
// the report's means) and the branch minus the original.
struct WhatIfFigure {
  std::string name;
  std::string unit;
  std::optional<double> original;
  std::optional<double> what_if;
  std::optional<double> difference;  // only when both are present
};

// The compared figures, in the order whatif.md shows them: mean time to detect, acknowledge,
// mitigate and resolve (s), failed requests, the worst journey's error budget consumed
// (fraction), revenue lost, pages, wake-ups, after-hours pages, person-hours, score.
std::vector<WhatIfFigure> whatif_figures(const Report& original, const Report& what_if);

// whatif.md: the changes, the figures side by side (budget differences in percentage points),
// each incident's times in both runs (matched by the fault's id; an incident of one run only
// says so), and each run's timeline from `changes.at` on (the postmortem's descriptions).
// `scenario` gives the names (both runs share its system).
std::string whatif_markdown(const model::Scenario& scenario, const WhatIfRun& original,
                            const WhatIfRun& what_if, const WhatIfChanges& changes);

// whatif.json: {"at_s", "changes", "notes", "figures": [{"name", "unit", "original",
// "what_if", "difference"}], "incidents": [{"fault_id", "original", "what_if"}]}, each
// incident side {"id", "detected_s", "acknowledged_s", "mitigated_s", "resolved_s", "ttm_s"}
// or null; seconds to the millisecond. The same inputs give the same bytes.
std::string whatif_json(const WhatIfRun& original, const WhatIfRun& what_if,
                        const WhatIfChanges& changes);

}  // namespace firedrill::scoring
