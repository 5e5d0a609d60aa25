#include "scoring/time_breakdown.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "fixtures.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;
using model::ResponderState;
using K = PhaseKind;

// What a test expects of one phase: kind, [start, end) in seconds since the run's start, and
// the people named in it.
struct Expected {
  PhaseKind kind;
  double start_s;
  double end_s;
  std::vector<std::string> people = {};
};

void check_phases(const TimeToMitigateBreakdown& b, const std::vector<Expected>& expected) {
  REQUIRE(b.phases.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i, to_string(b.phases[i].kind));
    CHECK(b.phases[i].kind == expected[i].kind);
    CHECK(b.phases[i].start_s == expected[i].start_s);
    CHECK(b.phases[i].end_s == expected[i].end_s);
    CHECK(b.phases[i].people == expected[i].people);
  }
}

// The invariant of TimeToMitigateBreakdown: consecutive, non-empty phases that cover the window.
void check_partition(const TimeToMitigateBreakdown& b) {
  if (b.phases.empty()) {
    CHECK(b.total_s() == 0.0);
    return;
  }
  CHECK(b.phases.front().start_s == b.start_s);
  CHECK(b.phases.back().end_s == b.end_s);
  double sum = 0.0;
  for (std::size_t i = 0; i < b.phases.size(); ++i) {
    CHECK(b.phases[i].end_s > b.phases[i].start_s);
    if (i > 0) CHECK(b.phases[i].start_s == b.phases[i - 1].end_s);
    sum += b.phases[i].duration_s();
  }
  CHECK(sum == Approx(b.total_s()));
}

TEST_CASE(
    "time_to_mitigate_breakdown: the issue's example, 18 of 31 min waiting for escalation "
    "level 2",
    "[scoring][breakdown]") {
  // escalated_record() (fixtures.hpp): impact at 600 s, detected 2 min later, level 1 (15 min),
  // level 2 acknowledged after 3 min, 2 min triage, 6 min diagnosis, 3 min rollback.
  const Escalated e = escalated_record();
  const TimeToMitigateBreakdown b = time_to_mitigate_breakdown(e.scenario, e.record, 0);
  CHECK(b.mitigated);
  CHECK(b.start_s == 600.0);
  CHECK(b.total_s() == 31 * 60.0);
  check_phases(b, {{K::Undetected, 600, 720},
                   {K::AwaitingAcknowledgement, 720, 720 + 15 * 60, {"Ana Silva"}},
                   {K::AwaitingAcknowledgement, 1620, 1800, {"Ben Okafor"}},
                   {K::Triage, 1800, 1920, {"Ben Okafor"}},
                   {K::Diagnosis, 1920, 2280, {"Ben Okafor"}},
                   {K::Mitigation, 2280, 2460, {"Ben Okafor"}}});
  CHECK(b.phases[1].team == "web");
  CHECK(b.phases[1].escalation_level == 1u);
  CHECK(b.phases[1].escalation_delay_s == 15 * 60.0);
  CHECK(b.phases[2].escalation_level == 2u);
  CHECK(b.phases[5].action == model::MitigationAction::Rollback);
  CHECK(b.phases[5].service == "paymentservice");
  CHECK(b.seconds_in(K::AwaitingAcknowledgement) == 18 * 60.0);
  check_partition(b);
}

TEST_CASE(
    "time_to_mitigate_breakdown: a record without responder states still splits at its "
    "events",
    "[scoring][breakdown]") {
  // drill_record() (fixtures.hpp): detected 780 s, escalated 1080 s, Ben acknowledges 1140 s,
  // P1 at 1200 s, a red herring ends at 1260 s, Chen's useful step at 1400 s, rollback from
  // 1560 s to the mitigation at 1800 s. Without ResponderChanged, triage ends at the severity
  // declaration and the acknowledgement starts triage at once (the page did not wake Ben).
  const TimeToMitigateBreakdown b = time_to_mitigate_breakdown(drill_scenario(), drill_record(), 0);
  check_phases(b, {{K::Undetected, 600, 780},
                   {K::AwaitingAcknowledgement, 780, 1080, {"Ana Silva"}},
                   {K::AwaitingAcknowledgement, 1080, 1140, {"Ben Okafor"}},
                   {K::Triage, 1140, 1200, {"Ben Okafor"}},
                   {K::RedHerring, 1200, 1260, {"Ben Okafor"}},
                   {K::Diagnosis, 1260, 1400, {"Ben Okafor"}},
                   {K::Diagnosis, 1400, 1560, {"Chen Wei"}},
                   {K::Mitigation, 1560, 1800, {"Chen Wei"}}});
  CHECK(b.phases[4].service == "checkoutservice");
  CHECK(b.total_s() == 1200.0);
  check_partition(b);
}

TEST_CASE(
    "time_to_mitigate_breakdown: a woken responder, a red herring, a drafted status "
    "update, another team, coordination overhead and a failed mitigation",
    "[scoring][breakdown]") {
  const TimeToMitigateBreakdown b = time_to_mitigate_breakdown(drill_scenario(), busy_record(), 0);
  const std::vector<std::string> ana_{"Ana Silva"};
  const std::vector<std::string> chen_{"Chen Wei"};
  check_phases(b, {{K::Undetected, 600, 720},
                   {K::AwaitingAcknowledgement, 720, 960, ana_},
                   {K::GettingToKeyboard, 960, 1320, ana_},
                   {K::Triage, 1320, 1500, ana_},
                   {K::RedHerring, 1500, 1740, ana_},
                   {K::Diagnosis, 1740, 1860, ana_},
                   {K::DraftingStatusUpdate, 1860, 2160, ana_},
                   {K::Diagnosis, 2160, 2400, ana_},
                   {K::WaitingForTeam, 2400, 2640, chen_},
                   {K::Diagnosis, 2640, 3192, chen_},
                   {K::FailedMitigation, 3192, 3552, chen_},
                   {K::Mitigation, 3552, 3912, chen_}});
  CHECK(b.phases[4].service == "checkoutservice");
  CHECK(b.phases[8].team == "payments");
  // One responder until Chen joins: no overhead; then 36 s in each of Chen's two steps.
  CHECK(b.phases[4].coordination_overhead_s == 0.0);
  CHECK(b.phases[7].coordination_overhead_s == 0.0);
  CHECK(b.phases[9].coordination_overhead_s == 2 * 36.0);
  CHECK(b.phases[9].responders == 2u);
  CHECK(b.coordination_overhead_s() == 72.0);
  CHECK(b.seconds_in(K::Diagnosis) == 120 + 240 + 552.0);
  check_partition(b);
}

TEST_CASE(
    "time_to_mitigate_breakdown: with an incident commander, another responder's red "
    "herring costs nothing and steps carry no coordination overhead",
    "[scoring][breakdown]") {
  model::RunRecord r = busy_record();
  // The commander takes the role before Chen joins; at 2916 Dana checks a wrong branch while
  // Chen's step succeeds (response.cpp publishes both at the same moment).
  r.timeline.insert(r.timeline.begin() + 14,
                    at(2300, ev::RoleAssigned{0, model::Role::IncidentCommander, ben()}));
  const auto step = std::find_if(r.timeline.begin(), r.timeline.end(),
                                 [](const auto& e) { return e.at == seconds(2916); });
  r.timeline.insert(step, at(2916, ev::DiagnosisStep{0, {1, 1}, 0, true}));
  const TimeToMitigateBreakdown b = time_to_mitigate_breakdown(drill_scenario(), r, 0);
  CHECK(b.seconds_in(K::RedHerring) == 240.0);  // Ana's own, before the commander came
  CHECK(b.seconds_in(K::Diagnosis) == 120 + 240 + 552.0);
  CHECK(b.coordination_overhead_s() == 0.0);
  check_partition(b);
}

TEST_CASE(
    "time_to_mitigate_breakdown: an incident nobody detected is undetected until it ends, "
    "or until the run ends",
    "[scoring][breakdown]") {
  model::RunRecord r = record_of(drill_scenario());
  r.duration = std::chrono::hours(4);
  r.timeline = {at(600, ev::IncidentOpened{0, 0}), at(900, ev::FaultCleared{0, false}),
                at(900, ev::IncidentMitigated{0}), at(7200, ev::IncidentOpened{1, 1})};
  const TimeToMitigateBreakdown expired = time_to_mitigate_breakdown(drill_scenario(), r, 0);
  CHECK(expired.mitigated);
  check_phases(expired, {{K::Undetected, 600, 900}});
  const TimeToMitigateBreakdown ongoing = time_to_mitigate_breakdown(drill_scenario(), r, 1);
  CHECK_FALSE(ongoing.mitigated);
  CHECK(ongoing.end_s == 14400.0);
  check_phases(ongoing, {{K::Undetected, 7200, 14400}});
}

TEST_CASE(
    "time_to_mitigate_breakdown: a policy that runs out leaves the incident with nobody "
    "paged until a late acknowledgement",
    "[scoring][breakdown]") {
  // Team payments has one 10-min level and one loop: Chen is paged at 720 s, the policy runs
  // out at 1320 s; Chen's pending acknowledgement still arrives at 1500 s.
  model::RunRecord r = record_of(drill_scenario());
  r.duration = std::chrono::hours(4);
  r.timeline = {at(600, ev::IncidentOpened{0, 0}),
                at(720, ev::IncidentDetected{0, model::AlertRuleKind::Threshold, 0}),
                at(720, ev::PageSent{0, chen(), 0, false}),
                at(1320, ev::EscalationExhausted{0, 1}),
                at(1500, ev::PageAcknowledged{0, chen()}),
                at(1600, ev::IncidentMitigated{0})};
  const TimeToMitigateBreakdown b = time_to_mitigate_breakdown(drill_scenario(), r, 0);
  check_phases(b, {{K::Undetected, 600, 720},
                   {K::AwaitingAcknowledgement, 720, 1320, {"Chen Wei"}},
                   {K::EscalationExhausted, 1320, 1500},
                   {K::Triage, 1500, 1600, {"Chen Wei"}}});
  CHECK(b.phases[2].team == "payments");
}

TEST_CASE(
    "time_to_mitigate_breakdown: a mitigate-first rollback in vain, a shift handoff, a wrong "
    "guess, and a cause with no mitigation possible",
    "[scoring][breakdown]") {
  using R = model::MitigationReason;
  using A = model::MitigationAction;
  const model::Scenario s = drill_scenario();
  model::RunRecord r = record_of(s);
  r.duration = std::chrono::hours(4);
  // The order of events at equal times is response.cpp's: a rollback of frontend's change
  // first (mitigate first), the diagnosis, Ana's shift ends at 1500 s and she briefs Ben
  // until 1800 s; the cause is in checkoutservice, where a restart is tried before the fix.
  r.timeline = {at(600, ev::IncidentOpened{0, 0}),
                at(720, ev::IncidentDetected{0, model::AlertRuleKind::Threshold, 0}),
                at(720, ev::PageSent{0, ana(), 0, false}),
                at(780, ev::PageAcknowledged{0, ana()}),
                at(780, ev::ResponderChanged{ana(), ResponderState::Triaging, 0}),
                at(900, ev::SeverityDeclared{0, model::Severity::P1, 0.3}),
                at(900, ev::ResponderChanged{ana(), ResponderState::Investigating, 0}),
                at(900, ev::ResponderChanged{ana(), ResponderState::Mitigating, 0}),
                at(900, ev::MitigationStarted{0, A::Rollback, 0, R::MitigateFirst}),
                at(1200, ev::MitigationFinished{0, A::Rollback, true, R::MitigateFirst}),
                at(1200, ev::ResponderChanged{ana(), ResponderState::Investigating, 0}),
                at(1500, ev::Handoff{0, ana(), ben()}),
                at(1500, ev::ResponderChanged{ana(), ResponderState::HandingOff, 0}),
                at(1500, ev::ResponderChanged{ben(), ResponderState::HandingOff, 0}),
                at(1800, ev::ResponderChanged{ana(), ResponderState::Available, std::nullopt}),
                at(1800, ev::ResponderChanged{ben(), ResponderState::Investigating, 0}),
                at(2000, ev::DiagnosisStep{0, ben(), 1, false}),
                at(2000, ev::CauseIdentified{0, 1})};
  const auto with = [&r](std::vector<model::TimelineEvent> tail) {
    model::RunRecord out = r;
    out.timeline.insert(out.timeline.end(), tail.begin(), tail.end());
    return out;
  };
  const std::vector<std::string> ana_{"Ana Silva"};
  const std::vector<std::string> ben_{"Ben Okafor"};
  const std::vector<Expected> before{{K::Undetected, 600, 720},
                                     {K::AwaitingAcknowledgement, 720, 780, ana_},
                                     {K::Triage, 780, 900, ana_},
                                     {K::RollbackInVain, 900, 1200, ana_},
                                     {K::Diagnosis, 1200, 1500, ana_},
                                     {K::Handoff, 1500, 1800, {"Ana Silva", "Ben Okafor"}},
                                     {K::Diagnosis, 1800, 2000, ben_}};
  SECTION("a wrong guess, then the fix") {
    const auto b = time_to_mitigate_breakdown(
        s,
        with({at(2000, ev::MitigationStarted{0, A::Restart, 1, R::WrongGuess}),
              at(2300, ev::MitigationFinished{0, A::Restart, true, R::WrongGuess}),
              at(2300, ev::MitigationStarted{0, A::Rollback, 1, R::Fix}),
              at(2600, ev::MitigationFinished{0, A::Rollback, true, R::Fix}),
              at(2600, ev::IncidentMitigated{0})}),
        0);
    std::vector<Expected> expected = before;
    expected.push_back({K::WrongMitigation, 2000, 2300, ben_});
    expected.push_back({K::Mitigation, 2300, 2600, ben_});
    check_phases(b, expected);
    CHECK(b.phases[3].service == "frontend");
    CHECK(b.phases[7].action == A::Restart);
    check_partition(b);
  }
  SECTION("no mitigation possible: the wait lasts until the run ends") {
    const auto b = time_to_mitigate_breakdown(
        s, with({at(2000, ev::MitigationUnavailable{0, 1})}), 0);
    std::vector<Expected> expected = before;
    expected.push_back({K::NoMitigation, 2000, 14400});
    check_phases(b, expected);
    CHECK(b.phases.back().service == "checkoutservice");
    check_partition(b);
  }
  SECTION("a mitigate-first rollback that ends the incident is its mitigation") {
    model::RunRecord quick = r;
    quick.timeline.resize(10);  // up to the rollback's end
    quick.timeline.push_back(at(1200, ev::IncidentMitigated{0}));
    const auto b = time_to_mitigate_breakdown(s, quick, 0);
    check_phases(b, {{K::Undetected, 600, 720},
                     {K::AwaitingAcknowledgement, 720, 780, ana_},
                     {K::Triage, 780, 900, ana_},
                     {K::Mitigation, 900, 1200, ana_}});
  }
}

TEST_CASE("PhaseKind: every kind has a distinct name and a title", "[scoring][breakdown]") {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < kPhaseKindCount; ++k) {
    const auto kind = static_cast<PhaseKind>(k);
    CHECK(std::string(to_string(kind)) != "?");
    CHECK(std::string(phase_title(kind)) != "?");
    names.emplace_back(to_string(kind));
  }
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

}  // namespace
}  // namespace firedrill::scoring
