#pragma once
// postmortem.md: a blameless postmortem per incident, written from a run's record and report.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "scoring/report.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// A picture of the run that the postmortem links (`firedrill run --snapshots`).
struct Snapshot {
  std::optional<std::size_t> incident;  // index into Report::incidents; nullopt: the whole run's
  std::string caption;                  // what the moment is: "detected", "worst moment"
  model::SimTime at{0};
  std::string path;  // the PNG, relative to the postmortem's directory, with '/' separators
};

// A Markdown postmortem of every incident of the run, in the sections SRE teams know: Summary,
// Impact, Timeline (UTC and T+ since impact start), Detection, Root cause and trigger,
// Resolution and recovery, Where the time went (time_breakdown.hpp), Contributing factors
// (contributing_factors.hpp), What went well, What went badly, Action items, Appendix: metrics.
// What went well or badly is judged against the targets of the score (score.hpp); action items
// follow from the contributing factors and from what went badly, each listed once. A run without incidents gets a short "No incidents" section.
// With `snapshots`, the run's pictures follow the overall line and each incident's pictures
// its Timeline, in the order given; without, the postmortem mentions none.
// Deterministic: the same inputs give the same bytes.
// REQUIRES: report == evaluate(scenario, record); every snapshot's incident, if any, is less
// than report.incidents.size().
// The same drill on the same seed and commands with the policy rolling back the latest change
// first (ResponsePolicy::mitigate_first): a counterfactual twin of the run under common random
// numbers, which the app runs. `ttm_s[i]` is incident i's time to mitigate there (the faults,
// and so the incidents, are the same).
struct RollbackFirstTwin {
  std::vector<std::optional<double>> ttm_s;
};

// With `twin`, an incident caused by a change (a bad deploy or config push) whose twin was
// mitigated at least a minute sooner says by how much, as a contributing factor and an action.
std::string postmortem_markdown(const model::Scenario& scenario, const model::RunRecord& record,
                                const Report& report, const std::vector<Snapshot>& snapshots = {},
                                const std::optional<RollbackFirstTwin>& twin = std::nullopt);

}  // namespace firedrill::scoring
