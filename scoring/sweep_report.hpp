#pragma once
// The outputs of a sweep: runs.csv (every value), sweep.json (every value, each policy's summary
// and every pair's paired comparison) and summary.md (which policy wins on what, by how much, how
// sure). Pure functions of the sweep's values; the statistics are statistics.hpp's.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scoring/assumptions.hpp"
#include "scoring/statistics.hpp"
#include "scoring/sweep_metrics.hpp"

namespace firedrill::scoring {

// The most replications per policy, and the most policies (or parameter values), in one sweep
// (docs/limits.md): the sweep keeps every replication's metrics, 100 × 100,000 of them about
// 2 GB.
inline constexpr std::uint64_t kMaxReplications = 100'000;
inline constexpr std::size_t kMaxPolicies = 100;

// A sweep's values: replication i of every policy ran with seed first_seed + i.
struct SweepResult {
  struct PolicyRuns {
    std::string name;
    std::string file;                // the policy file, "" for the scenario's own policy
    std::vector<SweepValues> runs;   // one per replication
  };
  // A one-parameter sensitivity sweep: policy k ran with `pointer` set to values[k].
  struct Parameter {
    std::string pointer;
    std::vector<std::string> values;  // as given; numbers when they parse as numbers
  };
  std::string scenario;
  std::optional<Parameter> parameter;
  std::size_t runs = 0;
  std::uint64_t first_seed = 0;
  std::vector<PolicyRuns> policies;  // non-empty, each with `runs` replications
  // Paragraphs summary.md shows under its heading (what a what-if sweep changed); not in
  // sweep.json or shards.
  std::vector<std::string> notes;
  // The model parameters the verdicts rest on (people_model_assumptions) and the values the
  // policies set, as rows summary.md ends with; in sweep.json and in shards (every shard's the
  // same).
  std::vector<Assumption> assumptions;
};

// Every statistic the reports show, computed once (the bootstrap is the costly part): each
// policy's summary of each metric, and the paired comparison of each metric for each compared
// pair of policies, every pair (a before b), or in a parameter sweep every value against the
// first.
struct SweepStatistics {
  std::vector<std::array<MetricSummary, kSweepMetricCount>> summaries;  // [policy][metric]
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // policy indices (a, b)
  std::vector<std::array<PairedComparison, kSweepMetricCount>> comparisons;  // [pair][metric]
};
// `smallest_effects` (metric units, or fractions of A's mean) decide the practical verdicts.
SweepStatistics sweep_statistics(
    const SweepResult& sweep, const SmallestEffects& smallest_effects = default_smallest_effects());

// "policy,replication,seed,metric,unit,value", one row per policy × replication × metric; an
// empty value when the run had none. Values in shortest round-trip form.
std::string runs_csv(const SweepResult& sweep);

// {"scenario", "runs", "seeds", "policies": [{"name", "file", "metrics": {metric: {"unit",
// "lower_is_better", "values", "summary"}}}], "comparisons": [{"a", "b", "metrics": {metric:
// comparison}}]}, every pair of policies (a before b in the sweep's order); summary and
// comparison as statistics_json.hpp writes them.
std::string sweep_json(const SweepResult& sweep, const SweepStatistics& stats);

// A shard's partial result: the sweep's settings and the values of its replications
// [begin, begin + runs of each policy), exactly (doubles in shortest round-trip form).
// {"format": "firedrill-sweep-shard", "version": 1, "scenario", "runs", "first_seed",
//  "parameter"?, "shard": {"index", "count", "begin", "end"}, "policies": [{"name", "file",
//  "values": {metric: [...]}}]}
std::string shard_json(const SweepResult& slice, std::size_t index, std::size_t count,
                       std::size_t begin);

// Merges the shards' partial results (the texts of shard_json files, in any order) into the
// whole sweep, equal to the unsharded one value for value. Every field is checked for its type
// and range (runs up to kMaxReplications, policies up to kMaxPolicies, each metric's list as long
// as the shard's replications). Throws std::invalid_argument naming the problem, with the file's
// number and the value's JSON pointer: not a shard file, a bad field, shards of different
// sweeps, a shard missing or given twice.
SweepResult merge_shards(const std::vector<std::string>& texts);

// A page a person reads in ten seconds: per pair of policies, a table of every metric with both
// means, the paired difference with its 95 % CI, the relative change, who wins how often and the
// verdict; the warnings; then each policy's mean, median, p90 and p99.
std::string sweep_summary_markdown(const SweepResult& sweep, const SweepStatistics& stats);

}  // namespace firedrill::scoring
