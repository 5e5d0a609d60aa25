#include "scoring/decision_costs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "scoring/describe.hpp"
#include "sim/engine/check.hpp"

namespace firedrill::scoring {
namespace {

std::size_t incident_of(const model::SeatAction& action) {
  return std::visit([](const auto& a) { return a.incident; }, action);
}

// "INC-1" for incident 0, as the report numbers them.
std::string incident_id(std::size_t incident) { return fmt::format("INC-{}", incident + 1); }

std::optional<double> ttm(const Report& report, std::size_t incident) {
  if (incident >= report.incidents.size()) return std::nullopt;
  return report.incidents[incident].ttm_s;
}

// The row of `with` against `instead`, for `incident`.
DecisionCost cost(const Report& with, const Report& instead, std::size_t incident) {
  DecisionCost c;
  c.incident = incident_id(incident);
  c.ttm_with_s = ttm(with, incident);
  c.ttm_instead_s = ttm(instead, incident);
  c.failed_requests = with.summary.impact.failed_requests - instead.summary.impact.failed_requests;
  c.score_points = instead.summary.score - with.summary.score;
  return c;
}

}  // namespace

std::string describe_seat_action(const model::Scenario& scenario, const model::SeatAction& action) {
  namespace seat = model::seat;
  std::string what = std::visit(
      [&scenario](const auto& a) -> std::string {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, seat::Acknowledge>) {
          return "acknowledge";
        } else if constexpr (std::is_same_v<A, seat::DeclareSeverity>) {
          return fmt::format("declare {}", model::to_string(a.severity));
        } else if constexpr (std::is_same_v<A, seat::Investigate>) {
          return "investigate " + scenario.services[a.service].name;
        } else if constexpr (std::is_same_v<A, seat::Mitigate>) {
          std::string verb = model::to_string(a.action);
          std::replace(verb.begin(), verb.end(), '_', ' ');
          return verb + " " + scenario.services[a.service].name +
                 (a.replicas ? fmt::format(" to {} replicas", a.replicas) : std::string());
        } else if constexpr (std::is_same_v<A, seat::PageTeam>) {
          return "page team " + scenario.teams[a.team].name;
        } else if constexpr (std::is_same_v<A, seat::PageRole>) {
          std::string role = model::to_string(a.role);
          std::replace(role.begin(), role.end(), '_', ' ');
          return "page a " + role;
        } else if constexpr (std::is_same_v<A, seat::PagePerson>) {
          return "page " + person_name(scenario, a.person);
        } else if constexpr (std::is_same_v<A, seat::Escalate>) {
          return "escalate";
        } else if constexpr (std::is_same_v<A, seat::HandOff>) {
          return "hand off to " + person_name(scenario, a.person);
        } else if constexpr (std::is_same_v<A, seat::AssignRole>) {
          std::string role = model::to_string(a.role);
          std::replace(role.begin(), role.end(), '_', ' ');
          return "make " + person_name(scenario, a.person) + " " + role;
        } else if constexpr (std::is_same_v<A, seat::PostStatus>) {
          return fmt::format("post status: {}", model::to_string(a.phase));
        } else {
          static_assert(std::is_same_v<A, seat::Resolve>);
          return "resolve";
        }
      },
      action);
  return fmt::format("{} ({})", what, incident_id(incident_of(action)));
}

std::string describe_drill_action(const model::Scenario& scenario, const model::DrillAction& action,
                                  std::size_t seat) {
  return std::visit(
      [&](const auto& a) -> std::string {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, model::InjectFault>) {
          return "the facilitator injects " + describe_fault(scenario, a.fault);
        } else if constexpr (std::is_same_v<A, model::EndFault>) {
          return "the facilitator ends fault " + a.fault_id;
        } else if constexpr (std::is_same_v<A, model::Order>) {
          return "the responders are ordered to " + describe_seat_action(scenario, a.decision);
        } else if constexpr (std::is_same_v<A, model::Bookmark>) {
          return "bookmark: " + a.note;
        } else if constexpr (std::is_same_v<A, model::SeatAction>) {
          return fmt::format("seat {}: {}", seat + 1, describe_seat_action(scenario, a));
        } else if constexpr (std::is_same_v<A, model::LeaveSeat>) {
          return fmt::format("seat {} leaves (the policy plays it)", seat + 1);
        } else {
          static_assert(std::is_same_v<A, model::RejoinSeat>);
          return fmt::format("seat {} rejoins", seat + 1);
        }
      },
      action);
}

std::vector<DecisionCost> decision_costs(const model::Scenario& scenario,
                                         const std::vector<model::DrillCommand>& commands,
                                         const Report& played, const Report& twin,
                                         const std::vector<DecisionBranch>& branches) {
  std::vector<DecisionCost> out;
  const Report* before = &twin;
  for (const DecisionBranch& b : branches) {
    FIREDRILL_CHECK(b.command < commands.size(), "decision_costs: branch of no command");
    const auto& action = std::get<model::SeatAction>(commands[b.command].action);
    DecisionCost c = cost(b.report, *before, incident_of(action));
    c.command = b.command;
    c.at = commands[b.command].at;
    c.decision = describe_seat_action(scenario, action);
    out.push_back(std::move(c));
    before = &b.report;
  }
  if (!branches.empty()) {
    const auto& last = std::get<model::SeatAction>(commands[branches.back().command].action);
    DecisionCost c = cost(played, *before, incident_of(last));
    c.at = commands[branches.back().command].at;
    c.decision = "no further action";
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace firedrill::scoring
