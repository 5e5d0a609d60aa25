#pragma once
// The end-of-drill debrief a game day's room reads on the big screen when the drill ends (the
// live view shows it over the map): each incident's times and score, where its time to mitigate
// went, and the facilitator's bookmarks. A pure function of the run's record and report.

#include <string>

#include "scoring/report.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// Markdown in the subset the live view draws (headings, paragraphs, "- " bullets, pipe tables):
// the run's score and impact; per incident its fault, severity, score with its six parts, its
// times (T+ since the run's start) and the phases of its time to mitigate, longest first, each
// with its share; then every bookmark with its T+. `report` is evaluate(scenario, record).
std::string drill_debrief_markdown(const model::Scenario& scenario, const model::RunRecord& record,
                                   const Report& report);

}  // namespace firedrill::scoring
