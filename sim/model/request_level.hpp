#pragma once
// The request-level fidelity: one steady state of the call graph simulated request by request,
// to validate the flow model (FlowModel) against queueing theory and against itself.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/model/flow.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// How a request-level run is measured and what it may differ in from the flow model.
struct RequestLevelOptions {
  SimTime warmup = std::chrono::seconds(60);     // simulated, then discarded
  SimTime duration = std::chrono::seconds(600);  // measurement window after the warm-up
  std::uint64_t seed = 1;
  // The window is cut into this many equal batches for batch-means confidence intervals.
  // REQUIRES: >= 2.
  std::size_t batches = 20;
  // Waiting room per service (requests queued, not in service); an arrival that finds it full is
  // rejected at once. nullopt: default_queue_limit plus the flow model's backlog_limit, or
  // unbounded when that is (docs/model-validation.md, "Overload").
  std::optional<std::size_t> queue_limit;
  // true (realistic): a visit whose own work fails, or one of whose hard calls fails, answers at
  // once and makes no further calls. false: every call is made, as the flow model assumes.
  bool stop_on_failure = true;
};

// A long-run mean with the standard error of its estimate: the ratio of sums over the window,
// with the variance of batch means (classical ratio estimator; Law, Simulation Modeling and
// Analysis, ch. 9). `batches` is the number of batches, so the t quantile has batches − 1
// degrees of freedom.
struct Estimate {
  double value = 0.0;
  double std_error = 0.0;  // +infinity when nothing was observed
  std::size_t batches = 0;

  // Returns the half-width of the two-sided confidence interval at `confidence` (e.g. 0.95),
  // from Student's t with batches − 1 degrees of freedom. REQUIRES: 0 < confidence < 1.
  double half_width(double confidence = 0.95) const;

  friend bool operator==(const Estimate&, const Estimate&) = default;
};

// What a service did in the measurement window. A visit is one call's execution (or a journey's
// entry) at the service; it belongs to the window if it arrived in it. The "station" is the
// M/M/c queue of the service's healthy replicas: FIFO wait, then an Exp(capacity_rps) service.
struct ServiceStats {
  int servers = 0;              // healthy replicas, c
  std::size_t queue_limit = 0;  // waiting room used
  double arrivals = 0;          // visits
  double arrival_rps = 0.0;
  double rejected = 0;          // visits turned away: no healthy replica or a full queue
  Estimate mean_wait_ms;        // wait in queue of admitted visits
  Estimate p_wait;              // share of admitted visits that found every server busy
  Estimate mean_sojourn_ms;     // wait + service time at the station (M/M/c's W)
  Estimate mean_in_system;      // time-average number at the station, queued + in service (L)
  Estimate utilisation;         // time-average busy servers / c
  Estimate mean_response_ms;    // what callers wait for: own latency and the visit's calls
  double p50_response_ms = 0.0;  // its median and 99th percentile (P² estimates), ms
  double p99_response_ms = 0.0;
  Estimate error_ratio;         // share of visits answered with an error (own, hard calls, rejected)

  friend bool operator==(const ServiceStats&, const ServiceStats&) = default;
};

// What users of one journey saw in the measurement window (requests that arrived in it).
struct JourneyStats {
  double offered = 0;  // requests
  double offered_rps = 0.0;
  double good = 0;
  Estimate error_ratio;
  Estimate mean_latency_ms;  // end-to-end, failed requests included
  double p50_latency_ms = 0.0;  // its median and 99th percentile (P² estimates), ms
  double p99_latency_ms = 0.0;

  friend bool operator==(const JourneyStats&, const JourneyStats&) = default;
};

struct RequestLevelResult {
  std::vector<JourneyStats> journeys;  // indexed like Scenario::journeys
  std::vector<ServiceStats> services;  // indexed like Scenario::services
  std::uint64_t events = 0;            // events taken off the queue, stale timeouts included

  friend bool operator==(const RequestLevelResult&, const RequestLevelResult&) = default;
};

// Simulates individual requests through `scenario` held at the steady state `state` for
// options.warmup + options.duration, and returns what the measurement window saw. The semantics
// are the flow model's (FlowModel) made concrete; docs/model-validation.md says where they agree
// and where the flow model is knowingly coarser.
// - Journey j's requests arrive as a Poisson process at state.journey_rate_rps[j] at its entry
//   service and walk FlowModel::call_tree(j). A visit first does its own work, then makes its
//   calls one at a time in tree order; a call with calls_per_parent k is made ⌊k⌋ times, plus
//   once more with probability k − ⌊k⌋. Disabled calls are skipped.
// - A service is an M/M/c station: c = max(0, replicas − crashed + extra) servers, one FIFO
//   queue, service times Exp(μ), μ = capacity_rps × capacity_factor. Own latency = wait +
//   service time + a fixed delay unloaded_latency_ms − 1000/μ + the injected latency (the delay
//   holds no server), so its mean is the flow model's unloaded latency + injected latency + Wq.
//   With c = 0 (or μ = 0) a visit is rejected: it answers with an error at once. An arrival
//   that finds the waiting room (default_queue_limit + backlog_limit) full is rejected too;
//   without a queue_limit or load_shedding the queue is unbounded and overload is congestion
//   collapse. options.queue_limit overrides both.
// - Own work fails with probability injected_error_ratio. An attempt of a call fails when the
//   callee answers with an error, when call_error_ratio fails the answer on its way back (the
//   callee did the work), or when no answer came within timeout_ms: the caller stops waiting and
//   moves on while the callee keeps working. A failed attempt is retried, after a fixed
//   retry_backoff_ms, up to `retries` times; a retry_budget is a token bucket per call edge
//   (each first attempt deposits the budget, each retry takes a token, at most 10 banked). A
//   call fails when its last attempt does: a failed hard call fails the visit, a soft call's
//   failure is ignored. See options.stop_on_failure.
// - The user gives up after the journey's timeout_ms: the request counts as failed, with that
//   latency, while the entry visit keeps working.
// Deterministic for a given seed: random streams "arrivals", "service", "failures", "fanout".
// Cost: about three events per visit; 8–12 M events/s on one core.
// REQUIRES: state is sized like scenario; options.duration > 0; options.batches >= 2.
RequestLevelResult simulate_requests(const Scenario& scenario, const FlowState& state,
                                     const RequestLevelOptions& options);

// Returns the waiting room that simulate_requests gives a service with `servers` healthy
// replicas when options.queue_limit is unset: the queue that a saturated station drains in the
// flow model's capped wait, cμ·Wq(ρ = 0.99) = C(c, 0.99c)/0.01, rounded, at least 1.
// REQUIRES: servers >= 1.
std::size_t default_queue_limit(int servers);

}  // namespace firedrill::model
