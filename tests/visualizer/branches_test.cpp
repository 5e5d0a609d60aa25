// Branches: where two drill logs part, and a comparison of two branches equal to the what-if
// the command line computes (model::run_what_if) for the same change.

#include "visualizer/branches.hpp"

#include <catch2/catch.hpp>

#include "scoring/decision_costs.hpp"
#include "scoring/format.hpp"
#include "scoring/report.hpp"
#include "scoring/whatif_report.hpp"
#include "sim/model/whatif.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::visualizer {
namespace {

using namespace std::chrono_literals;
using model::DrillCommand;

const model::Scenario& scenario() {
  static const model::Scenario sc = scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  return sc;
}

}  // namespace

TEST_CASE("divergence: the first command the logs differ at, at the earlier of their times",
          "[visualizer][branches]") {
  const DrillCommand a{10min, model::Bookmark{"a"}};
  const DrillCommand b{20min, model::Bookmark{"b"}};
  const DrillCommand c{15min, model::EndFault{"f"}};
  CHECK(divergence({a, b}, {a, c}).index == 1);
  CHECK(divergence({a, b}, {a, c}).at == 15min);
  CHECK(divergence({a}, {a, b}).index == 1);  // the shorter log ends: a difference
  CHECK(divergence({a}, {a, b}).at == 20min);
  CHECK(divergence({}, {c}).at == 15min);
  CHECK(divergence({a, b}, {a, b}).index == 2);
  CHECK(divergence({a, b}, {a, b}).at == model::SimTime::max());
}

TEST_CASE("compare_branches: two branches from a shared copy compare as the what-if of the change",
          "[visualizer][branches][whatif]") {
  const model::Scenario& sc = scenario();
  const std::uint64_t seed = 42;
  // The drill at 100 min, as the live view keeps it; the branches part at 119 min.
  StoryFeed story(sc);
  model::Run run(sc, seed, &story);
  run.run_until(100min);
  const DrillCopy copy{run.fork(nullptr), LiveState(sc), story, 0};
  std::size_t payment = 0;
  while (sc.services[payment].name != "paymentservice") ++payment;
  const model::Order rollback{model::seat::Mitigate{0, model::MitigationAction::Rollback, payment}};
  const Branch original{"original", 0min, {}, 0, 160min};
  const Branch ordered{"branch 2", 119min, {{119min, rollback}}, 1, 119min};
  const std::string compared = compare_branches(sc, seed, copy, original, ordered);

  const model::WhatIfResult r = model::run_what_if(sc, seed, {}, {}, {119min, {rollback}});
  const scoring::WhatIfChanges changes{
      119min,
      {scoring::format_offset(119min) + ": " + scoring::describe_drill_action(sc, rollback)},
      {}};
  CHECK(compared ==
        "Original: original. What-if: branch 2.\n\n" +
            scoring::whatif_markdown(sc, {r.original, scoring::evaluate(sc, r.original)},
                                     {r.branch, scoring::evaluate(sc, r.branch)}, changes));
  // The other way round, the original's command is what the branch has instead.
  const std::string reversed = compare_branches(sc, seed, copy, ordered, original);
  CHECK(reversed.find("branch 2 has instead " + scoring::format_offset(119min)) !=
        std::string::npos);
}

}  // namespace firedrill::visualizer
