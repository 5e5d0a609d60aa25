#include "scoring/scorecard.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "fixtures.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;
using Catch::Contains;

TEST_CASE("scorecard_text: the score, MTTx, impact and one block per incident in few lines",
          "[scoring]") {
  const Report report = evaluate(drill_scenario(), drill_record());
  const std::string text = scorecard_text(report);
  CHECK_THAT(text, Contains("firedrill scorecard: checkout-bad-deploy (seed 42, 4 h)"));
  // 100 − 15 × (1 − 300/360) − 20 × 36 000/259 200 = 94.72.
  CHECK(report.summary.score == Approx(100 - 15 * (1 - 300.0 / 360) - 20 * 36000.0 / 259200));
  CHECK_THAT(text, Contains("Score       94.7 / 100 over 1 incident"));
  CHECK_THAT(text, Contains("MTTD 3 min   MTTA 6 min   MTTM 20 min   MTTR 30 min"));
  CHECK_THAT(text, Contains("36,000 failed requests, 72,000.00 revenue lost"));
  CHECK_THAT(text, Contains("checkout 13.9 %, browse 0 %"));
  CHECK_THAT(text, Contains("Pages      2 (1 after hours)"));
  CHECK_THAT(text, Contains("INC-1 P1 bad_deploy on paymentservice"));
  CHECK_THAT(text, Contains("TTA 6 min (late)"));
  CHECK_THAT(text, Contains("detection 20/20  response 12.5/15  mitigation 25/25  budget 17.2/20"));
  const auto lines = std::count(text.begin(), text.end(), '\n');
  CHECK(lines >= 8);
  CHECK(lines <= 20);
}

TEST_CASE("scorecard_text: a run without incidents", "[scoring]") {
  const std::string text = scorecard_text(evaluate(drill_scenario(), quiet_record()));
  CHECK_THAT(text, Contains("Score      100.0 / 100 over 0 incidents"));
  CHECK_THAT(text, Contains("MTTD -"));
  CHECK_THAT(text, Contains("No incidents."));
}

}  // namespace
}  // namespace firedrill::scoring
