// A training drill's briefing: read into the model as plain text, its seat checked as play's
// --as is, every problem reported with its pointer.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/seat_action.hpp"
#include "tests/scenario/scenario_fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using firedrill::scenario::parse_scenario;
using firedrill::scenario::Problem;
using firedrill::testing::minimal;
using firedrill::testing::problems_of;
using nlohmann::json;

json briefed(const json& briefing) {
  json doc = minimal();
  doc["briefing"] = briefing;
  return doc;
}

json good_briefing() {
  return {{"role", "You are the primary on-call of team t."},
          {"context", "Every service has dashboards.\nNothing has paged this week."},
          {"good_looks_like", "Acknowledge, find the cause, fix it, keep customers informed."},
          {"seat", "on-call:t"}};
}

std::vector<Problem> problems_parsing(const json& doc) {
  return problems_of([&] { parse_scenario(doc.dump(), "test.json"); });
}

// Checks that `doc` reports exactly one problem, at `pointer`, whose message contains `wording`.
void check_one_problem(const json& doc, const std::string& pointer, const std::string& wording) {
  const auto problems = problems_parsing(doc);
  REQUIRE(problems.size() == 1);
  INFO(problems[0].pointer << ": " << problems[0].message);
  CHECK(problems[0].source == "test.json");
  CHECK(problems[0].pointer == pointer);
  CHECK(problems[0].message.find(wording) != std::string::npos);
}

}  // namespace

TEST_CASE("Briefing: a scenario without one has none, and one with one keeps its texts and seat",
          "[scenario][briefing]") {
  CHECK_FALSE(parse_scenario(minimal().dump(), "test.json").briefing.has_value());
  const auto s = parse_scenario(briefed(good_briefing()).dump(), "test.json");
  REQUIRE(s.briefing.has_value());
  CHECK(s.briefing->role == "You are the primary on-call of team t.");
  CHECK(s.briefing->context == "Every service has dashboards.\nNothing has paged this week.");
  CHECK(s.briefing->good_looks_like ==
        "Acknowledge, find the cause, fix it, keep customers informed.");
  CHECK(s.briefing->seat == "on-call:t");
}

TEST_CASE("Briefing: the seat is optional, and may be a person, on-call:TEAM or the commander",
          "[scenario][briefing]") {
  for (const std::string seat : {"Ana", "on-call:t", "incident-commander"}) {
    json b = good_briefing();
    b["seat"] = seat;
    const auto s = parse_scenario(briefed(b).dump(), "test.json");
    REQUIRE(s.briefing.has_value());
    CHECK(s.briefing->seat == seat);
    // The seat play would take with --as.
    CHECK(firedrill::scenario::seat_text(firedrill::scenario::parse_seat(seat, s), s) == seat);
  }
  json b = good_briefing();
  b.erase("seat");
  const auto s = parse_scenario(briefed(b).dump(), "test.json");
  REQUIRE(s.briefing.has_value());
  CHECK(s.briefing->seat.empty());
}

TEST_CASE("Briefing: each problem is reported at its pointer, in the loader's wording",
          "[scenario][briefing]") {
  SECTION("not an object") {
    check_one_problem(briefed(json::array()), "/briefing", "must be an object, got array");
  }
  SECTION("a text left out") {
    json b = good_briefing();
    b.erase("role");
    check_one_problem(briefed(b), "/briefing", "missing required key \"role\"");
  }
  SECTION("an empty text") {
    json b = good_briefing();
    b["context"] = "";
    check_one_problem(briefed(b), "/briefing/context", "must not be empty");
  }
  SECTION("a text that is not a string") {
    json b = good_briefing();
    b["good_looks_like"] = 3;
    check_one_problem(briefed(b), "/briefing/good_looks_like", "must be a string, got number 3");
  }
  SECTION("a text over the limit") {
    json b = good_briefing();
    b["good_looks_like"] = std::string(firedrill::scenario::kMaxBriefingTextBytes + 1, 'x');
    check_one_problem(briefed(b), "/briefing/good_looks_like",
                      "at most 4000 bytes (docs/limits.md), got 4001");
    b["good_looks_like"] = std::string(firedrill::scenario::kMaxBriefingTextBytes, 'x');
    CHECK_NOTHROW(parse_scenario(briefed(b).dump(), "test.json"));
  }
  SECTION("an unknown key") {
    json b = good_briefing();
    b["answer"] = "paymentservice";
    check_one_problem(briefed(b), "/briefing/answer", "unknown key \"answer\"");
  }
  SECTION("a seat of a team the scenario lacks") {
    json b = good_briefing();
    b["seat"] = "on-call:checkout";
    check_one_problem(briefed(b), "/briefing/seat", "no team \"checkout\" in the scenario");
  }
  SECTION("a seat nobody holds") {
    json b = good_briefing();
    b["seat"] = "Zed";
    check_one_problem(briefed(b), "/briefing/seat",
                      "no person or role \"Zed\" in the scenario (a person's name, on-call:TEAM "
                      "or incident-commander)");
  }
  SECTION("an empty seat") {
    json b = good_briefing();
    b["seat"] = "";
    check_one_problem(briefed(b), "/briefing/seat", "must not be empty");
  }
}

TEST_CASE(
    "Briefing: its problems are listed with the others, after the document's and before "
    "the run's",
    "[scenario][briefing]") {
  json doc = briefed(good_briefing());
  doc["briefing"]["seat"] = "on-call:nosuch";
  doc["run"]["duration_min"] = 0;
  doc["purpose"] = "one\ntwo";
  const auto problems = problems_parsing(doc);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].pointer == "/purpose");
  CHECK(problems[1].pointer == "/briefing/seat");
  CHECK(problems[2].pointer == "/run/duration_min");
}

TEST_CASE("Briefing: every bundled training drill has one, for a seat of its own scenario",
          "[scenario][briefing]") {
  const fs::path dir = fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/training";
  int drills = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    const auto s = firedrill::scenario::load_scenario(entry.path());
    REQUIRE(s.briefing.has_value());
    CHECK_FALSE(s.briefing->seat.empty());
    ++drills;
  }
  CHECK(drills >= 3);
}
