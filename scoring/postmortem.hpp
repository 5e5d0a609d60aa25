#pragma once
// postmortem.md: a blameless postmortem per incident, written from a run's record and report.

#include <string>

#include "scoring/report.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// A Markdown postmortem of every incident of the run, in the sections SRE teams know: Summary,
// Impact, Timeline (UTC and T+ since impact start), Detection, Root cause and trigger,
// Resolution and recovery, Where the time went (time_breakdown.hpp), Contributing factors
// (contributing_factors.hpp), What went well, What went badly, Action items, Appendix: metrics.
// What went well or badly is judged against the targets of the score (score.hpp); action items
// follow from the contributing factors and from what went badly, each listed once. A run without incidents gets a short "No incidents" section.
// Deterministic: the same inputs give the same bytes.
// REQUIRES: report == evaluate(scenario, record).
std::string postmortem_markdown(const model::Scenario& scenario, const model::RunRecord& record,
                                const Report& report);

}  // namespace firedrill::scoring
