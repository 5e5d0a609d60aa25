// Replications per second of `firedrill sweep`'s runner (simulation and scoring of every run):
// each bundled drill and a generated 1,000-service topology, at 1 and 2 threads. Prints a table;
// asserts nothing (tests check correctness, this reports speed).

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/sweep.hpp"
#include "bench/topology.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;
using namespace firedrill;

namespace {

// Seconds to run `runs` replications of `scenario` on `threads` threads.
double time_runs(const model::Scenario& scenario, std::size_t runs, unsigned threads) {
  app::Replications r;
  r.policies.push_back({"bench", "", scenario});
  r.runs = runs;
  r.first_seed = scenario.run.seed;
  r.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  app::run_all(r);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void report(const std::string& name, const model::Scenario& scenario, std::size_t runs) {
  const double one = time_runs(scenario, runs, 1);
  const double two = time_runs(scenario, runs, 2);
  const auto n = static_cast<double>(runs);
  const auto rate = [](double r) {
    return r < 10 ? fmt::format("{:.2f}", r) : fmt::format("{:.0f}", r);
  };
  std::cout << fmt::format("| {} | {} | {} | {} | {:.2f} |\n", name, runs, rate(n / one),
                           rate(n / two), one / two);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t runs = argc > 1 ? std::stoul(argv[1]) : 200;
  std::cout << "| scenario | runs | runs/s, 1 thread | runs/s, 2 threads | speed-up |\n"
               "|---|---:|---:|---:|---:|\n";
  std::vector<fs::path> files;
  for (const char* dir : {"scenarios/online-boutique", "scenarios/train-ticket"})
    for (const auto& e : fs::directory_iterator(fs::path(FIREDRILL_SOURCE_DIR) / dir))
      if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) report(f.stem().string(), scenario::load_scenario(f), runs);
  bench::TopologyOptions o;
  o.services = 1000;
  report("generated, 1,000 services, 1 h", bench::generate_topology(o),
         std::max<std::size_t>(runs / 20, 4));
  return 0;
}
