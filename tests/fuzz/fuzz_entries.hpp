#pragma once
// The fuzz targets' entry points, one per input format firedrill reads: the libFuzzer binaries
// (fuzz_target.cpp, clang) and the regression test (regressions_test.cpp, the normal suite) call
// the same functions. docs/fuzzing.md describes the targets.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace firedrill::fuzz {

// Each entry reads `data` as one input of its format. It returns normally when the input is
// good and when it is bad in a way the format documents (ScenarioError from the loader,
// std::invalid_argument from merge_shards); anything else escapes (another exception, a failed
// FIREDRILL_CHECK, a sanitizer report, a crash, a hang): that is a finding.
using Entry = void (*)(std::span<const std::uint8_t> data);

// A scenario document, parsed and validated (sim/scenario/load_scenario.hpp); files it names
// resolve against scenarios/online-boutique/ of the source tree.
void scenario_entry(std::span<const std::uint8_t> data);

// A scenario document as above, then, when valid, simulated at flow level for at most
// kMaxSimulatedMin minutes and scored (scoring::evaluate).
void simulate_entry(std::span<const std::uint8_t> data);

// A drill log (sim/scenario/drill_log.hpp) against the bundled Black Friday scenario cut to
// kMaxSimulatedMin minutes; a valid log must read back equal from drill_log_json and is then
// replayed to the run's end.
void drill_log_entry(std::span<const std::uint8_t> data);

// A team's "pagerduty" section ({"schedules": [...], "escalation_policy": ...}, PagerDuty's REST
// API objects, embedded or as file names) put into the bundled follow-the-sun scenario; when it
// loads, every schedule is asked who is on call at each change over the run's first week.
void pagerduty_entry(std::span<const std::uint8_t> data);

// Sweep shard files (scoring::shard_json), several in one input separated by kShardSeparator,
// merged as `firedrill merge` does, then summarised as it does (statistics, CSV, JSON, Markdown,
// plot files).
void shards_entry(std::span<const std::uint8_t> data);
// An incident history of firedrill calibrate: the first byte picks CSV (odd) or JSON by its
// shape (even); the readers' errors (ScenarioError) are expected.
void history_entry(std::span<const std::uint8_t> data);

// Simulated time a fuzz input may ask for: longer scenarios are cut to this (their scheduled
// faults and changes after it left out), so that one input runs in well under a second.
inline constexpr int kMaxSimulatedMin = 120;

// Separates shard files in one input of shards_entry.
inline constexpr std::string_view kShardSeparator = "\n--- next shard ---\n";

struct Target {
  std::string_view name;  // as in tests/fuzz/regressions/<name>/ and scripts/fuzz.sh <name>
  Entry entry;
};

// Every target, in a fixed order.
const std::vector<Target>& targets();

}  // namespace firedrill::fuzz
