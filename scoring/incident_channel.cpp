#include "scoring/incident_channel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "scoring/describe.hpp"

namespace firedrill::scoring {

std::optional<std::string> channel_message(const model::Scenario& scenario,
                                           const model::TimelineEvent& event, const SeatSide& seat,
                                           IncidentNaming naming) {
  namespace ev = model::ev;
  const auto is_seat = [&](const std::optional<model::PersonRef>& who) {
    return who && std::find(seat.people.begin(), seat.people.end(), *who) != seat.people.end();
  };
  const auto name = [&](model::PersonRef who) { return person_name(scenario, who); };
  const auto or_else = [&](const std::optional<model::PersonRef>& who, const char* nobody) {
    return who ? name(*who) : std::string(nobody);
  };
  const auto incident = [&](std::size_t i) {
    return naming == IncidentNaming::Number ? "incident " + std::to_string(i)
                                            : "INC-" + std::to_string(i + 1);
  };
  const auto& services = scenario.services;
  const auto& e = event.payload;
  if (const auto* m = std::get_if<ev::MitigationFinished>(&e)) {
    if (is_seat(m->by)) return std::nullopt;
    return or_else(m->by, "Someone") + "'s " + model::to_string(m->action) +
           (m->success ? " finished" : " failed");
  }
  if (const auto* ms = std::get_if<ev::MitigationStarted>(&e)) {
    if (is_seat(ms->by)) return std::nullopt;
    return or_else(ms->by, "Someone") + " started a " + model::to_string(ms->action) + " of " +
           services[ms->service].name;
  }
  if (const auto* k = std::get_if<ev::PageAcknowledged>(&e)) {
    if (is_seat(k->by)) return std::nullopt;
    return name(k->by) + " acknowledged the page for " + incident(k->incident);
  }
  if (const auto* s = std::get_if<ev::SeverityDeclared>(&e)) {
    if (is_seat(s->by)) return std::nullopt;
    return or_else(s->by, "The incident commander") + " declared " + incident(s->incident) + " " +
           model::to_string(s->severity);
  }
  if (const auto* d = std::get_if<ev::DiagnosisStep>(&e)) {
    if (is_seat(d->by)) return std::nullopt;
    return name(d->by) + " looked at " + services[d->service].name;
  }
  if (const auto* c = std::get_if<ev::CauseIdentified>(&e)) {
    if (is_seat(c->by) || !c->by) return std::nullopt;
    return name(*c->by) + ": the cause shows in " + services[c->service].name;
  }
  if (const auto* t = std::get_if<ev::TeamEngaged>(&e)) {
    if (is_seat(t->by)) return std::nullopt;
    return or_else(t->by, "Someone") + " paged team " + scenario.teams[t->team].name;
  }
  if (const auto* h = std::get_if<ev::Handoff>(&e)) {
    if (is_seat(h->from))
      return name(h->to) + " is here: brief them, then " + incident(h->incident) + " is theirs";
    return name(h->from) + " hands " + incident(h->incident) + " to " + name(h->to) +
           (h->at_shift_end ? " (shift change)" : "");
  }
  if (const auto* p = std::get_if<ev::PageEscalated>(&e)) {
    if (is_seat(p->by)) return std::nullopt;
    const std::string where = fmt::format("level {} of team {}'s escalation policy",
                                          p->to_level + 1, scenario.teams[p->team].name);
    if (p->by) return name(*p->by) + " escalated " + incident(p->incident) + " to " + where;
    return "Nobody answered: the page for " + incident(p->incident) + " went on to " + where;
  }
  if (const auto* r = std::get_if<ev::RoleAssigned>(&e)) {
    if (is_seat(r->who)) return std::nullopt;
    return name(r->who) + " is " + model::to_string(r->role) + " for " + incident(r->incident);
  }
  if (const auto* done = std::get_if<ev::IncidentResolved>(&e)) {
    if (seat.resolved.count(done->incident)) return std::nullopt;
    std::string text = incident(done->incident) + " is resolved";
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
  }
  if (const auto* report = std::get_if<ev::CustomerReported>(&e))
    return "Support: customers report failures on " + scenario.journeys[report->journey].name;
  return std::nullopt;
}

}  // namespace firedrill::scoring
