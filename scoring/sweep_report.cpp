#include "scoring/sweep_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "scoring/format.hpp"
#include "scoring/pareto.hpp"
#include "scoring/statistics.hpp"
#include "scoring/statistics_json.hpp"

namespace firedrill::scoring {
namespace {

using nlohmann::ordered_json;

SweepMetric metric(std::size_t m) { return static_cast<SweepMetric>(m); }

std::vector<Observation> values_of(const SweepResult::PolicyRuns& policy, std::size_t m) {
  std::vector<Observation> out;
  out.reserve(policy.runs.size());
  for (const SweepValues& v : policy.runs) out.push_back(v[m]);
  return out;
}

Direction direction(std::size_t m) {
  return info(metric(m)).lower_is_better ? Direction::LowerIsBetter : Direction::HigherIsBetter;
}


// A metric's value in its unit's words: durations, percentages, counts, hours, points.
std::string format_value(std::size_t m, double v) {
  const std::string unit = info(metric(m)).unit;
  if (unit == "s") return format_duration(v);
  if (unit == "fraction") return format_percent(v);
  if (unit == "h") return fmt::format("{:.2f} h", v);
  if (unit == "points") return fmt::format("{:.1f}", v);
  return std::abs(v) >= 100 ? format_count(v) : fmt::format("{:.2f}", v);
}

std::string sign(double v) { return v > 0 ? "+" : v < 0 ? "−" : "±"; }

// An amount of the metric: a difference of two values, or a width. Budget amounts are in
// percentage points (pp) of the budget, never "%", which this report keeps for relative changes.
std::string format_amount(std::size_t m, double v) {
  if (std::string(info(metric(m)).unit) == "fraction") return fmt::format("{:.1f} pp", 100.0 * v);
  return format_value(m, v);
}

std::string signed_value(std::size_t m, double v) {
  return sign(v) + format_amount(m, std::abs(v));
}

// [{"name", "value"}] in order.
ordered_json assumptions_json(const std::vector<Assumption>& assumptions) {
  ordered_json list = ordered_json::array();
  for (const Assumption& a : assumptions) list.push_back({{"name", a.name}, {"value", a.value}});
  return list;
}

// The smallest effect as the report states it: "1 min", "1.0 pp", "5 % of A's mean".
std::string format_effect(std::size_t m, const SmallestEffect& e) {
  return e.relative ? fmt::format("{:g} % of the first policy's mean", 100.0 * e.value)
                    : format_amount(m, e.value);
}

// The practical verdict in the report's words; only verdicts that clear the smallest effect
// (better, worse, equivalent) are bold.
std::string verdict_text(const PairedComparison& c, const std::string& an, const std::string& bn) {
  switch (c.practical) {
    case PracticalVerdict::ABetter:
      return "**" + an + " better**";
    case PracticalVerdict::BBetter:
      return "**" + bn + " better**";
    case PracticalVerdict::Equivalent:
      return "**equivalent**";
    case PracticalVerdict::Inconclusive:
      return "inconclusive";
    case PracticalVerdict::NoVerdict:
      break;
  }
  return fmt::format("no verdict: {} pairs, {} needed", c.pairs, c.options.min_pairs);
}

// How often each policy had a value of each metric that can be missing (the event happened), and
// how the pairs split: the report's "Missing is information" table. Empty when every run of both
// had every value.
std::string occurrence_table(const SweepResult& sweep, std::size_t a, std::size_t b) {
  std::string rows;
  for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
    std::size_t in_a = 0, in_b = 0, both = 0, neither = 0;
    for (std::size_t i = 0; i < sweep.runs; ++i) {
      const bool x = sweep.policies[a].runs[i][m].has_value();
      const bool y = sweep.policies[b].runs[i][m].has_value();
      in_a += x;
      in_b += y;
      both += x && y;
      neither += !x && !y;
    }
    if (both == sweep.runs) continue;
    rows +=
        fmt::format("| {} | {} of {} | {} of {} | {} | {} | {} | {} |\n", info(metric(m)).name,
                    in_a, sweep.runs, in_b, sweep.runs, both, in_a - both, in_b - both, neither);
  }
  if (rows.empty()) return rows;
  const std::string& an = sweep.policies[a].name;
  const std::string& bn = sweep.policies[b].name;
  return fmt::format(
             "How often each had a value (a time is missing from a run when the event never "
             "happened in it: no incident detected, acknowledged, mitigated or resolved, say "
             "because automation mitigated first). Times are compared only on the pairs where "
             "both have them.\n\n| metric | runs with a value: {} | {} | pairs: both | {} only | "
             "{} only | neither |\n|---|---:|---:|---:|---:|---:|---:|\n",
             an, bn, an, bn) +
         rows + "\n";
}

// A sensitivity sweep's trade-off between user impact and human cost: each value's means and,
// for every pair of an impact and a cost metric, whether the value is on the Pareto front of the
// two (pareto_front over the values' means), then the values on every front named.
std::string trade_off_table(const SweepResult& sweep, const SweepStatistics& stats) {
  constexpr std::array kImpact{SweepMetric::Ttm, SweepMetric::FailedRequests,
                               SweepMetric::ErrorBudget};
  constexpr std::array kCost{SweepMetric::Pages, SweepMetric::WakeUps, SweepMetric::PersonHours};
  const auto mean = [&stats](std::size_t p, SweepMetric m) {
    const auto& s = stats.summaries[p][static_cast<std::size_t>(m)];
    return s.mean ? std::optional(s.mean->value) : std::nullopt;
  };
  // fronts[p]: the impact × cost pairs value p is on the front of.
  std::vector<std::vector<std::string>> fronts(sweep.policies.size());
  for (const SweepMetric impact : kImpact)
    for (const SweepMetric cost : kCost) {
      std::vector<TradeOffPoint> points;
      std::vector<std::size_t> which;
      for (std::size_t p = 0; p < sweep.policies.size(); ++p)
        if (const auto x = mean(p, impact), y = mean(p, cost); x && y) {
          points.push_back({*x, *y});
          which.push_back(p);
        }
      const std::vector<bool> front = pareto_front(points);
      for (std::size_t k = 0; k < which.size(); ++k)
        if (front[k])
          fronts[which[k]].push_back(fmt::format("{} × {}", info(impact).name, info(cost).name));
    }
  std::string out = fmt::format(
      "### Trade-off: user impact against human cost\n\nA value is on the Pareto front of an "
      "impact and a cost when no other value has a lower mean of one without a higher mean of "
      "the other. Paging more people sooner buys time at the cost of people's nights: the front "
      "is where the choice is the team's, not the sweep's.\n\n| {} |",
      sweep.parameter->pointer);
  for (const SweepMetric m : kImpact) out += fmt::format(" {} |", info(m).name);
  for (const SweepMetric m : kCost) out += fmt::format(" {} |", info(m).name);
  out += " on the front of |\n|---|";
  for (std::size_t k = 0; k < kImpact.size() + kCost.size(); ++k) out += "---:|";
  out += "---|\n";
  std::vector<std::string> on_every;
  for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
    out += "| " + sweep.parameter->values[p] + " |";
    for (const SweepMetric m : kImpact) {
      const auto v = mean(p, m);
      out += v ? " " + format_value(static_cast<std::size_t>(m), *v) + " |" : std::string(" — |");
    }
    for (const SweepMetric m : kCost) {
      const auto v = mean(p, m);
      out += v ? " " + format_value(static_cast<std::size_t>(m), *v) + " |" : std::string(" — |");
    }
    out += fronts[p].empty() ? std::string(" — |\n")
                             : fmt::format(" {} |\n", fmt::join(fronts[p], ", "));
    if (fronts[p].size() == kImpact.size() * kCost.size())
      on_every.push_back(sweep.parameter->values[p]);
  }
  out += on_every.empty()
             ? "\nNo value is on every front: each trades impact for cost differently.\n\n"
             : fmt::format("\nOn every front: {} = {}.\n\n", sweep.parameter->pointer,
                           fmt::join(on_every, ", "));
  return out;
}

}  // namespace

SweepStatistics sweep_statistics(const SweepResult& sweep,
                                 const SmallestEffects& smallest_effects) {
  SweepStatistics stats;
  for (const auto& policy : sweep.policies) {
    auto& row = stats.summaries.emplace_back();
    for (std::size_t m = 0; m < kSweepMetricCount; ++m)
      row[m] = summarize_metric(values_of(policy, m));
  }
  for (std::size_t a = 0; a < sweep.policies.size(); ++a)
    for (std::size_t b = a + 1; b < sweep.policies.size(); ++b) {
      if (sweep.parameter && a != 0) continue;
      stats.pairs.emplace_back(a, b);
      auto& row = stats.comparisons.emplace_back();
      for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
        ComparisonOptions options;
        options.smallest_effect = smallest_effects[m];
        row[m] = compare_paired(values_of(sweep.policies[a], m), values_of(sweep.policies[b], m),
                                direction(m), options);
      }
      set_family_wise(row);
    }
  return stats;
}

std::string runs_csv(const SweepResult& sweep) {
  std::string out = "policy,replication,seed,metric,unit,value\n";
  for (const auto& policy : sweep.policies)
    for (std::size_t i = 0; i < policy.runs.size(); ++i)
      for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
        const auto& v = policy.runs[i][m];
        out += fmt::format("{},{},{},{},{},{}\n", policy.name, i, sweep.first_seed + i,
                           info(metric(m)).name, info(metric(m)).unit,
                           v ? fmt::format("{}", *v) : std::string());
      }
  return out;
}

std::string sweep_json(const SweepResult& sweep, const SweepStatistics& stats) {
  ordered_json j;
  j["scenario"] = sweep.scenario;
  j["runs"] = sweep.runs;
  j["seeds"] = {{"first", sweep.first_seed}, {"rule", "replication i runs with seed first + i"}};
  if (sweep.parameter)
    j["parameter"] = {{"pointer", sweep.parameter->pointer}, {"values", sweep.parameter->values}};
  j["assumptions"] = assumptions_json(sweep.assumptions);
  j["policies"] = ordered_json::array();
  for (std::size_t k = 0; k < sweep.policies.size(); ++k) {
    const auto& policy = sweep.policies[k];
    ordered_json p = {{"name", policy.name}, {"file", policy.file}};
    for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
      ordered_json list = ordered_json::array();
      for (const Observation& v : values_of(policy, m))
        list.push_back(v ? ordered_json(*v) : ordered_json());
      p["metrics"][info(metric(m)).name] = {{"unit", info(metric(m)).unit},
                                            {"lower_is_better", info(metric(m)).lower_is_better},
                                            {"summary", stats.summaries[k][m]},
                                            {"values", std::move(list)}};
    }
    j["policies"].push_back(std::move(p));
  }
  j["comparisons"] = ordered_json::array();
  for (std::size_t k = 0; k < stats.pairs.size(); ++k) {
      const auto [a, b] = stats.pairs[k];
      ordered_json c = {{"a", sweep.policies[a].name}, {"b", sweep.policies[b].name}};
      for (std::size_t m = 0; m < kSweepMetricCount; ++m)
        c["metrics"][info(metric(m)).name] = stats.comparisons[k][m];
      j["comparisons"].push_back(std::move(c));
    }
  return j.dump(2) + "\n";
}

std::string shard_json(const SweepResult& slice, std::size_t index, std::size_t count,
                       std::size_t begin) {
  const std::size_t n = slice.policies.front().runs.size();
  ordered_json j = {{"format", "firedrill-sweep-shard"},
                    {"version", 2},
                    {"scenario", slice.scenario},
                    {"runs", slice.runs},
                    {"first_seed", slice.first_seed}};
  if (slice.parameter)
    j["parameter"] = {{"pointer", slice.parameter->pointer}, {"values", slice.parameter->values}};
  j["assumptions"] = assumptions_json(slice.assumptions);
  j["shard"] = {{"index", index}, {"count", count}, {"begin", begin}, {"end", begin + n}};
  j["policies"] = ordered_json::array();
  for (const auto& policy : slice.policies) {
    ordered_json p = {{"name", policy.name}, {"file", policy.file}};
    for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
      ordered_json list = ordered_json::array();
      for (const SweepValues& v : policy.runs) list.push_back(v[m] ? ordered_json(*v[m]) : nullptr);
      p["values"][info(metric(m)).name] = std::move(list);
    }
    j["policies"].push_back(std::move(p));
  }
  return j.dump() + "\n";
}

namespace {

// The most assumptions a shard may list: the people model's rows, --set's, the swept parameter
// and one per policy, with room to spare.
constexpr std::size_t kMaxAssumptions = 1000;

// One shard file's fields, each read with its type and range checked; a problem throws
// std::invalid_argument naming the file and the JSON pointer of the value.
class ShardReader {
 public:
  ShardReader(std::string which, const ordered_json& root) : which_(std::move(which)), root_(root) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw std::invalid_argument(which_ + ": " + (pointer.empty() ? "" : pointer + ": ") + message);
  }
  const ordered_json& member(const ordered_json& object, const std::string& pointer,
                             const char* key) const {
    if (!object.is_object()) fail(pointer, "must be an object");
    const auto it = object.find(key);
    if (it == object.end()) fail(pointer, std::string("missing \"") + key + "\"");
    return *it;
  }
  std::string text(const ordered_json& object, const std::string& pointer, const char* key) const {
    const ordered_json& v = member(object, pointer, key);
    if (!v.is_string()) fail(pointer + "/" + key, "must be a string");
    return v.get<std::string>();
  }
  std::uint64_t whole(const ordered_json& object, const std::string& pointer, const char* key,
                      std::uint64_t min, std::uint64_t max) const {
    const ordered_json& v = member(object, pointer, key);
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() < min || v.get<std::uint64_t>() > max)
      fail(pointer + "/" + key, fmt::format("must be a whole number from {} to {}", min, max));
    return v.get<std::uint64_t>();
  }
  const ordered_json& array(const ordered_json& object, const std::string& pointer,
                            const char* key, std::size_t min, std::size_t max) const {
    const ordered_json& v = member(object, pointer, key);
    if (!v.is_array() || v.size() < min || v.size() > max)
      fail(pointer + "/" + key, fmt::format("must be an array of {} to {} elements", min, max));
    return v;
  }
  const ordered_json& root() const { return root_; }

 private:
  std::string which_;
  const ordered_json& root_;
};

}  // namespace

SweepResult merge_shards(const std::vector<std::string>& texts) {
  if (texts.empty()) throw std::invalid_argument("no shard files given");
  SweepResult sweep;
  std::vector<int> covered;  // per replication: how many shards ran it
  std::uint64_t count = 0;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    const std::string which = fmt::format("shard file {}", t + 1);
    ordered_json j;
    try {
      j = ordered_json::parse(texts[t]);
    } catch (const nlohmann::json::parse_error& e) {
      // The byte, never what was read there: the file may be anything.
      throw std::invalid_argument(fmt::format("{} is not JSON (byte {})", which, e.byte));
    } catch (const nlohmann::json::exception&) {
      throw std::invalid_argument(which + " is not JSON (a number beyond a double)");
    }
    const ShardReader r(which, j);
    if (!j.is_object() || !j.contains("format") || j["format"] != "firedrill-sweep-shard" ||
        !j.contains("version") || j["version"] != 2)
      throw std::invalid_argument(which + " is not a firedrill sweep shard (version 2)");
    const std::string scenario = r.text(j, "", "scenario");
    const std::uint64_t runs = r.whole(j, "", "runs", 1, kMaxReplications);
    const std::uint64_t first_seed =
        r.whole(j, "", "first_seed", 0, std::numeric_limits<std::uint64_t>::max());
    const ordered_json& shard = r.member(j, "", "shard");
    const std::uint64_t shard_count = r.whole(shard, "/shard", "count", 1, runs);
    r.whole(shard, "/shard", "index", 0, shard_count - 1);
    const std::uint64_t begin = r.whole(shard, "/shard", "begin", 0, runs);
    const std::uint64_t end = r.whole(shard, "/shard", "end", begin, runs);
    const ordered_json& policies = r.array(j, "", "policies", 1, kMaxPolicies);
    std::optional<SweepResult::Parameter> parameter;
    if (j.contains("parameter")) {
      const ordered_json& values =
          r.array(j["parameter"], "/parameter", "values", policies.size(), policies.size());
      parameter = SweepResult::Parameter{r.text(j["parameter"], "/parameter", "pointer"), {}};
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (!values[k].is_string())
          r.fail(fmt::format("/parameter/values/{}", k), "must be a string");
        parameter->values.push_back(values[k].get<std::string>());
      }
    }
    const ordered_json& listed = r.array(j, "", "assumptions", 0, kMaxAssumptions);
    std::vector<Assumption> assumptions;
    for (std::size_t k = 0; k < listed.size(); ++k) {
      const std::string at = fmt::format("/assumptions/{}", k);
      assumptions.push_back({r.text(listed[k], at, "name"), r.text(listed[k], at, "value")});
    }
    if (t > 0 && assumptions != sweep.assumptions)
      throw std::invalid_argument(which + " belongs to another sweep (its assumptions differ)");
    if (t == 0) {
      sweep.assumptions = std::move(assumptions);
      sweep.scenario = scenario;
      sweep.runs = runs;
      sweep.first_seed = first_seed;
      sweep.parameter = parameter;
      count = shard_count;
      for (std::size_t p = 0; p < policies.size(); ++p) {
        const std::string at = fmt::format("/policies/{}", p);
        sweep.policies.push_back({r.text(policies[p], at, "name"), r.text(policies[p], at, "file"),
                                  std::vector<SweepValues>(runs)});
      }
      covered.assign(runs, 0);
    } else if (scenario != sweep.scenario || runs != sweep.runs ||
               first_seed != sweep.first_seed || shard_count != count ||
               policies.size() != sweep.policies.size() ||
               (parameter ? parameter->values : std::vector<std::string>{}) !=
                   (sweep.parameter ? sweep.parameter->values : std::vector<std::string>{})) {
      throw std::invalid_argument(which + " belongs to another sweep (scenario, runs, seed, "
                                          "shard count, parameter or policies differ from the "
                                          "first's)");
    }
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      const std::string at = fmt::format("/policies/{}", p);
      if (r.text(policies[p], at, "name") != sweep.policies[p].name)
        throw std::invalid_argument(which + " belongs to another sweep (its policies differ)");
      const ordered_json& values = r.member(policies[p], at, "values");
      for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
        const char* name = info(metric(m)).name;
        const ordered_json& list = r.array(values, at + "/values", name, end - begin, end - begin);
        for (std::size_t i = begin; i < end; ++i) {
          const auto& v = list[i - begin];
          if (!v.is_null() && !v.is_number())
            r.fail(fmt::format("{}/values/{}/{}", at, name, i - begin), "must be a number or null");
          sweep.policies[p].runs[i][m] =
              v.is_null() ? std::nullopt : std::optional<double>(v.get<double>());
        }
      }
    }
    for (std::size_t i = begin; i < end; ++i) ++covered[i];
  }
  for (std::size_t i = 0; i < sweep.runs; ++i) {
    if (covered[i] != 1)
      throw std::invalid_argument(fmt::format(
          "replication {} is in {} shard files; each must be in exactly one (give all {} "
          "shards, once each)",
          i, covered[i], count));
  }
  return sweep;
}

std::string sweep_summary_markdown(const SweepResult& sweep, const SweepStatistics& stats) {
  std::string out = fmt::format("# Sweep: {}, {} replications × {} polic{}\n\n", sweep.scenario,
                                sweep.runs, sweep.policies.size(),
                                sweep.policies.size() == 1 ? "y" : "ies");
  out += fmt::format(
      "Replication i ran every policy on seed {} + i, so the same faults and traffic (common "
      "random numbers). Intervals are 95 % percentile-bootstrap intervals ({} resamples). A "
      "policy is **better** on a metric only when the whole interval of the paired mean "
      "difference lies beyond the smallest effect worth acting on, in its favour, and the "
      "Wilcoxon signed-rank test agrees (p < 0.05); the two are **equivalent** when the 90 % "
      "interval lies within ± that effect (two one-sided tests); otherwise the comparison is "
      "inconclusive. Below the minimum of complete pairs there is no verdict. Budget amounts are "
      "in percentage points (pp) of the error budget; \"change\" is relative to the first "
      "policy's mean (%).\n\n",
      sweep.first_seed, kDefaultBootstrapResamples);
  for (const std::string& note : sweep.notes) out += note + "\n\n";
  for (std::size_t k = 0; k < stats.pairs.size(); ++k) {
      const auto [a, b] = stats.pairs[k];
      const std::string& an = sweep.policies[a].name;
      const std::string& bn = sweep.policies[b].name;
      out += fmt::format("## {} against {}\n\n", bn, an);
      out += occurrence_table(sweep, a, b);
      out += fmt::format(
          "| metric | {} | {} | {} − {} (95 % CI) | change | pairs | {} better / {} better / "
          "tie | smallest effect | verdict |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n",
          an, bn, bn, an, an, bn);
      std::vector<std::string> warnings;
      for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
        const PairedComparison& c = stats.comparisons[k][m];
        const char* name = info(metric(m)).name;
        if (!c.mean_difference) {
          out += fmt::format("| {} | — | — | no complete pair | | 0 of {} | | | no verdict |\n",
                             name, c.replications);
          continue;
        }
        const Estimate& d = *c.mean_difference;
        out += fmt::format(
            "| {} | {} | {} | {} ({} … {}) | {} | {} of {} | {:.0f} % / {:.0f} % / {:.0f} % | {} | "
            "{} |\n",
            name, format_value(m, *c.mean_a), format_value(m, *c.mean_b), signed_value(m, d.value),
            signed_value(m, d.ci_low), signed_value(m, d.ci_high),
            c.relative_mean_difference
                ? fmt::format("{}{:.1f} %", sign(*c.relative_mean_difference),
                              100.0 * std::abs(*c.relative_mean_difference))
                : std::string("—"),
            c.pairs, c.replications, 100.0 * c.a_better_fraction, 100.0 * c.b_better_fraction,
            100.0 * c.tie_fraction,
            c.options.smallest_effect.relative
                ? fmt::format("{} ({})", format_amount(m, *c.smallest_effect),
                              format_effect(m, c.options.smallest_effect))
                : format_amount(m, *c.smallest_effect),
            verdict_text(c, an, bn));
        for (const ComparisonWarning w : c.warnings) {
          if (w == ComparisonWarning::TooFewPairs) continue;  // the verdict says so
          warnings.push_back(fmt::format("- {}: {}", name, warning_message(w, c, [m](double v) {
                                           return v < 0 ? signed_value(m, v) : format_amount(m, v);
                                         })));
        }
      }
      out += "\nMeans are over the replications where both policies have a value.";
      std::vector<std::string> fragile;
      for (std::size_t m = 0; m < kSweepMetricCount; ++m)
        if (stats.comparisons[k][m].verdict_holds_family_wise == false)
          fragile.push_back(info(metric(m)).name);
      out += fragile.empty()
                 ? fmt::format(" Every verdict also holds family-wise over the {} metrics "
                               "(Holm–Bonferroni, 5 %).\n\n",
                               kSweepMetricCount)
                 : fmt::format(" Family-wise over the {} metrics (Holm–Bonferroni, 5 %), the "
                               "verdicts on {} do not hold: treat them as tentative.\n\n",
                               kSweepMetricCount, fmt::join(fragile, ", "));
      if (!warnings.empty()) {
        out += "Warnings:\n\n";
        for (const std::string& w : warnings) out += w + "\n";
        out += "\n";
      }
    }
  if (sweep.parameter) {
    const std::array kShown{SweepMetric::Ttd, SweepMetric::Tta, SweepMetric::Ttm,
                            SweepMetric::ErrorBudget, SweepMetric::Pages, SweepMetric::Score};
    out += fmt::format("## Sensitivity to {}\n\nMeans with their 95 % intervals.\n\n| {} |",
                       sweep.parameter->pointer, sweep.parameter->pointer);
    for (const SweepMetric m : kShown) out += fmt::format(" {} |", info(m).name);
    out += "\n|---|";
    for (std::size_t k = 0; k < kShown.size(); ++k) out += "---:|";
    out += "\n";
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      out += "| " + sweep.parameter->values[p] + " |";
      for (const SweepMetric m : kShown) {
        const auto i = static_cast<std::size_t>(m);
        const MetricSummary& s = stats.summaries[p][i];
        out += s.mean ? fmt::format(" {} ({} … {}) |", format_value(i, s.mean->value),
                                    format_value(i, s.mean->ci_low),
                                    format_value(i, s.mean->ci_high))
                      : std::string(" — |");
      }
      out += "\n";
    }
    out += "\n";
    out += trade_off_table(sweep, stats);
  }
  out += "## Each policy\n\n| metric | policy | mean (95 % CI) | median | p90 | p99 | runs with a "
         "value |\n|---|---|---:|---:|---:|---:|---:|\n";
  for (std::size_t m = 0; m < kSweepMetricCount; ++m)
    for (std::size_t p = 0; p < sweep.policies.size(); ++p) {
      const auto& policy = sweep.policies[p];
      const MetricSummary& s = stats.summaries[p][m];
      if (!s.mean) {
        out += fmt::format("| {} | {} | — | — | — | — | 0 of {} |\n", info(metric(m)).name,
                           policy.name, policy.runs.size());
        continue;
      }
      out += fmt::format("| {} | {} | {} ({} … {}) | {} | {} | {} | {} of {} |\n",
                         info(metric(m)).name, policy.name, format_value(m, s.mean->value),
                         format_value(m, s.mean->ci_low), format_value(m, s.mean->ci_high),
                         format_value(m, s.median->value), format_value(m, s.p90->value),
                         format_value(m, s.p99->value), s.count, policy.runs.size());
    }
  if (!sweep.assumptions.empty()) {
    out +=
        "\n## Assumptions\n\nThe verdicts above rest on these parameters of the model: the "
        "people model is firedrill's first-cut values unless the scenario sets its own, and "
        "no sweep checks it against the team it stands for. Then the values the compared "
        "policies set.\n\n"
        "| parameter | value |\n|---|---|\n";
    for (const Assumption& a : sweep.assumptions)
      out += fmt::format("| {} | {} |\n", a.name, a.value);
  }
  return out;
}

}  // namespace firedrill::scoring
