// Impact start on hand-made records (fixtures.hpp): when users begin to feel a fault, read from
// the journeys' SLIs in the segments; and the times measured from it.

#include "scoring/impact_start.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "scoring/incident_metrics.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "tests/scoring/fixtures.hpp"

using Catch::Matchers::Contains;

namespace firedrill::scoring {
namespace {

using namespace testing;
using K = model::AlertRuleKind;

// A segment whose journeys carry (offered, good, p99 ms), checkout then browse.
model::Segment flows(double start_s, double end_s,
                     std::initializer_list<model::JourneyFlow> journeys) {
  model::Segment seg = segment(start_s, end_s, {});
  seg.journeys = journeys;
  return seg;
}
model::JourneyFlow flow(double offered, double good, double p99_ms = 100.0) {
  return {offered, good, 50.0, 50.0, p99_ms};
}

// The bad deploy of drill_record() (fault 0, from 600 s), detected at `detected_s`, mitigated at
// 1800 s and resolved at 2400 s, over `segments`.
model::RunRecord deploy_record(std::vector<model::Segment> segments, double detected_s) {
  model::RunRecord r;
  r.faults = drill_scenario().faults;
  r.seed = 42;
  r.duration = std::chrono::hours(4);
  r.segments = std::move(segments);
  r.timeline = {
      at(600, ev::FaultInjected{0}),
      at(600, ev::IncidentOpened{0, 0}),
      at(detected_s, ev::IncidentDetected{0, K::BurnRate, 0}),
      at(detected_s, ev::PageSent{0, ana(), 0, false}),
      at(detected_s + 60, ev::PageAcknowledged{0, ana()}),
      at(1800, ev::FaultCleared{0, true}),
      at(1800, ev::IncidentMitigated{0}),
      at(2400, ev::IncidentResolved{0}),
  };
  return r;
}

// The start of the first segment from `from` in which journey `j`'s failed share is above its
// share in the segment that ends at `from`, computed here from the segments themselves.
double first_failing_s(const model::RunRecord& r, std::size_t j, SimTime from) {
  const auto share = [j](const model::Segment& s) {
    return 1.0 - s.journeys[j].good_rps / s.journeys[j].offered_rps;
  };
  double before = 0.0;
  for (const model::Segment& s : r.segments)
    if (s.end == from) before = share(s);
  for (const model::Segment& s : r.segments)
    if (s.start >= from && share(s) > before) return engine::to_seconds(s.start);
  return -1.0;
}

TEST_CASE("measure_incidents: a fault with immediate impact starts its impact at the fault's start",
          "[scoring][impact]") {
  const model::Scenario s = drill_scenario();
  const model::RunRecord r = drill_record();
  const IncidentMetrics m = measure_incidents(s, r).at(0);
  CHECK(m.fault_start_s == 600.0);
  REQUIRE(m.impact_start_s.has_value());
  CHECK(*m.impact_start_s == first_failing_s(r, 0, seconds(600)));
  CHECK(*m.impact_start_s == m.fault_start_s);
  CHECK(*m.ttd_s == *m.detected_s - m.fault_start_s);  // as before this definition
  REQUIRE(m.impact_evidence.has_value());
  CHECK(m.impact_evidence->journey == 0);
  CHECK(m.impact_evidence->signal == ImpactSignal::FailedShare);
  CHECK(m.impact_evidence->before == 0.0);
  CHECK(m.impact_evidence->value ==
        Approx(1.0 - r.segments[1].journeys[0].good_rps / r.segments[1].journeys[0].offered_rps));
}

TEST_CASE(
    "measure_incidents: a slow fault's impact, TTD, TTM, TTR and breakdown start when users "
    "start failing",
    "[scoring][impact]") {
  const model::Scenario s = drill_scenario();
  // The deploy acts from 600 s; checkout keeps every request until 1200 s (its p99 grows, but it
  // has no latency SLO), then fails 10 %.
  const model::RunRecord r = deploy_record({flows(0, 600, {flow(100, 100), flow(50, 50)}),
                                            flows(600, 900, {flow(100, 100, 400), flow(50, 50)}),
                                            flows(900, 1200, {flow(100, 100, 900), flow(50, 50)}),
                                            flows(1200, 1800, {flow(100, 90, 2000), flow(50, 50)}),
                                            flows(1800, 14400, {flow(100, 100), flow(50, 50)})},
                                           1380);
  const IncidentMetrics m = measure_incidents(s, r).at(0);
  const double impact_s = first_failing_s(r, 0, seconds(600));
  REQUIRE(impact_s > 600.0);
  CHECK(m.fault_start_s == 600.0);
  REQUIRE(m.impact_start_s.has_value());
  CHECK(*m.impact_start_s == impact_s);
  CHECK(*m.ttd_s == 1380 - impact_s);
  CHECK(*m.ttm_s == 1800 - impact_s);
  CHECK(*m.ttr_s == 2400 - impact_s);
  const TimeToMitigateBreakdown& b = m.time_to_mitigate_breakdown;
  CHECK(b.start_s == impact_s);
  REQUIRE_FALSE(b.phases.empty());
  CHECK(b.phases.front().kind == PhaseKind::Undetected);
  CHECK(b.phases.front().start_s == impact_s);
  CHECK(b.seconds_in(PhaseKind::Undetected) == *m.ttd_s);
  // The impact counts failures from its start: the 10 % of checkout over [1200, 1800).
  CHECK(m.impact.failed_requests == Approx(10.0 * (1800 - impact_s)));
  CHECK(*m.impact_end_s == 1800.0);

  const std::string md = postmortem_markdown(s, r, evaluate(s, r));
  CHECK_THAT(md, Contains("Users began to feel it 10 min later, at 2026-11-27 18:20:00 UTC: "
                          "journey checkout failed 10 % of its requests, against 0 % before "
                          "the fault."));
  CHECK_THAT(md, Contains("T+ is the time since impact began, when users began to feel the "
                          "fault, 10 min after it started at 2026-11-27 18:10:00 UTC (T-10:00)."));
  CHECK_THAT(md, Contains("| 2026-11-27 18:10:00 UTC | T-10:00 | Incident opened: bad deploy"));
  CHECK_THAT(md, Contains("| 2026-11-27 18:20:00 UTC | T+00:00 | Impact began: journey checkout "
                          "failed 10 % of its requests (0 % before the fault) |"));
}

TEST_CASE("measure_incidents: an alert that fires before users fail leaves a time to detect of 0",
          "[scoring][impact]") {
  const model::Scenario s = drill_scenario();
  const model::RunRecord r = deploy_record({flows(0, 600, {flow(100, 100), flow(50, 50)}),
                                            flows(600, 1200, {flow(100, 100), flow(50, 50)}),
                                            flows(1200, 1800, {flow(100, 90), flow(50, 50)}),
                                            flows(1800, 14400, {flow(100, 100), flow(50, 50)})},
                                           700);
  const IncidentMetrics m = measure_incidents(s, r).at(0);
  CHECK(*m.impact_start_s == first_failing_s(r, 0, seconds(600)));
  CHECK(*m.ttd_s == 0.0);
  const TimeToMitigateBreakdown& b = m.time_to_mitigate_breakdown;
  CHECK(b.start_s == *m.impact_start_s);
  CHECK(b.seconds_in(PhaseKind::Undetected) == 0.0);
  REQUIRE_FALSE(b.phases.empty());
  CHECK(b.phases.front().start_s == *m.impact_start_s);
  CHECK(m.score_breakdown.subscore(ScoreComponent::Detection) == 1.0);
}

TEST_CASE("measure_incidents: a latency-only fault's impact starts when a latency SLO is breached",
          "[scoring][impact]") {
  model::Scenario s = drill_scenario();
  s.journeys[0].slo.p99_latency_ms = 500.0;
  // No request fails; checkout's p99 grows from 120 ms to 300 ms (within its SLO), then 800 ms.
  const model::RunRecord r =
      deploy_record({flows(0, 600, {flow(100, 100, 120), flow(50, 50)}),
                     flows(600, 1000, {flow(100, 100, 300), flow(50, 50)}),
                     flows(1000, 1800, {flow(100, 100, 800), flow(50, 50)}),
                     flows(1800, 14400, {flow(100, 100, 120), flow(50, 50)})},
                    1100);
  double breach_s = -1;
  for (const model::Segment& seg : r.segments) {
    if (seg.start >= seconds(600) && seg.journeys[0].p99_latency_ms > 500.0) {
      breach_s = engine::to_seconds(seg.start);
      break;
    }
  }
  REQUIRE(breach_s > 600.0);
  const IncidentMetrics m = measure_incidents(s, r).at(0);
  REQUIRE(m.impact_start_s.has_value());
  CHECK(*m.impact_start_s == breach_s);
  CHECK(*m.ttd_s == 1100 - breach_s);
  CHECK(*m.ttm_s == 1800 - breach_s);
  REQUIRE(m.impact_evidence.has_value());
  CHECK(m.impact_evidence->signal == ImpactSignal::Latency);
  CHECK(m.impact_evidence->before == 120.0);
  CHECK(m.impact_evidence->value == 800.0);
  // No request failed, but users waited: the incident hurt them, and its impact lasted until
  // the latency recovered.
  CHECK(m.impact.failed_requests == 0.0);
  CHECK(hurt_users(m));
  CHECK(*m.impact_end_s == 1800.0);

  // Without a latency SLO the same record hurt nobody.
  const IncidentMetrics none = measure_incidents(drill_scenario(), r).at(0);
  CHECK_FALSE(none.impact_start_s.has_value());
}

TEST_CASE(
    "measure_incidents: a fault that never hurts users has no impact start, no TTD, TTM or TTR "
    "and an empty breakdown, and the postmortem says so",
    "[scoring][impact]") {
  const model::Scenario s = drill_scenario();
  // Checkout fails 0.1 % before and during the fault (its background); browse, which never
  // calls paymentservice, fails 20 % during it: not this fault's doing.
  const model::RunRecord r = deploy_record({flows(0, 600, {flow(100, 99.9), flow(50, 50)}),
                                            flows(600, 1800, {flow(100, 99.9), flow(50, 40)}),
                                            flows(1800, 14400, {flow(100, 99.9), flow(50, 50)})},
                                           700);
  CHECK(journeys_reaching(s, r.faults[0]) == std::vector<bool>{true, false});
  const IncidentMetrics m = measure_incidents(s, r).at(0);
  CHECK(m.fault_start_s == 600.0);
  CHECK_FALSE(m.impact_start_s.has_value());
  CHECK_FALSE(m.impact_evidence.has_value());
  CHECK(m.detected_s == 700.0);
  CHECK_FALSE(m.ttd_s.has_value());
  CHECK_FALSE(m.ttm_s.has_value());
  CHECK_FALSE(m.ttr_s.has_value());
  CHECK(m.tta_s == 60.0);
  CHECK_FALSE(m.impact_end_s.has_value());
  CHECK(m.impact.failed_requests == 0.0);
  CHECK(m.time_to_mitigate_breakdown.phases.empty());
  CHECK(m.time_to_mitigate_breakdown.total_s() == 0.0);
  CHECK(m.score_breakdown.subscore(ScoreComponent::Detection) == 1.0);
  CHECK(m.score_breakdown.subscore(ScoreComponent::Mitigation) == 1.0);

  const Report report = evaluate(s, r);
  const std::string json = report_json(report);
  CHECK_THAT(json, Contains("\"fault_start_s\": 600.0"));
  CHECK_THAT(json, Contains("\"impact_start_s\": null"));
  CHECK_THAT(json, Contains("\"impact_signal\": null"));
  const std::string md = postmortem_markdown(s, r, report);
  CHECK_THAT(md, Contains("It never hurt users: as long as it acted unmitigated, no journey it "
                          "reaches failed more of its requests than just before it began"));
  CHECK_THAT(md, Contains("T+ is the time since the fault began (it never hurt users)."));
  CHECK_THAT(md, Contains("before it hurt any user: there was no impact to detect"));
  CHECK_THAT(md, Contains("| Impact start (users began to feel it) | none: the fault never hurt "
                          "users |"));
  CHECK_THAT(md, Contains("| Time to detect (TTD) | no impact |"));
}

TEST_CASE(
    "journeys_reaching: a journey is reached through its own calls, whatever the order of calls "
    "and journeys in the file",
    "[scoring][impact]") {
  model::Scenario s = drill_scenario();
  // checkout: frontend -> checkoutservice -> paymentservice; browse: frontend only.
  const model::Fault deploy = s.faults[0];     // paymentservice
  const model::Fault partition = s.faults[1];  // call frontend -> checkoutservice
  const model::Fault surge = s.faults[2];      // every journey's entry
  CHECK(journeys_reaching(s, deploy) == std::vector<bool>{true, false});
  CHECK(journeys_reaching(s, partition) == std::vector<bool>{true, true});
  CHECK(journeys_reaching(s, surge) == std::vector<bool>{true, true});
  // Calls listed callee-first reach as far.
  std::reverse(s.journeys[0].calls.begin(), s.journeys[0].calls.end());
  CHECK(journeys_reaching(s, deploy) == std::vector<bool>{true, false});
  // The same journeys in the other order.
  std::reverse(s.journeys.begin(), s.journeys.end());
  CHECK(journeys_reaching(s, deploy) == std::vector<bool>{false, true});
}

TEST_CASE(
    "UserImpact: of journeys hurt at the same moment the evidence names the first by name, "
    "whatever their order in the file",
    "[scoring][impact]") {
  model::Scenario s = drill_scenario();
  model::RunRecord r = drill_record();
  // The surge (fault 2, every journey) hurts both journeys from 3 h on.
  r.segments = {flows(0, 10800, {flow(100, 100), flow(50, 50)}),
                flows(10800, 14400, {flow(300, 200), flow(150, 100)})};
  const UserImpact users(s, r, 2, std::chrono::hours(3));
  const auto first = users.start(r.duration);
  REQUIRE(first.has_value());
  CHECK(first->at == std::chrono::hours(3));
  CHECK(s.journeys[first->journey].name == "browse");

  std::reverse(s.journeys.begin(), s.journeys.end());
  for (model::Segment& seg : r.segments) std::reverse(seg.journeys.begin(), seg.journeys.end());
  const auto reversed = UserImpact(s, r, 2, std::chrono::hours(3)).start(r.duration);
  REQUIRE(reversed.has_value());
  CHECK(reversed->at == first->at);
  CHECK(s.journeys[reversed->journey].name == "browse");
}

TEST_CASE("UserImpact: failures amounting to less than one request over a segment are residue",
          "[scoring][impact]") {
  const model::Scenario s = drill_scenario();
  // 1e-9 of checkout's 100 req/s over 1200 s is 1.2e-4 requests: no user saw it.
  const model::RunRecord r =
      deploy_record({flows(0, 600, {flow(100, 100), flow(50, 50)}),
                     flows(600, 1800, {flow(100, 100 * (1 - 1e-9)), flow(50, 50)}),
                     flows(1800, 14400, {flow(100, 100), flow(50, 50)})},
                    700);
  CHECK_FALSE(incident_impact_start(s, r, 0).has_value());
}

}  // namespace
}  // namespace firedrill::scoring
