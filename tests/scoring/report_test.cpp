#include "scoring/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;
using nlohmann::json;

// Two incidents: the drill's, then the call failure opened at 7200 s, detected after 600 s,
// acknowledged 120 s later and mitigated at 9000 s, never resolved; 20 browse req/s fail
// over [7200 s, 9000 s).
model::RunRecord two_incidents() {
  model::RunRecord r = drill_record();
  r.segments = {segment(0, 600, {{100, 100}, {50, 50}}), segment(600, 1800, {{100, 70}, {50, 50}}),
                segment(1800, 7200, {{100, 100}, {50, 50}}),
                segment(7200, 9000, {{100, 100}, {50, 30}}),
                segment(9000, 14400, {{100, 100}, {50, 50}})};
  r.timeline.push_back(at(7200, ev::IncidentOpened{1, 1}));
  r.timeline.push_back(at(7800, ev::IncidentDetected{1, model::AlertRuleKind::Threshold, 0}));
  r.timeline.push_back(at(7800, ev::PageSent{1, chen(), 0, false}));
  r.timeline.push_back(at(7920, ev::PageAcknowledged{1, chen()}));
  r.timeline.push_back(at(9000, ev::IncidentMitigated{1}));
  return r;
}

TEST_CASE("evaluate: the report names the run and has one entry per incident", "[scoring]") {
  const Report report = evaluate(drill_scenario(), two_incidents());
  CHECK(report.scenario == "checkout-bad-deploy");
  CHECK(report.seed == 42);
  CHECK(report.duration_s == 14400.0);
  CHECK(report.journeys == std::vector<std::string>{"checkout", "browse"});
  REQUIRE(report.incidents.size() == 2);
  CHECK(report.incidents[1].id == "INC-2");
}

TEST_CASE("Summary: means over the incidents where each phase happened", "[scoring]") {
  const Summary s = evaluate(drill_scenario(), two_incidents()).summary;
  CHECK(s.incidents == 2);
  CHECK(s.mttd_s == Approx((180.0 + 600.0) / 2));
  CHECK(s.mtta_s == Approx((360.0 + 120.0) / 2));
  CHECK(s.mttm_s == Approx((1200.0 + 1800.0) / 2));
  // Only the first incident was resolved.
  CHECK(s.mttr_s == Approx(1800.0));
  const auto incidents = evaluate(drill_scenario(), two_incidents()).incidents;
  CHECK(s.score == Approx((incidents[0].score + incidents[1].score) / 2));
  CHECK(s.pages == 3);
  CHECK(s.after_hours_pages == 1);
}

TEST_CASE("Summary: impact over the whole run, per journey and in total", "[scoring]") {
  const Summary s = evaluate(drill_scenario(), two_incidents()).summary;
  const double checkout = 30.0 * 1200;
  const double browse = 20.0 * 1800;
  CHECK(s.impact.failed_requests_by_journey[0] == Approx(checkout));
  CHECK(s.impact.failed_requests_by_journey[1] == Approx(browse));
  CHECK(s.impact.failed_requests == Approx(checkout + browse));
  CHECK(s.impact.revenue_lost == Approx(checkout * 2.0));
  const double browse_budget = (1 - 0.99) * 50 * 30 * 86400.0;
  CHECK(s.impact.error_budget_consumed_by_journey[0] == Approx(checkout / 259200.0));
  CHECK(s.impact.error_budget_consumed_by_journey[1] == Approx(browse / browse_budget));
  CHECK(s.impact.error_budget_consumed == Approx(checkout / 259200.0));
}

TEST_CASE("Summary: a run without incidents scores 100 and has no means", "[scoring]") {
  const Report report = evaluate(drill_scenario(), quiet_record());
  CHECK(report.incidents.empty());
  CHECK(report.summary.incidents == 0);
  CHECK(report.summary.score == 100.0);
  CHECK_FALSE(report.summary.mttd_s);
  CHECK_FALSE(report.summary.mttr_s);
  CHECK(report.summary.impact.failed_requests == 0.0);
}

TEST_CASE("report_json: every required field, with nulls for phases that never happened",
          "[scoring]") {
  const json j = json::parse(report_json(evaluate(drill_scenario(), two_incidents())));
  CHECK(j.at("scenario") == "checkout-bad-deploy");
  CHECK(j.at("seed") == 42);
  CHECK(j.at("duration_s") == 14400.0);
  REQUIRE(j.at("incidents").size() == 2);

  const json& first = j.at("incidents").at(0);
  for (const char* key : {"id",
                          "severity",
                          "root_cause",
                          "fault_start_s",
                          "impact_start_s",
                          "impact_signal",
                          "detected_s",
                          "acknowledged_s",
                          "mitigated_s",
                          "resolved_s",
                          "ttd_s",
                          "tta_s",
                          "ttm_s",
                          "ttr_s",
                          "failed_requests",
                          "failed_requests_by_journey",
                          "revenue_lost",
                          "error_budget_consumed",
                          "error_budget_consumed_by_journey",
                          "pages",
                          "after_hours_pages",
                          "responders",
                          "status_updates",
                          "time_to_first_update_s",
                          "longest_silence_s",
                          "escalations",
                          "teams_engaged",
                          "score",
                          "score_breakdown"}) {
    CAPTURE(key);
    CHECK(first.contains(key));
  }
  CHECK(first.at("id") == "INC-1");
  CHECK(first.at("severity") == "P1");
  CHECK(first.at("root_cause") == json({{"service", "paymentservice"},
                                        {"fault", "bad_deploy"},
                                        {"fault_id", "payment-bad-deploy"}}));
  // Checkout fails 30 % from the fault's start: impact starts with it.
  CHECK(first.at("fault_start_s") == 600.0);
  CHECK(first.at("impact_start_s") == 600.0);
  CHECK(first.at("impact_signal") == json({{"journey", "checkout"},
                                           {"sli", "failed_share"},
                                           {"failed_share_before", 0.0},
                                           {"failed_share_at_start", 0.3}}));
  CHECK(first.at("ttd_s") == 180.0);
  CHECK(first.at("tta_s") == 360.0);
  CHECK(first.at("ttm_s") == 1200.0);
  CHECK(first.at("ttr_s") == 1800.0);
  CHECK(first.at("failed_requests") == 36000.0);
  CHECK(first.at("failed_requests_by_journey").at("checkout") == 36000.0);
  CHECK(first.at("failed_requests_by_journey").at("browse") == 0.0);
  CHECK(first.at("revenue_lost") == 72000.0);
  CHECK(first.at("error_budget_consumed").get<double>() == Approx(36000.0 / 259200.0));
  CHECK(first.at("pages") == 2);
  CHECK(first.at("after_hours_pages") == 1);
  CHECK(first.at("responders") == 2);
  CHECK(first.at("responder_names") == json({"Ben Okafor", "Chen Wei"}));
  CHECK(first.at("teams_engaged") == 2);
  CHECK(first.at("status_updates") == 2);
  CHECK(first.at("time_to_first_update_s") == 540.0);
  CHECK(first.at("longest_silence_s") == 680.0);
  CHECK(first.at("escalations") == 1);
  CHECK(first.at("detected_by") == json({{"kind", "burn_rate"}, {"rule", "checkout-slo-burn"}}));
  CHECK(first.at("score_breakdown").at("response").at("weight") == 15.0);
  CHECK(first.at("score_breakdown").at("error_budget").at("target_s").is_null());

  const json& second = j.at("incidents").at(1);
  CHECK(second.at("severity").is_null());
  CHECK(second.at("resolved_s").is_null());
  CHECK(second.at("ttr_s").is_null());
  CHECK(second.at("time_to_first_update_s").is_null());
  CHECK(second.at("longest_silence_s").is_null());
  CHECK(second.at("root_cause").at("service") == "frontend->checkoutservice");
  CHECK(second.at("detected_by").at("kind") == "threshold");

  const json& summary = j.at("summary");
  for (const char* key :
       {"incidents", "score", "mttd_s", "mtta_s", "mttm_s", "mttr_s", "failed_requests",
        "failed_requests_by_journey", "error_budget_consumed", "error_budget_consumed_by_journey",
        "revenue_lost", "pages", "after_hours_pages"}) {
    CAPTURE(key);
    CHECK(summary.contains(key));
  }
  CHECK(summary.at("mttr_s") == 1800.0);
  CHECK(summary.at("failed_requests") == 36000.0 + 36000.0);
}

TEST_CASE("Summary: wake-ups, false alarms and person-hours over the whole run", "[scoring]") {
  // staffed_record() (fixtures.hpp): 2 incident pages, neither woke anyone; one false alarm
  // after hours that woke Ana, who spent 600 s on it; 1260 s + 1140 s on the incident.
  const Escalated e = staffed_record();
  const Summary s = evaluate(e.scenario, e.record).summary;
  CHECK(s.pages == 2);
  CHECK(s.wake_ups == 0);
  CHECK(s.false_alarm_pages == 1);
  CHECK(s.false_alarm_after_hours_pages == 1);
  CHECK(s.false_alarm_wake_ups == 1);
  CHECK(s.false_alarm_person_hours == Approx(600 / 3600.0));
  CHECK(s.person_hours == Approx((1260 + 1140 + 600) / 3600.0));
}

TEST_CASE("report_json: the time-to-mitigate breakdown, roles and people per incident",
          "[scoring]") {
  // staffed_record(): the escalated record (18 of 31 min waiting for level 2, fixtures.hpp).
  const Escalated e = staffed_record();
  const json j = json::parse(report_json(evaluate(e.scenario, e.record)));
  const json& inc = j.at("incidents").at(0);
  CHECK(inc.at("wake_ups") == 0);
  CHECK(inc.at("roles") ==
        json::parse(R"([{"role": "incident_commander", "person": "Dana Kovacs"}])"));
  CHECK(inc.at("person_hours") == Approx(2400 / 3600.0).margin(1e-4));
  const json& b = inc.at("time_to_mitigate_breakdown");
  CHECK(b.at("start_s") == 600.0);
  CHECK(b.at("end_s") == 2460.0);
  CHECK(b.at("total_s") == 1860.0);
  CHECK(b.at("mitigated") == true);
  CHECK(b.at("by_kind_s").size() == kPhaseKindCount);
  CHECK(b.at("by_kind_s").at("awaiting_acknowledgement") == 18 * 60.0);
  CHECK(b.at("by_kind_s").at("red_herring") == 0.0);
  const json& phases = b.at("phases");
  REQUIRE(phases.size() == 6);
  CHECK(phases[1] == json::parse(R"({"kind": "awaiting_acknowledgement", "start_s": 720.0,
      "end_s": 1620.0, "duration_s": 900.0, "share": 0.483871, "team": "web",
      "escalation_level": 1, "escalation_delay_s": 900.0, "people": ["Ana Silva"]})"));
  CHECK(phases[4].at("kind") == "diagnosis");
  CHECK(phases[4].at("coordination_overhead_s") == 0.0);
  CHECK(phases[5] == json::parse(R"({"kind": "mitigation", "start_s": 2280.0, "end_s": 2460.0,
      "duration_s": 180.0, "share": 0.096774, "people": ["Ben Okafor"],
      "service": "paymentservice", "action": "rollback"})"));
  const json& summary = j.at("summary");
  CHECK(summary.at("false_alarm_pages") == 1);
  CHECK(summary.at("false_alarm_wake_ups") == 1);
  CHECK(summary.at("false_alarm_after_hours_pages") == 1);
  CHECK(summary.at("wake_ups") == 0);
  CHECK(summary.at("person_hours") == Approx(3000 / 3600.0).margin(1e-4));
  CHECK(summary.at("false_alarm_person_hours") == Approx(600 / 3600.0).margin(1e-4));
}

TEST_CASE("report_json: keys come in a fixed order and identical input gives identical bytes",
          "[scoring]") {
  const std::string a = report_json(evaluate(drill_scenario(), two_incidents()));
  const std::string b = report_json(evaluate(drill_scenario(), two_incidents()));
  CHECK(a == b);
  CHECK(a.find("\"scenario\"") < a.find("\"seed\""));
  CHECK(a.find("\"seed\"") < a.find("\"incidents\""));
  CHECK(a.find("\"incidents\": [") < a.find("\"summary\""));
  // A different run gives different bytes.
  CHECK(a != report_json(evaluate(drill_scenario(), drill_record())));
}

TEST_CASE("report_json: seconds round to milliseconds, requests to 0.1, money to cents",
          "[scoring]") {
  Report report = evaluate(drill_scenario(), drill_record());
  report.incidents[0].ttd_s = 180.00049;
  report.incidents[0].impact.failed_requests = 1234.5678;
  report.incidents[0].impact.revenue_lost = 99.999;
  report.incidents[0].tta_s = -0.0001;  // rounds to 0, never "-0.0"
  const std::string text = report_json(report);
  const json j = json::parse(text);
  CHECK(j["incidents"][0]["ttd_s"] == 180.0);
  CHECK(j["incidents"][0]["failed_requests"] == 1234.6);
  CHECK(j["incidents"][0]["revenue_lost"] == 100.0);
  CHECK(text.find("-0.0") == std::string::npos);
}

TEST_CASE("report_json: an infinite share of a zero error budget is null", "[scoring]") {
  model::Scenario scenario = drill_scenario();
  scenario.journeys[0].slo.objective = 1.0;
  const json j = json::parse(report_json(evaluate(scenario, drill_record())));
  CHECK(j["incidents"][0]["error_budget_consumed_by_journey"]["checkout"].is_null());
  CHECK(j["incidents"][0]["score_breakdown"]["error_budget"]["subscore"] == 0.0);
}

TEST_CASE("report_json: a run without incidents has an empty list and a perfect score",
          "[scoring]") {
  const json j = json::parse(report_json(evaluate(drill_scenario(), quiet_record())));
  CHECK(j.at("incidents") == json::array());
  CHECK(j.at("summary").at("incidents") == 0);
  CHECK(j.at("summary").at("score") == 100.0);
  CHECK(j.at("summary").at("mttd_s").is_null());
  CHECK(j.at("seed") == 7);
}

}  // namespace
}  // namespace firedrill::scoring

namespace firedrill::scoring {
namespace {

TEST_CASE("report_json: detection by customer reports, the first report and support tickets",
          "[scoring]") {
  using namespace testing;
  const json j = json::parse(report_json(evaluate(drill_scenario(), reported_record())));
  const json& incident = j.at("incidents").at(0);
  CHECK(incident.at("detected_by") == json({{"kind", "customer_reports"}, {"rule", "checkout"}}));
  CHECK(incident.at("first_customer_report_s") == 700.0);
  CHECK(incident.at("support_tickets") == 4);
  CHECK(incident.at("support_tickets_in_silence") == 2);
  CHECK(incident.at("silence_threshold_s") == 1800.0);
  // The summary counts every ticket, an incident's or not.
  CHECK(j.at("summary").at("support_tickets") == 5);
  const json quiet = json::parse(report_json(evaluate(drill_scenario(), drill_record())));
  CHECK(quiet.at("incidents").at(0).at("first_customer_report_s").is_null());
  CHECK(quiet.at("incidents").at(0).at("support_tickets") == 0);
}

}  // namespace
}  // namespace firedrill::scoring
