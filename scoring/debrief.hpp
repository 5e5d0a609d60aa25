#pragma once
// The debrief of a played drill (issue 15): the seat's run beside its policy twin, the same
// scenario and seed with the policy's responder in the seat, incident by incident, then the
// path the seat took. Read from the two records and their reports; the world's truth (which
// steps led away from the cause, which actions fixed nothing) is the debrief's to show.

#include <optional>
#include <string>
#include <vector>

#include "scoring/decision_costs.hpp"
#include "scoring/report.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// The time from the impact's start to the cause being identified, seconds (never negative);
// nullopt when either is missing.
std::optional<double> time_to_cause(const IncidentMetrics& m);

// debrief.md: for each incident (the same faults on the same seed), the seat's and the twin's
// times to acknowledge, to the cause, to mitigate and to resolve (seconds, from the impact's
// start as docs/scoring.md defines them; acknowledgement from detection), time to the first
// status update, failed requests, error budget, pages, wake-ups and the 0–100 score; then the
// run's totals; then the seat's path: every place it inspected (and whether it led toward the
// cause) and every action it took (and whether it was a fix), in time order. `seat` is who the
// seat played ("on-call:checkout"); `played` is the seat's record, `people` the persons the seat
// played in it (its actions are theirs); `costs` what each decision cost (decision_costs), in a
// table after the path.
// REQUIRES: both reports are of `scenario` with the same seed; `played_report` of `played`.
std::string debrief_markdown(const model::Scenario& scenario, const std::string& seat,
                             const model::RunRecord& played, const Report& played_report,
                             const Report& twin_report, const std::vector<model::PersonRef>& people,
                             const std::vector<DecisionCost>& costs);

}  // namespace firedrill::scoring
