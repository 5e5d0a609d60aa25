// What each seat decision cost: a branch against the one before it (the policy twin before the
// first), then the played drill against the last branch; rows that add up to played − twin.

#include "scoring/decision_costs.hpp"

#include <catch2/catch.hpp>

#include "tests/scoring/fixtures.hpp"

using namespace firedrill;
using namespace firedrill::scoring;
using std::chrono::minutes;

namespace {

// A report whose only figures are the drill's failed requests, its score and the time to
// mitigate of incident 0 (seconds; nullopt: not mitigated).
Report report_of(double failed, double score, std::optional<double> ttm_s) {
  Report r;
  r.summary.impact.failed_requests = failed;
  r.summary.score = score;
  r.incidents.resize(1);
  r.incidents[0].ttm_s = ttm_s;
  return r;
}

}  // namespace

TEST_CASE("decision_costs: each decision against the branch before it, then the stop",
          "[debrief]") {
  const model::Scenario s = testing::drill_scenario();
  const std::vector<model::DrillCommand> commands{
      {minutes(5), model::seat::Acknowledge{0}},
      {minutes(6), model::InjectFault{}},  // a facilitator's command: no branch, no row
      {minutes(9), model::seat::Mitigate{0, model::MitigationAction::Restart, 1}},
  };
  const Report twin = report_of(1000.0, 80.0, 1200.0);
  const std::vector<DecisionBranch> branches{{0, report_of(900.0, 82.0, 1100.0)},
                                             {2, report_of(1500.0, 75.0, std::nullopt)}};
  const Report played = report_of(2000.0, 60.0, std::nullopt);

  const auto costs = decision_costs(s, commands, played, twin, branches);
  REQUIRE(costs.size() == 3);
  CHECK(costs[0].decision == "acknowledge (INC-1)");
  CHECK(costs[0].at == minutes(5));
  CHECK(costs[0].failed_requests == Approx(-100.0));
  CHECK(costs[0].score_points == Approx(-2.0));
  CHECK(costs[0].ttm_with_s == 1100.0);
  CHECK(costs[0].ttm_instead_s == 1200.0);

  CHECK(costs[1].command == 2u);
  CHECK(costs[1].decision == "restart checkoutservice (INC-1)");
  CHECK(costs[1].failed_requests == Approx(600.0));
  CHECK(costs[1].score_points == Approx(7.0));
  CHECK_FALSE(costs[1].ttm_with_s);
  CHECK(costs[1].ttm_instead_s == 1100.0);

  CHECK_FALSE(costs[2].command);
  CHECK(costs[2].decision == "no further action");
  CHECK(costs[2].at == minutes(9));
  CHECK(costs[2].failed_requests == Approx(500.0));

  double failed = 0.0, points = 0.0;
  for (const DecisionCost& c : costs) {
    failed += c.failed_requests;
    points += c.score_points;
  }
  CHECK(failed ==
        Approx(played.summary.impact.failed_requests - twin.summary.impact.failed_requests));
  CHECK(points == Approx(twin.summary.score - played.summary.score));
}

TEST_CASE("decision_costs: a drill without seat decisions has no rows", "[debrief]") {
  const Report r = report_of(10.0, 90.0, 60.0);
  CHECK(decision_costs(testing::drill_scenario(), {}, r, r, {}).empty());
}

TEST_CASE("describe_seat_action: what the debrief calls each action", "[debrief]") {
  namespace seat = model::seat;
  const model::Scenario s = testing::drill_scenario();
  CHECK(describe_seat_action(s, seat::DeclareSeverity{1, model::Severity::P2}) ==
        "declare P2 (INC-2)");
  CHECK(describe_seat_action(s, seat::Investigate{0, 2}) == "investigate paymentservice (INC-1)");
  CHECK(describe_seat_action(s, seat::Mitigate{0, model::MitigationAction::ScaleOut, 2}) ==
        "scale out paymentservice (INC-1)");
  CHECK(describe_seat_action(s, seat::Mitigate{0, model::MitigationAction::ScaleOut, 2, 9}) ==
        "scale out paymentservice to 9 replicas (INC-1)");
  CHECK(describe_seat_action(s, seat::PageTeam{0, 0}) == "page team web (INC-1)");
  CHECK(describe_seat_action(s, seat::PagePerson{0, {1, 1}}) == "page Dana Kovacs (INC-1)");
  CHECK(describe_seat_action(s, seat::Escalate{0}) == "escalate (INC-1)");
  CHECK(describe_seat_action(s, seat::HandOff{0, {0, 1}}) == "hand off to Ben Okafor (INC-1)");
  CHECK(describe_seat_action(s, seat::AssignRole{0, model::Role::CommsLead, {0, 1}}) ==
        "make Ben Okafor comms lead (INC-1)");
  CHECK(describe_seat_action(s, seat::PostStatus{0, seat::StatusPhase::Monitoring, "x", {}}) ==
        "post status: monitoring (INC-1)");
  CHECK(describe_seat_action(s, seat::Resolve{0}) == "resolve (INC-1)");
}
