// Forks on the bundled scenario files: a run copied part-way goes on to the same record as the
// original, and a seat handed to the policy before anything happened gives the policy's twin.
// (model_tests checks both on small in-code scenarios; this checks the files users run, with
// their schedules, automation, customers and background faults.)

#include <catch2/catch.hpp>
#include <filesystem>

#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/bundled_scenarios.hpp"

namespace fs = std::filesystem;
using namespace firedrill;

TEST_CASE("Bundled scenarios: a run forked at a third of its length ends as the original",
          "[scenario][fork]") {
  for (const fs::path& file : testing::bundled_scenarios()) {
    INFO(file.string());
    const model::Scenario s = scenario::load_scenario(file);
    const std::uint64_t seed = s.run.seed;
    model::Recorder recorder;
    model::Run run(s, seed, &recorder);
    run.run_until(s.run.duration / 3);
    model::Recorder copy = recorder;
    model::Run fork = run.fork(&copy);
    const model::RunRecord forked = model::record_to_end(fork, copy, seed);
    const model::RunRecord original = model::record_to_end(run, recorder, seed);
    CHECK(forked == original);
    CHECK(original == model::simulate(s, seed));
  }
}

TEST_CASE("Bundled scenarios: a seat handed to the policy at the start gives the policy's twin",
          "[scenario][fork][seat]") {
  for (const fs::path& file : testing::bundled_scenarios()) {
    INFO(file.string());
    const model::Scenario s = scenario::load_scenario(file);
    model::Recorder recorder;
    model::Run run(s, s.run.seed, &recorder);
    run.take_seat(model::Seat{model::Seat::Kind::OnCall, {}, 0});
    run.release_seat();
    CHECK(model::record_to_end(run, recorder, s.run.seed) == model::simulate(s, s.run.seed));
  }
}
