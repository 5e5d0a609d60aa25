#include "app/sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "app/cli.hpp"
#include "scoring/report.hpp"
#include "scoring/sweep_metrics.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using nlohmann::json;
using scoring::SweepValues;

// "/pointer=value" → a Setting; throws UsageError without the '='.
scenario::Setting parse_setting(const std::string& command, const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || text.empty() || text[0] != '/')
    throw UsageError("firedrill " + command + ": --set wants /json/pointer=value, got '" + text +
                     "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

// Replication i of every policy runs with seed base + i: the same faults and traffic under each
// policy (common random numbers; the random streams are named, sim/engine/random_streams.hpp).
std::uint64_t replication_seed(std::uint64_t base, std::size_t i) { return base + i; }

// Runs every (policy, replication) on `threads` threads; results are indexed, so the output does
// not depend on the thread count. Shows progress on stderr when it is a terminal.
std::vector<std::vector<SweepValues>> run_replications(const std::vector<Policy>& policies,
                                                       std::size_t runs, std::uint64_t base_seed,
                                                       unsigned threads) {
  const std::size_t total = policies.size() * runs;
  std::vector<std::vector<SweepValues>> results(policies.size(), std::vector<SweepValues>(runs));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const auto work = [&] {
    for (std::size_t k = next++; k < total; k = next++) {
      const std::size_t p = k / runs;
      const std::size_t i = k % runs;
      const model::Scenario& sc = policies[p].scenario;
      const auto record = model::simulate(sc, replication_seed(base_seed, i));
      results[p][i] = scoring::sweep_values(scoring::evaluate(sc, record));
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
      std::cerr << fmt::format("\rsweep: {}/{} runs, {:.0f} runs/s, {:.0f} s left   ", d, total,
                               rate, left)
                << std::flush;
    }
    std::cerr << "\n";
  }
  pool.clear();  // joins
  return results;
}

std::string csv_value(const std::optional<double>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

// runs.csv: one tidy row per policy × replication × metric.
std::string runs_csv(const std::vector<Policy>& policies,
                     const std::vector<std::vector<SweepValues>>& results, std::uint64_t base) {
  std::string out = "policy,replication,seed,metric,unit,value\n";
  for (std::size_t p = 0; p < policies.size(); ++p)
    for (std::size_t i = 0; i < results[p].size(); ++i)
      for (std::size_t m = 0; m < scoring::kSweepMetricCount; ++m) {
        const auto& mi = scoring::info(static_cast<scoring::SweepMetric>(m));
        out += fmt::format("{},{},{},{},{},{}\n", policies[p].name, i, replication_seed(base, i),
                           mi.name, mi.unit, csv_value(results[p][i][m]));
      }
  return out;
}

// sweep.json: the sweep's settings and every run's values, per policy and metric.
std::string sweep_json(const std::string& scenario, const std::vector<Policy>& policies,
                       const std::vector<std::vector<SweepValues>>& results, std::size_t runs,
                       std::uint64_t base) {
  json j;
  j["scenario"] = scenario;
  j["runs"] = runs;
  j["seeds"] = {{"first", base}, {"rule", "replication i runs with seed first + i"}};
  j["policies"] = json::array();
  for (std::size_t p = 0; p < policies.size(); ++p) {
    json policy = {{"name", policies[p].name}, {"file", policies[p].file}};
    for (std::size_t m = 0; m < scoring::kSweepMetricCount; ++m) {
      const auto& mi = scoring::info(static_cast<scoring::SweepMetric>(m));
      json values = json::array();
      for (const SweepValues& v : results[p]) values.push_back(v[m] ? json(*v[m]) : json());
      policy["metrics"][mi.name] = {
          {"unit", mi.unit}, {"lower_is_better", mi.lower_is_better}, {"values", values}};
    }
    j["policies"].push_back(std::move(policy));
  }
  return j.dump(2) + "\n";
}

}  // namespace

void add_replication_options(po::options_description& options,
                             po::positional_options_description& positional) {
  options.add_options()("runs", po::value<std::size_t>(), "replications per policy (required, >= 1)")(
      "policy", po::value<std::vector<std::string>>(),
      "a policy file (repeatable): its \"policy\" replaces the scenario's, then its \"set\"")(
      "set", po::value<std::vector<std::string>>(),
      "/json/pointer=value: set a scenario value under every policy (repeatable)")(
      "threads", po::value<unsigned>(), "worker threads (default: the machine's cores)")(
      "seed", po::value<std::uint64_t>(), "seed of replication 0 (default: the scenario's)")(
      "scenario", po::value<std::string>(), "scenario file");
  positional.add("scenario", 1);
}

Replications read_replications(const std::string& command, const po::variables_map& vm) {
  if (!vm.count("scenario")) throw UsageError("firedrill " + command + ": missing SCENARIO");
  if (!vm.count("runs") || vm["runs"].as<std::size_t>() == 0)
    throw UsageError("firedrill " + command + ": --runs N (N >= 1) is required");
  Replications r;
  const fs::path file = vm["scenario"].as<std::string>();
  r.runs = vm["runs"].as<std::size_t>();
  r.threads = vm.count("threads") ? vm["threads"].as<unsigned>()
                                  : std::max(1u, std::thread::hardware_concurrency());
  if (r.threads == 0) throw UsageError("firedrill " + command + ": --threads must be >= 1");
  std::vector<scenario::Setting> settings;
  if (vm.count("set"))
    for (const std::string& s : vm["set"].as<std::vector<std::string>>())
      settings.push_back(parse_setting(command, s));
  const auto add = [&](std::optional<fs::path> policy_file) {
    model::Scenario sc = scenario::load_scenario(file, {policy_file, settings});
    for (const Policy& p : r.policies)
      if (p.name == sc.policy_name)
        throw UsageError("firedrill " + command + ": two policies are named '" + p.name + "'");
    r.policies.push_back(
        {sc.policy_name, policy_file ? policy_file->string() : "", std::move(sc)});
  };
  if (vm.count("policy")) {
    for (const std::string& p : vm["policy"].as<std::vector<std::string>>()) add(fs::path(p));
  } else {
    add(std::nullopt);
  }
  r.first_seed =
      vm.count("seed") ? vm["seed"].as<std::uint64_t>() : r.policies.front().scenario.run.seed;
  return r;
}

std::vector<std::vector<SweepValues>> run_all(const Replications& r) {
  return run_replications(r.policies, r.runs, r.first_seed, r.threads);
}

int cmd_sweep(const std::vector<std::string>& args) {
  po::options_description options(
      "firedrill sweep SCENARIO --runs N [options]\n\n"
      "Runs N replications of SCENARIO under each response policy (the scenario's own without\n"
      "--policy). Replication i uses the same seed, so the same faults and traffic, under every\n"
      "policy (common random numbers). Writes DIR/sweep.json and DIR/runs.csv; results do not\n"
      "depend on the thread count.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>()->default_value("firedrill-sweep"), "output directory");
  po::positional_options_description positional;
  add_replication_options(options, positional);
  const auto vm = parse("sweep", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  const Replications r = read_replications("sweep", vm);
  const auto results = run_all(r);
  const fs::path out = vm["out"].as<std::string>();
  fs::create_directories(out);
  write_file(out / "runs.csv", runs_csv(r.policies, results, r.first_seed));
  write_file(out / "sweep.json", sweep_json(r.policies.front().scenario.name, r.policies,
                                            results, r.runs, r.first_seed));
  std::cout << fmt::format("Swept {} × {} runs of {}; wrote {} and {}\n", r.policies.size(),
                           r.runs, r.policies.front().scenario.name,
                           (out / "sweep.json").string(), (out / "runs.csv").string());
  return kExitOk;
}

}  // namespace firedrill::app
