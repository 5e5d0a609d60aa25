#include "scoring/score.hpp"

#include <catch2/catch.hpp>
#include <numeric>

#include "fixtures.hpp"
#include "scoring/incident_metrics.hpp"

namespace firedrill::scoring {
namespace {

// Points each component is worth, as docs/scoring.md's table states them.
constexpr double kDetection = 20, kResponse = 15, kMitigation = 25, kBudget = 20, kFirstUpdate = 10,
                 kSilence = 10;

// An incident that hurt users (1 000 failed requests, none of the budget to speak of) and met
// every target: detected after 1 min, acknowledged 1 min later, mitigated at 10 min, P1
// (15-min status cadence) with the first update 5 min after detection and at most 10 min of
// silence.
IncidentMetrics perfect() {
  IncidentMetrics m;
  m.impact.failed_requests = 1000.0;
  m.impact.error_budget_consumed = 0.0;
  m.detected_s = 60.0;
  m.ttd_s = 60.0;
  m.tta_s = 60.0;
  m.ttm_s = 600.0;
  m.ttr_s = 1200.0;
  m.severity = model::Severity::P1;
  m.time_to_first_update_s = 300.0;
  m.longest_silence_s = 600.0;
  return m;
}

const model::ResponsePolicy kPolicy{};  // cadence P1 15 min, P2 30, P3 60, P4 none

double score_of(const IncidentMetrics& m) { return score_incident(m, kPolicy).total(); }

TEST_CASE("Score: the weights sum to 100 as documented", "[scoring]") {
  CHECK(std::accumulate(kScoreWeights.begin(), kScoreWeights.end(), 0.0) == 100.0);
  CHECK(kScoreWeights == std::array<double, kScoreComponentCount>{
                             kDetection, kResponse, kMitigation, kBudget, kFirstUpdate, kSilence});
}

TEST_CASE("timeliness: 1 at or below the target, target over actual above it", "[scoring]") {
  CHECK(timeliness(100, 300) == 1.0);
  CHECK(timeliness(300, 300) == 1.0);
  CHECK(timeliness(600, 300) == 0.5);
  CHECK(timeliness(1200, 300) == 0.25);
}

TEST_CASE("Score: a response that meets every target scores 100", "[scoring]") {
  const ScoreBreakdown score = score_incident(perfect(), kPolicy);
  CHECK(score.total() == 100.0);
  for (const double s : score.subscores) CHECK(s == 1.0);
  CHECK(score.targets_s[0] == kTargetTtdS);
  CHECK(score.targets_s[4] == 15 * 60.0);
  CHECK_FALSE(score.targets_s[3]);
}

TEST_CASE("Score: each degraded component costs its weight times (1 − target / actual)",
          "[scoring]") {
  IncidentMetrics m = perfect();
  SECTION("detection after 10 min, twice the 5-min target") {
    m.ttd_s = 600.0;
    CHECK(score_of(m) == Approx(100 - kDetection * (1 - 300.0 / 600.0)));
  }
  SECTION("acknowledgement after 15 min, three times the 5-min target") {
    m.tta_s = 900.0;
    CHECK(score_of(m) == Approx(100 - kResponse * (1 - 300.0 / 900.0)));
  }
  SECTION("mitigation after 60 min, twice the 30-min target") {
    m.ttm_s = 3600.0;
    CHECK(score_of(m) == Approx(100 - kMitigation * (1 - 1800.0 / 3600.0)));
  }
  SECTION("a quarter of the error budget consumed") {
    m.impact.error_budget_consumed = 0.25;
    CHECK(score_of(m) == Approx(100 - kBudget * 0.25));
  }
  SECTION("more than the whole error budget consumed costs exactly the budget's weight") {
    m.impact.error_budget_consumed = 3.0;
    CHECK(score_of(m) == Approx(100 - kBudget));
  }
  SECTION("first status update after 30 min against a 15-min P1 cadence") {
    m.time_to_first_update_s = 1800.0;
    CHECK(score_of(m) == Approx(100 - kFirstUpdate * (1 - 900.0 / 1800.0)));
  }
  SECTION("45 min of silence against a 15-min P1 cadence") {
    m.longest_silence_s = 2700.0;
    CHECK(score_of(m) == Approx(100 - kSilence * (1 - 900.0 / 2700.0)));
  }
  SECTION("the cadence is the final severity's: 45 min of silence is fine at P3 (60 min)") {
    m.severity = model::Severity::P3;
    m.longest_silence_s = 2700.0;
    CHECK(score_of(m) == 100.0);
  }
  SECTION("several degradations add up") {
    m.ttd_s = 600.0;
    m.ttm_s = 3600.0;
    m.impact.error_budget_consumed = 0.25;
    CHECK(score_of(m) == Approx(100 - kDetection * 0.5 - kMitigation * 0.5 - kBudget * 0.25));
  }
}

TEST_CASE("Score: a phase that never happened while users were hurt scores 0", "[scoring]") {
  IncidentMetrics m = perfect();
  SECTION("never detected: no detection and nobody to respond") {
    m.detected_s.reset();
    m.ttd_s.reset();
    m.tta_s.reset();
    CHECK(score_of(m) == Approx(100 - kDetection - kResponse));
  }
  SECTION("never mitigated") {
    m.ttm_s.reset();
    CHECK(score_of(m) == Approx(100 - kMitigation));
  }
  SECTION("no status update at a severity with a cadence") {
    m.time_to_first_update_s.reset();
    CHECK(score_of(m) == Approx(100 - kFirstUpdate));
  }
  SECTION("no severity declared: no status page was owed or kept") {
    m.severity.reset();
    m.time_to_first_update_s.reset();
    m.longest_silence_s.reset();
    CHECK(score_of(m) == Approx(100 - kFirstUpdate - kSilence));
  }
}

TEST_CASE("Score: an incident that failed no request is not penalised for phases it did not need",
          "[scoring]") {
  IncidentMetrics m;  // nothing detected, acknowledged, mitigated or declared
  m.impact.failed_requests = 0.0;
  const ScoreBreakdown score = score_incident(m, kPolicy);
  CHECK(score.subscore(ScoreComponent::Detection) == 1.0);
  CHECK(score.total() == 100.0);
  SECTION("but an alert that fired still needed an answer") {
    m.detected_s = 100.0;
    m.ttd_s = 100.0;
    CHECK(score_of(m) == Approx(100 - kResponse));
  }
}

TEST_CASE("Score: impact that ended within the detection target needed nobody", "[scoring]") {
  // Auto-remediation rolled a canary back 4 min in (under the 5 min detection target): no one
  // was paged, no severity declared, and only the error budget counts.
  IncidentMetrics m;
  m.impact.failed_requests = 400.0;
  m.impact.error_budget_consumed = 0.005;
  m.ttm_s = 240.0;
  CHECK(score_of(m) == Approx(100 - kBudget * 0.005));
  SECTION("a minute later people were needed, and missed") {
    m.ttm_s = 360.0;
    CHECK(score_of(m) == Approx(100 - kBudget * 0.005 - kDetection - kResponse - kFirstUpdate -
                                kSilence));
  }
}

TEST_CASE("Score: the first update is measured against its deadline, the silence against the "
          "cadence",
          "[scoring]") {
  // perfect(): P1, first update 5 min after detection, silences up to 10 min; a 2.5 min
  // deadline halves the first-update sub-score (target / actual) and leaves the silence's.
  model::ResponsePolicy policy;
  policy.first_update_deadline[0] = std::chrono::seconds(150);
  const ScoreBreakdown score = score_incident(perfect(), policy);
  CHECK(score.subscore(ScoreComponent::FirstUpdate) == Approx(0.5));
  CHECK(score.subscore(ScoreComponent::Silence) == 1.0);
}

TEST_CASE("Score: a severity without a status page (P4) owes no updates", "[scoring]") {
  IncidentMetrics m = perfect();
  m.severity = model::Severity::P4;
  m.time_to_first_update_s.reset();
  m.longest_silence_s = 4 * 3600.0;
  const ScoreBreakdown score = score_incident(m, kPolicy);
  CHECK(score.total() == 100.0);
  CHECK_FALSE(score.targets_s[static_cast<std::size_t>(ScoreComponent::Silence)]);
}

TEST_CASE(
    "Score: the drill's incident loses points only for its slow acknowledgement and its "
    "error budget",
    "[scoring]") {
  const IncidentMetrics m =
      measure_incidents(testing::drill_scenario(), testing::drill_record()).at(0);
  // TTA 360 s against 300 s; 36 000 of 259 200 budget requests.
  const double expected = 100 - kResponse * (1 - 300.0 / 360.0) - kBudget * (36000.0 / 259200.0);
  CHECK(m.score == Approx(expected));
  CHECK(m.score_breakdown.points(ScoreComponent::Response) == Approx(kResponse * 300.0 / 360.0));
}

}  // namespace
}  // namespace firedrill::scoring
