// The people model a sweep's verdicts rest on, in words; differing values named per policy.

#include "scoring/assumptions.hpp"

#include <catch2/catch.hpp>

namespace firedrill::scoring {

TEST_CASE("people_model_assumptions: the scenario's values, each policy's where they differ",
          "[assumptions]") {
  const model::Scenario a;  // the people model's defaults
  model::Scenario b = a;
  b.policy.responders.ack_median_night = std::chrono::minutes(12);
  const std::vector<Assumption> rows = people_model_assumptions(a);
  REQUIRE(rows.size() == 18);
  CHECK(rows[1].name == "acknowledgement at night (asleep)");
  CHECK(rows[1].value == "lognormal, median 8 min, σ of ln 0.6");  // ResponderModel's default
  const std::vector<Assumption> both = people_model_assumptions({"fast", "slow"}, {&a, &b});
  REQUIRE(both.size() == rows.size());
  CHECK(both[0].value == rows[0].value);
  CHECK(both[1].value ==
        "fast: lognormal, median 8 min, σ of ln 0.6; slow: lognormal, median 12 min, σ of ln 0.6");
}

}  // namespace firedrill::scoring
