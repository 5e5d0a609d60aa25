// Frame times of the live view: a LiveView on a 1600×900 offscreen render texture, seeked to two
// minutes after the first fault began, then N frames of advance(16 ms), draw(16 ms) and
// display() at 60× and 3600×, on generated topologies of 50, 200 and 1,000 services and on the
// bundled Online Boutique drill. Prints a table: median and p95 of the simulation's part
// (advance), the drawing's part (draw, display and glFinish, so that the GL driver's deferred
// work is counted in the frame that caused it) and the whole frame, frames per second, the
// process's CPU time per frame (all threads, llvmpipe's rasterizers included: steadier than wall
// time on a shared machine), and the simulated speed reached (below the asked one when the
// 8 ms simulation budget ran out).
// Asserts nothing. Needs an X display: run it under xvfb-run -a when headless.

#include <fmt/format.h>

#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/OpenGL.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/topology.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "visualizer/live_view.hpp"

using namespace firedrill;

namespace {

using Clock = std::chrono::steady_clock;

const sf::Time kFrame = sf::milliseconds(16);
constexpr int kWarmupFrames = 5;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The value below which a share `q` (0–1) of `xs` lies (nearest rank).
double quantile(std::vector<double> xs, double q) {
  const auto k = static_cast<std::size_t>(q * static_cast<double>(xs.size() - 1) + 0.5);
  std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(k), xs.end());
  return xs[k];
}

// Times up to `frames` frames at `speed` (fewer if the drill ends first) and prints a row.
void report(const std::string& name, const model::Scenario& scenario, double speed, int frames,
            sf::RenderTexture& texture) {
  visualizer::LiveViewOptions options;
  options.speed = speed;
  visualizer::LiveView view(scenario, scenario.run.seed, options, texture);
  if (!scenario.faults.empty()) view.seek(scenario.faults.front().start + std::chrono::minutes(2));
  for (int i = 0; i < kWarmupFrames; ++i) {
    view.draw(sf::Time::Zero);
    texture.display();
    glFinish();
  }
  const model::SimTime from = view.now();
  std::vector<double> sim_ms, draw_ms, frame_ms;
  const std::clock_t cpu_start = std::clock();
  for (int i = 0; i < frames && !view.finished(); ++i) {
    const auto start = Clock::now();
    view.advance(kFrame);
    sim_ms.push_back(ms_since(start));
    const auto drawn = Clock::now();
    view.draw(kFrame);
    texture.display();
    glFinish();
    draw_ms.push_back(ms_since(drawn));
    frame_ms.push_back(ms_since(start));
  }
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  double total_ms = 0.0;
  for (const double ms : frame_ms) total_ms += ms;
  const double simulated_s = std::chrono::duration<double>(view.now() - from).count();
  const double asked_s = kFrame.asSeconds() * static_cast<double>(frame_ms.size());
  std::cout << fmt::format(
      "| {} | {} | {:g}× | {} | {:.2f} / {:.2f} | {:.2f} / {:.2f} | {:.2f} / {:.2f} | {:.0f} | "
      "{:.2f} | {:.0f}× |\n",
      name, scenario.services.size(), speed, frame_ms.size(), quantile(sim_ms, 0.5),
      quantile(sim_ms, 0.95), quantile(draw_ms, 0.5), quantile(draw_ms, 0.95),
      quantile(frame_ms, 0.5), quantile(frame_ms, 0.95),
      1000.0 * static_cast<double>(frame_ms.size()) / total_ms,
      cpu_ms / static_cast<double>(frame_ms.size()), simulated_s / asked_s);
}

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::stoi(argv[1]) : 300;
  sf::RenderTexture texture;
  if (!texture.create(1600, 900) || !texture.setActive(true)) {
    std::cerr << "frame_bench: cannot create a 1600x900 render texture (no X display? run under "
                 "xvfb-run -a)\n";
    return 1;
  }
  std::cout << "| scenario | services | speed | frames | simulation ms, median / p95 | "
               "drawing ms, median / p95 | frame ms, median / p95 | frames/s | CPU ms / frame | "
               "sim speed reached |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  std::vector<std::pair<std::string, model::Scenario>> scenarios;
  for (const std::size_t n : {50, 200, 1000}) {
    // Six hours, so that 3600× does not reach the end within the frames.
    scenarios.emplace_back(
        fmt::format("generated {}", n),
        bench::generate_topology({.services = n, .duration = std::chrono::hours(6)}));
  }
  scenarios.emplace_back("black-friday-bad-deploy",
                         scenario::load_scenario(std::filesystem::path(FIREDRILL_SOURCE_DIR) /
                                                 "scenarios/online-boutique/"
                                                 "black-friday-bad-deploy.json"));
  for (const auto& [name, scenario] : scenarios)
    for (const double speed : {60.0, 3600.0}) report(name, scenario, speed, frames, texture);
  return 0;
}
