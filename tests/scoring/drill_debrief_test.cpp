#include "scoring/drill_debrief.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "scoring/describe.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;
using Catch::Contains;

TEST_CASE(
    "drill_debrief_markdown: each incident's times, score parts and where its time went, "
    "then the bookmarks",
    "[scoring]") {
  // staffed_record() (fixtures.hpp): of the 31 min to mitigate, 15 waiting for level 1's
  // acknowledgement (48.4 %), 6 diagnosing (19.4 %), 3 for level 2's, 3 mitigating (9.7 %).
  Escalated e = staffed_record();
  e.record.timeline.push_back({std::chrono::minutes(50), model::ev::Bookmarked{"the IC asked"}});
  const Report report = evaluate(e.scenario, e.record);
  const std::string text = drill_debrief_markdown(e.scenario, e.record, report);
  const IncidentMetrics& m = report.incidents.at(0);
  CHECK_THAT(text, Contains(fmt::format("score {:.0f}/100", m.score)));
  CHECK_THAT(text, Contains("Where the time to mitigate went (31 min)"));
  CHECK_THAT(text, Contains("| Waiting for acknowledgement: level 1 of team web (Ana Silva) | "
                            "15 min | 48.4 % |\n| Diagnosis (Ben Okafor) | 6 min | 19.4 % |\n"));
  CHECK_THAT(text,
             Contains("| Mitigation: rollback of paymentservice (Ben Okafor) | 3 min | 9.7 % |"));
  // Every phase is listed once.
  for (const Phase& p : m.time_to_mitigate_breakdown.phases)
    CHECK_THAT(text, Contains(describe_phase(p)));
  for (std::size_t c = 0; c < kScoreComponentCount; ++c) {
    const auto part = static_cast<ScoreComponent>(c);
    CHECK_THAT(text, Contains(fmt::format("| {} | {:.1f} | {:.0f} |", to_string(part),
                                          m.score_breakdown.points(part), kScoreWeights[c])));
  }
  CHECK_THAT(text, Contains("## Bookmarks\n\n- T+50:00 the IC asked\n"));
}

TEST_CASE("drill_debrief_markdown: a drill without incidents or bookmarks says so in numbers",
          "[scoring]") {
  const std::string text = drill_debrief_markdown(drill_scenario(), quiet_record(),
                                                  evaluate(drill_scenario(), quiet_record()));
  CHECK_THAT(text, Contains("Score 100/100 over 0 incidents"));
  CHECK(text.find("## INC") == std::string::npos);
  CHECK(text.find("Bookmarks") == std::string::npos);
}

}  // namespace
}  // namespace firedrill::scoring
