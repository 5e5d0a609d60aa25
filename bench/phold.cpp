// PHOLD (Fujimoto 1990) on the engine's public API: events per wall-clock second of one
// EventQueue. See docs/performance.md for the configurations and the figures.
//
// Model: N logical processes (LPs), each starting with K events. Processing an event at LP i
// schedules exactly one new event at now + Exp(mean 1) + 0.1 (the lookahead); with probability
// 0.25 it goes to a uniformly drawn *other* LP, otherwise to i itself. So the queue always holds
// N*K events. One PHOLD time unit is 1000 ms of SimTime (one simulated second), so the
// increments keep millisecond resolution: 0.1 is 100 ms, Exp(1) has a 1000 ms mean.
//
// The initial events are at Exp(1) each. --events counts processed (popped) events only; the N*K
// initial events are scheduled before the clock starts. The last line is exactly
// `events_per_sec=<number>`. Two runs with the same options print the same checksum.

#include <array>
#include <boost/program_options.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "bench/options.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/engine/sim_time.hpp"

namespace {

namespace engine = firedrill::engine;
namespace po = boost::program_options;

// The PHOLD event: which LP it is for, plus `Padding` bytes that stand in for the fields of a
// real model's event (--event-bytes). Plain data, as the engine requires.
template <std::size_t Padding>
struct PholdEvent {
  std::uint32_t lp;
  std::array<std::uint8_t, Padding> payload{};
};
template <>
struct PholdEvent<0> {
  std::uint32_t lp;
};

constexpr double kLookahead = 0.1;  // PHOLD time units
constexpr double kRemoteProbability = 0.25;

struct Config {
  std::uint32_t lps = 10'000;
  std::uint32_t event_bytes = 4;
  std::uint32_t events_per_lp = 1;
  std::uint64_t events = 10'000'000;
  std::uint64_t seed = 1;
};

struct Result {
  double wall_s = 0;
  double cpu_s = 0;  // this process's CPU time: less sensitive than wall time to a busy machine
  engine::SimTime final_time{0};
  std::uint64_t checksum = 0;
  std::uint64_t remote = 0;
};

// One PHOLD time increment, Exp(1) + lookahead, as SimTime (1 unit = 1000 ms, rounded).
engine::SimTime phold_delay(double exp_draw) { return engine::from_seconds(exp_draw + kLookahead); }

template <typename Event>
Result run(const Config& cfg) {
  engine::RandomStreams streams(cfg.seed);
  auto& delay_rng = streams.get("phold.delay");
  auto& dest_rng = streams.get("phold.destination");
  boost::random::exponential_distribution<double> exp_dist(1.0);
  boost::random::bernoulli_distribution<double> remote_dist(kRemoteProbability);
  // Draws an index among the N-1 other LPs; indices at or above the sender shift up by one.
  boost::random::uniform_int_distribution<std::uint32_t> other_dist(0, cfg.lps - 2);

  engine::EventQueue<Event> queue;
  for (std::uint32_t lp = 0; lp < cfg.lps; ++lp) {
    for (std::uint32_t k = 0; k < cfg.events_per_lp; ++k) {
      queue.schedule_at(engine::from_seconds(exp_dist(delay_rng)), Event{lp});
    }
  }

  Result result;
  std::uint64_t checksum = 0xcbf29ce484222325ULL;
  const std::clock_t cpu_start = std::clock();
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t n = 0; n < cfg.events; ++n) {
    const auto ev = queue.pop();
    const std::uint32_t lp = ev->event.lp;
    // FNV-1a-style fold of (time, lp) in processing order, to compare two runs' event orders.
    checksum = (checksum ^ static_cast<std::uint64_t>(ev->time.count())) * 0x100000001b3ULL;
    checksum = (checksum ^ lp) * 0x100000001b3ULL;

    std::uint32_t dest = lp;
    if (remote_dist(dest_rng)) {
      dest = other_dist(dest_rng);
      if (dest >= lp) ++dest;
      ++result.remote;
    }
    queue.schedule_in(phold_delay(exp_dist(delay_rng)), Event{dest});
  }
  const auto stop = std::chrono::steady_clock::now();
  const std::clock_t cpu_stop = std::clock();

  result.wall_s = std::chrono::duration<double>(stop - start).count();
  result.cpu_s = static_cast<double>(cpu_stop - cpu_start) / CLOCKS_PER_SEC;
  result.final_time = queue.now();
  result.checksum = checksum;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  po::options_description desc(
      "phold: the PHOLD benchmark (Fujimoto 1990) on firedrill's EventQueue\n"
      "Usage: phold [options]\nOptions");
  auto add = desc.add_options();
  add("help,h", "show this help");
  add("lps", po::value(&cfg.lps)->default_value(cfg.lps), "logical processes (>= 2)");
  add("events-per-lp", po::value(&cfg.events_per_lp)->default_value(cfg.events_per_lp),
      "initial events per LP (>= 1)");
  add("events", po::value(&cfg.events)->default_value(cfg.events),
      "events to process, not counting the initial ones");
  add("seed", po::value(&cfg.seed)->default_value(cfg.seed), "run seed");
  add("event-bytes", po::value(&cfg.event_bytes)->default_value(cfg.event_bytes),
      "size of an event: 4 (just the LP), 16, 32, 64 or 256");
  po::variables_map vm;
  if (const auto status = firedrill::bench::parse_options(argc, argv, desc, "phold", vm))
    return *status;
  if (cfg.lps < 2 || cfg.events_per_lp < 1) {
    std::cerr << "phold: need --lps >= 2 and --events-per-lp >= 1\n";
    return 2;
  }

  Result r;
  switch (cfg.event_bytes) {
    case 4:
      r = run<PholdEvent<0>>(cfg);
      break;
    case 16:
      r = run<PholdEvent<12>>(cfg);
      break;
    case 32:
      r = run<PholdEvent<28>>(cfg);
      break;
    case 64:
      r = run<PholdEvent<60>>(cfg);
      break;
    case 256:
      r = run<PholdEvent<252>>(cfg);
      break;
    default:
      std::cerr << "phold: --event-bytes must be 4, 16, 32, 64 or 256\n";
      return 2;
  }
  std::printf("lps=%u\n", cfg.lps);
  std::printf("events_per_lp=%u\n", cfg.events_per_lp);
  std::printf("event_bytes=%u\n", cfg.event_bytes);
  std::printf("initial_events=%llu\n",
              static_cast<unsigned long long>(std::uint64_t{cfg.lps} * cfg.events_per_lp));
  std::printf("events=%llu\n", static_cast<unsigned long long>(cfg.events));
  std::printf("remote_fraction=%.4f\n",
              cfg.events ? static_cast<double>(r.remote) / static_cast<double>(cfg.events) : 0.0);
  std::printf("seed=%llu\n", static_cast<unsigned long long>(cfg.seed));
  std::printf("wall_seconds=%.3f\n", r.wall_s);
  std::printf("cpu_seconds=%.3f\n", r.cpu_s);
  std::printf("final_sim_time_units=%.3f\n", engine::to_seconds(r.final_time));
  std::printf("checksum=%016llx\n", static_cast<unsigned long long>(r.checksum));
  std::printf("events_per_sec=%.0f\n",
              r.wall_s > 0 ? static_cast<double>(cfg.events) / r.wall_s : 0.0);
  return 0;
}
