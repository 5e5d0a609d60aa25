#include "scoring/contributing_factors.hpp"

#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;
using Catch::Contains;
using K = PhaseKind;

Phase phase(PhaseKind kind, double start_s, double end_s, std::vector<std::string> people = {}) {
  Phase p;
  p.kind = kind;
  p.start_s = start_s;
  p.end_s = end_s;
  p.people = std::move(people);
  return p;
}

// The escalated record's incident (P2, detected by checkout-slo-burn, team web paged, cause in
// paymentservice of team payments) with its breakdown replaced by `phases`, mitigated at the
// last phase's end: a way to give each factor a known size.
IncidentMetrics with_phases(std::vector<Phase> phases, bool mitigated = true) {
  const Escalated e = escalated_record();
  IncidentMetrics m = evaluate(e.scenario, e.record).incidents.at(0);
  TimeToMitigateBreakdown& b = m.time_to_mitigate_breakdown;
  b.start_s = phases.front().start_s;
  b.end_s = phases.back().end_s;
  b.mitigated = mitigated;
  b.phases = std::move(phases);
  return m;
}

std::vector<ContributingFactor> factors_of(const IncidentMetrics& m,
                                           const model::Scenario& scenario = drill_scenario()) {
  return contributing_factors(scenario, escalated_record().record, m);
}

TEST_CASE(
    "contributing_factors: the issue's example, 18 of 31 min waiting for escalation "
    "level 2, with the paging review that follows",
    "[scoring][factors]") {
  // escalated_record(): level 1 (Ana) waits 15 min, Ben acknowledges level 2 after 3 min; TTM 31
  // min (fixtures.hpp). Nothing else reaches 5 min outside the work itself.
  const Escalated e = escalated_record();
  const IncidentMetrics m = evaluate(e.scenario, e.record).incidents.at(0);
  const auto factors = contributing_factors(e.scenario, e.record, m);
  REQUIRE(factors.size() == 1);
  const ContributingFactor& f = factors[0];
  CHECK(f.kind == FactorKind::SlowAcknowledgement);
  CHECK(f.team == "web");
  CHECK(f.seconds == 18 * 60.0);
  CHECK(f.share == Approx(18.0 / 31.0));
  CHECK(f.text ==
        "18 of 31 min to mitigate were spent waiting for escalation level 2 of team web: Ana "
        "Silva did not acknowledge level 1 within 15 min; Ben Okafor acknowledged 3 min after "
        "level 2 was paged.");
  REQUIRE(f.actions.size() == 1);
  CHECK(f.actions[0].action ==
        "Review paging of team web: level 1 (Ana Silva) did not acknowledge within 15 min. Check "
        "notification rules and devices, and shorten the level-1 delay (15 min) toward the 5 min "
        "acknowledgement target.");
  CHECK(f.actions[0].owner == "web");
  CHECK(f.actions[0].kind == "respond");
}

TEST_CASE("contributing_factors: a factor needs both 5 min and 10 % of the time to mitigate",
          "[scoring][factors]") {
  const auto herring = [](double herring_s, double total_s) {
    std::vector<Phase> phases{phase(K::RedHerring, 0, herring_s),
                              phase(K::Mitigation, herring_s, total_s)};
    phases[0].service = "cartservice";
    return factors_of(with_phases(phases)).size();
  };
  CHECK(herring(300, 3000) == 1);  // exactly 5 min and exactly 10 %
  CHECK(herring(299, 2990) == 0);  // 10 % but under 5 min
  CHECK(herring(300, 3001) == 0);  // 5 min but under 10 %
  CHECK(kMinFactorSeconds == 300.0);
  CHECK(kMinFactorShare == 0.10);
}

TEST_CASE(
    "contributing_factors: the work itself (triage, diagnosis, mitigation) is never a "
    "factor",
    "[scoring][factors]") {
  CHECK(factors_of(with_phases({phase(K::Triage, 0, 600), phase(K::Diagnosis, 600, 1200),
                                phase(K::Mitigation, 1200, 1800)}))
            .empty());
}

TEST_CASE(
    "contributing_factors: a woken responder and a failed mitigation, measured from a run "
    "record",
    "[scoring][factors]") {
  // busy_record() (fixtures.hpp): TTM 3312 s = 55 min 12 s; being woken cost Ana 360 s and the
  // failed rollback 360 s, both over 5 min and 10 % (331.2 s). Red herring (240 s), drafting
  // (300 s), waiting for payments (240 s) and overhead (72 s) stay under the threshold.
  const model::Scenario scenario = drill_scenario();
  const model::RunRecord r = busy_record();
  const IncidentMetrics m = evaluate(scenario, r).incidents.at(0);
  const auto factors = contributing_factors(scenario, r, m);
  REQUIRE(factors.size() == 2);
  CHECK(factors[0].text ==
        "6 min of 55 min 12 s to mitigate passed between Ana Silva's acknowledgement and being "
        "at a keyboard: the page had woken them.");
  CHECK(factors[0].actions.at(0).action ==
        "Put team web's night pages in someone's day with a follow-the-sun rotation, or keep "
        "the night's on-call awake and at a keyboard: being woken cost Ana Silva 6 min before "
        "triage could start.");
  CHECK(factors[1].kind == FactorKind::FailedMitigations);
  CHECK(factors[1].text ==
        "6 min of 55 min 12 s to mitigate went into a mitigation attempt that failed: rollback "
        "of paymentservice.");
  CHECK(factors[1].actions.at(0).action ==
        "Make the rollback of paymentservice reliable: 1 attempt failed.");
  CHECK(factors[1].actions.at(0).owner == "payments");
}

TEST_CASE("contributing_factors: each delay in words, with the action that follows from it",
          "[scoring][factors]") {
  SECTION("red herrings, service by service") {
    std::vector<Phase> phases{phase(K::RedHerring, 0, 240), phase(K::Diagnosis, 240, 300),
                              phase(K::RedHerring, 300, 480), phase(K::Mitigation, 480, 1800)};
    phases[0].service = "cartservice";
    phases[2].service = "checkoutservice";
    const auto f = factors_of(with_phases(phases));
    REQUIRE(f.size() == 1);
    CHECK(f[0].text ==
          "7 of 30 min to mitigate went into red herrings: diagnosis inspected "
          "cartservice (4 min) and checkoutservice (3 min) before the cause.");
    CHECK(f[0].actions.at(0).action ==
          "Improve the dashboards and runbook of paymentservice so that responders can rule out "
          "cartservice and checkoutservice quickly.");
  }
  SECTION("waiting for another team: page experts at triage for this severity too") {
    std::vector<Phase> phases{phase(K::WaitingForTeam, 0, 600, {"Chen Wei"}),
                              phase(K::Mitigation, 600, 1800)};
    phases[0].team = "payments";
    IncidentMetrics m = with_phases(phases);
    m.severity = model::Severity::P3;  // the default policy pages experts up to P2
    const auto f = factors_of(m);
    REQUIRE(f.size() == 1);
    CHECK(f[0].team == "payments");
    CHECK(f[0].text ==
          "10 of 30 min to mitigate were spent waiting for team payments, paged "
          "only when diagnosis reached its service; then Chen Wei joined.");
    CHECK(f[0].actions.at(0).action ==
          "Page subject-matter experts at triage for P3 incidents too (`page_experts_up_to` is "
          "P2), so that team payments joins before diagnosis reaches its services, or give team "
          "web a runbook for them.");
  }
  SECTION("drafting status updates: name a communications lead") {
    const auto f = factors_of(with_phases({phase(K::DraftingStatusUpdate, 0, 300, {"Ben Okafor"}),
                                           phase(K::Diagnosis, 300, 400),
                                           phase(K::DraftingStatusUpdate, 400, 700, {"Ben Okafor"}),
                                           phase(K::Mitigation, 700, 1800)}));
    REQUIRE(f.size() == 1);
    CHECK(f[0].text ==
          "10 of 30 min to mitigate went into drafting 2 status updates: Ben "
          "Okafor, who was investigating, wrote them while diagnosis waited.");
    CHECK(f[0].actions.at(0).action ==
          "Name a communications lead for P2 incidents (policy `comms_lead`), so that the "
          "investigator keeps investigating while status updates go out.");
    CHECK(f[0].actions.at(0).kind == "communicate");
  }
  SECTION("coordination overhead: an incident commander for this severity") {
    std::vector<Phase> phases{phase(K::Diagnosis, 0, 1200, {"Ben Okafor"}),
                              phase(K::Mitigation, 1200, 1800)};
    phases[0].coordination_overhead_s = 360;
    phases[0].responders = 3;
    model::Scenario scenario = drill_scenario();
    scenario.policy.incident_commander = model::RolePolicy{0, model::Severity::P1};
    const auto f = factors_of(with_phases(phases), scenario);
    REQUIRE(f.size() == 1);
    CHECK(f[0].kind == FactorKind::CoordinationOverhead);
    CHECK(f[0].text ==
          "6 of 30 min to mitigate were coordination overhead: without an incident "
          "commander, each responder beyond the first slowed every diagnosis step "
          "by 15 % (up to 3 responders).");
    CHECK(f[0].actions.at(0).action ==
          "Page the incident commander (team web) for P2 incidents too (`incident_commander.up_to` "
          "is P1), so that responders split the search instead of coordinating ad hoc.");
  }
  SECTION("an escalation policy that ran out") {
    std::vector<Phase> phases{phase(K::AwaitingAcknowledgement, 0, 600, {"Chen Wei"}),
                              phase(K::EscalationExhausted, 600, 1800)};
    phases[0].team = phases[1].team = "payments";
    phases[0].escalation_level = 1;
    phases[0].escalation_delay_s = 600;
    const auto f = factors_of(with_phases(phases));
    REQUIRE(f.size() == 1);
    CHECK(f[0].text ==
          "All 30 min to mitigate were spent waiting for team payments: nobody "
          "acknowledged its page (level 1: Chen Wei) and its escalation policy ran "
          "out.");
    REQUIRE(f[0].actions.size() == 2);
    CHECK_THAT(f[0].actions[0].action,
               Contains("Review paging of team payments: level 1 (Chen Wei) did not acknowledge "
                        "within 10 min."));
    CHECK_THAT(f[0].actions[1].action,
               Contains("another loop to team payments's escalation policy"));
  }
  SECTION("a page that went round a one-level policy twice") {
    std::vector<Phase> phases{phase(K::AwaitingAcknowledgement, 0, 600, {"Chen Wei"}),
                              phase(K::AwaitingAcknowledgement, 600, 900, {"Chen Wei"}),
                              phase(K::Triage, 900, 1000, {"Chen Wei"}),
                              phase(K::Mitigation, 1000, 1800)};
    for (std::size_t i : {0, 1}) {
      phases[i].team = "payments";
      phases[i].escalation_level = 1;
      phases[i].escalation_delay_s = 600;
    }
    const auto f = factors_of(with_phases(phases));
    REQUIRE(f.size() == 1);
    CHECK(f[0].text ==
          "15 of 30 min to mitigate were spent waiting for team payments's page to "
          "go round its escalation policy again, to level 1: Chen Wei did not "
          "acknowledge level 1 within 10 min; Chen Wei acknowledged 5 min after "
          "level 1 was paged.");
  }
  SECTION("undetected impact, on an incident the run never mitigated") {
    IncidentMetrics m =
        with_phases({phase(K::Undetected, 600, 1080), phase(K::Diagnosis, 1080, 3600)}, false);
    const auto f = factors_of(m);
    REQUIRE(f.size() == 1);
    CHECK(f[0].text ==
          "8 min of the 50 min of impact before the run ended passed before alert "
          "checkout-slo-burn detected the impact, against a 5 min target.");
    CHECK(f[0].actions.at(0).kind == "detect");
  }
  SECTION("no impact: nothing for an alert to detect") {
    IncidentMetrics m = with_phases({phase(K::Undetected, 600, 1800)});
    m.impact = Impact{};
    m.impact.failed_requests_by_journey = {0.0, 0.0};
    m.impact.error_budget_consumed_by_journey = {0.0, 0.0};
    CHECK(factors_of(m).empty());
  }
}

TEST_CASE("contributing_factors: largest first", "[scoring][factors]") {
  std::vector<Phase> phases{phase(K::RedHerring, 0, 400),
                            phase(K::DraftingStatusUpdate, 400, 1000, {"Ben Okafor"}),
                            phase(K::Mitigation, 1000, 2000)};
  phases[0].service = "cartservice";
  const auto f = factors_of(with_phases(phases));
  REQUIRE(f.size() == 2);
  CHECK(f[0].kind == FactorKind::DraftingStatusUpdates);
  CHECK(f[1].kind == FactorKind::RedHerrings);
}

std::string section(const std::string& md, const std::string& heading) {
  const std::size_t begin = md.find(heading);
  REQUIRE(begin != std::string::npos);
  return md.substr(begin, md.find("\n### ", begin + 1) - begin);
}

TEST_CASE(
    "postmortem_markdown: the factor sentence, its action item and the time table agree "
    "with the timeline",
    "[scoring][factors]") {
  const Escalated e = escalated_record();
  const std::string md = postmortem_markdown(e.scenario, e.record, evaluate(e.scenario, e.record));
  const std::string factors = section(md, "### Contributing factors");
  CHECK_THAT(factors,
             Contains("- 18 of 31 min to mitigate were spent waiting for escalation level 2 of "
                      "team web: Ana Silva did not acknowledge level 1 within 15 min; Ben Okafor "
                      "acknowledged 3 min after level 2 was paged."));
  const std::string actions = section(md, "### Action items");
  CHECK_THAT(actions, Contains("| 1 | Review paging of team web: level 1 (Ana Silva) did not "
                               "acknowledge within 15 min. Check notification rules and devices, "
                               "and shorten the level-1 delay (15 min) toward the 5 min "
                               "acknowledgement target. | web | respond |"));
  // Said once: neither the escalation nor its action a second time.
  CHECK_THAT(section(md, "### What went badly"), !Contains("page escalated"));
  CHECK(actions.find("Review paging of team web") == actions.rfind("Review paging of team web"));
  // The table: T+ since impact, durations and shares of the 31 min (the timeline's T+02:00 page,
  // T+17:00 escalation, T+20:00 acknowledgement).
  const std::string table = section(md, "### Where the time went");
  CHECK_THAT(table, Contains("| Undetected | T+00:00 | 2 min | 6.5 % |"));
  CHECK_THAT(table, Contains("| Waiting for acknowledgement: level 1 of team web (Ana Silva) | "
                             "T+02:00 | 15 min | 48.4 % |"));
  CHECK_THAT(table, Contains("| Waiting for acknowledgement: level 2 of team web (Ben Okafor) | "
                             "T+17:00 | 3 min | 9.7 % |"));
  CHECK_THAT(table, Contains("| Triage (Ben Okafor) | T+20:00 | 2 min | 6.5 % |"));
  CHECK_THAT(table, Contains("| Mitigation: rollback of paymentservice (Ben Okafor) | T+28:00 | "
                             "3 min | 9.7 % |"));
  CHECK_THAT(table, Contains("| **Time to mitigate** | | **31 min** | **100 %** |"));
  CHECK_THAT(md, Contains("| T+17:00 | Page escalated to level 2"));
  CHECK_THAT(md, Contains("| T+20:00 | Ben Okafor acknowledged the page |"));
}

TEST_CASE(
    "postmortem_markdown: a short escalation is no contributing factor, and is reported "
    "once as a finding",
    "[scoring][factors]") {
  // Level 1 waits 2 min and Ben answers level 2 after 1 min: 3 of 16 min, under 5 min.
  const Escalated e = escalated_record(2, 1);
  const std::string md = postmortem_markdown(e.scenario, e.record, evaluate(e.scenario, e.record));
  const std::string factors = section(md, "### Contributing factors");
  // The incident burned error budget: where its time went is always said, never "none found".
  CHECK_THAT(factors, Contains("No single delay took at least 5 min and 10 % of the time to "
                               "mitigate; the largest parts were: "));
  CHECK_THAT(factors, !Contains("None found"));
  CHECK_THAT(md, !Contains("waiting for escalation level 2"));
  CHECK_THAT(section(md, "### What went badly"),
             Contains("Team web's page escalated once: level 1 (Ana Silva) did not acknowledge "
                      "within 2 min."));
  CHECK_THAT(section(md, "### Action items"), Contains("Review paging of team web"));
}

}  // namespace

TEST_CASE(
    "contributing_factors: a wrong guess, a rollback in vain, a handoff and a cause with no "
    "mitigation name their time and the action that follows",
    "[scoring][factors]") {
  // 40 min to mitigate: three phases of 8 min (20 %) and one of 16 min, all above both
  // thresholds (5 min and 10 %).
  Phase wrong = phase(K::WrongMitigation, 600, 1080, {"Ben Okafor"});
  wrong.action = model::MitigationAction::Restart;
  wrong.service = "paymentservice";
  Phase in_vain = phase(K::RollbackInVain, 1080, 1560, {"Ben Okafor"});
  in_vain.service = "frontend";
  Phase handoff = phase(K::Handoff, 1560, 2040, {"Ben Okafor", "Chen Wei"});
  Phase none = phase(K::NoMitigation, 2040, 3000);
  none.service = "paymentservice";
  const auto factors = factors_of(with_phases({wrong, in_vain, handoff, none}));
  const auto text_of = [&factors](FactorKind kind) {
    for (const ContributingFactor& f : factors)
      if (f.kind == kind) return f.text + " → " + f.actions.at(0).action;
    return std::string("(none)");
  };
  // The escalated record's fault is a bad deploy of paymentservice, fixed by a rollback.
  CHECK(text_of(FactorKind::WrongMitigations) ==
        "8 of 40 min to mitigate went into restart of paymentservice that could not fix the "
        "bad_deploy: without a runbook for it there, the responders guessed first. → Write a "
        "runbook for bad_deploy on paymentservice: its fix is rollback, not restart.");
  CHECK_THAT(text_of(FactorKind::RollbacksInVain),
             Contains("rolling back the latest change (frontend) before diagnosing"));
  CHECK_THAT(text_of(FactorKind::Handoffs), Contains("a handoff at shift changes (Ben Okafor "
                                                     "to Chen Wei)"));
  CHECK_THAT(text_of(FactorKind::Handoffs), Contains("`handoff_at_shift_end`"));
  CHECK_THAT(text_of(FactorKind::NoMitigation),
             Contains("16 of 40 min to mitigate passed with the cause found but no mitigation "
                      "possible at paymentservice"));
  // Under 5 min a wrong guess is no factor (the postmortem still names it under what went
  // badly).
  Phase quick = wrong;
  quick.start_s = 2760;
  quick.end_s = 3000;
  CHECK(factors_of(with_phases({phase(K::Triage, 600, 2760), quick})).empty());
}

}  // namespace firedrill::scoring
