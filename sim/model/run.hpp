#pragma once
// One replication of a scenario: the discrete-event loop over the world (flow model, faults,
// monitor, pager, responders, comms, incidents), publishing to a TraceSink.

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

class World;

// How the world computes each steady state: by the flow model's formulas (fast, the default),
// or by simulating individual requests through the call graph (model::simulate_requests) for
// kRequestLevelWindow after kRequestLevelWarmup of simulated traffic (small scenarios,
// validation). Alerts, people and scoring then run on that telemetry unchanged.
enum class Fidelity { Flow, Request };
constexpr SimTime kRequestLevelWarmup = std::chrono::seconds(30);
constexpr SimTime kRequestLevelWindow = std::chrono::seconds(120);

// A run of `scenario` with `seed`. Owns the whole state of the world, the event queue and the
// random streams; the scenario must outlive it. Publishes every timeline event and every
// steady-state segment to `sink` (not owned; may be null).
class Run {
 public:
  Run(const Scenario& scenario, std::uint64_t seed, TraceSink* sink,
      Fidelity fidelity = Fidelity::Flow);
  ~Run();
  Run(Run&&) noexcept;
  Run& operator=(Run&&) noexcept;

  SimTime now() const;
  bool finished() const;
  // Every fault of the run (see RunRecord::faults), known from the start.
  const std::vector<Fault>& faults() const;

  // Runs every event up to and including time `t` (capped at the run's duration), then moves
  // the clock to `t`.
  void run_until(SimTime t);
  void run_to_end();

 private:
  std::unique_ptr<World> world_;
};

// Runs `scenario` with `seed` to its end and returns the record.
RunRecord simulate(const Scenario& scenario, std::uint64_t seed,
                   Fidelity fidelity = Fidelity::Flow);

}  // namespace firedrill::model
