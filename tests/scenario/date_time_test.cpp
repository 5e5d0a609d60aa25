// The loader's date-time parser: RFC 3339 with whole seconds and an offset of at most ±14:00,
// checked by shape before any arithmetic (never by a date::parse whose result may be unset).

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace {

using firedrill::scenario::parse_scenario;
using firedrill::scenario::ScenarioError;
using firedrill::scenario::internal::parse_date_time;
using namespace std::chrono;

std::int64_t unix_s(const std::string& text) {
  const auto t = parse_date_time(text);
  REQUIRE(t.has_value());
  return t->time_since_epoch().count();
}

// 2026-11-27T17:00:00Z in Unix seconds, from the calendar (not from the parser under test).
const std::int64_t kRunStart = (sys_days{year{2026} / November / 27} + 17h).time_since_epoch() / 1s;

}  // namespace

TEST_CASE("parse_date_time: Z and numeric offsets give the same instant", "[scenario]") {
  CHECK(unix_s("2026-11-27T17:00:00Z") == kRunStart);
  CHECK(unix_s("2026-11-27T12:00:00-05:00") == kRunStart);
  CHECK(unix_s("2026-11-28T02:30:00+09:30") == kRunStart);
  CHECK(unix_s("2026-11-27T17:00:00+00:00") == kRunStart);
  CHECK(unix_s("2026-11-27T17:00:00-00:00") == kRunStart);
  // The extreme offsets in use: Kiribati (+14:00) and Baker Island (-12:00); -14:00 is allowed
  // as the mirror of the largest.
  CHECK(unix_s("2026-11-28T07:00:00+14:00") == kRunStart);
  CHECK(unix_s("2026-11-27T03:00:00-14:00") == kRunStart);
  CHECK(unix_s("2028-02-29T00:00:00Z") ==
        (sys_days{year{2028} / February / 29}).time_since_epoch() / 1s);
  CHECK(unix_s("1970-01-01T00:00:00Z") == 0);
}

TEST_CASE("parse_date_time: offsets beyond 14:00 or with 60 minutes or more are refused",
          "[scenario]") {
  for (const char* text :
       {"2026-11-27T17:00:00+99:99", "2026-11-27T17:00:00+14:01", "2026-11-27T17:00:00-15:00",
        "2026-11-27T17:00:00+05:60", "2026-11-27T17:00:00+23:59"}) {
    INFO(text);
    CHECK_FALSE(parse_date_time(text).has_value());
  }
}

TEST_CASE("parse_date_time: only the RFC 3339 shape is read, whole text and two-digit fields",
          "[scenario]") {
  for (const char* text : {
           "",                              // nothing
           "2026-11-27",                    // a date alone
           "2026-11-27T17:00:00",           // no zone
           "2026-11-27T17:00:00.5Z",        // fractional seconds
           "2026-11-27T17:00:00+5:00",      // a one-digit offset hour
           "2026-11-27T17:00:00+05",        // an offset without minutes
           "2026-11-27T17:00:00+0500",      // an offset without its colon
           "2026-1-27T17:00:00Z",           // a one-digit month
           "2026-11-27T7:00:00Z",           // a one-digit hour
           "+2026-11-27T17:00:00Z",         // a signed year
           "2026-11-27t17:00:00z",          // lower case
           "2026-11-27 17:00:00Z",          // a space for the T
           "2026-11-27T17:00:00Z ",         // trailing text
           "2026-11-27T17:00:00ZZ",         // trailing text
           "2026-02-30T17:00:00Z",          // an impossible date
           "2026-13-01T17:00:00Z",          // month 13
           "2026-00-10T17:00:00Z",          // month 0
           "2026-11-00T17:00:00Z",          // day 0
           "2026-11-27T24:00:00Z",          // hour 24
           "2026-11-27T17:60:00Z",          // minute 60
           "2026-11-27T17:00:60Z",          // a leap second
           "2026-11-27T17:00:00+ab:cd",     // letters for digits
           "2026-11-27T17:00:0\xff+05:00",  // a byte that is no digit
       }) {
    INFO('"' << text << '"');
    CHECK_FALSE(parse_date_time(text).has_value());
  }
}

TEST_CASE("load_scenario: a start offset of +99:99 is refused at its pointer", "[scenario]") {
  const std::string doc = R"({
    "format_version": 1, "name": "m", "purpose": "p",
    "run": {"start": "2026-11-27T17:00:00+99:99", "duration_min": 60},
    "services": [{"name": "a", "team": "t", "replicas": 1, "capacity_rps": 100,
                  "base_latency_ms": 5}],
    "journeys": [{"name": "j", "entry": "a", "rate_rps": 10, "calls": [],
                  "slo": {"objective": 0.999}}],
    "teams": [{"name": "t", "people": [{"name": "Ana"}],
               "escalation": {"levels": [{"targets": ["primary"], "delay_min": 5}]}}]
  })";
  try {
    parse_scenario(doc, "test.json");
    FAIL("the scenario loaded, expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].pointer == "/run/start");
    CHECK_THAT(e.problems()[0].message,
               Catch::StartsWith("must be an ISO 8601 date-time with \"Z\" or a numeric offset "
                                 "up to ±14:00") &&
                   Catch::EndsWith("got \"2026-11-27T17:00:00+99:99\""));
  }
}
