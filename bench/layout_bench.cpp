// The visualizer's layered layout on the bundled Train-Ticket topology and on generated ones of
// 50, 200 and 1,000 services: milliseconds per layout (median of 21) and the picture's size.
// Prints a table; asserts nothing (tests check the layout, this reports its cost).

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <vector>

#include "bench/topology.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "visualizer/layout.hpp"

using namespace firedrill;

namespace {

void report(const std::string& name, const model::Scenario& scenario) {
  std::vector<double> ms;
  visualizer::Layout layout;
  for (int i = 0; i < 21; ++i) {
    const auto start = std::chrono::steady_clock::now();
    layout = visualizer::layered_layout(scenario);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::nth_element(ms.begin(), ms.begin() + 10, ms.end());
  const auto backward = std::count_if(layout.edges.begin(), layout.edges.end(),
                                      [](const visualizer::EdgeGeometry& e) { return e.backward; });
  std::cout << fmt::format("| {} | {} | {} | {} | {} | {:.0f} × {:.0f} | {:.2f} |\n", name,
                           scenario.services.size(), scenario.calls.size(), backward, layout.layers,
                           layout.bounds.width(), layout.bounds.height(), ms[10]);
}

}  // namespace

int main() {
  std::cout << "| topology | services | calls | backward | layers | bounds (world units) | "
               "ms per layout |\n|---|---|---|---|---|---|---|\n";
  report("train-ticket", scenario::load_scenario(std::filesystem::path(FIREDRILL_SOURCE_DIR) /
                                                 "scenarios/train-ticket/"
                                                 "seat-service-canary-bad-deploy.json"));
  for (const std::size_t n : {50, 200, 1000})
    report(fmt::format("generated {}", n), bench::generate_topology({.services = n}));
}
