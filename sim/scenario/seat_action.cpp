#pragma GCC diagnostic ignored "-Warray-bounds"  // see load_scenario.cpp: nlohmann with diagnostics

#include "sim/scenario/seat_action.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/loader_parts.hpp"

namespace firedrill::scenario {
namespace {

using internal::in_quotes;
using internal::ObjectReader;
using internal::Presence;
using internal::Problems;
using internal::Range;
using internal::read_name;
using json = nlohmann::json;

constexpr std::string_view kOnCallPrefix = "on-call:";
constexpr std::string_view kIncidentCommander = "incident-commander";

// The value of an enum whose names `name_of` gives for 0..count−1, or nullopt.
template <typename Enum, typename NameOf>
std::optional<Enum> by_name(const std::string& name, std::size_t count, NameOf name_of) {
  for (std::size_t i = 0; i < count; ++i)
    if (name == name_of(static_cast<Enum>(i))) return static_cast<Enum>(i);
  return std::nullopt;
}

// The names an enum's values have, as a message lists them: "P1", "P2", ...
template <typename Enum, typename NameOf>
std::string names_of(std::size_t count, NameOf name_of) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += (i ? ", " : "") + in_quotes(name_of(static_cast<Enum>(i)));
  return out;
}

// A name among `names` (the scenario's services or teams), reported when unknown.
std::optional<std::size_t> index_of(const ObjectReader& r, std::string_view key,
                                    const std::vector<std::string>& names, const char* what) {
  const auto name = r.name(key, Presence::Required);
  if (!name) return std::nullopt;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == *name) return i;
  r.problems().add(r.pointer_to(key), std::string("unknown ") + what + " " + in_quotes(*name));
  return std::nullopt;
}

template <typename Enum, typename NameOf>
std::optional<Enum> enum_value(const ObjectReader& r, std::string_view key, std::size_t count,
                               NameOf name_of) {
  const auto name = r.name(key, Presence::Required);
  if (!name) return std::nullopt;
  if (auto v = by_name<Enum>(*name, count, name_of)) return v;
  r.problems().add(r.pointer_to(key), "must be one of " + names_of<Enum>(count, name_of) +
                                          ", got " + in_quotes(*name));
  return std::nullopt;
}

// One of each act, default-valued, in the variant's order: what an "act" name reads into.
const std::array<model::SeatAction, std::variant_size_v<model::SeatAction>> kPrototypes{
    model::seat::Acknowledge{}, model::seat::DeclareSeverity{}, model::seat::Investigate{},
    model::seat::Mitigate{},    model::seat::PageTeam{},        model::seat::PageRole{},
    model::seat::PagePerson{},  model::seat::Escalate{},        model::seat::HandOff{},
    model::seat::AssignRole{},  model::seat::PostStatus{},      model::seat::Resolve{}};

// The keys each act takes besides "act" and "incident", in the order they are written.
std::vector<std::string_view> keys_of(const model::seat::DeclareSeverity&) { return {"severity"}; }
std::vector<std::string_view> keys_of(const model::seat::Investigate&) { return {"service"}; }
std::vector<std::string_view> keys_of(const model::seat::Mitigate&) {
  return {"action", "service", "replicas"};
}
std::vector<std::string_view> keys_of(const model::seat::PageTeam&) { return {"team"}; }
std::vector<std::string_view> keys_of(const model::seat::PageRole&) { return {"role"}; }
std::vector<std::string_view> keys_of(const model::seat::PagePerson&) { return {"person", "team"}; }
std::vector<std::string_view> keys_of(const model::seat::HandOff&) { return {"person", "team"}; }
std::vector<std::string_view> keys_of(const model::seat::AssignRole&) {
  return {"role", "person", "team"};
}
std::vector<std::string_view> keys_of(const model::seat::PostStatus&) {
  return {"phase", "message", "journeys"};
}
std::vector<std::string_view> keys_of(const auto&) { return {}; }

// The reader of one action object and the scenario its names belong to.
struct Fields {
  const ObjectReader& r;
  const model::Scenario& scenario;

  std::optional<std::size_t> service() const {
    std::vector<std::string> names;
    for (const auto& s : scenario.services) names.push_back(s.name);
    return index_of(r, "service", names, "service");
  }

  // "person", a name of a team's people; "team" names the team when the name is in several.
  std::optional<model::PersonRef> person() const {
    const auto name = r.name("person", Presence::Required);
    std::optional<std::string> team;
    if (r.has("team")) {
      team = r.name("team", Presence::Required);
      if (!team) return std::nullopt;
    }
    if (!name) return std::nullopt;
    std::vector<model::PersonRef> found;
    std::string teams;
    for (std::size_t t = 0; t < scenario.teams.size(); ++t)
      for (std::size_t p = 0; p < scenario.teams[t].people.size(); ++p)
        if (scenario.teams[t].people[p].name == *name &&
            (!team || scenario.teams[t].name == *team)) {
          found.push_back({t, p});
          teams += (teams.empty() ? "" : ", ") + in_quotes(scenario.teams[t].name);
        }
    if (found.size() == 1) return found.front();
    if (found.empty())
      r.problems().add(r.pointer_to("person"),
                       "unknown person " + in_quotes(*name) +
                           (team ? " in team " + in_quotes(*team) : std::string()));
    else
      r.problems().add(r.pointer_to("person"), in_quotes(*name) + " is in several teams (" + teams +
                                                   "): say which with \"team\"");
    return std::nullopt;
  }

  std::optional<model::Role> role() const {
    return enum_value<model::Role>(r, "role", model::kRoleCount,
                                   [](model::Role role) { return model::to_string(role); });
  }
};

// Reads the act's own keys into `a`; false when one is missing or wrong (reported).
bool read(const Fields& f, model::seat::DeclareSeverity& a) {
  const auto v = enum_value<model::Severity>(f.r, "severity", model::kSeverityCount,
                                             [](model::Severity s) { return model::to_string(s); });
  if (v) a.severity = *v;
  return v.has_value();
}
bool read(const Fields& f, model::seat::Investigate& a) {
  const auto s = f.service();
  if (s) a.service = *s;
  return s.has_value();
}
bool read(const Fields& f, model::seat::Mitigate& a) {
  const auto action = enum_value<model::MitigationAction>(
      f.r, "action", model::kMitigationActionCount,
      [](model::MitigationAction m) { return model::to_string(m); });
  const auto s = f.service();
  if (action) a.action = *action;
  if (s) a.service = *s;
  if (!f.r.has("replicas")) return action && s;
  if (action && *action != model::MitigationAction::ScaleOut) {
    f.r.problems().add(f.r.pointer_to("replicas"), "only for action \"scale_out\"");
    return false;
  }
  const auto replicas =
      f.r.integer("replicas", Presence::Required, Range::closed(1.0, model::kMaxScaleOutReplicas));
  if (replicas) a.replicas = static_cast<int>(*replicas);
  return action && s && replicas;
}
bool read(const Fields& f, model::seat::PageTeam& a) {
  std::vector<std::string> names;
  for (const auto& t : f.scenario.teams) names.push_back(t.name);
  const auto t = index_of(f.r, "team", names, "team");
  if (t) a.team = *t;
  return t.has_value();
}
bool read(const Fields& f, model::seat::PageRole& a) {
  const auto role = f.role();
  if (role) a.role = *role;
  return role.has_value();
}
bool read(const Fields& f, model::seat::PagePerson& a) {
  const auto who = f.person();
  if (who) a.person = *who;
  return who.has_value();
}
bool read(const Fields& f, model::seat::HandOff& a) {
  const auto who = f.person();
  if (who) a.person = *who;
  return who.has_value();
}
bool read(const Fields& f, model::seat::AssignRole& a) {
  const auto role = f.role();
  const auto who = f.person();
  if (role) a.role = *role;
  if (who) a.person = *who;
  return role && who;
}
// "journeys": distinct journey names, kept in order of name.
bool read_journeys(const Fields& f, std::vector<std::size_t>& journeys) {
  const json* list = f.r.array("journeys", Presence::Optional);
  if (!list) return !f.r.has("journeys");
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = f.r.pointer_to("journeys") + "/" + std::to_string(i);
    const auto name = read_name((*list)[i], pointer, f.r.problems());
    if (!name) {
      ok = false;
      continue;
    }
    const auto& all = f.scenario.journeys;
    const auto j = std::find_if(all.begin(), all.end(),
                                [&name](const model::Journey& x) { return x.name == *name; });
    if (j == all.end()) {
      f.r.problems().add(pointer, "unknown journey " + in_quotes(*name));
      ok = false;
    } else if (std::find(journeys.begin(), journeys.end(), j - all.begin()) != journeys.end()) {
      f.r.problems().add(pointer, "journey " + in_quotes(*name) + " is named twice");
      ok = false;
    } else {
      journeys.push_back(static_cast<std::size_t>(j - all.begin()));
    }
  }
  std::sort(journeys.begin(), journeys.end(), [&f](std::size_t a, std::size_t b) {
    return f.scenario.journeys[a].name < f.scenario.journeys[b].name;
  });
  return ok;
}
bool read(const Fields& f, model::seat::PostStatus& a) {
  const auto phase = enum_value<model::seat::StatusPhase>(
      f.r, "phase", model::seat::kStatusPhaseCount,
      [](model::seat::StatusPhase p) { return model::to_string(p); });
  auto message = f.r.string("message", Presence::Required);
  if (message && message->size() > kMaxStatusMessageBytes) {
    f.r.problems().add(f.r.pointer_to("message"),
                       "at most " + std::to_string(kMaxStatusMessageBytes) + " bytes, got " +
                           std::to_string(message->size()));
    message.reset();
  }
  if (phase) a.phase = *phase;
  if (message) a.message = std::move(*message);
  const bool journeys = read_journeys(f, a.journeys);
  return phase && message && journeys;
}
bool read(const Fields&, const auto&) { return true; }

}  // namespace

model::Seat parse_seat(std::string_view text, const model::Scenario& scenario) {
  if (text == kIncidentCommander) return {model::Seat::Kind::IncidentCommander, {}, 0};
  if (text.starts_with(kOnCallPrefix)) {
    const std::string_view team = text.substr(kOnCallPrefix.size());
    for (std::size_t t = 0; t < scenario.teams.size(); ++t)
      if (scenario.teams[t].name == team) return {model::Seat::Kind::OnCall, {}, t};
    throw std::invalid_argument("no team " + in_quotes(std::string(team)) + " in the scenario");
  }
  std::optional<model::PersonRef> found;
  std::vector<std::string> teams;
  for (std::size_t t = 0; t < scenario.teams.size(); ++t)
    for (std::size_t p = 0; p < scenario.teams[t].people.size(); ++p)
      if (scenario.teams[t].people[p].name == text) {
        found = model::PersonRef{t, p};
        teams.push_back(scenario.teams[t].name);
      }
  if (teams.size() > 1) {
    std::string list;
    for (const auto& t : teams) list += (list.empty() ? "" : ", ") + in_quotes(t);
    throw std::invalid_argument(in_quotes(std::string(text)) + " is in several teams (" + list +
                                "): take their team's seat with on-call:TEAM");
  }
  if (!found)
    throw std::invalid_argument("no person or role " + in_quotes(std::string(text)) +
                                " in the scenario (a person's name, on-call:TEAM or "
                                "incident-commander)");
  return {model::Seat::Kind::Person, *found, 0};
}

std::string seat_text(const model::Seat& seat, const model::Scenario& scenario) {
  switch (seat.kind) {
    case model::Seat::Kind::Person:
      return scenario.teams[seat.person.team].people[seat.person.person].name;
    case model::Seat::Kind::OnCall:
      return std::string(kOnCallPrefix) + scenario.teams[seat.team].name;
    case model::Seat::Kind::IncidentCommander:
      return std::string(kIncidentCommander);
  }
  return "";
}

namespace internal {

std::optional<model::SeatAction> read_seat_action(const json& value, const std::string& pointer,
                                                  const model::Scenario& scenario,
                                                  Problems& problems) {
  const ObjectReader r(value, pointer, problems);
  std::optional<model::SeatAction> action;
  const auto act = r.ok() ? r.name("act", Presence::Required) : std::nullopt;
  const auto* name =
      act ? std::find(model::kSeatActionNames.begin(), model::kSeatActionNames.end(), *act)
          : model::kSeatActionNames.end();
  if (act && name == model::kSeatActionNames.end()) {
    std::string names;
    for (const char* n : model::kSeatActionNames)
      names += (names.empty() ? "" : ", ") + in_quotes(n);
    problems.add(r.pointer_to("act"), "must be one of " + names + ", got " + in_quotes(*act));
  }
  if (name != model::kSeatActionNames.end()) {
    const auto index =
        static_cast<std::size_t>(std::distance(model::kSeatActionNames.begin(), name));
    model::SeatAction prototype = kPrototypes[index];
    const Fields fields{r, scenario};
    std::visit(
        [&](auto& a) {
          std::vector<std::string_view> allowed{"act", "incident"};
          for (const auto key : keys_of(a)) allowed.push_back(key);
          r.check_keys(allowed, std::string("for act ") + in_quotes(*act));
          const auto incident = r.unsigned_integer("incident", Presence::Required);
          if (incident) a.incident = *incident;
          if (read(fields, a) && incident) action = a;
        },
        prototype);
  }
  if (!problems.empty()) action.reset();
  return action;
}

}  // namespace internal

model::SeatAction parse_seat_action(std::string_view text, const std::string& source,
                                    const model::Scenario& scenario) {
  Problems problems(source);
  std::optional<model::SeatAction> action;
  if (const auto document = internal::parse_document(text, source, problems))
    action = internal::read_seat_action(*document, "", scenario, problems);
  if (!problems.empty() || !action) throw ScenarioError(problems.take());
  return *action;
}

namespace {
// A person as the "person" and "team" keys name them.
void write_person(nlohmann::ordered_json& out, model::PersonRef who,
                  const model::Scenario& scenario) {
  out["person"] = scenario.teams[who.team].people[who.person].name;
  out["team"] = scenario.teams[who.team].name;
}
}  // namespace

std::string seat_action_json(const model::SeatAction& action, const model::Scenario& scenario) {
  nlohmann::ordered_json out;
  out["act"] = model::action_name(action);
  std::visit([&out](const auto& a) { out["incident"] = a.incident; }, action);
  if (const auto* d = std::get_if<model::seat::DeclareSeverity>(&action)) {
    out["severity"] = model::to_string(d->severity);
  } else if (const auto* i = std::get_if<model::seat::Investigate>(&action)) {
    out["service"] = scenario.services[i->service].name;
  } else if (const auto* m = std::get_if<model::seat::Mitigate>(&action)) {
    out["action"] = model::to_string(m->action);
    out["service"] = scenario.services[m->service].name;
    if (m->replicas) out["replicas"] = m->replicas;
  } else if (const auto* p = std::get_if<model::seat::PageTeam>(&action)) {
    out["team"] = scenario.teams[p->team].name;
  } else if (const auto* r = std::get_if<model::seat::PageRole>(&action)) {
    out["role"] = model::to_string(r->role);
  } else if (const auto* pp = std::get_if<model::seat::PagePerson>(&action)) {
    write_person(out, pp->person, scenario);
  } else if (const auto* h = std::get_if<model::seat::HandOff>(&action)) {
    write_person(out, h->person, scenario);
  } else if (const auto* ar = std::get_if<model::seat::AssignRole>(&action)) {
    out["role"] = model::to_string(ar->role);
    write_person(out, ar->person, scenario);
  } else if (const auto* s = std::get_if<model::seat::PostStatus>(&action)) {
    out["phase"] = model::to_string(s->phase);
    out["message"] = s->message;
    if (!s->journeys.empty()) {
      out["journeys"] = nlohmann::ordered_json::array();
      for (const std::size_t j : s->journeys) out["journeys"].push_back(scenario.journeys[j].name);
    }
  }
  return out.dump();
}

}  // namespace firedrill::scenario
