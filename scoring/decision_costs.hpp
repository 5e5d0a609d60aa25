#pragma once
// What each of the seat's decisions cost (the debrief): a decision's branch (the drill with the
// decisions up to it, then the policy in the seat) against the branch of the decision before it
// (or the policy twin), which differ only in this decision: the policy's own choice from that
// moment instead of it. Read from the branches' reports (model/counterfactual.hpp).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "scoring/report.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// A seat command's branch, evaluated: `command` indexes the drill's commands.
struct DecisionBranch {
  std::size_t command = 0;
  Report report;
};

// One decision and its cost. `command` is nullopt for the last row: the seat took no further
// action after its last decision, against the policy going on from there. Costs are "with the
// decision" minus "with the policy's choice instead": positive is worse for users.
struct DecisionCost {
  std::optional<std::size_t> command;
  engine::SimTime at{0};
  std::string decision;  // "restart checkoutservice (INC-1)"
  std::string incident;  // the incident it concerns: "INC-1"
  // That incident's time to mitigate (seconds from its impact's start; nullopt: not mitigated in
  // the drill) with the decision and with the policy's choice instead.
  std::optional<double> ttm_with_s;
  std::optional<double> ttm_instead_s;
  double failed_requests = 0.0;  // over the whole drill, requests
  double score_points = 0.0;     // points of the 0–100 score lost (negative: gained)
};

// "acknowledge INC-1", "restart checkoutservice (INC-1)", "post status: identified (INC-1)".
std::string describe_seat_action(const model::Scenario& scenario, const model::SeatAction& action);

// A drill command's action in plain words, as a what-if names its changes: "the facilitator
// injects bad deploy of paymentservice (30 % errors)", "the facilitator ends fault live-1", "the
// responders are ordered to rollback paymentservice (INC-1)", "bookmark: paged the DBA", "seat 2:
// acknowledge (INC-1)", "seat 2 leaves (the policy plays it)", "seat 2 rejoins". `seat` is the
// command's seat (counted from 0, shown from 1).
std::string describe_drill_action(const model::Scenario& scenario, const model::DrillAction& action,
                                  std::size_t seat = 0);

// The cost of every seat decision, in order, then the row for after the last one (none without
// decisions). The rows' failed requests and score points add up to the played drill's minus
// the twin's.
// REQUIRES: `branches` are the branches (model::replay_with_branches) of `commands` (one per seat command, in order), every
// report of the same scenario and seed.
std::vector<DecisionCost> decision_costs(const model::Scenario& scenario,
                                         const std::vector<model::DrillCommand>& commands,
                                         const Report& played, const Report& twin,
                                         const std::vector<DecisionBranch>& branches);

}  // namespace firedrill::scoring
