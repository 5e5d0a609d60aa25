#pragma once
// Structural checks of the exports, shared by the tests on hand-made records and on bundled
// scenario runs: what the Trace Event Format and Perfetto's JSON importer require of a trace,
// and that its counters say what the exact integrals say.

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scoring/integrals.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring::testing {

using nlohmann::json;
using Thread = std::pair<std::int64_t, std::int64_t>;  // (pid, tid)

inline std::int64_t micros(double seconds) { return engine::from_seconds(seconds).count() * 1000; }

// Checks the trace's shape: every event has ph, ts, pid and tid; complete events have dur >= 0,
// come in time order on each thread and nest perfectly there (the format's rule); every thread
// and process that events use is named by metadata; nothing lies outside [0, run end].
inline void check_trace_structure(const json& trace, const model::RunRecord& record) {
  REQUIRE(trace.is_object());
  CHECK(trace.at("displayTimeUnit") == "ms");
  const json& events = trace.at("traceEvents");
  REQUIRE(events.is_array());
  const std::int64_t end_us = record.duration.count() * 1000;
  std::set<Thread> named_threads, used_threads;
  std::set<std::int64_t> named_processes, used_processes;
  std::map<Thread, std::vector<std::int64_t>> open;  // per thread: ends of open X events
  std::map<Thread, std::int64_t> last_start;
  for (const json& e : events) {
    INFO(e.dump());
    REQUIRE(e.contains("ph"));
    REQUIRE(e.at("ts").is_number_integer());
    REQUIRE(e.at("pid").is_number_integer());
    REQUIRE(e.at("tid").is_number_integer());
    const std::string ph = e["ph"];
    const std::int64_t ts = e["ts"];
    const Thread thread{e["pid"], e["tid"]};
    CHECK(ts >= 0);
    CHECK(ts <= end_us);
    if (ph == "M") {
      const std::string name = e.at("name");
      if (name == "thread_name") named_threads.insert(thread);
      if (name == "process_name") named_processes.insert(thread.first);
      CHECK(e.at("args").is_object());
      continue;
    }
    used_processes.insert(thread.first);
    REQUIRE(e.at("name").is_string());
    if (ph == "X") {
      used_threads.insert(thread);
      REQUIRE(e.at("dur").is_number_integer());
      const std::int64_t dur = e["dur"];
      CHECK(dur >= 0);
      CHECK(ts + dur <= end_us);
      if (last_start.contains(thread)) CHECK(ts >= last_start[thread]);
      last_start[thread] = ts;
      auto& ends = open[thread];
      while (!ends.empty() && ends.back() <= ts) ends.pop_back();
      if (!ends.empty()) CHECK(ts + dur <= ends.back());
      ends.push_back(ts + dur);
    } else if (ph == "i") {
      used_threads.insert(thread);
      CHECK(e.at("s") == "t");
    } else if (ph == "C") {
      REQUIRE(e.at("args").is_object());
      for (const auto& [key, value] : e["args"].items()) CHECK(value.is_number());
    } else {
      FAIL("unexpected phase " << ph);
    }
  }
  for (const Thread& t : used_threads) {
    INFO("pid " << t.first << " tid " << t.second);
    CHECK(named_threads.contains(t));
  }
  for (std::int64_t pid : used_processes) {
    INFO("pid " << pid);
    CHECK(named_processes.contains(pid));
  }
}

// The samples of counter `name`: (ts, value) in file order.
inline std::vector<std::pair<std::int64_t, double>> counter_samples(const json& trace,
                                                                    const std::string& name) {
  std::vector<std::pair<std::int64_t, double>> samples;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "C" && e["name"] == name)
      samples.emplace_back(e["ts"].get<std::int64_t>(), e["args"]["value"].get<double>());
  return samples;
}

// The counter's value at `ts_us` as a viewer shows it: the last sample at or before it.
inline double counter_at(const std::vector<std::pair<std::int64_t, double>>& samples,
                         std::int64_t ts_us) {
  double value = 0.0;
  for (const auto& [ts, v] : samples)
    if (ts <= ts_us) value = v;
  return value;
}

// Checks every journey's counters against the exact integrals: the error budget consumed at
// each sample equals failed_requests([0, ts)) / error_budget_requests, the error ratio at the
// start of each segment equals that segment's failed share, and between samples it holds.
inline void check_trace_counters(const json& trace, const model::Scenario& scenario,
                                 const model::RunRecord& record) {
  for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
    const model::Journey& journey = scenario.journeys[j];
    INFO(journey.name);
    const double budget = error_budget_requests(journey);
    const auto consumed = counter_samples(trace, journey.name + " error budget consumed");
    if (budget > 0.0) {
      REQUIRE_FALSE(consumed.empty());
      CHECK(consumed.front().first == 0);
      CHECK(consumed.back().first == record.duration.count() * 1000);
      for (const auto& [ts, value] : consumed) {
        const double failed = failed_requests(record.segments, j, {SimTime{0}, SimTime{ts / 1000}});
        CHECK(value == Approx(failed / budget).epsilon(1e-9).margin(1e-12));
      }
    } else {
      CHECK(consumed.empty());
    }
    const auto ratio = counter_samples(trace, journey.name + " error ratio");
    REQUIRE_FALSE(ratio.empty());
    for (const model::Segment& seg : record.segments) {
      if (seg.end <= seg.start) continue;
      const model::JourneyFlow& flow = seg.journeys[j];
      const double share = flow.offered_rps > 0
                               ? std::max(0.0, flow.offered_rps - flow.good_rps) / flow.offered_rps
                               : 0.0;
      CHECK(counter_at(ratio, seg.start.count() * 1000) == Approx(share).margin(1e-12));
      CHECK(counter_at(ratio, seg.end.count() * 1000 - 1) == Approx(share).margin(1e-12));
    }
  }
}

// Returns the complete events of the thread named `thread` (in process `pid`), in file order.
inline std::vector<json> spans_on(const json& trace, std::int64_t pid, const std::string& thread) {
  std::optional<std::int64_t> tid;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == pid &&
        e["args"]["name"] == thread)
      tid = e["tid"].get<std::int64_t>();
  std::vector<json> spans;
  if (!tid) return spans;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "X" && e["pid"] == pid && e["tid"] == *tid) spans.push_back(e);
  return spans;
}

// The same for instant events.
inline std::vector<json> instants_on(const json& trace, std::int64_t pid,
                                     const std::string& thread) {
  std::optional<std::int64_t> tid;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == pid &&
        e["args"]["name"] == thread)
      tid = e["tid"].get<std::int64_t>();
  std::vector<json> instants;
  if (!tid) return instants;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "i" && e["pid"] == pid && e["tid"] == *tid) instants.push_back(e);
  return instants;
}

// Checks a DOT text's shape: a digraph with rankdir=LR, a node per service and an edge per call,
// and on every line an even number of unescaped double quotes (every string closed).
inline void check_dot_structure(const std::string& dot, const model::Scenario& scenario) {
  REQUIRE(dot.rfind("digraph \"", 0) == 0);
  CHECK(dot.ends_with("}\n"));
  CHECK(dot.find("rankdir=LR") != std::string::npos);
  std::size_t nodes = 0, edges = 0;
  std::size_t begin = 0;
  while (begin < dot.size()) {
    const std::size_t end = dot.find('\n', begin);
    const std::string line = dot.substr(begin, end - begin);
    begin = end == std::string::npos ? dot.size() : end + 1;
    INFO(line);
    std::size_t quotes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;  // an escaped character
      } else if (line[i] == '"') {
        ++quotes;
      }
    }
    CHECK(quotes % 2 == 0);
    if (line.rfind("  s", 0) == 0) (line.find(" -> ") != std::string::npos ? edges : nodes)++;
  }
  CHECK(nodes == scenario.services.size());
  CHECK(edges == scenario.calls.size());
}

}  // namespace firedrill::scoring::testing
