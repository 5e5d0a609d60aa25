#pragma once
// Synthetic probes (Prometheus' blackbox exporter): one request to a journey or a service every
// probe interval, succeeding or failing as the steady state says, and an alert on consecutive
// failures.

#include <cstddef>
#include <optional>
#include <vector>

#include "sim/engine/random_streams.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// Returns the chance that one request of probe `probe` fails in steady state `segment`: with
// e the target's failed share (a journey's 1 − good/offered, or its entry service's error ratio
// when it has no traffic; a service's error ratio) and L the chance that a request takes longer
// than the probe's timeout, 1 − (1 − e)(1 − L). L comes from a lognormal latency through the
// segment's p50 and p99 estimates, σ = ln(p99 / p50) / z₀.₉₉ (our approximation of the flow
// model's tail); a journey's requests beyond its users' timeout already count in e, so L is 0
// when the probe waits at least that long.
double probe_failure_probability(const Scenario& scenario, const ProbeRule& probe,
                                 const Segment& segment);

// The probes of one scenario and their alerts. The caller runs probe p at k × its interval
// (k >= 1) with the probe's own random stream.
class Probes {
 public:
  explicit Probes(const Scenario& scenario);

  // Sends one request of probe `p` at `now` against `segment`, drawing exactly one uniform from
  // `rng` (so the stream's position never depends on the outcome), and returns the alert's
  // transition, if any: pending at the first failure (when more than one is needed), firing at
  // the failures_to_alert-th consecutive failure, resolved at the first success after firing. A
  // pending alert that meets a success goes back to inactive silently, as Prometheus' does. The
  // transition's value is the count of consecutive failures.
  std::optional<AlertTransition> probe(std::size_t p, const Segment& segment,
                                       engine::RandomStreams::Engine& rng, SimTime now);

 private:
  struct State {
    int failures = 0;  // consecutive
    bool firing = false;
  };
  const Scenario& scenario_;
  std::vector<State> state_;
};

}  // namespace firedrill::model
