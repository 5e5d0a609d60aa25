#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/model/on_call.hpp"
#include "sim/model/schedule.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/scenario/scenario_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
namespace model = firedrill::model;
using firedrill::scenario::load_scenario;
using firedrill::scenario::parse_scenario;
using firedrill::scenario::Problem;
using firedrill::scenario::ScenarioError;
using firedrill::testing::with_pagerduty;
using nlohmann::json;
using namespace std::chrono;

const fs::path kSourceDir = FIREDRILL_SOURCE_DIR;
const fs::path kFixtures = kSourceDir / "scenarios/online-boutique/pagerduty";
const fs::path kBadData = kSourceDir / "tests/scenario/data/pagerduty";

model::UnixTime utc(year_month_day date, seconds time_of_day) {
  return model::UnixTime{sys_days{date}.time_since_epoch() + time_of_day};
}

std::vector<Problem> problems_parsing(const json& doc, const fs::path& base_dir) {
  try {
    parse_scenario(doc.dump(), "inline.json", base_dir);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  FAIL("the scenario loaded, expected a ScenarioError");
  return {};
}

std::string listing(const std::vector<Problem>& problems) {
  std::ostringstream out;
  for (const auto& p : problems)
    out << "  " << p.source << ": " << p.pointer << ": " << p.message << "\n";
  return out.str();
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("PagerDuty import: the bundled API responses load unchanged and resolve who is on call",
          "[scenario][pager]") {
  const model::Scenario s =
      parse_scenario(with_pagerduty({{"schedules", {"follow-the-sun-schedule.json"}},
                                     {"escalation_policy", "checkout-escalation-policy.json"}})
                         .dump(),
                     "inline.json", kFixtures);
  const model::Team& team = s.teams.at(0);
  // The users in the order the files name them: Layer 2's (listed first by the API), Layer 1's,
  // then the escalation policy's manager; without a time zone of their own they take the
  // schedule's (the policy-only manager, the first schedule's).
  std::vector<std::string> names;
  for (const auto& p : team.people) {
    names.push_back(p.name);
    CHECK(p.time_zone == "Europe/Berlin");
  }
  CHECK(names == std::vector<std::string>{"Grace Kim", "Diego Alvarez", "Lena Fischer",
                                          "Tomás Ruiz", "Inès Moreau"});
  REQUIRE(team.schedules.size() == 1);
  const model::Schedule& schedule = team.schedules[0];
  CHECK(schedule.name == "Checkout follow-the-sun");
  CHECK(schedule.time_zone == "Europe/Berlin");
  REQUIRE(schedule.layers.size() == 2);
  CHECK(schedule.layers[0].name == "Layer 1");  // ascending precedence: the API's order reversed
  CHECK(schedule.layers[1].name == "Layer 2");
  CHECK(schedule.overrides.size() == 1);  // from overrides_subschedule

  // Escalation: the schedule for 15 min, then the manager for 20 min; num_loops 1 → runs twice.
  const model::EscalationPolicy& policy = team.escalation;
  REQUIRE(policy.levels.size() == 2);
  CHECK(policy.levels[0].delay == minutes(15));
  CHECK(policy.levels[1].delay == minutes(20));
  REQUIRE(policy.levels[0].targets.size() == 1);
  CHECK(policy.levels[0].targets[0].kind == model::EscalationTarget::Kind::Schedule);
  CHECK(policy.levels[0].targets[0].index == 0);
  REQUIRE(policy.levels[1].targets.size() == 1);
  CHECK(policy.levels[1].targets[0].kind == model::EscalationTarget::Kind::Person);
  CHECK(team.people[policy.levels[1].targets[0].index].name == "Inès Moreau");
  CHECK(policy.num_loops() == 1);
  CHECK(policy.loops == 2);

  const auto on_call = [&](model::UnixTime t) -> std::string {
    const auto who = model::who_is_on_call(schedule, t);
    return who ? team.people[*who].name : "(nobody)";
  };
  // Both layers turn weekly on Mondays at their start's local time (08:00 and 20:00 Berlin) from
  // Monday 5 January 2026. Monday 16 November is 315 days = 45 weeks later: turn 45, the second
  // user of each layer (45 mod 2 = 1): Tomás Ruiz 08:00–20:00, Diego Alvarez 20:00–08:00.
  CHECK(on_call(utc(2026y / November / 17, hours(18) + minutes(45))) == "Tomás Ruiz");  // 19:45
  // The override: Grace Kim from Tuesday 17 November 20:00 to Wednesday 08:00 Berlin (CET, +1).
  CHECK(on_call(utc(2026y / November / 17, hours(19))) == "Grace Kim");
  CHECK(on_call(utc(2026y / November / 18, hours(7)) - seconds(1)) == "Grace Kim");
  CHECK(on_call(utc(2026y / November / 18, hours(7))) == "Tomás Ruiz");
  CHECK(on_call(utc(2026y / November / 18, hours(19) + minutes(30))) == "Diego Alvarez");
  // Monday 23 November 08:00 starts turn 46: Lena Fischer (46 mod 2 = 0).
  CHECK(on_call(utc(2026y / November / 24, hours(7) + minutes(30))) == "Lena Fischer");
  // In summer (CEST, +2) handoffs keep their local time: Monday 29 June is 175 days = 25 weeks
  // after 5 January, turn 25; Wednesday 1 July 08:30 CEST = 06:30Z is Tomás's, 07:30 CEST =
  // 05:30Z still Diego's night.
  CHECK(on_call(utc(2026y / July / 1, hours(6) + minutes(30))) == "Tomás Ruiz");
  CHECK(on_call(utc(2026y / July / 1, hours(5) + minutes(30))) == "Diego Alvarez");
  // The next change after 19:45 Berlin is the 20:00 handoff (= the override's start).
  CHECK(model::next_on_call_change(schedule, utc(2026y / November / 17, hours(18) + minutes(45))) ==
        utc(2026y / November / 17, hours(19)));
}

TEST_CASE("PagerDuty import: the follow-the-sun drill matches imported users to its people",
          "[scenario][pager]") {
  const model::Scenario s =
      load_scenario(kSourceDir / "scenarios/online-boutique/follow-the-sun-handoff.json");
  const auto it = std::find_if(s.teams.begin(), s.teams.end(),
                               [](const model::Team& t) { return t.name == "checkout"; });
  REQUIRE(it != s.teams.end());
  const model::Team& team = *it;
  const auto team_index = static_cast<std::size_t>(it - s.teams.begin());
  // The five listed people and no one else: every PagerDuty user matched a listed name, and
  // keeps the listed time zone.
  REQUIRE(team.people.size() == 5);
  CHECK(team.people[1].name == "Tomás Ruiz");
  CHECK(team.people[1].time_zone == "Europe/Madrid");
  const model::EscalationTarget level1 = team.escalation.levels.at(0).targets.at(0);
  const auto who = [&](model::SimTime at) {
    return team.people[model::resolve_target(s, team_index, level1, at).value().person].name;
  };
  // The run starts 18:35Z (19:35 Berlin): Tomás until 20:00 Berlin (25 min in), then the
  // override's Grace Kim.
  CHECK(who(minutes(24)) == "Tomás Ruiz");
  CHECK(who(minutes(25)) == "Grace Kim");
}

TEST_CASE("PagerDuty import: problems in a file name the file and the pointer inside it",
          "[scenario][pager]") {
  const auto problems = problems_parsing(with_pagerduty({{"schedules", {"bad-schedule.json"}},
                                                         {"escalation_policy", "bad-policy.json"}}),
                                         kBadData);
  INFO("reported:\n" << listing(problems));
  struct Want {
    std::string file;
    std::string pointer;
    std::string wording;
  };
  const std::vector<Want> wanted{
      {"bad-schedule.json", "/schedule/schedule_layers/0/restrictions/0/start_time_of_day",
       "must be a local time of day \"HH:MM:SS\" from \"00:00:00\" to \"23:59:59\", got \"9:00\""},
      {"bad-schedule.json", "/schedule/schedule_layers/1/users/1", "missing required key \"user\""},
      {"bad-policy.json", "/escalation_policy/escalation_rules/1/targets/0/id",
       "unknown schedule reference \"PNOPE00\" (expected the id of a schedule in "
       "/teams/0/pagerduty/schedules: \"PBAD001\")"},
  };
  CHECK(problems.size() == wanted.size());
  for (const Want& w : wanted) {
    INFO(w.file << ": " << w.pointer << ": " << w.wording);
    CHECK(std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
      return ends_with(p.source, "pagerduty/" + w.file) && p.pointer == w.pointer &&
             p.message.find(w.wording) != std::string::npos;
    }));
  }
  // what() puts the file first: ".../bad-policy.json: /escalation_policy/...: unknown ...".
  try {
    parse_scenario(with_pagerduty({{"schedules", {"bad-schedule.json"}},
                                   {"escalation_policy", "bad-policy.json"}})
                       .dump(),
                   "inline.json", kBadData);
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Catch::Contains("bad-policy.json: /escalation_policy/escalation_rules/1/"
                                         "targets/0/id: unknown schedule reference"));
  }
}

TEST_CASE("PagerDuty import: a missing file and a bad embedded object are reported in the scenario",
          "[scenario][pager]") {
  SECTION("a file that does not exist") {
    json doc = with_pagerduty({{"schedules", {"nope.json"}}});
    doc["teams"][0]["people"] = {{{"name", "Ana"}}};
    doc["teams"][0]["escalation"] = {{"levels", {{{"targets", {"Ana"}}, {"delay_min", 5}}}}};
    const auto problems = problems_parsing(doc, kBadData);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].source == "inline.json");
    CHECK(problems[0].pointer == "/teams/0/pagerduty/schedules/0");
    CHECK_THAT(problems[0].message, Catch::Contains("nope.json\": it does not exist"));
  }
  SECTION("an embedded schedule in an unknown time zone, wrapped as the API returns it") {
    const json schedule = json::parse(R"({"schedule": {
        "id": "PEMB001", "name": "Embedded", "time_zone": "Mars/Olympus", "html_url": "x",
        "schedule_layers": [{"start": "2026-11-01T00:00:00Z",
          "rotation_virtual_start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
          "users": [{"user": {"id": "PU1", "summary": "Ana"}}]}]}})");
    const json policy = json::parse(R"({"escalation_rules": [{"escalation_delay_in_minutes": 5,
        "targets": [{"id": "PEMB001", "type": "schedule_reference"}]}], "num_loops": 0})");
    const auto problems = problems_parsing(
        with_pagerduty({{"schedules", {schedule}}, {"escalation_policy", policy}}), kBadData);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].source == "inline.json");
    CHECK(problems[0].pointer == "/teams/0/pagerduty/schedules/0/schedule/time_zone");
    CHECK_THAT(problems[0].message, Catch::Contains("unknown time zone \"Mars/Olympus\""));
  }
  SECTION("a target type PagerDuty has but firedrill does not model") {
    const json policy = json::parse(R"({"escalation_policy": {"escalation_rules": [
        {"escalation_delay_in_minutes": 5,
         "targets": [{"id": "PU1", "type": "user_reference", "summary": "Ana"},
                     {"id": "PT1", "type": "team_reference"}]}]}})");
    const auto problems =
        problems_parsing(with_pagerduty({{"escalation_policy", policy}}), kBadData);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(
        problems[0].pointer ==
        "/teams/0/pagerduty/escalation_policy/escalation_policy/escalation_rules/0/targets/1/type");
    CHECK_THAT(problems[0].message,
               Catch::Contains("unsupported target type \"team_reference\" (expected "
                               "\"user_reference\" or \"schedule_reference\")"));
  }
}
