// The time-to-mitigate breakdown on every bundled scenario, run with several seeds: its phases
// partition the time to mitigate exactly, and the phases that mirror lifecycle metrics agree
// with them (undetected = TTD, waiting for an acknowledgement = TTA), so the contributing
// factors built on them say what the timeline says.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <vector>

#include "tests/bundled_scenarios.hpp"
#include "scoring/contributing_factors.hpp"
#include "scoring/report.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;

namespace firedrill::scoring {
namespace {

using testing::bundled_scenarios;

// Returns true iff the timeline has, at `at_s`, an event for incident `incident` that `match`
// accepts.
template <typename F>
bool event_at(const model::RunRecord& record, std::size_t incident, double at_s, F match) {
  return std::any_of(record.timeline.begin(), record.timeline.end(), [&](const auto& e) {
    return engine::to_seconds(e.at) == at_s && incident_of(e.payload) == incident &&
           match(e.payload);
  });
}

bool is_person(const model::Scenario& scenario, model::PersonRef who, const std::string& name) {
  return scenario.teams.at(who.team).people.at(who.person).name == name;
}

// Checks one run's breakdowns against its metrics and its timeline; counts the kinds seen.
void check_run(const model::Scenario& scenario, const model::RunRecord& record,
               std::array<std::size_t, kPhaseKindCount>& kinds_seen, std::size_t& incidents);

// Seeds beyond each scenario's own reach more paths: missed pages, herrings, failed mitigations.
constexpr std::uint64_t kExtraSeeds = 4;

void check_run(const model::Scenario& scenario, const model::RunRecord& record,
               std::array<std::size_t, kPhaseKindCount>& kinds_seen, std::size_t& incidents) {
  const Report report = evaluate(scenario, record);
  for (const IncidentMetrics& m : report.incidents) {
    INFO(m.id);
    ++incidents;
    const TimeToMitigateBreakdown& b = m.time_to_mitigate_breakdown;
    // The window: [impact start, mitigated) or [impact start, run end); empty, at its end,
    // for a fault that never hurt users.
    CHECK(b.start_s == m.impact_start_s.value_or(b.end_s));
    CHECK(b.mitigated == m.mitigated_s.has_value());
    CHECK(b.end_s == m.mitigated_s.value_or(report.duration_s));
    if (!m.impact_start_s) CHECK_FALSE(m.ttd_s.has_value());
    if (m.ttm_s) CHECK(b.total_s() == Approx(*m.ttm_s).margin(1e-9));
    if (b.total_s() == 0.0) {
      CHECK(b.phases.empty());
      continue;
    }
    REQUIRE_FALSE(b.phases.empty());
    CHECK(b.phases.front().start_s == b.start_s);
    CHECK(b.phases.back().end_s == b.end_s);
    double sum = 0.0;
    for (std::size_t i = 0; i < b.phases.size(); ++i) {
      const Phase& p = b.phases[i];
      CHECK(p.end_s > p.start_s);
      if (i > 0) CHECK(p.start_s == b.phases[i - 1].end_s);
      CHECK(p.coordination_overhead_s >= 0.0);
      CHECK(p.coordination_overhead_s <= p.duration_s() + 1e-9);
      sum += p.duration_s();
      ++kinds_seen[static_cast<std::size_t>(p.kind)];
    }
    CHECK(sum == Approx(b.total_s()).margin(1e-6));
    // The phases that mirror lifecycle metrics agree with them.
    const double undetected = b.seconds_in(PhaseKind::Undetected);
    if (m.detected_s && *m.detected_s <= b.end_s) {
      CHECK(undetected == Approx(*m.ttd_s).margin(1e-9));
    } else {
      CHECK(undetected == Approx(b.total_s()).margin(1e-9));
    }
    const double paging = b.seconds_in(PhaseKind::AwaitingAcknowledgement) +
                          b.seconds_in(PhaseKind::EscalationExhausted);
    if (m.acknowledged_s && *m.acknowledged_s <= b.end_s) {
      // The part of [detected, acknowledged) after users were hurt: an alert can fire first.
      CHECK(paging == Approx(std::max(0.0, *m.acknowledged_s - std::max(*m.detected_s, b.start_s)))
                          .margin(1e-9));
    }
    // Each drafting phase starts when its author turns Communicating (or at the window's start,
    // which cut it) and ends when they post the update, turn Investigating again, hand the
    // incident to the next shift, or the window ends.
    for (const Phase& p : b.phases) {
      if (p.kind != PhaseKind::DraftingStatusUpdate) continue;
      INFO("drafting from " << p.start_s);
      REQUIRE(p.people.size() == 1);
      const std::string& who = p.people[0];
      CHECK((p.start_s == b.start_s ||
             event_at(record, m.index, p.start_s, [&](const model::EventPayload& e) {
               const auto* c = std::get_if<model::ev::ResponderChanged>(&e);
               return c && c->state == model::ResponderState::Communicating &&
                      is_person(scenario, c->who, who);
             })));
      CHECK((p.end_s == b.end_s ||
             event_at(record, m.index, p.end_s, [&](const model::EventPayload& e) {
               const auto* u = std::get_if<model::ev::StatusUpdatePosted>(&e);
               const auto* c = std::get_if<model::ev::ResponderChanged>(&e);
               const auto* h = std::get_if<model::ev::Handoff>(&e);
               return (u && u->by && is_person(scenario, *u->by, who)) ||
                      (c && c->state == model::ResponderState::Investigating &&
                       is_person(scenario, c->who, who)) ||
                      (h && is_person(scenario, h->from, who));
             })));
    }
    // A wait for another team starts when it is engaged and ends when one of its people starts
    // investigating, or the window ends.
    for (const Phase& p : b.phases) {
      if (p.kind != PhaseKind::WaitingForTeam) continue;
      INFO("waiting from " << p.start_s);
      REQUIRE(p.team);
      const auto team_named = [&](std::size_t t) { return scenario.teams.at(t).name == *p.team; };
      CHECK((p.start_s == b.start_s ||
             event_at(record, m.index, p.start_s, [&](const model::EventPayload& e) {
               const auto* t = std::get_if<model::ev::TeamEngaged>(&e);
               return t && team_named(t->team);
             })));
      CHECK((p.end_s == b.end_s ||
             event_at(record, m.index, p.end_s, [&](const model::EventPayload& e) {
               const auto* c = std::get_if<model::ev::ResponderChanged>(&e);
               return c && c->state == model::ResponderState::Investigating &&
                      team_named(c->who.team);
             })));
    }
    // Factors are material shares of the window, largest first.
    const auto factors = contributing_factors(scenario, record, m);
    for (std::size_t i = 0; i < factors.size(); ++i) {
      CHECK(factors[i].seconds >= kMinFactorSeconds);
      CHECK(factors[i].seconds <= b.total_s() + 1e-9);
      CHECK(factors[i].share >= kMinFactorShare);
      CHECK_FALSE(factors[i].actions.empty());
      if (i > 0) CHECK(factors[i].seconds <= factors[i - 1].seconds);
    }
  }
}

TEST_CASE(
    "time_to_mitigate_breakdown: on every bundled scenario the phases are consecutive, "
    "never empty, and add up exactly to the time to mitigate",
    "[scoring][breakdown][bundled]") {
  const auto files = bundled_scenarios();
  REQUIRE(files.size() >= 17);
  std::size_t incidents = 0;
  std::array<std::size_t, kPhaseKindCount> kinds_seen{};
  for (const fs::path& file : files) {
    const model::Scenario scenario = scenario::load_scenario(file);
    for (std::uint64_t k = 0; k <= kExtraSeeds; ++k) {
      const std::uint64_t seed = scenario.run.seed + k;
      INFO(file.filename().string() << " seed " << seed);
      const model::RunRecord record = model::simulate(scenario, seed);
      check_run(scenario, record, kinds_seen, incidents);
    }
  }
  CHECK(incidents >= 17);
  // The bundled drills exercise the common kinds; a reader that never finds them is broken.
  for (const PhaseKind kind : {PhaseKind::Undetected, PhaseKind::AwaitingAcknowledgement,
                               PhaseKind::Triage, PhaseKind::Diagnosis, PhaseKind::RedHerring,
                               PhaseKind::DraftingStatusUpdate, PhaseKind::Mitigation}) {
    INFO(to_string(kind));
    CHECK(kinds_seen[static_cast<std::size_t>(kind)] > 0);
  }
}

TEST_CASE(
    "time_to_mitigate_breakdown: on model runs that wait for other teams, fail mitigations "
    "and exhaust escalation policies, the phases still partition the time to mitigate",
    "[scoring][breakdown][bundled]") {
  // The bundled drills page experts at triage and mitigate reliably; these variants of them do
  // neither, or miss every page, so the model produces the rarer phases.
  std::size_t incidents = 0;
  std::array<std::size_t, kPhaseKindCount> kinds_seen{};
  for (const fs::path& file : bundled_scenarios()) {
    const model::Scenario base = scenario::load_scenario(file);
    model::Scenario slow = base;
    slow.policy.page_experts_up_to.reset();
    for (model::MitigationSpec& spec : slow.policy.mitigations) spec.success_probability = 0.5;
    model::Scenario unanswered = base;
    unanswered.policy.responders.missed_page_probability_day = 1.0;
    unanswered.policy.responders.missed_page_probability_night = 1.0;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      INFO(file.filename().string() << " seed " << seed);
      check_run(slow, model::simulate(slow, seed), kinds_seen, incidents);
      check_run(unanswered, model::simulate(unanswered, seed), kinds_seen, incidents);
    }
  }
  for (const PhaseKind kind :
       {PhaseKind::WaitingForTeam, PhaseKind::FailedMitigation, PhaseKind::EscalationExhausted}) {
    INFO(to_string(kind));
    CHECK(kinds_seen[static_cast<std::size_t>(kind)] > 0);
  }
}

}  // namespace
}  // namespace firedrill::scoring
