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
  CHECK_THAT(text, Contains("36,000 failed requests, 72,000 USD revenue lost"));
  CHECK_THAT(text, Contains("checkout 13.9 %, browse 0 %"));
  CHECK_THAT(text, Contains("Pages      2 (1 after hours)"));
  CHECK_THAT(text, Contains("INC-1 P1 bad_deploy on paymentservice"));
  CHECK_THAT(text, Contains("TTA 6 min (late)"));
  CHECK_THAT(text, Contains("detection 20/20  response 12.5/15  mitigation 25/25  budget 17.2/20"));
  const auto lines = std::count(text.begin(), text.end(), '\n');
  CHECK(lines >= 8);
  CHECK(lines <= 20);
}

TEST_CASE("scorecard_text: where the time went and the people, per incident and for the run",
          "[scoring]") {
  // staffed_record() (fixtures.hpp): of the 31 min, 18 waiting for acknowledgement (58.1 %), 6
  // diagnosing (19.4 %), 3 mitigating (9.7 %); Ben, and Dana as incident commander, worked
  // 2400 s = 0.67 h on it; a false alarm woke Ana and took her 600 s.
  const Escalated e = staffed_record();
  const std::string text = scorecard_text(evaluate(e.scenario, e.record));
  CHECK_THAT(text, Contains("Pages      2 (1 after hours), 0 wake-ups, 1 false alarm (1 woke "
                            "someone)"));
  CHECK_THAT(text, Contains("People     0.8 person-hours (0.2 on false alarms)"));
  CHECK_THAT(text, Contains("TTM: waiting for acknowledgement 58.1 %, diagnosis 19.4 %, "
                            "mitigation 9.7 %"));
  CHECK_THAT(text, Contains("people 2 responders, 0.7 person-h, 0 wake-ups, IC Dana Kovacs"));
}

TEST_CASE("scorecard_text: a run without incidents", "[scoring]") {
  const std::string text = scorecard_text(evaluate(drill_scenario(), quiet_record()));
  CHECK_THAT(text, Contains("Score      100.0 / 100 over 0 incidents"));
  CHECK_THAT(text, Contains("MTTD -"));
  CHECK_THAT(text, Contains("No incidents."));
}

}  // namespace
}  // namespace firedrill::scoring
