// firedrill calibrate end to end: an example history to people.json, which a scenario includes
// and loads with the fitted values.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/app/firedrill_process.hpp"

namespace fs = std::filesystem;
using firedrill::testing::run_firedrill;
using firedrill::testing::scratch;
using firedrill::testing::slurp;

namespace {

fs::path source(const std::string& relative) { return fs::path(FIREDRILL_SOURCE_DIR) / relative; }

}  // namespace

TEST_CASE("firedrill calibrate: the CSV example gives a people.json a scenario includes and loads",
          "[app]") {
  const fs::path dir = scratch("calibrate-csv");
  const auto r = run_firedrill(
      "calibrate '" + source("import/examples/incidents.csv").string() + "' --out people.json",
      dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(fs::exists(dir / "calibration.md"));
  REQUIRE(fs::exists(dir / "people.md"));
  const auto people = nlohmann::json::parse(slurp(dir / "people.json"));
  const auto& responders = people.at("/policy/responders"_json_pointer);
  // The example's known model (import/examples/make_examples.py): day median 3 min, night
  // 12 min; 82 and 65 incidents, so each estimate is within 4 standard errors, exp(±4·0.8/√65).
  CHECK(responders.at("ack_median_day_min").get<double>() == Approx(3.0).epsilon(0.5));
  CHECK(responders.at("ack_median_night_min").get<double>() == Approx(12.0).epsilon(0.5));
  CHECK(responders.contains("missed_page_probability_day"));
  CHECK(people.at("policy").size() == 1);  // nothing but the fitted responders' values

  // The bundled drill without its own policy, including the fitted people model.
  auto scenario = nlohmann::json::parse(
      slurp(source("scenarios/online-boutique/black-friday-bad-deploy.json")));
  scenario.erase("policy");
  scenario["include"] = {"people.json"};
  std::ofstream(dir / "drill.json") << scenario.dump(2);
  const auto valid = run_firedrill("validate drill.json", dir);
  INFO(valid.err);
  CHECK(valid.status == 0);
  CHECK_THAT(valid.out, Catch::Contains("drill.json: valid"));
}

TEST_CASE("firedrill calibrate: too few incidents are reported per group, not fitted", "[app]") {
  const fs::path dir = scratch("calibrate-few");
  std::ofstream(dir / "few.csv") << "detected,acknowledged\n"
                                    "2025-01-10T12:00:00Z,2025-01-10T12:03:00Z\n"
                                    "2025-01-11T12:00:00Z,2025-01-11T12:05:00Z\n";
  const auto r = run_firedrill("calibrate few.csv --out people.json", dir);
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(slurp(dir / "people.json"))
            .at("/policy/responders"_json_pointer)
            .empty());
  CHECK_THAT(slurp(dir / "calibration.md"),
             Catch::Contains("acknowledgement, day (08:00-22:00): 2 incidents, fewer than the "
                             "minimum 20"));
}

TEST_CASE("firedrill calibrate: a malformed history exits 2 naming the line and writes nothing",
          "[app]") {
  const fs::path dir = scratch("calibrate-bad");
  std::ofstream(dir / "bad.csv") << "detected,acknowledged\n2025-01-10T12:00:00Z,later\n";
  const auto r = run_firedrill("calibrate bad.csv --out people.json", dir);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("bad.csv: line 2, column 2 (acknowledged)"));
  CHECK_FALSE(fs::exists(dir / "people.json"));
  CHECK_FALSE(fs::exists(dir / "calibration.md"));
  const auto usage = run_firedrill("calibrate bad.csv", dir);
  CHECK(usage.status == 64);
  CHECK_THAT(usage.err, Catch::Contains("missing --out FILE"));
}
