#pragma GCC diagnostic ignored "-Warray-bounds"  // see load_scenario.cpp: nlohmann with diagnostics

#include "sim/scenario/drill_log.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "sim/model/faults.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/loader_parts.hpp"
#include "sim/scenario/seat_action.hpp"

namespace firedrill::scenario {
namespace {

using internal::child_pointer;
using internal::format_number;
using internal::in_quotes;
using internal::json;
using internal::ObjectReader;
using internal::Presence;
using internal::Problems;
using internal::Range;
using internal::TimeUnit;
using model::SimTime;

// A fault the log may end: its id and when it starts.
struct KnownFault {
  std::string id;
  SimTime start;
};

std::string seconds_text(SimTime t) { return format_number(engine::to_seconds(t)) + " s"; }

// Returns which of the log's `seats` the string at `key` of command `r` names; nullopt after
// adding the problem (not a string, or not one of them).
std::optional<std::size_t> read_seat_name(const ObjectReader& r, std::string_view key,
                                          const model::Scenario& scenario,
                                          const std::vector<model::Seat>& seats) {
  const auto name = r.name(key, Presence::Required);
  if (!name) return std::nullopt;
  try {
    const auto it = std::find(seats.begin(), seats.end(), parse_seat(*name, scenario));
    if (it != seats.end()) return static_cast<std::size_t>(it - seats.begin());
  } catch (const std::invalid_argument&) {  // unknown in the scenario: not one of the log's either
  }
  r.problems().add(r.pointer_to(key), in_quotes(*name) + " is not one of the log's seats");
  return std::nullopt;
}

// Returns which of the log's `seats` gave the seat command `r`: the one its "by" names, or the
// only one; nullopt after adding the problem (no "by" with several seats, or one not listed).
std::optional<std::size_t> read_by(const ObjectReader& r, const model::Scenario& scenario,
                                   const std::vector<model::Seat>& seats) {
  if (r.has("by")) return read_seat_name(r, "by", scenario, seats);
  if (seats.size() <= 1) return 0;
  r.problems().add(r.pointer(), "missing \"by\": which seat acted");
  return std::nullopt;
}

// Reads the log's seats: "seat" (one) or "seats" (a list, no two equal) into `log`.
void read_seats(const ObjectReader& root, const model::Scenario& scenario, DrillLog& log) {
  Problems& problems = root.problems();
  if (root.has("seat") && root.has("seats")) {
    problems.add("", "give \"seat\" or \"seats\", not both");
    return;
  }
  if (const auto seat = root.name("seat", Presence::Optional)) {
    try {
      log.seats.push_back(parse_seat(*seat, scenario));
    } catch (const std::invalid_argument& e) {
      problems.add(root.pointer_to("seat"), e.what());
    }
  }
  const json* seats = root.array("seats", Presence::Optional, true);
  if (seats == nullptr) return;
  for (std::size_t i = 0; i < seats->size(); ++i) {
    const std::string pointer = child_pointer(root.pointer_to("seats"), i);
    const json& text = (*seats)[i];
    if (!text.is_string()) {
      problems.add(pointer, "must be a seat: a person's name, on-call:TEAM or incident-commander");
      continue;
    }
    try {
      const model::Seat seat = parse_seat(text.get<std::string>(), scenario);
      if (std::find(log.seats.begin(), log.seats.end(), seat) != log.seats.end())
        problems.add(pointer, in_quotes(text.get<std::string>()) + " is listed twice");
      else
        log.seats.push_back(seat);
    } catch (const std::invalid_argument& e) {
      problems.add(pointer, e.what());
    }
  }
}

// Reads "commands" into `log`; `known` starts with the run's faults and grows with injections.
void read_commands(const ObjectReader& root, const model::Scenario& scenario,
                   std::vector<KnownFault> known, DrillLog& log) {
  const json* commands = root.array("commands", Presence::Required);
  if (commands == nullptr) return;
  Problems& problems = root.problems();
  if (commands->size() > kMaxDrillLogCommands) {
    problems.add(root.pointer_to("commands"),
                 "at most " + std::to_string(kMaxDrillLogCommands) +
                     " commands (docs/limits.md), got " + std::to_string(commands->size()));
    return;
  }
  std::optional<SimTime> previous;
  for (std::size_t k = 0; k < commands->size(); ++k) {
    const std::string pointer = child_pointer(root.pointer_to("commands"), k);
    const ObjectReader r((*commands)[k], pointer, problems);
    if (!r.ok()) continue;
    r.check_keys({"at_s", "inject", "end", "seat", "by", "bookmark", "leave", "rejoin", "order"});
    const auto at =
        r.duration("at_s", Presence::Required, TimeUnit::Seconds, Range::non_negative());
    if (at && previous && *at < *previous) {
      problems.add(r.pointer_to("at_s"), "must be >= the previous command's at_s (" +
                                             seconds_text(*previous) + "), got " +
                                             r.find("at_s")->dump());
    }
    if (at && *at >= scenario.run.duration) {
      problems.add(r.pointer_to("at_s"), "must be < the run's duration (" +
                                             seconds_text(scenario.run.duration) + "), got " +
                                             r.find("at_s")->dump());
    }
    if (at) previous = std::max(previous.value_or(*at), *at);
    const SimTime when = at.value_or(SimTime{0});

    const bool inject = r.has("inject");
    const bool end = r.has("end");
    const bool seat = r.has("seat");
    const bool bookmark = r.has("bookmark");
    const bool leave = r.has("leave");
    const bool rejoin = r.has("rejoin");
    const bool order = r.has("order");
    if (inject + end + seat + bookmark + leave + rejoin + order != 1) {
      problems.add(pointer, inject + end + seat + bookmark + leave + rejoin + order
                                ? "give one of \"inject\", \"end\", \"seat\", \"bookmark\", "
                                  "\"leave\", \"rejoin\" and \"order\""
                                : "missing \"inject\", \"end\", \"seat\", \"bookmark\", "
                                  "\"leave\", \"rejoin\" or \"order\"");
      continue;
    }
    if (!seat && r.has("by")) problems.add(r.pointer_to("by"), "only a seat's action has \"by\"");
    model::DrillCommand command{when, {}};
    if (order) {
      auto decision =
          internal::read_seat_action(*r.find("order"), r.pointer_to("order"), scenario, problems);
      if (!decision) continue;
      command.action = model::Order{std::move(*decision)};
    } else if (bookmark) {
      auto note = r.name("bookmark", Presence::Required);
      if (!note) continue;
      if (note->size() > model::kMaxBookmarkNoteBytes) {
        problems.add(r.pointer_to("bookmark"), "at most " +
                                                   std::to_string(model::kMaxBookmarkNoteBytes) +
                                                   " bytes, got " + std::to_string(note->size()));
        continue;
      }
      command.action = model::Bookmark{std::move(*note)};
    } else if (leave || rejoin) {
      const auto which = read_seat_name(r, leave ? "leave" : "rejoin", scenario, log.seats);
      if (!which) continue;
      command.seat = *which;
      command.action = leave ? model::DrillAction{model::LeaveSeat{}} : model::RejoinSeat{};
    } else if (seat) {
      if (!root.has("seat") && !root.has("seats")) {  // a bad one is reported once, at the root
        problems.add(r.pointer_to("seat"), "a seat's action needs the log's \"seat\"");
        continue;
      }
      const auto by = read_by(r, scenario, log.seats);
      auto action = internal::read_seat_action(*r.find("seat"), r.pointer_to("seat"), scenario,
                                               problems);
      if (!action || !by) continue;
      command.action = std::move(*action);
      command.seat = *by;
    } else if (inject) {
      std::vector<std::string> taken;
      for (const KnownFault& f : known) taken.push_back(f.id);
      model::Fault fault = internal::read_injected_fault(*r.find("inject"), r.pointer_to("inject"),
                                                         scenario, when, taken, problems);
      known.push_back({fault.id, when});
      command.action = model::InjectFault{std::move(fault)};
    } else if (const auto id = r.name("end", Presence::Required)) {
      const auto it = std::find_if(known.rbegin(), known.rend(),
                                   [&](const KnownFault& f) { return f.id == *id; });
      if (it == known.rend()) {
        problems.add(r.pointer_to("end"),
                     "unknown fault " + in_quotes(*id) +
                         " (not a fault of the scenario, drawn by the run, or injected before)");
      } else if (at && it->start > *at) {
        problems.add(r.pointer_to("end"), "fault " + in_quotes(*id) + " starts at " +
                                              seconds_text(it->start) + ", after this command");
      }
      command.action = model::EndFault{*id};
    }
    log.commands.push_back(std::move(command));
  }
}

// A time as a JSON number of `unit`s: an integer when whole.
nlohmann::ordered_json time_value(SimTime t, TimeUnit unit) {
  const auto per = static_cast<SimTime::rep>(unit);
  if (t.count() % per == 0) return t.count() / per;
  return static_cast<double>(t.count()) / static_cast<double>(per);
}

// The inverse of the loader's fault reader, for an injected fault (no start_min).
nlohmann::ordered_json fault_json(const model::Fault& f, const model::Scenario& sc) {
  using model::FaultType;
  nlohmann::ordered_json out;
  out["id"] = f.id;
  out["type"] = model::to_string(f.type);
  const auto service = [&] { out["service"] = sc.services[f.service].name; };
  switch (f.type) {
    case FaultType::CrashReplicas:
      service();
      out["replicas"] = f.replicas;
      break;
    case FaultType::ErrorRate:
    case FaultType::ThirdPartyOutage:
      service();
      out["error_ratio"] = f.error_ratio;
      break;
    case FaultType::Latency:
      service();
      out["latency_ms"] = f.latency_ms;
      break;
    case FaultType::BadDeploy:
    case FaultType::BadConfig:
      service();
      out["error_ratio"] = f.error_ratio;
      out["latency_ms"] = f.latency_ms;
      if (!f.rollout.empty()) {
        auto& stages = out["rollout"] = nlohmann::ordered_json::array();
        for (const model::RolloutStage& st : f.rollout) {
          nlohmann::ordered_json stage;
          stage["share"] = st.share;
          if (st.bake.count() > 0) stage["bake_min"] = time_value(st.bake, TimeUnit::Minutes);
          stages.push_back(std::move(stage));
        }
      }
      break;
    case FaultType::TrafficSurge:
      out["multiplier"] = f.multiplier;
      if (f.journey) out["journey"] = sc.journeys[*f.journey].name;
      break;
    case FaultType::CallFailure: {
      const model::Call& call = sc.calls[f.call];
      out["call"] = sc.services[call.caller].name + "->" + sc.services[call.callee].name;
      out["error_ratio"] = f.error_ratio;
      break;
    }
    case FaultType::Outage:
    case FaultType::CertificateExpiry:
      service();
      break;
    case FaultType::ResourceExhaustion:
      service();
      out["capacity_factor"] = f.capacity_factor;
      break;
    case FaultType::MemoryLeak:
      service();
      out["capacity_factor"] = f.capacity_factor;
      out["leak_period_min"] = time_value(f.leak_period, TimeUnit::Minutes);
      out["restart_s"] = time_value(f.restart_duration, TimeUnit::Seconds);
      break;
    case FaultType::NetworkPartition:
      service();
      out["peer_service"] = sc.services[f.peer_service].name;
      break;
    case FaultType::ZoneOutage:
      out["zone"] = f.zone;
      break;
    case FaultType::DatastoreFailover:
      service();
      out["capacity_factor"] = f.capacity_factor;
      out["outage_s"] = time_value(f.outage_duration, TimeUnit::Seconds);
      break;
  }
  if (f.end) out["end_min"] = time_value(*f.end, TimeUnit::Minutes);
  return out;
}

}  // namespace

DrillLog parse_drill_log(std::string_view text, const std::string& source,
                         const model::Scenario& scenario, std::optional<std::uint64_t> run_seed) {
  Problems problems(source);
  const std::optional<json> document = internal::parse_document(text, source, problems);
  if (!document) throw ScenarioError(problems.take());
  DrillLog log;
  const ObjectReader root(*document, "", problems);
  if (root.ok()) {
    root.check_keys({"scenario", "seed", "seat", "seats", "commands"});
    if (auto name = root.name("scenario", Presence::Required)) log.scenario = std::move(*name);
    read_seats(root, scenario, log);
    const auto seed = root.unsigned_integer("seed", Presence::Required);
    if (seed) log.seed = *seed;
    if (!run_seed) run_seed = seed;
    // Without a valid seed the drawn faults are unknown: only the schedule's can be ended.
    std::vector<KnownFault> known;
    for (const model::Fault& f :
         run_seed ? model::realize_faults(scenario, *run_seed) : scenario.faults)
      known.push_back({f.id, f.start});
    read_commands(root, scenario, std::move(known), log);
  }
  if (!problems.empty()) throw ScenarioError(problems.take());
  return log;
}

DrillLog load_drill_log(const std::filesystem::path& file, const model::Scenario& scenario,
                        std::optional<std::uint64_t> run_seed) {
  const std::string source = file.string();
  std::string text;
  try {
    text = read_input_file(file);
  } catch (const InputFileError& e) {
    throw ScenarioError({Problem{source, "", std::string("cannot read the file: ") + e.what()}});
  }
  return parse_drill_log(text, source, scenario, run_seed);
}

std::string drill_log_scenario(const std::filesystem::path& file) {
  const std::string source = file.string();
  Problems problems(source);
  std::optional<std::string> name;
  std::string text;
  try {
    text = read_input_file(file);
  } catch (const InputFileError& e) {
    throw ScenarioError({Problem{source, "", std::string("cannot read the file: ") + e.what()}});
  }
  if (const auto document = internal::parse_document(text, source, problems)) {
    const ObjectReader root(*document, "", problems);
    if (root.ok()) name = root.name("scenario", Presence::Required);
  }
  if (!problems.empty() || !name) throw ScenarioError(problems.take());
  return *name;
}

std::string drill_log_json(const DrillLog& log, const model::Scenario& scenario) {
  nlohmann::ordered_json out;
  out["scenario"] = log.scenario;
  out["seed"] = log.seed;
  // One seat keeps the form logs had before there could be several.
  if (log.seats.size() == 1) out["seat"] = seat_text(log.seats.front(), scenario);
  if (log.seats.size() > 1) {
    auto& seats = out["seats"] = nlohmann::ordered_json::array();
    for (const model::Seat& seat : log.seats) seats.push_back(seat_text(seat, scenario));
  }
  auto& commands = out["commands"] = nlohmann::ordered_json::array();
  for (const model::DrillCommand& c : log.commands) {
    nlohmann::ordered_json command;
    command["at_s"] = time_value(c.at, TimeUnit::Seconds);
    if (const auto* inject = std::get_if<model::InjectFault>(&c.action)) {
      command["inject"] = fault_json(inject->fault, scenario);
    } else if (const auto* end = std::get_if<model::EndFault>(&c.action)) {
      command["end"] = end->fault_id;
    } else if (const auto* mark = std::get_if<model::Bookmark>(&c.action)) {
      command["bookmark"] = mark->note;
    } else if (const auto* order = std::get_if<model::Order>(&c.action)) {
      command["order"] = nlohmann::ordered_json::parse(seat_action_json(order->decision, scenario));
    } else if (std::holds_alternative<model::LeaveSeat>(c.action)) {
      command["leave"] = seat_text(log.seats.at(c.seat), scenario);
    } else if (std::holds_alternative<model::RejoinSeat>(c.action)) {
      command["rejoin"] = seat_text(log.seats.at(c.seat), scenario);
    } else {
      if (log.seats.size() > 1) command["by"] = seat_text(log.seats.at(c.seat), scenario);
      command["seat"] = nlohmann::ordered_json::parse(
          seat_action_json(std::get<model::SeatAction>(c.action), scenario));
    }
    commands.push_back(std::move(command));
  }
  return out.dump(2) + "\n";
}

std::string injected_fault_json(const model::Fault& fault, const model::Scenario& scenario) {
  return fault_json(fault, scenario).dump();
}

}  // namespace firedrill::scenario
