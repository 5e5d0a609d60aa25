// Drill logs: read with the loader's own fault checks, every problem with its JSON pointer, and
// written back to the same JSON.

#include "sim/scenario/drill_log.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "sim/scenario/load_scenario.hpp"

namespace {

namespace model = firedrill::model;
using firedrill::scenario::drill_log_json;
using firedrill::scenario::DrillLog;
using firedrill::scenario::load_scenario;
using firedrill::scenario::parse_drill_log;
using firedrill::scenario::parse_injected_fault;
using firedrill::scenario::ScenarioError;
using namespace std::chrono_literals;

const model::Scenario& boutique() {
  static const model::Scenario s =
      load_scenario(FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  return s;
}

// The what() of the ScenarioError that parsing `text` as a drill log throws ("" if none).
std::string log_error(const std::string& text) {
  try {
    parse_drill_log(text, "log.json", boutique());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

// A log of one command, `command` being its JSON object.
std::string one_command(const std::string& command) {
  return R"({"scenario": "black-friday", "seed": 7, "commands": [)" + command + "]}";
}

// Written by hand in the documented key order, as drill_log_json writes it: each fault type's
// parameters in the loader's order, whole numbers as integers.
const std::string kCanonical = R"({
  "scenario": "online-boutique/black-friday-bad-deploy.json",
  "seed": 42,
  "commands": [
    {
      "at_s": 300,
      "inject": {
        "id": "cart-crash",
        "type": "crash_replicas",
        "service": "cartservice",
        "replicas": 1,
        "end_min": 20
      }
    },
    {
      "at_s": 310.5,
      "inject": {
        "id": "pay-deploy",
        "type": "bad_deploy",
        "service": "paymentservice",
        "error_ratio": 0.2,
        "latency_ms": 150.0,
        "rollout": [
          {
            "share": 0.1,
            "bake_min": 5
          },
          {
            "share": 1.0
          }
        ]
      }
    },
    {
      "at_s": 400,
      "inject": {
        "id": "cart-to-redis",
        "type": "call_failure",
        "call": "cartservice->redis-cart",
        "error_ratio": 0.5
      }
    },
    {
      "at_s": 500,
      "inject": {
        "id": "surge",
        "type": "traffic_surge",
        "multiplier": 2.5,
        "journey": "checkout"
      }
    },
    {
      "at_s": 600,
      "inject": {
        "id": "leak",
        "type": "memory_leak",
        "service": "currencyservice",
        "capacity_factor": 0.5,
        "leak_period_min": 30,
        "restart_s": 45
      }
    },
    {
      "at_s": 900,
      "end": "cart-crash"
    },
    {
      "at_s": 6300,
      "end": "payment-bad-deploy"
    }
  ]
}
)";

}  // namespace

TEST_CASE("drill log: a log written by drill_log_json reads back equal, and reads as written",
          "[scenario][drill_log]") {
  const DrillLog log = parse_drill_log(kCanonical, "log.json", boutique());
  CHECK(log.seed == 42);
  REQUIRE(log.commands.size() == 7);
  CHECK(log.commands[1].at == 310500ms);
  const auto& deploy = std::get<model::InjectFault>(log.commands[1].action).fault;
  CHECK(deploy.type == model::FaultType::BadDeploy);
  CHECK(deploy.start == 310500ms);
  CHECK(deploy.rollout.size() == 2);
  CHECK(std::get<model::InjectFault>(log.commands[0].action).fault.end == 20min);
  CHECK(std::get<model::EndFault>(log.commands[6].action).fault_id == "payment-bad-deploy");

  const std::string written = drill_log_json(log, boutique());
  CHECK(written == kCanonical);
  CHECK(parse_drill_log(written, "again.json", boutique()) == log);
}

TEST_CASE("drill log: an odd millisecond survives the round trip", "[scenario][drill_log]") {
  DrillLog log;
  log.scenario = "x";
  log.seed = 1;
  model::Fault f;
  f.id = "odd";
  f.type = model::FaultType::Outage;
  f.service = 3;
  f.start = 1234567ms;
  f.end = 1234567ms + 1001ms;
  log.commands = {{1234567ms, model::InjectFault{f}}};
  CHECK(parse_drill_log(drill_log_json(log, boutique()), "log.json", boutique()) == log);
}

TEST_CASE("drill log: every bad command is reported with its JSON pointer",
          "[scenario][drill_log]") {
  CHECK(
      log_error(one_command(
          R"({"at_s": 60, "inject": {"id": "a", "type": "error_rate", "service": "foo", "error_ratio": 0.5}})")) ==
      "log.json: /commands/0/inject/service: unknown service \"foo\"");
  CHECK(
      log_error(one_command(
          R"({"at_s": 60, "inject": {"id": "a", "type": "error_rate", "service": "adservice", "error_ratio": 1.5, "start_min": 3}})")) ==
      "log.json: /commands/0/inject/start_min: unknown key \"start_min\" for fault type "
      "\"error_rate\" "
      "(expected one of: id, type, end_min, service, error_ratio)\n"
      "log.json: /commands/0/inject/error_ratio: must be in (0, 1], got 1.5");
  CHECK(
      log_error(one_command(
          R"({"at_s": 600, "inject": {"id": "a", "type": "outage", "service": "adservice", "end_min": 10}})")) ==
      "log.json: /commands/0/inject/end_min: must be > the injection time (10 min), got 10");
  CHECK(
      log_error(one_command(
          R"({"at_s": 60, "inject": {"id": "payment-bad-deploy", "type": "outage", "service": "adservice"}})")) ==
      "log.json: /commands/0/inject/id: duplicate fault id \"payment-bad-deploy\" (the run has a "
      "fault with it)");
  CHECK(log_error(one_command(R"({"at_s": 60, "end": "nope"})")) ==
        "log.json: /commands/0/end: unknown fault \"nope\" (not a fault of the scenario, drawn by "
        "the run, or injected before)");
  CHECK(log_error(one_command(R"({"at_s": 60, "end": "payment-bad-deploy"})")) ==
        "log.json: /commands/0/end: fault \"payment-bad-deploy\" starts at 6000 s, after this "
        "command");
  CHECK(log_error(one_command(R"({"at_s": 60})")) ==
        "log.json: /commands/0: missing \"inject\", \"end\", \"seat\", \"bookmark\", \"leave\", "
        "\"rejoin\" or \"order\"");
  CHECK(log_error(one_command(R"({"at_s": 14400, "end": "payment-bad-deploy"})")) ==
        "log.json: /commands/0/at_s: must be < the run's duration (14400 s), got 14400");
  CHECK(
      log_error(one_command(
          R"({"at_s": 120, "inject": {"id": "a", "type": "outage", "service": "adservice"}}, {"at_s": 60, "end": "a"})")) ==
      "log.json: /commands/1/at_s: must be >= the previous command's at_s (120 s), got 60\n"
      "log.json: /commands/1/end: fault \"a\" starts at 120 s, after this command");
  CHECK(log_error(R"({"seed": -1, "commands": {}, "extra": 1})") ==
        "log.json: /extra: unknown key \"extra\" (expected one of: scenario, seed, seat, seats, "
        "commands)\n"
        "log.json: missing required key \"scenario\"\n"
        "log.json: /seed: must be >= 0, got -1\n"
        "log.json: /commands: must be an array, got object");
  CHECK(log_error("{").starts_with("log.json: invalid JSON (byte 2): "));
}

TEST_CASE("drill log: a seat and its actions read back as written", "[scenario][drill_log]") {
  const std::string text = R"({
  "scenario": "black-friday",
  "seed": 7,
  "seat": "on-call:checkout",
  "commands": [
    {"at_s": 612, "seat": {"act": "acknowledge", "incident": 0}},
    {"at_s": 640, "seat": {"act": "declare_severity", "incident": 0, "severity": "P2"}},
    {"at_s": 700, "seat": {"act": "investigate", "incident": 0, "service": "paymentservice"}},
    {"at_s": 800, "seat": {"act": "mitigate", "incident": 0, "action": "rollback", "service": "paymentservice"}},
    {"at_s": 801, "seat": {"act": "page_team", "incident": 0, "team": "platform"}},
    {"at_s": 801, "seat": {"act": "page_role", "incident": 0, "role": "incident_commander"}},
    {"at_s": 802, "seat": {"act": "post_status", "incident": 0, "phase": "identified", "message": "A bad deploy of payments; rolling back."}},
    {"at_s": 1500.5, "seat": {"act": "resolve", "incident": 0}}
  ]
})";
  const DrillLog log = parse_drill_log(text, "log.json", boutique());
  REQUIRE(log.seats.size() == 1);
  CHECK(log.seats[0].kind == model::Seat::Kind::OnCall);
  CHECK(boutique().teams[log.seats[0].team].name == "checkout");
  REQUIRE(log.commands.size() == 8);
  const auto& mitigate =
      std::get<model::seat::Mitigate>(std::get<model::SeatAction>(log.commands[3].action));
  CHECK(mitigate.action == model::MitigationAction::Rollback);
  CHECK(boutique().services[mitigate.service].name == "paymentservice");
  CHECK(std::get<model::seat::PageRole>(std::get<model::SeatAction>(log.commands[5].action)).role ==
        model::Role::IncidentCommander);
  CHECK(log.commands[7].at == 1500500ms);
  CHECK(parse_drill_log(drill_log_json(log, boutique()), "log.json", boutique()) == log);
}

TEST_CASE(
    "drill log: a facilitator's bookmark reads back as written, and a bad one is refused "
    "with its pointer",
    "[scenario][drill_log]") {
  const std::string text = R"({"scenario": "black-friday", "seed": 7, "commands": [
    {"at_s": 930, "bookmark": "The IC asked for a rollback here"}]})";
  const DrillLog log = parse_drill_log(text, "log.json", boutique());
  REQUIRE(log.commands.size() == 1);
  CHECK(std::get<model::Bookmark>(log.commands[0].action).note ==
        "The IC asked for a rollback here");
  CHECK(parse_drill_log(drill_log_json(log, boutique()), "log.json", boutique()) == log);
  const std::string long_note(model::kMaxBookmarkNoteBytes + 1, 'x');
  CHECK(log_error(R"({"scenario": "x", "seed": 1, "commands": [{"at_s": 1, "bookmark": ")" +
                  long_note + "\"}]}") ==
        "log.json: /commands/0/bookmark: at most 500 bytes, got 501");
  CHECK(
      log_error(
          R"({"scenario": "x", "seed": 1, "commands": [{"at_s": 1, "bookmark": "x", "end": "y"}]})") ==
      "log.json: /commands/0: give one of \"inject\", \"end\", \"seat\", \"bookmark\", \"leave\", "
      "\"rejoin\" and \"order\"");
}

TEST_CASE(
    "drill log: a facilitator's order reads back as written, needs no seat, and a bad one is "
    "refused with its pointer",
    "[scenario][drill_log]") {
  const std::string text = R"({"scenario": "black-friday", "seed": 7, "commands": [
    {"at_s": 7140, "order": {"act": "mitigate", "incident": 0, "action": "rollback",
                             "service": "paymentservice"}},
    {"at_s": 7200, "order": {"act": "page_team", "incident": 0, "team": "storefront"}}]})";
  const DrillLog log = parse_drill_log(text, "log.json", boutique());
  REQUIRE(log.commands.size() == 2);
  CHECK(log.seats.empty());
  const auto& order = std::get<model::Order>(log.commands[0].action);
  const auto& mitigate = std::get<model::seat::Mitigate>(order.decision);
  CHECK(mitigate.action == model::MitigationAction::Rollback);
  CHECK(boutique().services[mitigate.service].name == "paymentservice");
  CHECK(std::holds_alternative<model::seat::PageTeam>(
      std::get<model::Order>(log.commands[1].action).decision));
  CHECK(parse_drill_log(drill_log_json(log, boutique()), "log.json", boutique()) == log);
  CHECK(log_error(
            R"({"scenario": "x", "seed": 1, "commands": [{"at_s": 1, "order": )"
            R"({"act": "mitigate", "incident": 0, "action": "rollback", "service": "nope"}}]})") ==
        "log.json: /commands/0/order/service: unknown service \"nope\"");
}

TEST_CASE("drill log: the seat's actions with people, replicas and journeys read back as written",
          "[scenario][drill_log]") {
  const std::string text = R"({
  "scenario": "black-friday",
  "seed": 7,
  "seat": "on-call:checkout",
  "commands": [
    {"at_s": 612, "seat": {"act": "page_person", "incident": 0, "person": "Priya"}},
    {"at_s": 613, "seat": {"act": "escalate", "incident": 0}},
    {"at_s": 614, "seat": {"act": "hand_off", "incident": 0, "person": "Priya", "team": "checkout"}},
    {"at_s": 615, "seat": {"act": "assign_role", "incident": 0, "role": "comms_lead", "person": "Priya"}},
    {"at_s": 616, "seat": {"act": "mitigate", "incident": 0, "action": "scale_out", "service": "cartservice", "replicas": 12}},
    {"at_s": 617, "seat": {"act": "post_status", "incident": 0, "phase": "investigating", "message": "Looking.", "journeys": ["checkout", "add-to-cart"]}}
  ]
})";
  const DrillLog log = parse_drill_log(text, "log.json", boutique());
  REQUIRE(log.commands.size() == 6);
  const auto action = [&log](std::size_t i) {
    return std::get<model::SeatAction>(log.commands[i].action);
  };
  const auto priya = std::get<model::seat::PagePerson>(action(0)).person;
  CHECK(boutique().teams[priya.team].name == "checkout");
  CHECK(boutique().teams[priya.team].people[priya.person].name == "Priya");
  CHECK(std::get<model::seat::HandOff>(action(2)).person == priya);
  CHECK(std::get<model::seat::AssignRole>(action(3)).role == model::Role::CommsLead);
  CHECK(std::get<model::seat::Mitigate>(action(4)).replicas == 12);
  // Journeys are kept in order of name.
  std::vector<std::string> named;
  const auto status = std::get<model::seat::PostStatus>(action(5));
  for (const std::size_t j : status.journeys) named.push_back(boutique().journeys[j].name);
  CHECK(named == std::vector<std::string>{"add-to-cart", "checkout"});
  CHECK(parse_drill_log(drill_log_json(log, boutique()), "log.json", boutique()) == log);

  const auto seated = [](const char* act) {
    return log_error(
        std::string(
            R"({"scenario": "x", "seed": 1, "seat": "incident-commander", "commands": [{"at_s": 1, "seat": )") +
        act + "}]}");
  };
  CHECK(seated(R"({"act": "page_person", "incident": 0, "person": "Nobody"})") ==
        "log.json: /commands/0/seat/person: unknown person \"Nobody\"");
  CHECK(seated(R"({"act": "hand_off", "incident": 0, "person": "Priya", "team": "platform"})") ==
        "log.json: /commands/0/seat/person: unknown person \"Priya\" in team \"platform\"");
  CHECK(
      seated(
          R"({"act": "mitigate", "incident": 0, "action": "restart", "service": "cartservice", "replicas": 3})") ==
      "log.json: /commands/0/seat/replicas: only for action \"scale_out\"");
  CHECK(
      seated(
          R"({"act": "mitigate", "incident": 0, "action": "scale_out", "service": "cartservice", "replicas": 0})") ==
      "log.json: /commands/0/seat/replicas: must be in [1, 10000], got 0");
  CHECK(
      seated(
          R"({"act": "post_status", "incident": 0, "phase": "identified", "message": "x", "journeys": ["checkout", "nope", "checkout"]})") ==
      "log.json: /commands/0/seat/journeys/1: unknown journey \"nope\"\n"
      "log.json: /commands/0/seat/journeys/2: journey \"checkout\" is named twice");
}

TEST_CASE("drill log: a bad seat or seat action is reported with its JSON pointer",
          "[scenario][drill_log]") {
  const auto seated = [](const std::string& seat, const std::string& action) {
    return R"({"scenario": "b", "seed": 7, "seat": ")" + seat +
           R"(", "commands": [{"at_s": 60, "seat": )" + action + "}]}";
  };
  CHECK(log_error(seated("on-call:nobody", R"({"act": "resolve", "incident": 0})")) ==
        "log.json: /seat: no team \"nobody\" in the scenario");
  CHECK(log_error(seated("Pryia", R"({"act": "resolve", "incident": 0})")) ==
        "log.json: /seat: no person or role \"Pryia\" in the scenario (a person's name, "
        "on-call:TEAM or incident-commander)");
  CHECK(log_error(one_command(R"({"at_s": 60, "seat": {"act": "resolve", "incident": 0}})")) ==
        "log.json: /commands/0/seat: a seat's action needs the log's \"seat\"");
  CHECK(log_error(seated("incident-commander", R"({"act": "reboot", "incident": 0})")) ==
        "log.json: /commands/0/seat/act: must be one of \"acknowledge\", \"declare_severity\", "
        "\"investigate\", \"mitigate\", \"page_team\", \"page_role\", \"page_person\", "
        "\"escalate\", \"hand_off\", \"assign_role\", \"post_status\", \"resolve\", "
        "got "
        "\"reboot\"");
  CHECK(
      log_error(seated(
          "incident-commander",
          R"({"act": "mitigate", "incident": -1, "action": "reboot", "service": "x", "team": "t"})")) ==
      "log.json: /commands/0/seat/team: unknown key \"team\" for act \"mitigate\" (expected "
      "one of: act, incident, action, service, replicas)\n"
      "log.json: /commands/0/seat/incident: must be >= 0, got -1\n"
      "log.json: /commands/0/seat/action: must be one of \"rollback\", \"restart\", "
      "\"scale_out\", \"disable_call\", \"failover\", \"switch_provider\", "
      "\"renew_certificate\", \"shed_load\", \"drain_zone\", got \"reboot\"\n"
      "log.json: /commands/0/seat/service: unknown service \"x\"");
  CHECK(log_error(seated("incident-commander",
                         R"({"act": "post_status", "incident": 0, "phase": "fixed", "message": ")" +
                             std::string(2001, 'a') + R"("})")) ==
        "log.json: /commands/0/seat/phase: must be one of \"investigating\", \"identified\", "
        "\"monitoring\", \"resolved\", got \"fixed\"\n"
        "log.json: /commands/0/seat/message: at most 2000 bytes, got 2001");
}

TEST_CASE(
    "drill log: several seats read back as written, each seat command naming its seat, with "
    "leaving and rejoining",
    "[scenario][drill_log]") {
  const std::string text = R"({
  "scenario": "black-friday",
  "seed": 7,
  "seats": [
    "on-call:checkout",
    "incident-commander"
  ],
  "commands": [
    {
      "at_s": 612,
      "by": "on-call:checkout",
      "seat": {
        "act": "acknowledge",
        "incident": 0
      }
    },
    {
      "at_s": 700,
      "bookmark": "the commander joins"
    },
    {
      "at_s": 700.5,
      "leave": "incident-commander"
    },
    {
      "at_s": 701,
      "rejoin": "incident-commander"
    },
    {
      "at_s": 701,
      "by": "incident-commander",
      "seat": {
        "act": "resolve",
        "incident": 0
      }
    }
  ]
}
)";
  const DrillLog log = parse_drill_log(text, "log.json", boutique());
  REQUIRE(log.seats.size() == 2);
  CHECK(log.seats[0].kind == model::Seat::Kind::OnCall);
  CHECK(log.seats[1].kind == model::Seat::Kind::IncidentCommander);
  REQUIRE(log.commands.size() == 5);
  CHECK(log.commands[0].seat == 0);
  CHECK(log.commands[1].seat == 0);
  CHECK(std::holds_alternative<model::LeaveSeat>(log.commands[2].action));
  CHECK(log.commands[2].seat == 1);
  CHECK(std::holds_alternative<model::RejoinSeat>(log.commands[3].action));
  CHECK(log.commands[4].seat == 1);
  CHECK(drill_log_json(log, boutique()) == text);
}

TEST_CASE("drill log: bad seats and a missing or unknown \"by\" are reported with their pointers",
          "[scenario][drill_log]") {
  const auto seats = [](const std::string& list, const std::string& command) {
    return R"({"scenario": "b", "seed": 7, "seats": )" + list + R"(, "commands": [)" + command +
           "]}";
  };
  const std::string resolve = R"("seat": {"act": "resolve", "incident": 0})";
  CHECK(log_error(seats(R"(["incident-commander", "incident-commander"])", "")) ==
        "log.json: /seats/1: \"incident-commander\" is listed twice");
  CHECK(log_error(seats(R"(["incident-commander", 3])", "")) ==
        "log.json: /seats/1: must be a seat: a person's name, on-call:TEAM or incident-commander");
  CHECK(log_error(seats(R"(["incident-commander", "on-call:checkout"])",
                        R"({"at_s": 60, )" + resolve + "}")) ==
        "log.json: /commands/0: missing \"by\": which seat acted");
  CHECK(log_error(seats(R"(["incident-commander", "on-call:checkout"])",
                        R"({"at_s": 60, "by": "on-call:payments", )" + resolve + "}")) ==
        "log.json: /commands/0/by: \"on-call:payments\" is not one of the log's seats");
  CHECK(log_error(
            seats(R"(["incident-commander"])", R"({"at_s": 60, "leave": "on-call:checkout"})")) ==
        "log.json: /commands/0/leave: \"on-call:checkout\" is not one of the log's seats");
  CHECK(log_error(seats(R"(["incident-commander"])", R"({"at_s": 60, "by": "x", "end": "f"})")) ==
        "log.json: /commands/0/by: only a seat's action has \"by\"\n"
        "log.json: /commands/0/end: unknown fault \"f\" (not a fault of the scenario, drawn by "
        "the run, or injected before)");
  CHECK(log_error(R"({"scenario": "b", "seed": 7, "seat": "incident-commander", "seats": [],
                      "commands": []})") == "log.json: give \"seat\" or \"seats\", not both");
}

TEST_CASE("drill log: a fault built for injection is checked like a scenario's",
          "[scenario][drill_log]") {
  const model::Fault f = parse_injected_fault(
      R"({"id": "x", "type": "latency", "service": "cartservice", "latency_ms": 200})", boutique(),
      5min, {"payment-bad-deploy"});
  CHECK(f.type == model::FaultType::Latency);
  CHECK(f.service == 9);
  CHECK(f.start == 5min);
  CHECK_FALSE(f.end.has_value());
  try {
    parse_injected_fault(R"({"id": "x", "type": "zone_outage", "zone": "mars"})", boutique(), 5min,
                         {});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) ==
          "fault: /zone: unknown zone \"mars\" (no service lists it in its zones)");
  }
}

TEST_CASE("drill log: the example in docs/drill-log.md is accepted by the drill it names",
          "[scenario][drill_log]") {
  std::ifstream in(FIREDRILL_SOURCE_DIR "/docs/drill-log.md");
  const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string fence = "```json\n";
  const auto begin = doc.find(fence);
  REQUIRE(begin != std::string::npos);
  const auto end = doc.find("```", begin + fence.size());
  const std::string example = doc.substr(begin + fence.size(), end - begin - fence.size());
  const DrillLog log = parse_drill_log(example, "docs/drill-log.md", boutique());
  REQUIRE(log.scenario == "online-boutique/black-friday-bad-deploy.json");
  REQUIRE(log.commands.size() == 3);
  CHECK(std::holds_alternative<model::Bookmark>(log.commands[2].action));
}

TEST_CASE("drill log: more commands than docs/limits.md allows are refused before any is read",
          "[scenario][drill_log]") {
  std::string commands;
  for (std::size_t k = 0; k <= firedrill::scenario::kMaxDrillLogCommands; ++k)
    commands += std::string(k ? "," : "") + R"({"at_s": 1, "end": "payment-bad-deploy"})";
  CHECK(log_error(one_command(commands)) ==
        "log.json: /commands: at most 10000 commands (docs/limits.md), got 10001");
}
