#include "app/sweep.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "app/cli.hpp"
#include "app/gnuplot.hpp"
#include "app/outputs.hpp"
#include "app/robustness.hpp"
#include "scoring/report.hpp"
#include "scoring/sweep_metrics.hpp"
#include "scoring/sweep_plots.hpp"
#include "scoring/sweep_report.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

// Worker threads: at most this many (docs/limits.md).
constexpr unsigned kMaxThreads = 256;
using scoring::kMaxPolicies;
constexpr std::uint64_t kMaxRuns = scoring::kMaxReplications;
using scoring::SweepValues;

// "/pointer=a,b,c" or "/pointer=from:to:step" (inclusive, numbers) → the pointer and its values.
scoring::SweepResult::Parameter parse_parameter(const std::string& command,
                                                const std::string& text) {
  const scenario::Setting s = parse_setting(command, text);
  scoring::SweepResult::Parameter p{s.pointer, {}};
  const auto bad = [&](const std::string& why) {
    return UsageError("firedrill " + command + ": --sweep " + text + ": " + why);
  };
  if (std::count(s.value.begin(), s.value.end(), ':') == 2) {
    double from = 0, to = 0, step = 0;
    char c1 = 0, c2 = 0;
    std::istringstream in(s.value);
    if (!(in >> from >> c1 >> to >> c2 >> step) || !in.eof() || step <= 0 || to < from)
      throw bad("a range is from:to:step with numbers, from <= to and step > 0");
    const double count = std::floor((to - from) / step + 1e-9) + 1;
    if (!(count <= static_cast<double>(kMaxPolicies)))  // also inf and nan
      throw bad("more than " + std::to_string(kMaxPolicies) + " values");
    const auto n = static_cast<std::size_t>(count);
    for (std::size_t k = 0; k < n; ++k)
      p.values.push_back(fmt::format("{}", from + static_cast<double>(k) * step));
  } else {
    std::istringstream in(s.value);
    for (std::string v; std::getline(in, v, ',');) p.values.push_back(v);
  }
  if (p.values.size() < 2) throw bad("give at least two values");
  if (p.values.size() > kMaxPolicies)
    throw bad("more than " + std::to_string(kMaxPolicies) + " values");
  return p;
}

// The shard to run: --shard i/N, else a Slurm job array's task (SLURM_ARRAY_TASK_ID minus
// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT), else a Kubernetes Indexed Job's
// (JOB_COMPLETION_INDEX, of --shards N); nullopt: the whole sweep.
std::optional<std::pair<std::size_t, std::size_t>> read_shard(const std::string& command,
                                                              const po::variables_map& vm) {
  const auto env = [&](const char* name) -> std::optional<std::size_t> {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return whole_number(command, name, v, 0, kMaxRuns);
  };
  std::optional<std::pair<std::size_t, std::size_t>> shard;
  if (vm.count("shard")) {
    const std::string text = vm["shard"].as<std::string>();
    const auto slash = text.find('/');
    if (slash == std::string::npos)
      throw UsageError("firedrill " + command + ": --shard wants i/N, got '" + text + "'");
    shard.emplace(whole_number(command, "--shard's i", text.substr(0, slash), 0, kMaxRuns),
                  whole_number(command, "--shard's N", text.substr(slash + 1), 1, kMaxRuns));
  } else if (const auto id = env("SLURM_ARRAY_TASK_ID")) {
    const auto count = env("SLURM_ARRAY_TASK_COUNT");
    if (!count) throw UsageError("firedrill " + command + ": SLURM_ARRAY_TASK_COUNT is not set");
    const std::size_t min = env("SLURM_ARRAY_TASK_MIN").value_or(0);
    if (*id < min)
      throw UsageError(fmt::format("firedrill {}: SLURM_ARRAY_TASK_ID {} is below "
                                   "SLURM_ARRAY_TASK_MIN {}", command, *id, min));
    shard.emplace(*id - min, *count);
  } else if (const auto index = env("JOB_COMPLETION_INDEX")) {
    if (!vm.count("shards"))
      throw UsageError("firedrill " + command + ": JOB_COMPLETION_INDEX is set; give --shards N "
                       "(the Job's completions)");
    shard.emplace(*index,
                  whole_number(command, "--shards", vm["shards"].as<std::string>(), 1, kMaxRuns));
  }
  if (shard && (shard->second == 0 || shard->first >= shard->second))
    throw UsageError(fmt::format("firedrill {}: shard {} of {} does not exist (0 <= i < N)",
                                 command, shard->first, shard->second));
  return shard;
}

}  // namespace

void for_each_run(std::size_t total, unsigned threads, const std::string& command,
                  const std::function<void(std::size_t)>& run) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const auto work = [&] {
    for (std::size_t k = next++; k < total; k = next++) {
      run(k);
      ++done;
    }
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  if (isatty(STDERR_FILENO)) {
    const auto start = std::chrono::steady_clock::now();
    while (done < total) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const std::size_t d = done;
      const double rate = elapsed > 0 ? static_cast<double>(d) / elapsed : 0.0;
      const double left = rate > 0 ? static_cast<double>(total - d) / rate : 0.0;
      std::cerr << fmt::format("\r{}: {}/{} runs, {:.0f} runs/s, {:.0f} s left   ", command, d,
                               total, rate, left)
                << std::flush;
    }
    std::cerr << "\n";
  }
  pool.clear();  // joins
}

namespace {

// Replication i of every policy runs with seed base + i: the same faults and traffic under each
// policy (common random numbers; the random streams are named, sim/engine/random_streams.hpp).
std::uint64_t replication_seed(std::uint64_t base, std::size_t i) { return base + i; }

// Runs every policy's replications [begin, begin + runs) on `threads` threads; results are
// indexed, so the output does not depend on the thread count. Shows progress on stderr when it
// is a terminal.
std::vector<std::vector<SweepValues>> run_replications(const std::vector<Policy>& policies,
                                                       std::size_t begin, std::size_t runs,
                                                       std::uint64_t base_seed, unsigned threads) {
  std::vector<std::vector<SweepValues>> results(policies.size(), std::vector<SweepValues>(runs));
  for_each_run(policies.size() * runs, threads, "sweep", [&](std::size_t k) {
    const std::size_t p = k / runs;
    const std::size_t i = k % runs;
    const model::Scenario& sc = policies[p].scenario;
    const auto record = model::simulate(sc, replication_seed(base_seed, begin + i));
    results[p][i] = scoring::sweep_values(scoring::evaluate(sc, record));
  });
  return results;
}

// Stages the plot files as the folder `dir` in `outputs` and runs gnuplot there. Returns what to
// tell the user: where the plots are, or why there are none (gnuplot missing or failing is no
// error of the sweep's).
std::string draw_plots(const scoring::SweepResult& sweep, const scoring::SweepStatistics& stats,
                       const fs::path& dir, Outputs& outputs) {
  return draw_gnuplot(scoring::sweep_plot_files(sweep, stats), dir, outputs);
}

}  // namespace

void write_outputs(const scoring::SweepResult& sweep, const fs::path& out, Outputs& outputs,
                   const scoring::SmallestEffects& effects,
                   const std::function<std::string(const scoring::SweepStatistics&)>& appendix) {
  const scoring::SweepStatistics stats = scoring::sweep_statistics(sweep, effects);
  const std::string summary =
      scoring::sweep_summary_markdown(sweep, stats) + (appendix ? "\n" + appendix(stats) : "");
  outputs.add(out / "runs.csv", scoring::runs_csv(sweep));
  outputs.add(out / "sweep.json", scoring::sweep_json(sweep, stats));
  outputs.add(out / "summary.md", summary);
  const std::string plots = draw_plots(sweep, stats, out / "plots", outputs);
  outputs.commit();
  std::cout << summary
            << fmt::format("\nWrote {}, {} and {}; {}\n", (out / "summary.md").string(),
                           (out / "sweep.json").string(), (out / "runs.csv").string(), plots);
}

void add_smallest_effect_option(po::options_description& options) {
  options.add_options()("smallest-effect", po::value<std::vector<std::string>>(),
                        "METRIC=VALUE or METRIC=P%: the smallest difference worth acting on for "
                        "a metric's verdict, in its units or as P % of the first policy's mean "
                        "(repeatable; docs/sweeps.md#practical-verdicts has the defaults)");
}

scoring::SmallestEffects read_smallest_effects(const std::string& command,
                                               const po::variables_map& vm) {
  scoring::SmallestEffects effects = scoring::default_smallest_effects();
  if (!vm.count("smallest-effect")) return effects;
  for (const std::string& text : vm["smallest-effect"].as<std::vector<std::string>>()) {
    const std::string what = fmt::format("firedrill {}: --smallest-effect {}: ", command, text);
    const auto eq = text.find('=');
    if (eq == std::string::npos) throw UsageError(what + "expected METRIC=VALUE or METRIC=P%");
    const std::string name = text.substr(0, eq);
    std::string value = text.substr(eq + 1);
    std::optional<std::size_t> metric;
    std::vector<std::string> names;
    for (std::size_t m = 0; m < scoring::kSweepMetricCount; ++m) {
      names.push_back(scoring::info(static_cast<scoring::SweepMetric>(m)).name);
      if (names.back() == name) metric = m;
    }
    if (!metric)
      throw UsageError(what +
                       fmt::format("no metric '{}' (one of {})", name, fmt::join(names, ", ")));
    const bool relative = !value.empty() && value.back() == '%';
    if (relative) value.pop_back();
    double number = 0.0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number) ||
        number < 0.0 || (relative && number > 1000.0))
      throw UsageError(what + "the value must be a number >= 0 (a percentage at most 1000 %)");
    effects[*metric] = {relative ? number / 100.0 : number, relative};
  }
  return effects;
}

void add_replication_options(po::options_description& options,
                             po::positional_options_description& positional) {
  options.add_options()("runs", po::value<std::string>(),
                        "replications per policy (required, 1 to 100,000)")(
      "policy", po::value<std::vector<std::string>>(),
      "a policy file (repeatable): its \"policy\" replaces the scenario's, then its \"set\"")(
      "set", po::value<std::vector<std::string>>(),
      "/json/pointer=value: set a scenario value under every policy (repeatable)")(
      "threads", po::value<std::string>(),
      "worker threads, 1 to 256 (default: the machine's cores)")(
      "seed", po::value<std::string>(), "seed of replication 0 (default: the scenario's)")(
      "shard", po::value<std::string>(),
      "i/N: run the i-th of N slices of the replications and write a partial result for "
      "`firedrill merge` (read from Slurm's or a Kubernetes Indexed Job's variables without it)")(
      "shards", po::value<std::string>(), "N for a Kubernetes Indexed Job's JOB_COMPLETION_INDEX")(
      "sweep", po::value<std::string>(),
      "/json/pointer=a,b,c or =from:to:step: a sensitivity sweep, one run set per value")(
      "scenario", po::value<std::string>(), "scenario file");
  add_allow_path_option(options);
  positional.add("scenario", 1);
}

Replications read_replications(const std::string& command, const po::variables_map& vm) {
  if (!vm.count("scenario")) throw UsageError("firedrill " + command + ": missing SCENARIO");
  if (!vm.count("runs")) throw UsageError("firedrill " + command + ": --runs N is required");
  Replications r;
  const fs::path file = vm["scenario"].as<std::string>();
  r.runs = whole_number(command, "--runs", vm["runs"].as<std::string>(), 1, kMaxRuns);
  r.threads = vm.count("threads")
                  ? static_cast<unsigned>(whole_number(command, "--threads",
                                                       vm["threads"].as<std::string>(), 1,
                                                       kMaxThreads))
                  : std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads);
  std::vector<scenario::Setting>& settings = r.settings;
  if (vm.count("set"))
    for (const std::string& s : vm["set"].as<std::vector<std::string>>())
      settings.push_back(parse_setting(command, s));
  const auto add = [&](std::optional<fs::path> policy_file) {
    model::Scenario sc = scenario::load_scenario(file, {policy_file, settings}, allowed_dirs(vm));
    for (const Policy& p : r.policies)
      if (p.name == sc.policy_name)
        throw UsageError("firedrill " + command + ": two policies are named '" + p.name + "'");
    r.policies.push_back(
        {sc.policy_name, policy_file ? policy_file->string() : "", std::move(sc)});
  };
  const auto files = vm.count("policy") ? vm["policy"].as<std::vector<std::string>>()
                                         : std::vector<std::string>{};
  if (vm.count("sweep")) {
    if (files.size() > 1)
      throw UsageError("firedrill " + command + ": --sweep varies one policy; give at most one "
                       "--policy");
    r.parameter = parse_parameter(command, vm["sweep"].as<std::string>());
    const std::string key = r.parameter->pointer.substr(r.parameter->pointer.rfind('/') + 1);
    for (const std::string& value : r.parameter->values) {
      std::vector<scenario::Setting> with = settings;
      with.push_back({r.parameter->pointer, value});
      const std::optional<fs::path> policy_file =
          files.empty() ? std::nullopt : std::optional<fs::path>(files.front());
      model::Scenario sc = scenario::load_scenario(file, {policy_file, with}, allowed_dirs(vm));
      r.policies.push_back({key + "=" + value, policy_file ? policy_file->string() : "",
                            std::move(sc)});
    }
  } else if (!files.empty()) {
    if (files.size() > kMaxPolicies)
      throw UsageError(fmt::format("firedrill {}: at most {} --policy files", command,
                                   kMaxPolicies));
    for (const std::string& p : files) add(fs::path(p));
  } else {
    add(std::nullopt);
  }
  r.first_seed =
      vm.count("seed") ? parse_seed(command, vm["seed"].as<std::string>())
                        : r.policies.front().scenario.run.seed;
  r.end = r.runs;
  if (const auto shard = read_shard(command, vm)) {
    if (shard->second > r.runs)
      throw UsageError(fmt::format("firedrill {}: {} shards of {} runs would leave shards empty",
                                   command, shard->second, r.runs));
    r.shard = shard;
    r.begin = shard->first * r.runs / shard->second;
    r.end = (shard->first + 1) * r.runs / shard->second;
  }
  return r;
}

std::vector<std::vector<SweepValues>> run_all(const Replications& r) {
  return run_replications(r.policies, r.begin, r.end - r.begin, r.first_seed, r.threads);
}

namespace {

// What a policy file sets, as "pointer = value" (its "policy" members under /policy, then its
// "set"); empty when the file cannot be read again (it loaded a moment ago).
std::vector<std::string> policy_file_settings(const std::string& file) {
  std::vector<std::string> out;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(scenario::read_input_file(file));
  } catch (const std::exception&) {
    return out;
  }
  if (!j.is_object()) return out;
  if (const auto p = j.find("policy"); p != j.end() && p->is_object())
    for (const auto& [pointer, value] : p->flatten().items())
      out.push_back(fmt::format("/policy{} = {}", pointer, value.dump()));
  if (const auto set = j.find("set"); set != j.end() && set->is_object())
    for (const auto& [pointer, value] : set->items())
      out.push_back(fmt::format("{} = {}", pointer, value.dump()));
  return out;
}

// The people model the verdicts rest on, then what the compared policies set.
std::vector<scoring::Assumption> assumptions(const Replications& r) {
  std::vector<std::string> names;
  std::vector<const model::Scenario*> scenarios;
  for (const Policy& p : r.policies) {
    names.push_back(p.name);
    scenarios.push_back(&p.scenario);
  }
  std::vector<scoring::Assumption> rows = scoring::people_model_assumptions(names, scenarios);
  for (const scenario::Setting& s : r.settings)
    rows.push_back({"every policy (--set)", s.pointer + " = " + s.value});
  if (r.parameter)
    rows.push_back(
        {"the parameter swept (--sweep)",
         fmt::format("{} = {}", r.parameter->pointer, fmt::join(r.parameter->values, ", "))});
  for (const Policy& p : r.policies)
    if (!p.file.empty())
      if (const auto set = policy_file_settings(p.file); !set.empty())
        rows.push_back({p.name + " (" + p.file + ")", fmt::format("{}", fmt::join(set, "; "))});
  return rows;
}

}  // namespace

scoring::SweepResult sweep_result(const Replications& r,
                                  std::vector<std::vector<SweepValues>> values) {
  scoring::SweepResult sweep;
  sweep.scenario = r.policies.front().scenario.name;
  sweep.parameter = r.parameter;
  sweep.runs = r.runs;
  sweep.first_seed = r.first_seed;
  for (std::size_t p = 0; p < r.policies.size(); ++p)
    sweep.policies.push_back({r.policies[p].name, r.policies[p].file, std::move(values[p])});
  sweep.assumptions = assumptions(r);
  return sweep;
}

int cmd_sweep(const std::vector<std::string>& args) {
  po::options_description options(
      "firedrill sweep SCENARIO --runs N [options]\n\n"
      "Runs N replications of SCENARIO under each response policy (the scenario's own without\n"
      "--policy). Replication i uses the same seed, so the same faults and traffic, under every\n"
      "policy (common random numbers). Prints and writes DIR/summary.md, writes DIR/sweep.json,\n"
      "DIR/runs.csv and plots (with gnuplot) in DIR/plots; results do not depend on the thread\n"
      "count.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>()->default_value("firedrill-sweep"), "output directory");
  options.add_options()("robustness",
                        "re-run the comparison with the people model perturbed, one change at a "
                        "time (7 re-runs), and report which verdicts survive");
  po::positional_options_description positional;
  add_replication_options(options, positional);
  add_smallest_effect_option(options);
  const auto vm = parse("sweep", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  Outputs outputs("sweep");
  const fs::path out = outputs.dir("out", vm["out"].as<std::string>());
  const Replications r = read_replications("sweep", vm);
  const scoring::SmallestEffects effects = read_smallest_effects("sweep", vm);
  if (vm.count("robustness") && (r.policies.size() < 2 || r.shard))
    throw UsageError(
        "firedrill sweep: --robustness tests the comparison of two or more policies "
        "(--policy twice, or --sweep), unsharded");
  const scoring::SweepResult sweep = sweep_result(r, run_all(r));
  if (r.shard) {
    const auto [index, count] = *r.shard;
    const fs::path file = out / fmt::format("shard-{}-of-{}.json", index, count);
    outputs.add(file, scoring::shard_json(sweep, index, count, r.begin));
    outputs.commit();
    std::cout << fmt::format("Ran replications {} to {} of 0 to {} (shard {} of {}); wrote {}\n",
                             r.begin, r.end - 1, r.runs - 1, index, count, file.string());
    return kExitOk;
  }
  if (!vm.count("robustness")) {
    write_outputs(sweep, out, outputs, effects);
    return kExitOk;
  }
  const std::vector<scoring::PerturbedSweep> perturbed = perturbed_sweeps(r, effects);
  write_outputs(sweep, out, outputs, effects, [&](const scoring::SweepStatistics& stats) {
    return scoring::robustness_markdown(sweep, stats, perturbed);
  });
  return kExitOk;
}

int cmd_merge(const std::vector<std::string>& args) {
  po::options_description options(
      "firedrill merge SHARD... [--out DIR]\n\n"
      "Merges the partial results of a sharded sweep (`firedrill sweep --shard i/N`, one file\n"
      "per shard) into exactly the outputs of the unsharded sweep.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>()->default_value("firedrill-sweep"), "output directory")(
      "shards", po::value<std::vector<std::string>>(), "shard files");
  add_smallest_effect_option(options);
  po::positional_options_description positional;
  positional.add("shards", -1);
  const auto vm = parse("merge", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("shards")) throw UsageError("firedrill merge: give the shard files");
  Outputs outputs("merge");
  const fs::path out = outputs.dir("out", vm["out"].as<std::string>());
  std::vector<std::string> texts;
  for (const std::string& name : vm["shards"].as<std::vector<std::string>>()) {
    try {
      texts.push_back(scenario::read_input_file(name));
    } catch (const scenario::InputFileError& e) {
      throw BadInput("firedrill merge: cannot read '" + name + "': " + e.what());
    }
  }
  scoring::SweepResult sweep;
  try {
    sweep = scoring::merge_shards(texts);
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("firedrill merge: ") + e.what() +
                   " (files are numbered in the order given)");
  }
  write_outputs(sweep, out, outputs, read_smallest_effects("merge", vm));
  return kExitOk;
}

}  // namespace firedrill::app
