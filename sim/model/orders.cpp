// The facilitator's orders (Run::order): the policy's responders take a decision now that they
// would have taken later, or never, as their own: the same pages, severity changes and
// mitigations, at the same costs, and then the policy goes on from where it was.

#include <fmt/format.h>

#include <algorithm>

#include "sim/model/response.hpp"

namespace firedrill::model::world {

// Why incident `incident` takes no order (nullopt: it does): it must be detected and open, and
// the seat must not be making its decisions (its commands are the seat's to change).
std::optional<Refusal> Response::ordered_incident(std::size_t incident) const {
  if (incident >= incidents_.size() || !incidents_[incident].detected)
    return Refusal{fmt::format("there is no incident {}", incident)};
  const Incident& inc = incidents_[incident];
  if (inc.resolved) return Refusal{fmt::format("incident {} is resolved", incident)};
  if (seat_decides(inc))
    return Refusal{
        fmt::format("the seat decides incident {}: change the seat's commands instead", incident)};
  return std::nullopt;
}

std::optional<Refusal> Response::order(const SeatAction& decision) {
  return std::visit(
      [this](const auto& a) -> std::optional<Refusal> {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, seat::Mitigate>) {
          return order_mitigation(a);
        } else if constexpr (std::is_same_v<A, seat::DeclareSeverity>) {
          if (auto refused = ordered_incident(a.incident)) return refused;
          Incident& inc = incidents_[a.incident];
          if (!inc.severity)
            return Refusal{fmt::format(
                "incident {} has no severity yet: its triage declares one first", a.incident)};
          if (*inc.severity == a.severity)
            return Refusal{
                fmt::format("incident {} is {} already", a.incident, to_string(a.severity))};
          change_severity(a.incident, a.severity, measured_impact());
          return std::nullopt;
        } else if constexpr (std::is_same_v<A, seat::PageTeam>) {
          if (auto refused = ordered_incident(a.incident)) return refused;
          if (a.team >= sc_.teams.size())
            return Refusal{fmt::format("there is no team {}", a.team)};
          const auto& pages = incidents_[a.incident].pages;
          if (std::any_of(pages.begin(), pages.end(),
                          [&a](const TeamPage& p) { return p.team == a.team && !p.role; }))
            return Refusal{fmt::format("{} has been paged for incident {} already",
                                       sc_.teams[a.team].name, a.incident)};
          ctx_->publish(ev::TeamEngaged{a.incident, a.team, std::nullopt});
          page_team(a.incident, a.team);
          return std::nullopt;
        } else if constexpr (std::is_same_v<A, seat::PagePerson>) {
          if (auto refused = ordered_incident(a.incident)) return refused;
          if (auto refused = person_to_page(std::nullopt, a.incident, a.person)) return refused;
          page_directly(a.incident, a.person, false);
          return std::nullopt;
        } else {
          return Refusal{
              "only mitigate, declare_severity, page_team and page_person can be ordered"};
        }
      },
      decision);
}

// The investigator drops what they are doing (a diagnosis step, an action under way) and applies
// the action now, as the policy applies its own.
std::optional<Refusal> Response::order_mitigation(const seat::Mitigate& a) {
  if (auto refused = ordered_incident(a.incident)) return refused;
  if (a.replicas != 0)
    return Refusal{"an ordered scale_out scales out as the policy does: leave out replicas"};
  if (a.service >= sc_.services.size())
    return Refusal{fmt::format("there is no service {}", a.service)};
  Incident& inc = incidents_[a.incident];
  if (!inc.severity)
    return Refusal{fmt::format(
        "nobody has triaged incident {} yet: order a mitigation once its severity is declared",
        a.incident)};
  if (inc.mitigated) return Refusal{fmt::format("incident {} is mitigated already", a.incident)};
  const auto fix = seat_fix(a.action, a.service);
  if (!fix && !possible(a.action, a.service, std::nullopt))
    return Refusal{fmt::format("{} of {} is not possible now", to_string(a.action),
                               sc_.services[a.service].name)};
  abandon_action(inc);
  cancel_work(inc);
  start_action(a.incident, a.action, a.service, MitigationReason::Ordered, fix);
  return std::nullopt;
}

// The ordered action is over and the incident is still on: the policy goes on, to the fix if the
// cause is known, else with the search where the order interrupted it (a step under way is
// taken again), or from the symptom if it had not begun; a team being waited for resumes it.
void Response::resume_after_order(std::size_t id) {
  Incident& inc = incidents_[id];
  if (inc.cause_identified) {
    choose_mitigation(id);
  } else if (inc.waiting_for_team) {
    return;
  } else if (inc.diagnosing) {
    schedule_diagnosis_step(id);
  } else {
    begin_diagnosis(id);
  }
}

}  // namespace firedrill::model::world
