// The incident-history readers: each bundled example read whole, and malformed input reported
// with the file and the JSON pointer or the CSV line and column.

#include "import/incident_history.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "import/history_fields.hpp"

namespace fs = std::filesystem;
using firedrill::import::HistoryFormat;
using firedrill::import::read_incident_history;
using firedrill::scenario::ScenarioError;

namespace {

fs::path example(const std::string& name) {
  return fs::path(FIREDRILL_SOURCE_DIR) / "import" / "examples" / name;
}

// Writes `text` to a file `name` in a fresh scratch folder and returns its path.
fs::path scratch_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::path(FIREDRILL_BINARY_DIR) / "test-scratch" / "import";
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

std::string error_of(const fs::path& file, HistoryFormat format = HistoryFormat::Auto) {
  try {
    read_incident_history(file, format);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("read_incident_history: every bundled example gives its 160 incidents", "[import]") {
  // import/examples/make_examples.py writes N = 160 incidents into each file.
  for (const char* name : {"incidents.csv", "pagerduty-analytics.json", "pagerduty-incidents.json",
                           "incident-io.json", "firehydrant.json"}) {
    INFO(name);
    const auto records = read_incident_history(example(name));
    REQUIRE(records.size() == 160);
    for (const auto& r : records) {
      REQUIRE(r.acknowledged);
      REQUIRE(*r.acknowledged >= r.paged);
      REQUIRE(r.severity);
      REQUIRE(r.local_hour >= 0);
      REQUIRE(r.local_hour < 24);
    }
  }
}

TEST_CASE("read_incident_history: escalation is known from PagerDuty Analytics and the CSV only",
          "[import]") {
  CHECK(read_incident_history(example("pagerduty-analytics.json"))[0].escalated.has_value());
  CHECK(read_incident_history(example("incidents.csv"))[0].escalated.has_value());
  CHECK_FALSE(read_incident_history(example("pagerduty-incidents.json"))[0].escalated);
  CHECK_FALSE(read_incident_history(example("firehydrant.json"))[0].escalated);
}

TEST_CASE("read_incident_history: a CSV row's time zone gives the responder's local hour",
          "[import]") {
  // 2025-01-10 06:30 UTC is 07:30 in Berlin (CET, UTC+1) and 01:30 in New York (EST, UTC−5).
  const auto file = scratch_file("zones.csv",
                                 "detected,acknowledged,time_zone\n"
                                 "2025-01-10T06:30:00Z,2025-01-10T06:35:00Z,Europe/Berlin\n"
                                 "2025-01-10T06:30:00Z,2025-01-10T06:35:00Z,America/New_York\n"
                                 "2025-01-10T06:30:00Z,2025-01-10T06:35:00Z,\n");
  const auto records = read_incident_history(file);
  REQUIRE(records.size() == 3);
  CHECK(records[0].local_hour == 7);
  CHECK(records[1].local_hour == 1);
  CHECK(records[2].local_hour == 6);  // no zone: UTC
  CHECK(records[2].time_zone == "UTC");
}

TEST_CASE("read_incident_history: a bad CSV cell names the file, line and column", "[import]") {
  const auto file = scratch_file("bad.csv",
                                 "detected,acknowledged,severity\n"
                                 "2025-01-10T06:30:00Z,2025-01-10T06:35:00Z,P2\n"
                                 "2025-01-10T06:30:00Z,yesterday,P2\n"
                                 "2025-01-10T06:30:00Z,,P9\n");
  const std::string message = error_of(file);
  CHECK_THAT(message, Catch::Contains(file.string() + ": line 3, column 2 (acknowledged): must "
                                                      "be an ISO 8601 time"));
  CHECK_THAT(message, Catch::Contains("line 4, column 3 (severity): must be P1–P4 or SEV1–SEV4, "
                                      "got \"P9\""));
}

TEST_CASE("read_incident_history: a CSV without a detected or started column is refused",
          "[import]") {
  CHECK_THAT(error_of(scratch_file("nocol.csv", "acknowledged\n2025-01-10T06:35:00Z\n")),
             Catch::Contains("line 1: needs a \"detected\" or a \"started\" column"));
  CHECK_THAT(error_of(scratch_file("quote.csv", "detected\n\"2025-01-10T06:35:00Z\n")),
             Catch::Contains("line 2: a quoted field is never closed"));
}

TEST_CASE("read_incident_history: an acknowledgement before the page is refused", "[import]") {
  const auto file = scratch_file("order.csv",
                                 "detected,acknowledged\n"
                                 "2025-01-10T06:30:00Z,2025-01-10T06:00:00Z\n");
  CHECK_THAT(error_of(file), Catch::Contains("line 2: the acknowledgement is before the page"));
}

TEST_CASE("read_incident_history: bad PagerDuty JSON names the file and the JSON pointer",
          "[import]") {
  const auto file = scratch_file("pd.json",
                                 R"({"incidents": [{"created_at": "2025-01-10T06:30:00Z",
                         "acknowledgements": [{"at": "soon"}]},
                        {"status": "resolved"}, 7]})");
  const std::string message = error_of(file);
  CHECK_THAT(message, Catch::Contains(file.string() +
                                      ": /incidents/0/acknowledgements/0/at: must be an ISO 8601"));
  CHECK_THAT(message, Catch::Contains("/incidents/1/created_at: missing"));
  CHECK_THAT(message, Catch::Contains("/incidents/2: must be an incident object"));
}

TEST_CASE("read_incident_history: bad Analytics, incident.io and FireHydrant input is located",
          "[import]") {
  CHECK_THAT(error_of(scratch_file("an.json", R"({"data": [{"created_at": "2025-01-10T06:30:00Z",
                                         "seconds_to_first_ack": -4}]})"),
                      HistoryFormat::PagerDutyAnalytics),
             Catch::Contains("/data/0/seconds_to_first_ack: must be a number of seconds >= 0"));
  CHECK_THAT(
      error_of(scratch_file("io.json", R"({"incidents": [{"created_at": "2025-01-10T06:30:00Z",
      "incident_timestamp_values": [{"incident_timestamp": {"name": "Accepted"},
                                     "value": {"value": 12}}]}]})")),
      Catch::Contains("/incidents/0/incident_timestamp_values/0/value/value: must be an "
                      "ISO 8601"));
  CHECK_THAT(error_of(scratch_file("fh.json", R"({"data": [{"created_at": "2025-01-10T06:30:00Z",
      "milestones": [{"type": "acknowledged"}]}]})")),
             Catch::Contains("/data/0/milestones/0/occurred_at: missing"));
}

TEST_CASE("read_incident_history: not JSON, not an object, or no file are errors, not crashes",
          "[import]") {
  CHECK_THAT(error_of(scratch_file("broken.json", "{\"incidents\": [")),
             Catch::Contains("broken.json: not valid JSON"));
  CHECK_THAT(error_of(scratch_file("array.json", "[1, 2]")),
             Catch::Contains("expected a JSON object with an array \"data\""));
  CHECK_THAT(error_of(scratch_file("wrong.json", R"({"incidents": 5})")),
             Catch::Contains("/incidents: must be an array of incidents"));
  CHECK_THAT(error_of("/nonexistent/history.csv"), Catch::Contains("cannot read the file"));
  // A folder is refused from its status (scenario::read_input_file), never opened.
  CHECK_THAT(error_of(fs::path(FIREDRILL_SOURCE_DIR) / "import" / "examples"),
             Catch::Contains("examples: cannot read the file"));
}

TEST_CASE("parse_wall_time: ISO 8601 times with a zone, and nothing of another shape", "[import]") {
  using firedrill::import::internal::parse_wall_time;
  CHECK(parse_wall_time("2025-01-10T07:17:40Z").has_value());
  CHECK(parse_wall_time("2025-01-10T07:17:40.123456Z").has_value());
  CHECK(parse_wall_time("2025-01-10T09:17:40+02:00") == parse_wall_time("2025-01-10T07:17:40Z"));
  CHECK(parse_wall_time("2025-01-10T09:17:40+0200") == parse_wall_time("2025-01-10T07:17:40Z"));
  // Found by the history fuzz target: a malformed time field once went through a NaN.
  CHECK_FALSE(parse_wall_time("2025-02-22T159Z"));
  CHECK_FALSE(parse_wall_time("2025-02-22T15:9:00Z"));
  CHECK_FALSE(parse_wall_time("2025-01-10 07:17:40Z"));
  CHECK_FALSE(parse_wall_time("2025-01-10T07:17:40"));  // no zone
  CHECK_FALSE(parse_wall_time(""));
}
