// Model benchmarks: how long the flow level takes for a whole drill (model::simulate) and for one
// steady state (FlowModel::steady_state), and how fast the request level (simulate_requests)
// runs, on bundled scenario files or on generated topologies (bench/topology.hpp). See
// docs/performance.md ("The model") for the method and the figures.
//
// Times are wall-clock (steady_clock) and this process's CPU time (std::clock), the median over
// --reps repetitions; a repetition of something shorter than --min-block-ms repeats it in a
// block and divides. The last line is `flow_ms_per_sim_hour_<N>=<ms>` for a generated topology
// of N services, `flow_ms_per_sim_hour=<ms>` for one file, and
// `flow_ms_per_sim_hour_median=<ms>` over several files.

#include <sys/resource.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench/options.hpp"
#include "bench/topology.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/model/faults.hpp"
#include "sim/model/flow.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/record.hpp"
#include "sim/model/request_level.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace {

namespace bench = firedrill::bench;
namespace engine = firedrill::engine;
namespace model = firedrill::model;
namespace po = boost::program_options;

struct Config {
  std::vector<std::string> files;
  std::size_t services = 1000;
  bench::TopologyOptions topology;
  std::optional<std::uint64_t> run_seed;  // default: the scenario's run.seed
  double hours = 1.0;                     // generated drills
  int reps = 5;
  double min_block_ms = 50.0;
  std::string request = "auto";  // auto, on, off
  std::size_t request_max_services = 300;
  double request_warmup_s = 10.0;
  double request_window_s = 60.0;
  bool scaling = false;
  bool drill_only = false;  // time only whole drills (for profilers)
  bool shape = false;       // print the topology's histograms
  std::vector<std::size_t> sizes{100, 300, 1000, 3000, 10000};
};

// Wall and CPU time of one call, ms: medians over the repetitions, and the fastest wall time
// (on a shared machine, the least disturbed).
struct Timing {
  double wall_ms = 0.0;
  double cpu_ms = 0.0;
  double min_wall_ms = 0.0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Calls f() in blocks of k calls, k doubled until a block lasts min_block_ms, `reps` blocks;
// returns the median time of one call.
template <typename F>
Timing measure(F&& f, int reps, double min_block_ms) {
  using Clock = std::chrono::steady_clock;
  const auto block = [&](std::size_t k, double& cpu_ms) {
    const std::clock_t c0 = std::clock();
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < k; ++i) f();
    const auto t1 = Clock::now();
    cpu_ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
  };
  // The first block that lasts min_block_ms (k doubling from 1) is the first repetition.
  std::vector<double> walls, cpus;
  std::size_t k = 1;
  for (;;) {
    double cpu = 0.0;
    const double wall = block(k, cpu);
    if (wall >= min_block_ms || k >= (std::size_t{1} << 24)) {
      walls.push_back(wall / static_cast<double>(k));
      cpus.push_back(cpu / static_cast<double>(k));
      break;
    }
    k *= 2;
  }
  while (walls.size() < static_cast<std::size_t>(reps)) {
    double cpu = 0.0;
    walls.push_back(block(k, cpu) / static_cast<double>(k));
    cpus.push_back(cpu / static_cast<double>(k));
  }
  return {median(walls), median(cpus), *std::min_element(walls.begin(), walls.end())};
}

double max_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

// Keeps results alive so the optimiser cannot drop the work being timed.
volatile double g_sink = 0.0;

struct Figures {
  std::string name;
  std::size_t services = 0, calls = 0, journeys = 0, rules = 0;
  bench::TopologyShape shape;
  double generate_ms = 0.0;
  double sim_hours = 0.0;
  Timing build;      // FlowModel construction (call-tree expansion)
  Timing recompute;  // one FlowModel::steady_state of the nominal state
  Timing faulted;    // one FlowModel::steady_state with every scheduled fault in its last phase
  std::size_t step_recomputes = 0;  // rate-profile steps before the end: one recompute each
  Timing drill;                     // model::simulate, whole drill
  Timing monitor;                   // Monitor::evaluate at every scrape over the drill's segments
  Timing realize;                   // model::realize_faults (part of every drill's set-up)
  std::size_t segments = 0, timeline_events = 0, scrapes = 0, faults = 0;
  bool request_run = false;
  std::uint64_t request_events = 0;
  double request_wall_s = 0.0;
  double request_sim_s = 0.0;
  double rss_mb = 0.0;

  double ms_per_sim_hour() const { return drill.wall_ms / sim_hours; }
};

// Evaluates every alert rule at every scrape of a drill, over the segments recorded up to then,
// as the run's monitor does (without the run's own recovery checks), windows before 0 reading the
// record's nominal past.
std::size_t replay_monitor(const model::Scenario& s, const model::RunRecord& record) {
  model::Monitor monitor(s);
  std::vector<model::Segment> history;
  std::size_t next = 0, transitions = 0;
  for (engine::SimTime t = s.run.scrape_interval; t < s.run.duration; t += s.run.scrape_interval) {
    while (next < record.segments.size() && record.segments[next].start < t)
      history.push_back(record.segments[next++]);
    transitions += monitor.evaluate({record.nominal_past, history}, t).size();
  }
  return transitions;
}

Figures run_scenario(const model::Scenario& s, const Config& cfg, bool request_level) {
  Figures f;
  f.name = s.name;
  f.services = s.services.size();
  f.calls = s.calls.size();
  f.journeys = s.journeys.size();
  f.rules = s.threshold_rules.size() + s.burn_rate_rules.size();
  f.sim_hours = engine::to_seconds(s.run.duration) / 3600.0;
  f.shape = bench::describe_topology(s);
  const std::uint64_t seed = cfg.run_seed.value_or(s.run.seed);

  if (cfg.drill_only) {
    model::RunRecord record;
    f.drill = measure([&] { record = model::simulate(s, seed); }, cfg.reps, cfg.min_block_ms);
    f.segments = record.segments.size();
    f.timeline_events = record.timeline.size();
    return f;
  }
  f.build = measure([&] { g_sink = g_sink + double(model::FlowModel(s).call_tree(0).size()); },
                    cfg.reps, cfg.min_block_ms);
  const model::FlowModel flow(s);
  const model::FlowState nominal = model::nominal_flow_state(s);
  f.recompute = measure([&] { g_sink = g_sink + flow.steady_state(nominal).journeys[0].good_rps; },
                        cfg.reps, cfg.min_block_ms);

  model::FlowState faulted = nominal;
  for (const model::Fault& fault : s.faults)
    model::apply_fault(s, fault, s.run.duration - fault.start, faulted);
  f.faulted = measure([&] { g_sink = g_sink + flow.steady_state(faulted).journeys[0].good_rps; },
                      cfg.reps, cfg.min_block_ms);
  for (const model::Journey& j : s.journeys)
    for (const model::RateStep& step : j.rate_profile)
      f.step_recomputes += step.at > engine::SimTime{0} && step.at < s.run.duration ? 1 : 0;

  f.realize = measure([&] { g_sink = g_sink + double(model::realize_faults(s, seed).size()); },
                      cfg.reps, cfg.min_block_ms);
  model::RunRecord record;
  f.drill = measure(
      [&] {
        record = model::simulate(s, seed);
        g_sink = g_sink + double(record.timeline.size());
      },
      cfg.reps, cfg.min_block_ms);
  f.segments = record.segments.size();
  f.timeline_events = record.timeline.size();
  f.faults = record.faults.size();
  f.scrapes =
      static_cast<std::size_t>((s.run.duration - engine::SimTime{1}) / s.run.scrape_interval);
  f.monitor = measure([&] { g_sink = g_sink + double(replay_monitor(s, record)); }, cfg.reps,
                      cfg.min_block_ms);

  if (request_level) {
    model::RequestLevelOptions options;
    options.warmup = engine::from_seconds(cfg.request_warmup_s);
    options.duration = engine::from_seconds(cfg.request_window_s);
    options.seed = seed;
    model::RequestLevelResult result;
    const Timing t = measure([&] { result = model::simulate_requests(s, nominal, options); },
                             std::min(cfg.reps, 3), 0.0);
    f.request_run = true;
    f.request_events = result.events;
    f.request_wall_s = t.wall_ms / 1000.0;
    f.request_sim_s = cfg.request_warmup_s + cfg.request_window_s;
  }
  f.rss_mb = max_rss_mb();
  return f;
}

void print_figures(const Figures& f) {
  const auto& sh = f.shape;
  std::printf("scenario=%s\n", f.name.c_str());
  std::printf("services=%zu\ncalls=%zu\njourneys=%zu\nalert_rules=%zu\n", f.services, f.calls,
              f.journeys, f.rules);
  std::printf("call_tree_nodes=%zu\nmax_call_tree_nodes=%zu\njourney_depth=%d-%d\n", sh.tree_nodes,
              sh.max_tree_nodes, sh.min_depth, sh.max_depth);
  std::printf("max_fanout=%zu\nmax_callers=%zu\nunused_services=%zu\n", sh.max_fanout,
              sh.max_callers, sh.unused_services);
  std::printf("nominal_utilisation=%.3f-%.3f\nnominal_worst_journey_error=%.2e\n",
              sh.min_utilisation, sh.max_utilisation, sh.worst_journey_error);
  if (f.generate_ms > 0) std::printf("generate_ms=%.2f\n", f.generate_ms);
  std::printf("flow_model_build_ms=%.4f\n", f.build.wall_ms);
  std::printf("flow_recompute_us=%.2f\nflow_recompute_cpu_us=%.2f\nflow_recompute_min_us=%.2f\n",
              1000.0 * f.recompute.wall_ms, 1000.0 * f.recompute.cpu_ms,
              1000.0 * f.recompute.min_wall_ms);
  std::printf("flow_recompute_faulted_us=%.2f\n", 1000.0 * f.faulted.wall_ms);
  std::printf(
      "drill_sim_hours=%.3f\ndrill_wall_ms=%.3f\ndrill_cpu_ms=%.3f\ndrill_min_wall_ms=%.3f\n",
      f.sim_hours, f.drill.wall_ms, f.drill.cpu_ms, f.drill.min_wall_ms);
  std::printf(
      "drill_faults=%zu\ndrill_segments=%zu\ndrill_timeline_events=%zu\ndrill_scrapes=%zu\n",
      f.faults, f.segments, f.timeline_events, f.scrapes);
  const double drill_s = f.drill.wall_ms / 1000.0;
  std::printf("drill_segments_per_s=%.0f\n", double(f.segments) / drill_s);
  std::printf("drill_events_per_s=%.0f\n", double(f.timeline_events + f.scrapes) / drill_s);
  std::printf("realize_faults_ms=%.3f\n", f.realize.wall_ms);
  std::printf("monitor_replay_ms=%.3f\nmonitor_share=%.3f\n", f.monitor.wall_ms,
              f.monitor.wall_ms / f.drill.wall_ms);
  std::printf("drill_traffic_step_recomputes=%zu\n", f.step_recomputes);
  std::printf("drill_in_nominal_recomputes=%.1f\n", f.drill.wall_ms / f.recompute.wall_ms);
  if (f.request_run) {
    std::printf("request_sim_s=%.1f\nrequest_events=%llu\nrequest_wall_s=%.3f\n", f.request_sim_s,
                static_cast<unsigned long long>(f.request_events), f.request_wall_s);
    std::printf("request_events_per_s=%.0f\n", double(f.request_events) / f.request_wall_s);
    std::printf("request_wall_s_per_sim_min=%.3f\n", f.request_wall_s / (f.request_sim_s / 60.0));
  }
  std::printf("max_rss_mb=%.1f\n", f.rss_mb);
}

// Prints histograms of the shape of `s` as the flow model walks it: journeys by depth, call-tree
// sizes, fan-out of calling nodes, distinct callers per service, and how concentrated load is.
void print_shape(const model::Scenario& s) {
  const model::FlowModel flow(s);
  const auto bucket = [](std::size_t v, const std::vector<std::size_t>& upper) {
    std::size_t b = 0;
    while (b < upper.size() && v > upper[b]) ++b;
    return b;
  };
  const auto print_histogram = [](const char* key, const std::vector<std::string>& labels,
                                  const std::vector<std::size_t>& counts) {
    std::printf("%s=", key);
    for (std::size_t b = 0; b < counts.size(); ++b)
      std::printf("%s%s:%zu", b ? "," : "", labels[b].c_str(), counts[b]);
    std::printf("\n");
  };
  std::vector<std::size_t> by_depth(8, 0), sizes;
  const std::vector<std::size_t> fan_upper{1, 2, 4, 8, 16};
  std::vector<std::size_t> fanout(fan_upper.size() + 1, 0);
  for (std::size_t j = 0; j < s.journeys.size(); ++j) {
    const auto& tree = flow.call_tree(j);
    std::vector<int> level(tree.size(), 1);
    std::vector<std::size_t> children(tree.size(), 0);
    int depth = 1;
    for (std::size_t i = 1; i < tree.size(); ++i) {
      level[i] = level[tree[i].parent] + 1;
      ++children[tree[i].parent];
      depth = std::max(depth, level[i]);
    }
    ++by_depth[static_cast<std::size_t>(std::min(depth, 7))];
    sizes.push_back(tree.size());
    for (const std::size_t c : children)
      if (c > 0) ++fanout[bucket(c, fan_upper)];
  }
  print_histogram("journeys_by_depth", {"1", "2", "3", "4", "5", "6", "7+"},
                  std::vector<std::size_t>(by_depth.begin() + 1, by_depth.end()));
  std::sort(sizes.begin(), sizes.end());
  const auto q = [&](double p) {
    return sizes[std::min(sizes.size() - 1, static_cast<std::size_t>(p * double(sizes.size())))];
  };
  std::printf("call_tree_nodes_p50=%zu\ncall_tree_nodes_p90=%zu\ncall_tree_nodes_p99=%zu\n", q(0.5),
              q(0.9), q(0.99));
  print_histogram("calling_nodes_by_fanout", {"1", "2", "3-4", "5-8", "9-16", "17+"}, fanout);
  std::vector<std::vector<std::size_t>> callers(s.services.size());
  for (const model::Call& c : s.calls) callers[c.callee].push_back(c.caller);
  const std::vector<std::size_t> caller_upper{0, 1, 3, 10, 100};
  std::vector<std::size_t> by_callers(caller_upper.size() + 1, 0);
  for (auto& c : callers) {
    std::sort(c.begin(), c.end());
    ++by_callers[bucket(static_cast<std::size_t>(std::unique(c.begin(), c.end()) - c.begin()),
                        caller_upper)];
  }
  print_histogram("services_by_callers", {"0", "1", "2-3", "4-10", "11-100", "101+"}, by_callers);
  // Entry, middle and leaf services, as Winchester et al. (2025, Table 1) count them.
  std::vector<bool> calls_out(s.services.size(), false), is_entry(s.services.size(), false);
  for (const model::Call& c : s.calls) calls_out[c.caller] = true;
  for (const model::Journey& j : s.journeys) is_entry[j.entry_service] = true;
  std::size_t entries = 0, leaves = 0;
  for (std::size_t i = 0; i < s.services.size(); ++i)
    entries += is_entry[i] ? 1 : 0, leaves += !is_entry[i] && !calls_out[i] ? 1 : 0;
  const double n = double(s.services.size());
  std::printf("entry_share=%.3f\nmiddle_share=%.3f\nleaf_share=%.3f\n", double(entries) / n,
              1.0 - double(entries + leaves) / n, double(leaves) / n);
  std::size_t soft = 0, retrying = 0;
  for (const model::Call& c : s.calls) soft += c.hard ? 0 : 1, retrying += c.retries > 0 ? 1 : 0;
  std::printf("soft_call_share=%.3f\nretrying_call_share=%.3f\n",
              double(soft) / double(s.calls.size()), double(retrying) / double(s.calls.size()));
  const model::Segment seg = flow.steady_state(model::nominal_flow_state(s));
  std::vector<double> load;
  double total = 0.0;
  for (const model::ServiceFlow& f : seg.services) load.push_back(f.load_rps), total += f.load_rps;
  std::sort(load.rbegin(), load.rend());
  double top = 0.0;
  const std::size_t one_percent = std::max<std::size_t>(1, load.size() / 100);
  for (std::size_t i = 0; i < one_percent; ++i) top += load[i];
  std::printf("load_share_of_busiest_1pct=%.3f\n", top / total);
}

bench::TopologyOptions topology_for(const Config& cfg, std::size_t services) {
  bench::TopologyOptions o = cfg.topology;
  o.services = services;
  o.duration = engine::from_seconds(cfg.hours * 3600.0);
  return o;
}

Figures run_generated(const Config& cfg, std::size_t services, bool request_level) {
  const bench::TopologyOptions o = topology_for(cfg, services);
  model::Scenario s;
  const Timing gen = measure([&] { s = bench::generate_topology(o); }, std::min(cfg.reps, 3), 0.0);
  if (cfg.shape) print_shape(s);
  Figures f = run_scenario(s, cfg, request_level);
  f.generate_ms = gen.wall_ms;
  return f;
}

// Least-squares slope of log y against log x: the exponent b of y ≈ a·x^b.
double growth_exponent(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += std::log(x[i]), my += std::log(y[i]);
  mx /= double(x.size());
  my /= double(y.size());
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (std::log(x[i]) - mx) * (std::log(y[i]) - my);
    sxx += (std::log(x[i]) - mx) * (std::log(x[i]) - mx);
  }
  return sxx > 0 ? sxy / sxx : 0.0;
}

int run_scaling(const Config& cfg) {
  std::vector<Figures> rows;
  std::printf(
      "| services | journeys | calls | tree nodes | build ms | recompute us (min) | "
      "faulted recompute us | segments | drill ms / sim h (min) | drill CPU ms | "
      "monitor ms | MB |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const std::size_t n : cfg.sizes) {
    const Figures f = run_generated(cfg, n, false);
    std::printf(
        "| %zu | %zu | %zu | %zu | %.3f | %.1f (%.1f) | %.1f | %zu | %.2f (%.2f) | %.2f | "
        "%.2f | %.0f |\n",
        f.services, f.journeys, f.calls, f.shape.tree_nodes, f.build.wall_ms,
        1000.0 * f.recompute.wall_ms, 1000.0 * f.recompute.min_wall_ms, 1000.0 * f.faulted.wall_ms,
        f.segments, f.ms_per_sim_hour(), f.drill.min_wall_ms / f.sim_hours, f.drill.cpu_ms,
        f.monitor.wall_ms, f.rss_mb);
    std::fflush(stdout);
    rows.push_back(f);
  }
  std::vector<double> n, nodes, build, recompute, drill, monitor;
  for (const Figures& f : rows) {
    n.push_back(double(f.services));
    nodes.push_back(double(f.shape.tree_nodes));
    // Fastest repetitions: on a shared machine the medians carry the neighbours' load.
    build.push_back(f.build.min_wall_ms);
    recompute.push_back(f.recompute.min_wall_ms);
    drill.push_back(f.drill.min_wall_ms / f.sim_hours);
    monitor.push_back(f.monitor.min_wall_ms);
  }
  std::printf("exponent_tree_nodes_vs_services=%.3f\n", growth_exponent(n, nodes));
  std::printf("exponent_build_vs_services=%.3f\n", growth_exponent(n, build));
  std::printf("exponent_recompute_vs_services=%.3f\n", growth_exponent(n, recompute));
  std::printf("exponent_recompute_vs_tree_nodes=%.3f\n", growth_exponent(nodes, recompute));
  std::printf("exponent_monitor_vs_services=%.3f\n", growth_exponent(n, monitor));
  std::printf("exponent_drill_vs_services=%.3f\n", growth_exponent(n, drill));
  for (const Figures& f : rows)
    std::printf("recompute_ns_per_tree_node_%zu=%.1f\n", f.services,
                1e6 * f.recompute.min_wall_ms / double(f.shape.tree_nodes));
  const auto it =
      std::find_if(rows.begin(), rows.end(), [](const Figures& f) { return f.services == 1000; });
  const Figures& head = it != rows.end() ? *it : rows.back();
  std::printf("flow_ms_per_sim_hour_%zu=%.3f\n", head.services, head.ms_per_sim_hour());
  return 0;
}

int run_files(const Config& cfg) {
  std::vector<Figures> rows;
  for (const std::string& file : cfg.files) {
    const model::Scenario s = firedrill::scenario::load_scenario(file);
    if (cfg.shape) print_shape(s);
    const bool request = cfg.request == "on" ||
                         (cfg.request == "auto" && s.services.size() <= cfg.request_max_services);
    rows.push_back(run_scenario(s, cfg, request));
    rows.back().name = std::filesystem::path(file).stem().string();
  }
  if (rows.size() == 1) {
    print_figures(rows[0]);
    std::printf("flow_ms_per_sim_hour=%.4f\n", rows[0].ms_per_sim_hour());
    return 0;
  }
  std::printf(
      "| scenario | services | tree nodes | sim h | recompute us | segments | timeline "
      "events | drill ms | ms / sim h | monitor share | request M events/s | request s / "
      "sim min |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  std::vector<double> per_hour;
  for (const Figures& f : rows) {
    std::printf("| %s | %zu | %zu | %.1f | %.1f | %zu | %zu | %.3f | %.3f | %.2f | ",
                f.name.c_str(), f.services, f.shape.tree_nodes, f.sim_hours,
                1000.0 * f.recompute.wall_ms, f.segments, f.timeline_events, f.drill.wall_ms,
                f.ms_per_sim_hour(), f.monitor.wall_ms / f.drill.wall_ms);
    if (f.request_run)
      std::printf("%.2f | %.3f |\n", double(f.request_events) / f.request_wall_s / 1e6,
                  f.request_wall_s / (f.request_sim_s / 60.0));
    else
      std::printf("- | - |\n");
    per_hour.push_back(f.ms_per_sim_hour());
  }
  std::printf("flow_ms_per_sim_hour_median=%.4f\n", median(per_hour));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  bench::TopologyOptions& t = cfg.topology;
  bool no_faults = false;
  std::uint64_t run_seed = 0;
  po::options_description desc(
      "model_bench: wall time of firedrill's flow and request levels\n"
      "Usage: model_bench [--services N | --scenario FILE... | --scaling] [options]\nOptions");
  auto add = desc.add_options();
  add("help,h", "show this help");
  add("services", po::value(&cfg.services)->default_value(cfg.services),
      "services of the generated topology (>= 20)");
  add("scenario", po::value(&cfg.files)->multitoken(),
      "scenario file(s) instead of a generated topology; several print a table");
  add("scaling", po::bool_switch(&cfg.scaling),
      "flow level on generated topologies of every --sizes, with fitted growth exponents");
  add("shape", po::bool_switch(&cfg.shape), "also print histograms of the topology's shape");
  add("drill-only", po::bool_switch(&cfg.drill_only),
      "time only whole drills, nothing else (to profile them)");
  add("sizes", po::value(&cfg.sizes)->multitoken(), "services per topology for --scaling");
  add("seed", po::value(&t.seed)->default_value(t.seed), "topology seed");
  add("run-seed", po::value(&run_seed), "drill seed (default: the scenario's)");
  add("journeys", po::value(&t.journeys)->default_value(t.journeys),
      "journeys (entry points); 0: 13% of the services");
  add("teams", po::value(&t.teams)->default_value(t.teams), "teams; 0: services / 200, 1 to 8");
  add("min-depth", po::value(&t.min_depth)->default_value(t.min_depth), "least call-tree depth");
  add("max-depth", po::value(&t.max_depth)->default_value(t.max_depth), "greatest call-tree depth");
  add("fanout-exponent", po::value(&t.fanout_exponent)->default_value(t.fanout_exponent),
      "Zipf exponent of the fan-out");
  add("max-fanout", po::value(&t.max_fanout)->default_value(t.max_fanout), "largest fan-out");
  add("profile-steps", po::value(&t.profile_steps)->default_value(t.profile_steps),
      "traffic steps (+12.5% each) of every journey over the drill");
  add("no-faults", po::bool_switch(&no_faults), "generate no scheduled faults");
  add("replica-mttf-days", po::value(&t.replica_mttf_days)->default_value(0.0),
      "> 0: every replica also crashes at random with this MTTF (MTTR 10 min)");
  add("hours", po::value(&cfg.hours)->default_value(cfg.hours),
      "drill length of a generated topology");
  add("reps", po::value(&cfg.reps)->default_value(cfg.reps), "timed repetitions (median)");
  add("min-block-ms", po::value(&cfg.min_block_ms)->default_value(cfg.min_block_ms),
      "repeat anything shorter in a block of at least this long");
  add("request", po::value(&cfg.request)->default_value(cfg.request),
      "request level: auto (up to --request-max-services), on, off");
  add("request-max-services",
      po::value(&cfg.request_max_services)->default_value(cfg.request_max_services),
      "largest scenario the request level runs on with --request auto");
  add("request-warmup-s", po::value(&cfg.request_warmup_s)->default_value(cfg.request_warmup_s),
      "request level: simulated warm-up, s");
  add("request-window-s", po::value(&cfg.request_window_s)->default_value(cfg.request_window_s),
      "request level: simulated measurement window, s");
  po::variables_map vm;
  if (const auto status = firedrill::bench::parse_options(argc, argv, desc, "model_bench", vm))
    return *status;
  if (vm.count("run-seed")) cfg.run_seed = run_seed;
  t.faults = !no_faults;
  if (cfg.reps < 1 || cfg.hours <= 0 || cfg.services < 20 || cfg.sizes.empty() ||
      (cfg.request != "auto" && cfg.request != "on" && cfg.request != "off")) {
    std::cerr << "model_bench: need --reps >= 1, --hours > 0, --services >= 20, "
                 "--request auto|on|off\n";
    return 2;
  }
  try {
    if (cfg.scaling) return run_scaling(cfg);
    if (!cfg.files.empty()) return run_files(cfg);
    const bool request =
        cfg.request == "on" || (cfg.request == "auto" && cfg.services <= cfg.request_max_services);
    const Figures f = run_generated(cfg, cfg.services, request && !cfg.drill_only);
    if (cfg.drill_only) {
      std::printf("drill_wall_ms=%.3f\ndrill_segments=%zu\ndrill_timeline_events=%zu\n",
                  f.drill.wall_ms, f.segments, f.timeline_events);
      return 0;
    }
    print_figures(f);
    std::printf("flow_ms_per_sim_hour_%zu=%.3f\n", f.services, f.ms_per_sim_hour());
  } catch (const std::exception& e) {
    std::cerr << "model_bench: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
