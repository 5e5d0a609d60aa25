// Merging a sharded sweep's files: a well-formed set merges back exactly, and every field of a
// shard file is checked for type and range, with the file's number and the value's pointer.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/sweep_report.hpp"

namespace {

using firedrill::scoring::merge_shards;
using firedrill::scoring::shard_json;
using firedrill::scoring::SweepResult;
using firedrill::scoring::SweepValues;
using nlohmann::json;

// A two-policy sweep of 4 replications whose metric m of replication i is 10 i + m (even i) or
// missing (odd i), split into shards [0, 2) and [2, 4).
std::vector<json> two_shards() {
  std::vector<json> out;
  for (std::size_t index : {0u, 1u}) {
    SweepResult slice{"s", std::nullopt, 4, 7, {}};
    for (const char* name : {"a", "b"}) {
      std::vector<SweepValues> runs(2);
      for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t m = 0; m < runs[i].size(); ++m)
          if ((2 * index + i) % 2 == 0)
            runs[i][m] = static_cast<double>(10 * (2 * index + i) + m);
      slice.policies.push_back({name, "", runs});
    }
    out.push_back(json::parse(shard_json(slice, index, 2, 2 * index)));
  }
  return out;
}

std::string merge_error(const std::vector<json>& shards) {
  std::vector<std::string> texts;
  for (const json& j : shards) texts.push_back(j.dump());
  try {
    merge_shards(texts);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(merged)";
}

TEST_CASE("merge_shards: the two halves merge back into every value", "[scoring][shards]") {
  std::vector<std::string> texts;
  for (const json& j : two_shards()) texts.push_back(j.dump());
  const SweepResult sweep = merge_shards(texts);
  REQUIRE(sweep.runs == 4);
  REQUIRE(sweep.policies.size() == 2);
  CHECK(sweep.policies[1].runs[2][3] == 23.0);
  CHECK_FALSE(sweep.policies[0].runs[3][0].has_value());
}

TEST_CASE("merge_shards: each field is checked, named by file and pointer", "[scoring][shards]") {
  const auto with = [](const json::json_pointer& pointer, const json& value) {
    std::vector<json> shards = two_shards();
    shards[1][pointer] = value;
    return merge_error(shards);
  };
  // runs of 10^18 would allocate per replication before anything else could fail.
  CHECK(with(json::json_pointer("/runs"), 1000000000000000000ull) ==
        "shard file 2: /runs: must be a whole number from 1 to 100000");
  CHECK(with(json::json_pointer("/runs"), -4) ==
        "shard file 2: /runs: must be a whole number from 1 to 100000");
  CHECK(with(json::json_pointer("/shard/end"), 9) ==
        "shard file 2: /shard/end: must be a whole number from 2 to 4");
  CHECK(with(json::json_pointer("/shard/count"), 0) ==
        "shard file 2: /shard/count: must be a whole number from 1 to 4");
  CHECK(with(json::json_pointer("/policies"), json::array()) ==
        "shard file 2: /policies: must be an array of 1 to 100 elements");
  CHECK(with(json::json_pointer("/policies/0/name"), 5) ==
        "shard file 2: /policies/0/name: must be a string");
  CHECK(with(json::json_pointer("/policies/1/values/ttd_s"), json::array({1})) ==
        "shard file 2: /policies/1/values/ttd_s: must be an array of 2 to 2 elements");
  CHECK(with(json::json_pointer("/policies/1/values/ttd_s/0"), "fast") ==
        "shard file 2: /policies/1/values/ttd_s/0: must be a number or null");
  CHECK(with(json::json_pointer("/scenario"), "other").ends_with("belongs to another sweep "
                                                                 "(scenario, runs, seed, shard "
                                                                 "count, parameter or policies "
                                                                 "differ from the first's)"));
  CHECK(with(json::json_pointer("/first_seed"), 1.5) ==
        "shard file 2: /first_seed: must be a whole number from 0 to 18446744073709551615");
}

TEST_CASE("merge_shards: a file that is not JSON is named by byte, none of it quoted",
          "[scoring][shards]") {
  const std::string error = [] {
    try {
      merge_shards({"root:x:0:0:SECRET"});
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(merged)");
  }();
  CHECK(error == "shard file 1 is not JSON (byte 1)");
}

// Each of these was a crash found while fuzzing (docs/fuzzing.md; the inputs are kept under
// tests/fuzz/regressions/shards/).
TEST_CASE("merge_shards: values found by fuzzing are refused by their pointer",
          "[scoring][shards]") {
  const auto with = [](const json::json_pointer& pointer, const json& value) {
    std::vector<json> shards = two_shards();
    shards[0][pointer] = value;
    return merge_error(shards);
  };
  // 1e30 as a float cast to an integer was undefined behaviour.
  CHECK(with(json::json_pointer("/runs"), 1e30) ==
        "shard file 1: /runs: must be a whole number from 1 to 100000");
  CHECK(with(json::json_pointer("/version"), 1e30) ==
        "shard file 1 is not a firedrill sweep shard (version 2)");
  CHECK(with(json::json_pointer("/first_seed"), "7") ==
        "shard file 1: /first_seed: must be a whole number from 0 to 18446744073709551615");
  // One parameter value for two policies was read out of bounds.
  CHECK(with(json::json_pointer("/parameter"), json{{"pointer", "/x"}, {"values", {"1"}}})
            .starts_with("shard file 1: /parameter/values: "));
}

}  // namespace
