#include "sim/model/alertmanager.hpp"

#include <catch2/catch.hpp>

#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

Alert alert(std::size_t rule, std::size_t service, std::size_t team = 0) {
  Alert a;
  a.kind = AlertRuleKind::Threshold;
  a.rule = rule;
  a.service = service;
  a.team = team;
  return a;
}

}  // namespace

// Expected times follow Alertmanager's documented route semantics (prometheus.io,
// "Alertmanager configuration": group_wait, group_interval).
TEST_CASE("Alertmanager: a new group notifies after group_wait with every alert that joined it",
          "[alerts]") {
  AlertRoute route;
  route.group_by = {};  // one group per team
  Alertmanager am(route);
  const auto first = am.fire(alert(0, 1), seconds(100));
  REQUIRE(first);
  CHECK(first->at == seconds(100) + route.group_wait);
  CHECK_FALSE(am.fire(alert(1, 2), seconds(110)));  // joins; the flush is already due
  CHECK_FALSE(am.fire(alert(0, 1), seconds(115)));  // a repeat is deduplicated
  const Notification n = am.flush(first->group, first->at);
  REQUIRE(n.alerts.size() == 2);
  CHECK(n.alerts[0].rule == 0);
  CHECK(n.alerts[1].rule == 1);
}

TEST_CASE("Alertmanager: an alert joining a group that has notified waits for group_interval",
          "[alerts]") {
  AlertRoute route;
  route.group_by = {};
  Alertmanager am(route);
  const auto first = am.fire(alert(0, 1), seconds(0));
  am.flush(first->group, first->at);
  const auto second = am.fire(alert(1, 1), first->at + seconds(10));
  REQUIRE(second);
  CHECK(second->group == first->group);
  CHECK(second->at == first->at + route.group_interval);
  // Long after the interval, a joining alert goes out at once.
  am.flush(second->group, second->at);
  const auto third = am.fire(alert(2, 1), second->at + minutes(30));
  REQUIRE(third);
  CHECK(third->at == second->at + minutes(30));
}

TEST_CASE("Alertmanager: group_by and the team split alerts into groups", "[alerts]") {
  AlertRoute route;
  route.group_by = {AlertLabel::Service};
  Alertmanager am(route);
  const auto a = am.fire(alert(0, 1), seconds(0));
  const auto b = am.fire(alert(1, 2), seconds(0));     // another service
  const auto c = am.fire(alert(2, 1, 1), seconds(0));  // another team
  const auto d = am.fire(alert(3, 1), seconds(0));     // same service and team as `a`
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK_FALSE(d);
  CHECK(a->group != b->group);
  CHECK(a->group != c->group);
  CHECK(am.flush(a->group, a->at).alerts.size() == 2);
}

TEST_CASE("Alertmanager: once every alert of a group resolves, the next one waits group_wait "
          "again, an alert resolved before the flush is not sent",
          "[alerts]") {
  AlertRoute route;
  Alertmanager am(route);
  const auto first = am.fire(alert(0, 1), seconds(0));
  am.resolve(alert(0, 1));
  CHECK(am.flush(first->group, first->at).alerts.empty());
  const auto again = am.fire(alert(0, 1), minutes(10));
  REQUIRE(again);
  CHECK(again->at == minutes(10) + route.group_wait);
}

TEST_CASE("alert_of: a journey rule's alert carries the journey and its entry service's team",
          "[alerts]") {
  Scenario s = testing::three_tier();
  s.teams.push_back(s.teams[0]);
  s.teams[1].name = "platform";
  s.threshold_rules[0].team = 1;
  const Alert routed = alert_of(s, AlertRuleKind::Threshold, 0);
  CHECK(routed.team == 1);
  CHECK(routed.journey == std::optional<std::size_t>{0});
  CHECK(routed.service == s.journeys[0].entry_service);
  const Alert burn = alert_of(s, AlertRuleKind::BurnRate, 0);
  CHECK(burn.team == s.services[s.journeys[0].entry_service].team);
}

TEST_CASE(
    "alert_of: a probe's alert carries its target and route, customer reports go to the "
    "journey's owner, and neither groups with a threshold rule of the same index",
    "[alerts]") {
  Scenario s = testing::three_tier();
  s.teams.push_back(s.teams[0]);
  s.teams[1].name = "platform";
  s.services[0].team = 1;  // the frontend, browse's entry, belongs to "platform"
  ProbeRule on_api;
  on_api.name = "api-probe";
  on_api.target_kind = TargetKind::Service;
  on_api.target = 1;
  on_api.severity = AlertSeverity::Ticket;
  s.probe_rules = {on_api};
  const Alert probe = alert_of(s, AlertRuleKind::Probe, 0);
  CHECK(probe.kind == AlertRuleKind::Probe);
  CHECK(probe.service == 1);
  CHECK_FALSE(probe.journey.has_value());
  CHECK(probe.team == 0);  // the api's owner
  CHECK(probe.severity == AlertSeverity::Ticket);
  s.probe_rules[0].team = 1;
  CHECK(alert_of(s, AlertRuleKind::Probe, 0).team == 1);

  const Alert reports = alert_of(s, AlertRuleKind::CustomerReport, 0);
  CHECK(reports.journey == std::optional<std::size_t>{0});
  CHECK(reports.service == 0);
  CHECK(reports.team == 1);
  CHECK(reports.severity == AlertSeverity::Page);

  // Grouped by alert name, probe 0 and threshold rule 0 of one team are two groups.
  Alertmanager am(AlertRoute{});
  Alert threshold = alert_of(s, AlertRuleKind::Threshold, 0);
  threshold.team = 1;
  const auto a = am.fire(threshold, seconds(0));
  const auto b = am.fire(alert_of(s, AlertRuleKind::Probe, 0), seconds(0));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->group != b->group);
}
