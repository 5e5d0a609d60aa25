#include "scoring/postmortem.hpp"

#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "sim/model/facilitator.hpp"
#include "tests/model/test_scenarios.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;
using Catch::Contains;

std::string drill_postmortem(const model::Scenario& scenario, const model::RunRecord& record) {
  return postmortem_markdown(scenario, record, evaluate(scenario, record));
}

TEST_CASE("postmortem_markdown: the drill's lessons: a rule that cried wolf, a change at peak "
          "without a canary, a tired responder, and what rolling back first would have saved",
          "[scoring]") {
  const model::Scenario s = drill_scenario();
  model::RunRecord r = drill_record();
  // Ana was paged falsely by the same burn-rate rule at 300 s, before the fault (600 s) and the
  // detection (780 s).
  r.timeline.insert(r.timeline.begin(),
                    at(300, ev::FalseAlarmPaged{0, 0, ana(), true, true,
                                                model::AlertRuleKind::BurnRate, 0}));
  // The twin that rolled back first mitigated 10 min after the impact began; this run took 20.
  const std::string md =
      postmortem_markdown(s, r, evaluate(s, r), {}, RollbackFirstTwin{{600.0}});
  CHECK_THAT(md, Contains("- Rolling back the recent change first would have mitigated this "
                          "incident 10 min sooner"));
  CHECK_THAT(md, Contains("- Alert checkout-slo-burn had paged falsely 1 time in the 7 days "
                          "before it detected this incident"));
  // Traffic is constant at 150 req/s: the deploy at 600 s went out at the run's peak.
  CHECK_THAT(md, Contains("- The change went out at peak traffic (150 req/s, 100 % of the run's "
                          "busiest)"));
  CHECK_THAT(md, Contains("- The deploy went to every replica at once, without a canary stage."));
  CHECK_THAT(md, Contains("- Ana Silva had already taken 1 page in the 24 hours before this "
                          "incident's first page to them"));
  CHECK_THAT(md, Contains("roll the change back before diagnosing (the policy's mitigate_first): "
                          "here 10 min sooner."));
  // Without a twin, or with one no faster, nothing is claimed.
  CHECK_THAT(drill_postmortem(s, r), !Contains("Rolling back the recent change first"));
  CHECK_THAT(postmortem_markdown(s, r, evaluate(s, r), {}, RollbackFirstTwin{{1200.0}}),
             !Contains("Rolling back the recent change first"));
}

TEST_CASE("postmortem_markdown: every section of a postmortem, in order", "[scoring]") {
  const std::string md = drill_postmortem(drill_scenario(), drill_record());
  std::size_t last = 0;
  for (const char* heading :
       {"# Postmortem: checkout-bad-deploy drill, 2026-11-27",
        "## INC-1 · P1 · Bad deploy of paymentservice (30 % errors, +200 ms) · 2026-11-27",
        "### Summary", "### Impact", "### Timeline", "### Detection", "### Root cause and trigger",
        "### Resolution and recovery", "### Where the time went", "### Contributing factors",
        "### What went well", "### What went badly", "### Action items", "### Appendix: metrics"}) {
    CAPTURE(heading);
    const std::size_t at = md.find(heading);
    REQUIRE(at != std::string::npos);
    CHECK(at >= last);
    last = at;
  }
}

TEST_CASE("postmortem_markdown: the timeline has UTC wall-clock times, T+ and names", "[scoring]") {
  const std::string md = drill_postmortem(drill_scenario(), drill_record());
  // The run starts at 18:00:00 UTC; impact at 600 s; the first page at 780 s is T+03:00.
  // The bad deploy fails checkout at once: the incident opens and impact begins at T+00:00.
  CHECK_THAT(md, Contains("| 2026-11-27 18:10:00 UTC | T+00:00 | Incident opened: bad deploy of "
                          "paymentservice"));
  CHECK_THAT(md, Contains("| 2026-11-27 18:10:00 UTC | T+00:00 | Impact began: journey checkout "
                          "failed 30 % of its requests (0 % before the fault) |"));
  CHECK_THAT(md, Contains("T+ is the time since impact began (users felt the fault at once)."));
  // Ana is in Asia/Tokyo (UTC+9): 18:13 UTC is 03:13 for her.
  CHECK_THAT(md, Contains("| 2026-11-27 18:13:00 UTC | T+03:00 | Page sent to Ana Silva (web, "
                          "level 1) — after hours (03:13 local time, Asia/Tokyo) |"));
  CHECK_THAT(md, Contains("Page escalated to level 2 of team web's escalation policy"));
  CHECK_THAT(md, Contains("| T+09:00 | Ben Okafor acknowledged the page |"));
  CHECK_THAT(md, Contains("Alert checkout-slo-burn firing (value 300)"));
  CHECK_THAT(md, Contains("Alert payment-errors resolved (value 0)"));
  CHECK_THAT(md, Contains("Alert payment-errors pending (value 0.3)"));
  CHECK_THAT(md, Contains("Severity P1 declared by Ben Okafor (30 % of checkout requests failing "
                          "over 5 min)"));
  CHECK_THAT(md, Contains("Ben Okafor inspected checkoutservice, its own alert firing: a red "
                          "herring, the cause is not there"));
  CHECK_THAT(md, Contains("Chen Wei inspected paymentservice, the errors coming from it |"));
  CHECK_THAT(md, Contains("Team payments engaged"));
  CHECK_THAT(md, Contains("| 2026-11-27 18:26:00 UTC | T+16:00 | Rollback of paymentservice "
                          "started |"));
  CHECK_THAT(md, Contains("Fault payment-bad-deploy removed by the mitigation"));
  // A pipe in a status message must not break the table.
  CHECK_THAT(md, Contains("Status update posted (P1): \"Checkout errors \\| investigating\""));
  CHECK_THAT(md, Contains("| 2026-11-27 18:40:00 UTC | T+30:00 | Incident resolved |"));
}

TEST_CASE("postmortem_markdown: summary, impact, detection and resolution state the metrics",
          "[scoring]") {
  const std::string md = drill_postmortem(drill_scenario(), drill_record());
  CHECK_THAT(md, Contains("At 2026-11-27 18:10:00 UTC, fault `payment-bad-deploy` began"));
  CHECK_THAT(md, Contains("It failed 36,000 requests on checkout and consumed 13.9 % of the "
                          "30-day error budget of checkout, losing 72,000 USD in revenue."));
  CHECK_THAT(md, Contains("Users felt it at once: journey checkout failed 30 % of its requests, "
                          "against 0 % before the fault."));
  CHECK_THAT(md, Contains("impact lasted 20 min and the incident was resolved 30 min after impact "
                          "began."));
  CHECK_THAT(md, Contains("| checkout | 99.9 % over 30 days | 36,000 | 30 % | 30 % | 13.9 % | "
                          "72,000 USD |"));
  CHECK_THAT(md, Contains("Duration of impact: 20 min (2026-11-27 18:10:00 UTC to 2026-11-27 "
                          "18:30:00 UTC)."));
  CHECK_THAT(md, Contains("Alert checkout-slo-burn (SLO burn rate of journey checkout: 1 h and "
                          "5 min windows at 14.4×) detected the impact 3 min after it "
                          "began, at T+03:00 — within the 5 min target."));
  CHECK_THAT(md, Contains("Ben Okafor acknowledged 6 min after detection — over the 5 min pager "
                          "target"));
  CHECK_THAT(md, Contains("- **Blast radius:** checkout (36,000 failed); unaffected: browse."));
  CHECK_THAT(md, Contains("team payments"));
  CHECK_THAT(md, Contains("Mitigated at T+20:00"));
  CHECK_THAT(md, Contains("Resolved at T+30:00"));
}

TEST_CASE("postmortem_markdown: what went badly follows from the metrics, with action items",
          "[scoring]") {
  const std::string md = drill_postmortem(drill_scenario(), drill_record());
  const std::string badly = md.substr(md.find("### What went badly"));
  CHECK_THAT(badly, Contains("Acknowledgement took 6 min after detection, over the 5 min target"));
  // The escalation is a contributing factor (6 of 20 min, see the time breakdown tests), said
  // there with its numbers and not again here.
  CHECK_THAT(badly, !Contains("Team web's page escalated"));
  CHECK_THAT(badly, Contains("1 page reached people after hours (Ana Silva)."));
  CHECK_THAT(badly, Contains("Diagnosis followed 1 red herring (checkoutservice)"));
  CHECK_THAT(badly, Contains("consumed 13.9 % of the 30-day error budget of checkout"));
  const std::string actions = md.substr(md.find("### Action items"));
  CHECK_THAT(actions, Contains("Add a canary stage with automatic rollback to paymentservice "
                               "deploys. | payments | prevent |"));
  CHECK_THAT(actions, Contains("Review paging of team web: level 1 (Ana Silva) did not "
                               "acknowledge"));
  CHECK_THAT(actions, Contains("Improve the dashboards and runbook of paymentservice"));
  const std::string well = md.substr(md.find("### What went well"));
  CHECK_THAT(well, Contains("Alert checkout-slo-burn detected the impact in 3 min, within the "
                            "5 min target."));
  CHECK_THAT(well, Contains("Every mitigation attempted worked the first time."));
}

TEST_CASE("postmortem_markdown: an undetected, unmitigated incident says so and asks for alerting",
          "[scoring]") {
  model::Scenario scenario = drill_scenario();
  scenario.burn_rate_rules.clear();
  model::RunRecord r = drill_record();
  r.timeline = {at(600, ev::FaultInjected{0}), at(600, ev::IncidentOpened{0, 0})};
  r.segments = {segment(0, 600, {{100, 100}, {50, 50}}),
                segment(600, 14400, {{100, 99}, {50, 50}})};
  const std::string md = drill_postmortem(scenario, r);
  CHECK_THAT(md, Contains("## INC-1 · severity not declared ·"));
  CHECK_THAT(md, Contains("No alert detected this incident during the run: 13,800 requests "
                          "failed unnoticed."));
  CHECK_THAT(md, Contains("impact was still ongoing when the run ended"));
  CHECK_THAT(md, Contains("Nobody was paged."));
  CHECK_THAT(md, Contains("Add a multiwindow, multi-burn-rate alert on journey checkout"));
  CHECK_THAT(md, Contains("Not resolved before the run ended."));
  CHECK_THAT(md, Contains("No severity was declared"));
}

TEST_CASE("postmortem_markdown: the overall line and the appendix show the people", "[scoring]") {
  // staffed_record() (fixtures.hpp): 2 pages, no wake-up; Ben and Dana (incident commander)
  // worked 2400 s = 0.67 h on the incident; the false alarm woke Ana and took her 600 s.
  const Escalated e = staffed_record();
  const std::string md = drill_postmortem(e.scenario, e.record);
  CHECK_THAT(md, Contains("2 pages (1 after hours, 0 waking someone), 0.8 person-hours; 1 "
                          "false-alarm page (1 waking someone)."));
  CHECK_THAT(md, Contains("| Wake-ups | 0 |  |"));
  CHECK_THAT(md, Contains("| Roles filled | Dana Kovacs (incident commander) |  |"));
  CHECK_THAT(md, Contains("| Person-hours | 0.67 |  |"));
}

TEST_CASE("postmortem_markdown: one section per incident", "[scoring]") {
  model::RunRecord r = drill_record();
  r.timeline.push_back(at(7200, ev::IncidentOpened{1, 1}));
  r.timeline.push_back(at(7500, ev::FaultCleared{1, false}));
  r.timeline.push_back(at(7500, ev::IncidentMitigated{1}));
  const std::string md = drill_postmortem(drill_scenario(), r);
  const std::string second = md.substr(md.find("## INC-2"));
  CHECK_THAT(md, Contains("## INC-1 · P1 ·"));
  CHECK_THAT(md, Contains("## INC-2 · severity not declared · 50 % of calls from frontend to "
                          "checkoutservice failing · 2026-11-27"));
  CHECK(md.find("## INC-1") < md.find("## INC-2"));
  CHECK_THAT(second, Contains("the caller, frontend, is owned by team web"));
  CHECK_THAT(second, Contains("Fault frontend-checkout-partition expired by itself"));
  // Checkout never fails while the partition lasts: there is no impact, so no time to mitigate.
  CHECK_THAT(second, Contains("Mitigated at T+05:00 (2026-11-27 20:05:00 UTC), before it hurt any "
                              "user: no time to mitigate; the fault expired by itself."));
  CHECK_THAT(second, Contains("It never hurt users"));
  CHECK_THAT(second, Contains("No alert detected this incident, and none needed to: it failed no "
                              "requests."));
  CHECK_THAT(second, Contains("| Teams engaged | none |"));
  CHECK_THAT(second, Contains("None: every phase met its target."));
  CHECK_THAT(md, Contains("**Overall:** 2 incidents"));
}

TEST_CASE("postmortem_markdown: snapshots are linked under their incident, the run's after the "
          "overall line",
          "[scoring]") {
  model::RunRecord r = drill_record();
  r.timeline.push_back(at(7200, ev::IncidentOpened{1, 1}));
  r.timeline.push_back(at(7500, ev::FaultCleared{1, false}));
  r.timeline.push_back(at(7500, ev::IncidentMitigated{1}));
  const model::Scenario scenario = drill_scenario();
  const std::vector<Snapshot> snapshots{
      {0, "detected", engine::from_seconds(780), "snapshots/inc-1-detected.png"},
      {1, "mitigated", engine::from_seconds(7500), "snapshots/inc-2-mitigated.png"},
      {std::nullopt, "worst moment", engine::from_seconds(1200), "snapshots/worst-moment.png"}};
  const std::string md = postmortem_markdown(scenario, r, evaluate(scenario, r), snapshots);
  const std::size_t inc1 = md.find("## INC-1"), inc2 = md.find("## INC-2");
  const std::string first = md.substr(inc1, inc2 - inc1);
  const std::string second = md.substr(inc2);
  // The run starts at 18:00:00 UTC; INC-1's impact at 600 s, INC-2's at 7200 s.
  CHECK_THAT(first, Contains("### Snapshots\n\n"));
  CHECK_THAT(first, Contains("**Detected** at 2026-11-27 18:13:00 UTC (T+03:00):\n\n"
                             "![detected](snapshots/inc-1-detected.png)\n"));
  CHECK(first.find("### Timeline") < first.find("### Snapshots"));
  CHECK(first.find("### Snapshots") < first.find("### Detection"));
  CHECK(first.find("inc-2-mitigated.png") == std::string::npos);
  CHECK_THAT(second, Contains("**Mitigated** at 2026-11-27 20:05:00 UTC (T+05:00):\n\n"
                              "![mitigated](snapshots/inc-2-mitigated.png)\n"));
  const std::size_t worst = md.find("**Worst moment** at 2026-11-27 18:20:00 UTC (T+20:00):\n\n"
                                    "![worst moment](snapshots/worst-moment.png)\n");
  REQUIRE(worst != std::string::npos);
  CHECK(md.find("**Overall:**") < worst);
  CHECK(worst < md.find("## INC-1"));
}

TEST_CASE("postmortem_markdown: without snapshots it links no picture", "[scoring]") {
  const std::string md = drill_postmortem(drill_scenario(), drill_record());
  CHECK(md.find("### Snapshots") == std::string::npos);
  CHECK(md.find("![") == std::string::npos);
}

TEST_CASE("postmortem_markdown: a run without incidents says so", "[scoring]") {
  const std::string md = drill_postmortem(drill_scenario(), quiet_record());
  CHECK_THAT(md, Contains("# Postmortem: checkout-bad-deploy drill, 2026-11-27"));
  CHECK_THAT(md, Contains("## No incidents"));
  CHECK_THAT(md, Contains("0 incidents, score 100.0 / 100"));
  CHECK(md.find("### Timeline") == std::string::npos);
}

TEST_CASE("postmortem_markdown: identical input gives identical bytes", "[scoring]") {
  CHECK(drill_postmortem(drill_scenario(), drill_record()) ==
        drill_postmortem(drill_scenario(), drill_record()));
}

TEST_CASE("postmortem_markdown: an escalation is put on the team whose page escalated, not on "
          "another team paged later",
          "[scoring]") {
  // The cause's owner, team payments, is paged at its level 1 (Chen) and acknowledges; only
  // team web's page escalated.
  model::RunRecord r = drill_record();
  r.timeline.push_back(at(1500, ev::PageSent{0, chen(), 0, false}));
  r.timeline.push_back(at(1520, ev::PageAcknowledged{0, chen()}));
  std::stable_sort(r.timeline.begin(), r.timeline.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  const std::string md = drill_postmortem(drill_scenario(), r);
  CHECK_THAT(md, Contains("spent waiting for escalation level 2 of team web: Ana Silva did not "
                          "acknowledge level 1 within 5 min;"));
  CHECK_THAT(md, !Contains("Chen Wei) did not acknowledge"));
  CHECK_THAT(md, !Contains("Review paging of team payments"));
}

}  // namespace
}  // namespace firedrill::scoring

namespace firedrill::scoring {
namespace {

using namespace testing;
using Catch::Contains;

TEST_CASE(
    "postmortem_markdown: an incident customers reported says no alert detected it, and "
    "counts the support tickets that came during long silences",
    "[scoring]") {
  const model::Scenario s = drill_scenario();
  const std::string md = postmortem_markdown(s, reported_record(), evaluate(s, reported_record()));
  CHECK_THAT(md, Contains("No alert detected it: customers of journey checkout reported it, and "
                          "support escalated it 16 min 40 s after the impact began"));
  CHECK_THAT(md, Contains("No alert detected the impact: customers did. The first report from "
                          "journey checkout reached support at T+01:40, and support escalated it "
                          "to the on-call 16 min 40 s after the impact began, at T+16:40 — over "
                          "the 5 min target."));
  CHECK_THAT(md, Contains("| T+01:40 | First customer report of failures on journey checkout; "
                          "support is triaging it |"));
  CHECK_THAT(md, Contains("| T+16:40 | Incident detected by customer reports: support escalated "
                          "reports from journey checkout |"));
  // Tickets are counted, not listed.
  CHECK(md.find("Support ticket from") == std::string::npos);
  const std::string badly = md.substr(md.find("### What went badly"));
  CHECK_THAT(badly, Contains("No alert detected the impact: customers of journey checkout "
                             "reported it, and support escalated it 16 min 40 s after the "
                             "impact began."));
  CHECK_THAT(badly, Contains("4 support tickets; 2 arrived while customers had no status update "
                             "for over 30 min."));
  CHECK_THAT(md, Contains("| Support tickets | 4 (2 after over 30 min without a status update) |"));
  CHECK_THAT(md, Contains("| First customer report | T+01:40 |"));
}

}  // namespace
}  // namespace firedrill::scoring

namespace firedrill::scoring {
namespace {

TEST_CASE(
    "postmortem_markdown: a facilitator's bookmark during an incident is in its timeline, "
    "and the run is otherwise the same",
    "[scoring][bookmark]") {
  // three_tier's bad deploy of api from 10 min; the bookmark at 15 min, while it is open.
  const model::Scenario s = model::testing::with_fault(model::FaultType::BadDeploy);
  const model::RunRecord marked = model::simulate_drill(
      s, 3, {{std::chrono::minutes(15), model::Bookmark{"IC asks: why no rollback yet?"}}});
  const auto& marks = model::testing::events_of<model::ev::Bookmarked>(marked);
  REQUIRE(marks.size() == 1);
  CHECK(marks[0].first == std::chrono::minutes(15));
  CHECK_THAT(drill_postmortem(s, marked), Contains("Bookmark: IC asks: why no rollback yet?"));
  // Nothing else changed: without the bookmark, the same record but for it.
  const model::RunRecord plain = model::simulate(s, 3);
  std::vector<model::TimelineEvent> rest;
  for (const model::TimelineEvent& e : marked.timeline)
    if (!std::holds_alternative<model::ev::Bookmarked>(e.payload)) rest.push_back(e);
  CHECK(rest == plain.timeline);
  CHECK(marked.segments == plain.segments);
}

}  // namespace
}  // namespace firedrill::scoring
