#include "scoring/incident_metrics.hpp"

#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "scoring/integrals.hpp"
#include "sim/engine/check.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;

// A record with only the opening of incident 0 (fault `fault`) at `open_s`, plus `events`.
model::RunRecord bare_record(double open_s, std::size_t fault,
                             std::vector<model::TimelineEvent> events = {}) {
  model::RunRecord r = drill_record();
  r.timeline = {at(open_s, ev::IncidentOpened{0, fault})};
  r.timeline.insert(r.timeline.end(), events.begin(), events.end());
  return r;
}

TEST_CASE("measure_incidents: one incident per IncidentOpened, named and traced to its fault",
          "[scoring]") {
  const auto incidents = measure_incidents(drill_scenario(), drill_record());
  REQUIRE(incidents.size() == 1);
  const IncidentMetrics& m = incidents[0];
  CHECK(m.id == "INC-1");
  REQUIRE(m.severity);
  CHECK(*m.severity == model::Severity::P1);
  CHECK(m.root_cause.service == "paymentservice");
  CHECK(m.root_cause.fault == "bad_deploy");
  CHECK(m.root_cause.fault_id == "payment-bad-deploy");
  REQUIRE(m.detected_by);
  CHECK(m.detected_by->kind == model::AlertRuleKind::BurnRate);
  CHECK(m.detected_by->name == "checkout-slo-burn");
}

TEST_CASE("measure_incidents: TTD, TTA, TTM and TTR are differences of the lifecycle events",
          "[scoring]") {
  const IncidentMetrics m = measure_incidents(drill_scenario(), drill_record()).at(0);
  CHECK(m.impact_start_s == 600.0);
  CHECK(m.detected_s == 780.0);
  CHECK(m.acknowledged_s == 1140.0);
  CHECK(m.cause_identified_s == 1500.0);
  CHECK(m.mitigated_s == 1800.0);
  CHECK(m.resolved_s == 2400.0);
  CHECK(m.ttd_s == 780.0 - 600.0);
  CHECK(m.tta_s == 1140.0 - 780.0);
  CHECK(m.ttm_s == 1800.0 - 600.0);
  CHECK(m.ttr_s == 2400.0 - 600.0);
  // Consistency: detect + acknowledge is the time from impact to the first acknowledgement.
  CHECK(*m.ttd_s + *m.tta_s == *m.acknowledged_s - *m.impact_start_s);
}

TEST_CASE("measure_incidents: phases that never happened are empty, and so are their times",
          "[scoring]") {
  SECTION("only opened") {
    const IncidentMetrics m = measure_incidents(drill_scenario(), bare_record(600, 0)).at(0);
    CHECK_FALSE(m.detected_s);
    CHECK_FALSE(m.acknowledged_s);
    CHECK_FALSE(m.mitigated_s);
    CHECK_FALSE(m.resolved_s);
    CHECK_FALSE(m.ttd_s);
    CHECK_FALSE(m.tta_s);
    CHECK_FALSE(m.ttm_s);
    CHECK_FALSE(m.ttr_s);
    CHECK_FALSE(m.severity);
    CHECK_FALSE(m.detected_by);
    CHECK_FALSE(m.time_to_first_update_s);
    CHECK_FALSE(m.longest_silence_s);
  }
  SECTION("detected and mitigated, never acknowledged nor resolved") {
    const IncidentMetrics m =
        measure_incidents(
            drill_scenario(),
            bare_record(600, 0,
                        {at(700, ev::IncidentDetected{0, model::AlertRuleKind::Threshold, 0}),
                         at(1000, ev::IncidentMitigated{0})}))
            .at(0);
    CHECK(m.ttd_s == 100.0);
    CHECK_FALSE(m.tta_s);
    CHECK(m.ttm_s == 400.0);
    CHECK_FALSE(m.ttr_s);
    CHECK(m.detected_by->name == "payment-errors");
  }
}

TEST_CASE("measure_incidents: failed requests, revenue and error budget over impact to mitigation",
          "[scoring]") {
  const model::Scenario scenario = drill_scenario();
  const IncidentMetrics m = measure_incidents(scenario, drill_record()).at(0);
  // Checkout fails 100 − 70 req/s from 600 s to the mitigation at 1800 s.
  const double failed_checkout = (100.0 - 70.0) * (1800 - 600);
  REQUIRE(m.impact.failed_requests_by_journey.size() == 2);
  CHECK(m.impact.failed_requests_by_journey[0] == Approx(failed_checkout));
  CHECK(m.impact.failed_requests_by_journey[1] == 0.0);
  CHECK(m.impact.failed_requests == Approx(failed_checkout));
  CHECK(m.impact.revenue_lost == Approx(failed_checkout * 2.0));
  // Budget: (1 − 0.999) × 100 req/s × 30 days = 259 200 requests.
  const double budget = (1 - 0.999) * 100.0 * 30 * 86400;
  CHECK(m.impact.error_budget_consumed_by_journey[0] == Approx(failed_checkout / budget));
  CHECK(m.impact.error_budget_consumed_by_journey[1] == 0.0);
  CHECK(m.impact.error_budget_consumed == Approx(failed_checkout / budget));
}

TEST_CASE("measure_incidents: impact outlasts the mitigation until the last SLO breach before "
          "the resolution",
          "[scoring]") {
  // The fix lands at 1800 s, but checkout keeps failing 10 % (beyond its 0.1 % SLO) while a
  // queue drains until 2100 s, and 0.05 % (within it) until 2200 s; resolved at 2400 s.
  model::RunRecord r = drill_record();
  r.segments = {segment(0, 600, {{100, 100}, {50, 50}}), segment(600, 1800, {{100, 70}, {50, 50}}),
                segment(1800, 2100, {{100, 90}, {50, 50}}),
                segment(2100, 2200, {{100, 99.95}, {50, 50}}),
                segment(2200, 14400, {{100, 100}, {50, 50}})};
  const IncidentMetrics m = measure_incidents(drill_scenario(), r).at(0);
  CHECK(m.mitigated_s == 1800.0);
  CHECK(m.impact_end_s == 2100.0);
  CHECK(m.impact_over);
  CHECK(m.impact.failed_requests == Approx(30.0 * 1200 + 10.0 * 300));

  // Nobody detected it: the impact ends when the fault stops acting.
  const model::RunRecord undetected =
      bare_record(600, 0, {at(1800, ev::FaultCleared{0, false}), at(1800, ev::IncidentMitigated{0})});
  const IncidentMetrics u = measure_incidents(drill_scenario(), undetected).at(0);
  CHECK(u.impact_end_s == 1800.0);
  CHECK(u.impact_over);
}

TEST_CASE("measure_incidents: an unmitigated incident counts failures until the run's end",
          "[scoring]") {
  model::RunRecord r = bare_record(600, 0);
  r.segments = {segment(0, 600, {{100, 100}, {50, 50}}),
                segment(600, 14400, {{100, 90}, {50, 45}})};
  const IncidentMetrics m = measure_incidents(drill_scenario(), r).at(0);
  CHECK(m.impact_end_s == 14400.0);
  CHECK_FALSE(m.impact_over);
  const double impact_s = 14400 - 600;
  CHECK(m.impact.failed_requests_by_journey[0] == Approx(10 * impact_s));
  // Browse fails too, but its calls never reach paymentservice, where the fault acts: its
  // failures are not this incident's (an overlapping incident on browse keeps its own).
  CHECK(m.impact.failed_requests_by_journey[1] == 0.0);
  CHECK(m.impact.failed_requests == Approx(10 * impact_s));
  CHECK(m.impact.revenue_lost == Approx(10 * impact_s * 2.0));
  // Checkout's budget: (1 − 0.999) × 100 req/s × 30 days = 259 200 requests.
  const double checkout_share = 10 * impact_s / ((1 - 0.999) * 100.0 * 30 * 86400);
  CHECK(m.impact.error_budget_consumed_by_journey[1] == 0.0);
  CHECK(m.impact.error_budget_consumed == Approx(checkout_share));
}

TEST_CASE("measure_incidents: pages, after-hours pages, escalations, responders and teams",
          "[scoring]") {
  const IncidentMetrics m = measure_incidents(drill_scenario(), drill_record()).at(0);
  CHECK(m.pages == 2);
  CHECK(m.after_hours_pages == 1);
  CHECK(m.escalations == 1);
  CHECK_FALSE(m.escalation_exhausted);
  // Ana was paged but never acknowledged nor investigated: she is not a responder.
  CHECK(m.responders == std::vector<std::string>{"Ben Okafor", "Chen Wei"});
  CHECK(m.teams_engaged == std::vector<std::string>{"web", "payments"});
  CHECK(m.diagnosis_steps == 2);
  CHECK(m.red_herrings == 1);
  CHECK(m.mitigation_attempts == 1);
  CHECK(m.failed_mitigations == 0);
}

TEST_CASE("measure_incidents: a person who acknowledges and investigates counts once",
          "[scoring]") {
  const IncidentMetrics m =
      measure_incidents(drill_scenario(),
                        bare_record(0, 0,
                                    {at(10, ev::PageSent{0, ben(), 0, false}),
                                     at(20, ev::PageAcknowledged{0, ben()}),
                                     at(30, ev::DiagnosisStep{0, ben(), 1, false}),
                                     at(40, ev::DiagnosisStep{0, ben(), 2, false}),
                                     at(50, ev::EscalationExhausted{0, 0})}))
          .at(0);
  CHECK(m.responders == std::vector<std::string>{"Ben Okafor"});
  CHECK(m.escalation_exhausted);
}

TEST_CASE("measure_incidents: status updates, time to first update and longest silence",
          "[scoring]") {
  SECTION("the drill: declared 1200 s, updates 1320 s and 2000 s, resolved 2400 s") {
    const IncidentMetrics m = measure_incidents(drill_scenario(), drill_record()).at(0);
    CHECK(m.status_updates == 2);
    CHECK(m.time_to_first_update_s == 1320.0 - 780.0);
    // Gaps: 1320 − 1200, 2000 − 1320, 2400 − 2000; the middle one is the longest.
    CHECK(m.longest_silence_s == std::max({1320.0 - 1200, 2000.0 - 1320, 2400.0 - 2000}));
  }
  SECTION("the silence from declaration to the first update counts") {
    const IncidentMetrics m =
        measure_incidents(
            drill_scenario(),
            bare_record(0, 0,
                        {at(60, ev::IncidentDetected{0, model::AlertRuleKind::BurnRate, 0}),
                         at(100, ev::SeverityDeclared{0, model::Severity::P2, 0.1}),
                         at(1900, ev::StatusUpdatePosted{0, model::Severity::P2, "a"}),
                         at(2000, ev::StatusUpdatePosted{0, model::Severity::P2, "b"}),
                         at(2100, ev::IncidentResolved{0})}))
            .at(0);
    CHECK(m.time_to_first_update_s == 1900.0 - 60.0);
    CHECK(m.longest_silence_s == 1900.0 - 100.0);
  }
  SECTION("without updates or resolution the silence runs to the run's end") {
    const IncidentMetrics m =
        measure_incidents(
            drill_scenario(),
            bare_record(0, 0, {at(100, ev::SeverityDeclared{0, model::Severity::P2, 0.1})}))
            .at(0);
    CHECK(m.status_updates == 0);
    CHECK_FALSE(m.time_to_first_update_s);
    CHECK(m.longest_silence_s == 14400.0 - 100.0);
  }
}

TEST_CASE("measure_incidents: the last severity declared is the incident's severity", "[scoring]") {
  const IncidentMetrics m =
      measure_incidents(drill_scenario(),
                        bare_record(0, 0,
                                    {at(100, ev::SeverityDeclared{0, model::Severity::P3, 0.02}),
                                     at(200, ev::SeverityDeclared{0, model::Severity::P1, 0.4}),
                                     at(300, ev::StatusUpdatePosted{0, model::Severity::P1, "x"})}))
          .at(0);
  REQUIRE(m.severity);
  CHECK(*m.severity == model::Severity::P1);
  // The silence still counts from the first declaration.
  CHECK(m.longest_silence_s == 14400.0 - 300.0);
}

TEST_CASE(
    "measure_incidents: root causes of call failures and traffic surges are named by edge "
    "and journey",
    "[scoring]") {
  model::Scenario scenario = drill_scenario();
  CHECK(measure_incidents(scenario, bare_record(0, 1)).at(0).root_cause.service ==
        "frontend->checkoutservice");
  CHECK(measure_incidents(scenario, bare_record(0, 2)).at(0).root_cause.service == "all journeys");
  model::RunRecord record = bare_record(0, 2);
  record.faults[2].journey = 1;  // the record's faults are the run's
  const IncidentMetrics surge = measure_incidents(scenario, record).at(0);
  CHECK(surge.root_cause.service == "browse");
  CHECK(surge.root_cause.fault == "traffic_surge");
}

TEST_CASE("measure_incidents: events are attributed to their incident when two overlap",
          "[scoring]") {
  model::RunRecord r = drill_record();
  // Checkout fails 10 % from the first fault's start and 30 % from the second's: each hurts
  // users as it begins.
  r.segments = {segment(0, 100, {{100, 100}, {50, 50}}), segment(100, 200, {{100, 90}, {50, 50}}),
                segment(200, 14400, {{100, 70}, {50, 50}})};
  r.timeline = {at(100, ev::IncidentOpened{0, 0}),
                at(200, ev::IncidentOpened{1, 1}),
                at(300, ev::IncidentDetected{1, model::AlertRuleKind::Threshold, 0}),
                at(300, ev::PageSent{1, chen(), 0, true}),
                at(400, ev::IncidentDetected{0, model::AlertRuleKind::BurnRate, 0}),
                at(500, ev::IncidentMitigated{1}),
                at(900, ev::IncidentMitigated{0})};
  const auto incidents = measure_incidents(drill_scenario(), r);
  REQUIRE(incidents.size() == 2);
  CHECK(incidents[1].id == "INC-2");
  CHECK(incidents[0].ttd_s == 300.0);
  CHECK(incidents[1].ttd_s == 100.0);
  CHECK(incidents[0].pages == 0);
  CHECK(incidents[1].pages == 1);
  CHECK(incidents[1].after_hours_pages == 1);
  CHECK(incidents[0].ttm_s == 800.0);
  CHECK(incidents[1].ttm_s == 300.0);
  CHECK(incidents[1].root_cause.fault == "call_failure");
}

TEST_CASE("measure_incidents: a record that breaks the incident invariants is a bug", "[scoring]") {
  model::RunRecord r = drill_record();
  r.timeline = {at(100, ev::IncidentOpened{1, 0})};
  CHECK_THROWS_AS(measure_incidents(drill_scenario(), r), engine::InvariantError);
  r.timeline = {at(100, ev::IncidentOpened{0, 0}), at(200, ev::IncidentMitigated{3})};
  CHECK_THROWS_WITH(measure_incidents(drill_scenario(), r),
                    Catch::Contains("event for incident 3 that was never opened"));
}

TEST_CASE("measure_incidents: wake-ups, roles and person-hours from the responders' states",
          "[scoring]") {
  // staffed_record() (fixtures.hpp): Ben works from his acknowledgement at 1800 s to the
  // resolution at 3060 s, Dana (incident commander) from 1920 s to 3060 s; Ana was only paged
  // for the incident, which is no work. The false alarm's 600 s belong to no incident.
  const Escalated e = staffed_record();
  const auto incidents = measure_incidents(e.scenario, e.record);
  REQUIRE(incidents.size() == 1);
  const IncidentMetrics& m = incidents[0];
  CHECK(m.person_hours == Approx(((3060 - 1800) + (3060 - 1920)) / 3600.0));
  REQUIRE(m.roles.size() == 1);
  CHECK(m.roles[0].role == model::Role::IncidentCommander);
  CHECK(m.roles[0].person == "Dana Kovacs");
  CHECK(m.wake_ups == 0);
  // busy_record(): Ana's page woke her.
  CHECK(measure_incidents(drill_scenario(), busy_record())[0].wake_ups == 1);
}

TEST_CASE(
    "engaged_time: engaged states count until the next change or the run's end, paged and "
    "resting states do not",
    "[scoring]") {
  const Escalated e = staffed_record();
  const EngagedTime t = engaged_time(e.record, 1);
  CHECK(t.by_incident_s == std::vector<double>{(3060 - 1800) + (3060 - 1920)});
  CHECK(t.no_incident_s == 600.0);
  model::RunRecord r = e.record;
  r.timeline.pop_back();  // Ana never closes the false alarm: she works until the run's end
  CHECK(engaged_time(r, 1).no_incident_s == 14400.0 - 5300.0);
  for (const auto s : {model::ResponderState::OffDuty, model::ResponderState::Asleep,
                       model::ResponderState::Available, model::ResponderState::Paged})
    CHECK_FALSE(is_engaged(s));
  for (const auto s : {model::ResponderState::Acknowledging, model::ResponderState::Triaging,
                       model::ResponderState::Investigating, model::ResponderState::Mitigating,
                       model::ResponderState::Communicating, model::ResponderState::HandingOff})
    CHECK(is_engaged(s));
}

TEST_CASE("incident_of: events that carry no incident have none", "[scoring]") {
  CHECK(incident_of(ev::FaultInjected{0}) == std::nullopt);
  CHECK(incident_of(ev::AlertChanged{model::AlertRuleKind::BurnRate, 0, model::AlertState::Firing,
                                     1.0}) == std::nullopt);
  CHECK(incident_of(ev::IncidentResolved{4}) == 4u);
}

}  // namespace
TEST_CASE("strained_services: names services saturated or carrying 1.5× their earlier load",
          "[scoring]") {
  const model::Scenario s = testing::drill_scenario();
  model::RunRecord r;
  const auto with_services = [](model::Segment seg, std::vector<std::pair<double, double>> svc) {
    for (std::size_t i = 0; i < svc.size(); ++i) {
      seg.services[i].load_rps = svc[i].first;
      seg.services[i].utilisation = svc[i].second;
    }
    return seg;
  };
  // Before the impact at 100 s: frontend 100 req/s; checkout 50; payment 50 (utilisation 0.25).
  r.segments = {with_services(testing::segment(0, 100, {}), {{100, 0.2}, {50, 0.25}, {50, 0.25}}),
                // During: checkout gains 40 % (not enough), payment 4× by retries, saturated.
                with_services(testing::segment(100, 200, {}), {{100, 0.2}, {70, 0.35}, {200, 1.0}}),
                with_services(testing::segment(200, 300, {}), {{100, 0.2}, {60, 0.3}, {150, 0.75}}),
                // After the window: ignored, however high.
                with_services(testing::segment(300, 400, {}), {{900, 4.0}, {50, 0.25}, {50, 0.25}})};
  const auto strained =
      strained_services(s, r, testing::seconds(100), testing::seconds(300));
  REQUIRE(strained.size() == 1);
  CHECK(strained[0].service == "paymentservice");
  CHECK(strained[0].load_before_rps == 50.0);
  CHECK(strained[0].peak_load_rps == 200.0);
  CHECK(strained[0].peak_utilisation == 1.0);
}

}  // namespace firedrill::scoring

namespace firedrill::scoring {
namespace {

using namespace testing;

TEST_CASE(
    "measure_incidents: customer reports as the detection, the first report and the "
    "support tickets after a silence beyond the severity's cadence",
    "[scoring]") {
  const model::Scenario s = drill_scenario();
  const IncidentMetrics m = measure_incidents(s, reported_record()).at(0);
  REQUIRE(m.detected_by);
  CHECK(m.detected_by->kind == model::AlertRuleKind::CustomerReport);
  CHECK(m.detected_by->name == "checkout");
  CHECK(m.ttd_s == 1000.0);
  CHECK(m.first_customer_report_s == 700.0);
  // P2's cadence is 30 min: the tickets after 31 and 45 min of silence count.
  CHECK(m.support_tickets == 4);
  CHECK(m.silence_threshold_s == 1800.0);
  CHECK(m.support_tickets_in_silence == 2);
  // Without a declared severity the customers' silence_doubling (30 min by default) is the bar.
  model::RunRecord undeclared = reported_record();
  std::erase_if(undeclared.timeline, [](const model::TimelineEvent& e) {
    return std::holds_alternative<ev::SeverityDeclared>(e.payload);
  });
  model::Scenario patient = s;
  patient.customers.silence_doubling = minutes(40);
  const IncidentMetrics u = measure_incidents(patient, undeclared).at(0);
  CHECK(u.silence_threshold_s == 2400.0);
  CHECK(u.support_tickets_in_silence == 1);
}

TEST_CASE("measure_incidents: a support-ticket event counted over a window adds its count",
          "[scoring]") {
  // reported_record's tickets with the one after 20 min of silence standing for 7 tickets and
  // the one after 45 min for 1,000,000: 1 + 7 + 1 + 1,000,000 in all, of which those after
  // more than P2's 30 min, 1 + 1,000,000, came in silence.
  model::RunRecord r = reported_record();
  for (model::TimelineEvent& e : r.timeline) {
    auto* ticket = std::get_if<ev::SupportTicketOpened>(&e.payload);
    if (ticket == nullptr) continue;
    if (ticket->silence == minutes(20)) ticket->count = 7;
    if (ticket->silence == minutes(45)) ticket->count = 1'000'000;
  }
  const IncidentMetrics m = measure_incidents(drill_scenario(), r).at(0);
  CHECK(m.support_tickets == 1'000'009);
  CHECK(m.support_tickets_in_silence == 1'000'001);
}

}  // namespace
}  // namespace firedrill::scoring
