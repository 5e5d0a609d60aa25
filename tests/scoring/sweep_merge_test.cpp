// merge_shards reads shard files field by field: what is not a shard's own kind of value is
// std::invalid_argument naming the file and the field, never a huge allocation, undefined
// behaviour or a read out of bounds (each case was a crash found while fuzzing, docs/fuzzing.md).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scoring/sweep_report.hpp"

namespace {

using firedrill::scoring::merge_shards;
using firedrill::scoring::shard_json;
using firedrill::scoring::SweepResult;
using firedrill::scoring::SweepValues;
using nlohmann::json;

// A whole sweep of two policies and two replications, as its only shard.
json one_shard() {
  SweepResult sweep;
  sweep.scenario = "s";
  sweep.runs = 2;
  sweep.first_seed = 42;
  SweepValues v{};
  v[0] = 60.0;
  sweep.policies = {{"a", "", {v, v}}, {"b", "", {v, v}}};
  return json::parse(shard_json(sweep, 0, 1, 0));
}

// The message merge_shards throws for `shard` ("" when it merges).
std::string merge_error(const json& shard) {
  try {
    merge_shards({shard.dump()});
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("merge_shards: a sweep's own shard merges back to it", "[scoring][sweep]") {
  const SweepResult sweep = merge_shards({one_shard().dump()});
  CHECK(sweep.runs == 2);
  CHECK(sweep.first_seed == 42);
  REQUIRE(sweep.policies.size() == 2);
  CHECK(sweep.policies[1].runs.at(1)[0] == 60.0);
}

TEST_CASE("merge_shards: counts and seeds must be whole numbers >= 0", "[scoring][sweep]") {
  json shard = one_shard();
  SECTION("a negative run count (was a 2^64-element allocation)") {
    shard["runs"] = -1;
    CHECK(merge_error(shard) ==
          "shard file 1 is malformed: \"runs\" must be a whole number >= 0, got -1");
  }
  SECTION("a run count beyond any integer (was undefined behaviour)") {
    shard["runs"] = 1e30;
    CHECK(merge_error(shard) ==
          "shard file 1 is malformed: \"runs\" must be a whole number >= 0, got 1e+30");
  }
  SECTION("a seed that is a string") {
    shard["first_seed"] = "42";
    CHECK(merge_error(shard) ==
          "shard file 1 is malformed: \"first_seed\" must be a whole number >= 0, got string");
  }
  SECTION("a shard end that is a fraction") {
    shard["shard"]["end"] = 1.5;
    CHECK(merge_error(shard) ==
          "shard file 1 is malformed: \"end\" must be a whole number >= 0, got 1.5");
  }
  SECTION("more replications than the files can hold") {
    shard["runs"] = 1000000000000;
    CHECK(merge_error(shard) ==
          "shard file 1 is malformed: \"runs\" must be from 1 to what the "
          "shard files can hold, got 1000000000000");
  }
}

TEST_CASE("merge_shards: a version beyond any integer is no shard of version 1",
          "[scoring][sweep]") {
  json shard = one_shard();
  shard["version"] = 1e30;  // was undefined behaviour (a float cast to int)
  CHECK(merge_error(shard) == "shard file 1 is not a firedrill sweep shard (version 1)");
}

TEST_CASE("merge_shards: a sweep needs a policy, and one per value of its parameter",
          "[scoring][sweep]") {
  json shard = one_shard();
  SECTION("no policy") { shard["policies"] = json::array(); }
  SECTION("one parameter value for two policies (was a read out of bounds)") {
    shard["parameter"] = {{"pointer", "/x"}, {"values", {"1"}}};
  }
  CHECK(merge_error(shard) ==
        "shard file 1 is malformed: it needs a policy, and one per value of its parameter");
}
