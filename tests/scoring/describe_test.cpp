#include "scoring/describe.hpp"

#include <catch2/catch.hpp>

#include "fixtures.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;

TEST_CASE("describe_fault: every fault type in plain words with the scenario's names",
          "[scoring]") {
  model::Scenario s = drill_scenario();
  CHECK(describe_fault(s, s.faults[0]) == "bad deploy of paymentservice (30 % errors, +200 ms)");
  CHECK(describe_fault(s, s.faults[1]) == "50 % of calls from frontend to checkoutservice failing");
  CHECK(describe_fault(s, s.faults[2]) == "traffic surge ×3 on all journeys");
  s.faults[2].journey = 0;
  CHECK(describe_fault(s, s.faults[2]) == "traffic surge ×3 on journey checkout");
  s.faults[0].type = model::FaultType::CrashReplicas;
  CHECK(describe_fault(s, s.faults[0]) == "crash of 1 of 2 replicas of paymentservice");
  s.faults[0].type = model::FaultType::ErrorRate;
  CHECK(describe_fault(s, s.faults[0]) == "30 % of requests to paymentservice failing");
  s.faults[0].type = model::FaultType::Latency;
  CHECK(describe_fault(s, s.faults[0]) == "+200 ms of latency on paymentservice");
}

TEST_CASE("describe_rule: the rule's name and what it watches", "[scoring]") {
  const model::Scenario s = drill_scenario();
  CHECK(describe_rule(s, model::AlertRuleKind::Threshold, 0) ==
        "payment-errors (error_ratio of service paymentservice over 1 min > 0.05 for 2 min)");
  CHECK(describe_rule(s, model::AlertRuleKind::BurnRate, 0) ==
        "checkout-slo-burn (SLO burn rate of journey checkout: 1 h and 5 min windows at 14.4×)");
}

TEST_CASE("describe_rule: a long-window-only, ticket condition with its own `for` says so",
          "[scoring]") {
  model::Scenario s = drill_scenario();
  s.burn_rate_rules[0].conditions.push_back(
      {std::chrono::hours(72), std::nullopt, 1.0, std::chrono::hours(3),
       model::AlertSeverity::Ticket});
  CHECK(describe_rule(s, model::AlertRuleKind::BurnRate, 0) ==
        "checkout-slo-burn (SLO burn rate of journey checkout: 1 h and 5 min windows at 14.4× or "
        "72 h window at 1× for 3 h (ticket))");
  CHECK(describe_event(s, record_of(s),
                       at(0, ev::AlertChanged{model::AlertRuleKind::BurnRate, 0,
                                              model::AlertState::Firing, 1.2,
                                              model::AlertSeverity::Ticket, 1})) ==
        "Alert checkout-slo-burn (ticket) firing (value 1.2)");
}

TEST_CASE("describe_event: alert values keep three significant digits without e-notation",
          "[scoring]") {
  const model::Scenario s = drill_scenario();
  const auto alert = [&s](double value) {
    return describe_event(s, record_of(s), at(0, ev::AlertChanged{model::AlertRuleKind::Threshold, 0,
                                                    model::AlertState::Firing, value}));
  };
  CHECK(alert(0.34567) == "Alert payment-errors firing (value 0.346)");
  CHECK(alert(1234.4) == "Alert payment-errors firing (value 1234)");
  CHECK(alert(14.4) == "Alert payment-errors firing (value 14.4)");
}

TEST_CASE(
    "describe_event: pages name the person, team and level, only after-hours ones show "
    "local time",
    "[scoring]") {
  const model::Scenario s = drill_scenario();
  CHECK(describe_event(s, record_of(s), at(0, ev::PageSent{0, chen(), 0, false, false, 1})) ==
        "Page sent to Chen Wei (payments, level 1)");
  // 18:00 UTC is 13:00 in New York (EST, UTC−5).
  CHECK(describe_event(s, record_of(s), at(0, ev::PageSent{0, ben(), 2, true})) ==
        "Page sent to Ben Okafor (web, level 3) — after hours (13:00 local time, "
        "America/New_York)");
  CHECK(describe_event(s, record_of(s), at(0, ev::EscalationExhausted{0, 1})) ==
        "Escalation policy of team payments exhausted: nobody acknowledged the page");
  CHECK(
      describe_event(s, record_of(s), at(0, ev::MitigationStarted{0, model::MitigationAction::DisableCall, 0})) ==
      "Disabling the failing call at frontend started");
  CHECK(describe_event(s, record_of(s), at(0, ev::MitigationFinished{0, model::MitigationAction::Restart,
                                                       false})) == "Restart failed");
}

TEST_CASE("describe_event: the record's facts, the page chain, who acted, severity changes and "
          "how the impact ended",
          "[scoring]") {
  const model::Scenario s = drill_scenario();
  const model::RunRecord r = record_of(s);
  CHECK(describe_event(s, r,
                       at(0, ev::PageSent{0, chen(), 0, false, false, 0, 1,
                                          model::Role::IncidentCommander})) ==
        "Page sent to Chen Wei (payments, incident commander page, level 1, pass 2 of team "
        "web's escalation policy)");
  CHECK(describe_event(s, r,
                       at(0, ev::SeverityDeclared{0, model::Severity::P1, 0.3, false,
                                                  model::Severity::P2, 0, ben()})) ==
        "Severity raised to P1 from P2 by Ben Okafor (30 % of checkout requests failing over "
        "5 min)");
  CHECK(describe_event(s, r,
                       at(0, ev::SeverityDeclared{0, model::Severity::P3, 0.004, false,
                                                  model::Severity::P1, 0, ben()})) ==
        "Severity lowered to P3 from P1 by Ben Okafor (0.4 % of checkout requests failing over "
        "5 min)");
  CHECK(describe_event(s, r,
                       at(0, ev::DiagnosisStep{0, ben(), 1, true, model::DiagnosisLead::Noise})) ==
        "Ben Okafor inspected checkoutservice, an unrelated anomaly there: a red herring, the "
        "cause is not there");
  CHECK(describe_event(s, r, at(0, ev::MitigationStarted{0, model::MitigationAction::Rollback, 2,
                                                         model::MitigationReason::Fix, chen()})) ==
        "Rollback of paymentservice started by Chen Wei");
  CHECK(describe_event(s, r, at(0, ev::FaultCleared{0, false, true})) ==
        "Fault " + r.faults.at(0).id + " ended by the facilitator");
  CHECK(describe_event(s, r, at(0, ev::IncidentMitigated{0, model::MitigatedBy::Facilitator})) ==
        "Impact ended: the facilitator ended the fault");
  CHECK(describe_event(s, r, at(0, ev::IncidentMitigated{0, model::MitigatedBy::FaultExpired})) ==
        "Mitigated: the fault expired by itself");
}

}  // namespace
}  // namespace firedrill::scoring

namespace firedrill::scoring {
namespace {

using namespace testing;

TEST_CASE("describe_rule and describe_event: synthetic probes and customer reports", "[scoring]") {
  model::Scenario s = drill_scenario();
  model::ProbeRule probe;
  probe.name = "checkout-probe";
  probe.target = 0;
  s.probe_rules = {probe};
  CHECK(describe_rule(s, model::AlertRuleKind::Probe, 0) ==
        "checkout-probe (synthetic probe of journey checkout every 1 min, timeout 10 s, alerting "
        "after 3 consecutive failures)");
  CHECK(describe_rule(s, model::AlertRuleKind::CustomerReport, 1) ==
        "customer reports from journey browse, escalated by support");
  CHECK(kind_name(model::AlertRuleKind::Probe) == std::string("probe"));
  CHECK(kind_name(model::AlertRuleKind::CustomerReport) == std::string("customer_reports"));
  const model::RunRecord r = record_of(s);
  CHECK(describe_event(s, r,
                       at(0, ev::AlertChanged{model::AlertRuleKind::Probe, 0,
                                              model::AlertState::Firing, 3.0})) ==
        "Alert checkout-probe firing (value 3)");
  CHECK(describe_event(s, r, at(0, ev::IncidentDetected{0, model::AlertRuleKind::Probe, 0})) ==
        "Incident detected by synthetic probe checkout-probe");
  CHECK(describe_event(s, r, at(0, ev::IncidentDetected{0, model::AlertRuleKind::Threshold, 0})) ==
        "Incident detected by alert payment-errors");
  CHECK(describe_event(s, r, at(0, ev::CustomerReported{1, std::nullopt})) ==
        "First customer report of failures on journey browse; support is triaging it");
  CHECK(describe_event(s, r, at(0, ev::SupportTicketOpened{0, 0, minutes(12)})) ==
        "Support ticket from a customer of journey checkout (no status update for 12 min)");
  CHECK(describe_event(s, r, at(0, ev::SupportTicketOpened{0, 0, minutes(12), 40})) ==
        "40 support tickets from customers of journey checkout (no status update for 12 min)");
}

}  // namespace
}  // namespace firedrill::scoring
