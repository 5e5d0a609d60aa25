#include "sim/model/request_level.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <variant>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/p_square_quantile.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>

#include "sim/engine/check.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/model/queueing.hpp"

namespace firedrill::model {
namespace {

// The flow model holds its queueing delay constant above this utilisation (flow.cpp); the
// default waiting room reproduces that delay for a saturated service.
constexpr double kFlowQueueingCap = kMaxQueueingUtilisation;

// The request level's EventQueue counts ticks of one nanosecond of modelled time in SimTime's
// integer. Service times of a few milliseconds rounded to whole milliseconds would bias every
// queue (ties, an atom at zero); rounded to nanoseconds the bias is below 1e-6 of a service time.
// The tick never leaves this file: options and results are in milliseconds.
using Tick = std::int64_t;
constexpr double kTicksPerMs = 1e6;
Tick ticks_from_ms(double ms) { return std::llround(ms * kTicksPerMs); }
double ms_from_ticks(Tick t) { return static_cast<double>(t) / kTicksPerMs; }
Tick ticks_from(SimTime t) { return t.count() * static_cast<Tick>(kTicksPerMs); }

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Tokens a retry budget can bank while failures are rare: a burst allowance. It bounds how far
// the short-run retry rate can exceed the budget, not the long-run rate.
constexpr double kRetryBucketCap = 10.0;

constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();

// The events: plain data naming pooled visits by slot, so the queue is a copyable value.
namespace event {
struct Arrival {  // a user request enters journey `journey`
  std::uint32_t journey;
};
struct ServiceDone {  // a server finished the visit's service time
  std::uint32_t visit;
};
struct DelayDone {  // the visit's fixed delay passed: its own work is done
  std::uint32_t visit;
};
struct Timeout {  // the visit stops waiting for call `call` (stale unless it still waits for it)
  std::uint32_t visit;
  std::uint64_t call;
};
struct RetryDue {  // the visit's backoff passed: it makes its next attempt
  std::uint32_t visit;
};
struct UserTimeout {  // the user of entry visit `call` gives up (stale once it was answered)
  std::uint32_t visit;
  std::uint64_t call;
};
}  // namespace event
using Event = std::variant<event::Arrival, event::ServiceDone, event::DelayDone, event::Timeout,
                           event::RetryDue, event::UserTimeout>;

// One node of a journey's call tree, compiled for walking: children as a sibling list.
struct TreeNode {
  std::uint32_t service = 0;
  std::uint32_t first_child = kNone;
  std::uint32_t next_sibling = kNone;
  // The call from the parent (unused at the root).
  std::uint32_t call = kNone;  // index into Scenario::calls
  bool hard = true;
  bool disabled = false;
  std::uint32_t whole_calls = 1;  // ⌊calls_per_parent⌋
  double extra_call_p = 0.0;      // calls_per_parent − ⌊calls_per_parent⌋
  double call_error_p = 0.0;
  Tick timeout = 0;
  int retries = 0;
  Tick backoff = 0;
};

// One execution of a tree node at its service. Pooled: a slot is reused once released.
struct Visit {
  Tick arrived = 0;
  std::uint64_t call = 0;      // id of the call (or user request) that created it, unique
  std::uint64_t awaiting = 0;  // id of the call it waits for; 0 when none (also when released)
  std::uint32_t journey = 0;
  std::uint32_t node = 0;
  std::uint32_t parent = kNone;  // the caller's slot; kNone for a journey's entry
  std::uint32_t child = kNone;   // the tree node it is calling
  std::uint32_t calls_left = 0;  // calls still to make to `child`
  int attempt = 0;               // retries made of the current call
  bool retrying = false;         // the current call's last attempt failed and will be retried
  bool queued = false;           // found every server busy
  bool failed = false;
  bool measured = false;      // arrived in the measurement window
  bool user_waiting = false;  // a journey's entry whose user has not given up
};

// A growable FIFO ring of visit slots: no allocation once it has reached its peak length.
class Fifo {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  void push(std::uint32_t v) {
    if (size_ == buf_.size()) {
      std::vector<std::uint32_t> grown(std::max<std::size_t>(16, 2 * buf_.size()));
      for (std::size_t i = 0; i < size_; ++i) grown[i] = buf_[(head_ + i) % buf_.size()];
      buf_ = std::move(grown);
      head_ = 0;
    }
    buf_[(head_ + size_) % buf_.size()] = v;
    ++size_;
  }
  std::uint32_t pop() {
    const std::uint32_t v = buf_[head_];
    head_ = (head_ + 1) % buf_.size();
    --size_;
    return v;
  }

 private:
  std::vector<std::uint32_t> buf_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

// Sums per batch of an observation and of its weight (count, or time for time averages).
struct BatchSums {
  std::vector<double> x, n;
  explicit BatchSums(std::size_t batches = 0) : x(batches, 0.0), n(batches, 0.0) {}
  void add(std::size_t b, double xv, double nv) {
    x[b] += xv;
    n[b] += nv;
  }
  // The ratio estimator Σx/Σn with its batch-means standard error:
  // Var ≈ Σ_b (x_b − R n_b)² / (B (B − 1)) / n̄² (Law, Simulation Modeling and Analysis, ch. 9).
  Estimate estimate() const {
    const std::size_t batches = x.size();
    double sx = 0.0, sn = 0.0;
    for (std::size_t b = 0; b < batches; ++b) {
      sx += x[b];
      sn += n[b];
    }
    Estimate e;
    e.batches = batches;
    if (sn <= 0.0) {
      e.std_error = std::numeric_limits<double>::infinity();
      return e;
    }
    e.value = sx / sn;
    double ss = 0.0;
    for (std::size_t b = 0; b < batches; ++b) {
      const double r = x[b] - e.value * n[b];
      ss += r * r;
    }
    const double bd = static_cast<double>(batches);
    e.std_error = std::sqrt(ss / (bd * (bd - 1.0))) / (sn / bd);
    return e;
  }
};

// The median and 99th percentile of a stream of latencies: the P² algorithm (Jain & Chlamtac,
// CACM 1985), through Boost.Accumulators, in constant memory.
class LatencyQuantiles {
 public:
  void add(double ms) {
    p50_(ms);
    p99_(ms);
  }
  double p50() const { return boost::accumulators::p_square_quantile(p50_); }
  double p99() const { return boost::accumulators::p_square_quantile(p99_); }

 private:
  using Acc = boost::accumulators::accumulator_set<
      double, boost::accumulators::stats<boost::accumulators::tag::p_square_quantile>>;
  Acc p50_{boost::accumulators::quantile_probability = 0.5};
  Acc p99_{boost::accumulators::quantile_probability = 0.99};
};

struct Station {
  int servers = 0;
  int busy = 0;
  std::size_t queue_limit = 0;
  Fifo queue;
  double mean_service_ms = 0.0;
  Tick delay = 0;  // fixed part of the own latency, holds no server
  double error_p = 0.0;
  Tick last_change = 0;  // time-average accounting is up to date until here
  // Measurement.
  BatchSums visits, admitted, waited, wait_ms, sojourn_ms, response_ms, errors;
  BatchSums in_system_area, busy_area;  // x: request·ms, n: ms (× servers for busy)
  LatencyQuantiles response_quantiles;
  double rejected = 0;
};

struct JourneyAcc {
  double rate_rps = 0.0;
  Tick user_timeout = 0;
  BatchSums requests, failed, latency_ms;
  LatencyQuantiles quantiles;
};

// A retry budget as a token bucket per call edge (Finagle's RetryBudget, gRPC's retry
// throttling): each first attempt deposits `per_call` tokens, each retry takes one.
struct RetryBucket {
  std::optional<double> per_call;  // nullopt: retries are not budgeted
  double tokens = kRetryBucketCap;
};

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

class RequestSimulation {
 public:
  RequestSimulation(const Scenario& scenario, const FlowState& state,
                    const RequestLevelOptions& options)
      : options_(options),
        streams_(options.seed),
        arrivals_rng_(&streams_.get("arrivals")),
        service_rng_(&streams_.get("service")),
        failures_rng_(&streams_.get("failures")),
        fanout_rng_(&streams_.get("fanout")) {
    FIREDRILL_CHECK(state.services.size() == scenario.services.size() &&
                        state.call_error_ratio.size() == scenario.calls.size() &&
                        state.call_disabled.size() == scenario.calls.size() &&
                        state.journey_rate_rps.size() == scenario.journeys.size(),
                    "simulate_requests: flow state not sized like the scenario");
    FIREDRILL_CHECK(options.batches >= 2, "simulate_requests: need at least 2 batches");
    FIREDRILL_CHECK(options.duration > SimTime{0} && options.warmup >= SimTime{0},
                    "simulate_requests: duration must be > 0 and warm-up >= 0");
    // Ticks of the whole run, drain included, times the batch count must fit in 63 bits.
    constexpr std::int64_t kMaxMs =
        std::numeric_limits<std::int64_t>::max() / static_cast<std::int64_t>(kTicksPerMs) / 4096;
    FIREDRILL_CHECK(options.warmup.count() + options.duration.count() < kMaxMs &&
                        options.batches < 1024,
                    "simulate_requests: run too long for nanosecond ticks");

    const std::size_t batches = options.batches;
    window_start_ = ticks_from(options.warmup);
    window_ticks_ = ticks_from(options.duration);
    window_end_ = window_start_ + window_ticks_;

    stations_.resize(scenario.services.size());
    for (std::size_t s = 0; s < scenario.services.size(); ++s) {
      const Service& service = scenario.services[s];
      const ServiceCondition& cond = state.services[s];
      Station& st = stations_[s];
      const double mu = service.capacity_rps * cond.capacity_factor;
      // A replica that serves nothing (capacity factor 0) is as good as none.
      st.servers = mu > 0.0 ? healthy_replicas(service, cond) : 0;
      // The M/M/c queue the flow model holds at ρ = 0.99, plus the flow model's backlog limit;
      // without one the queue is unbounded and overload collapses.
      const double backlog = backlog_limit(service, cond, st.servers);
      st.queue_limit = options.queue_limit ? *options.queue_limit
                       : st.servers == 0   ? 0
                       : std::isinf(backlog)
                           ? kUnbounded
                           : default_queue_limit(st.servers) + static_cast<std::size_t>(backlog);
      if (st.servers > 0) {
        st.mean_service_ms = 1000.0 / mu;
        st.delay = ticks_from_ms(unloaded_latency_ms(service, cond.capacity_factor) -
                                 st.mean_service_ms + std::max(0.0, cond.injected_latency_ms));
      }
      st.error_p = cond.injected_error_ratio;
      st.last_change = 0;
      for (BatchSums* b : {&st.visits, &st.admitted, &st.waited, &st.wait_ms, &st.sojourn_ms,
                           &st.response_ms, &st.errors, &st.in_system_area, &st.busy_area})
        *b = BatchSums(batches);
    }

    const FlowModel flow(scenario);
    trees_.resize(scenario.journeys.size());
    journeys_.resize(scenario.journeys.size());
    for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
      const auto& nodes = flow.call_tree(j);
      auto& tree = trees_[j];
      tree.resize(nodes.size());
      std::vector<std::uint32_t> last_child(nodes.size(), kNone);
      for (std::size_t n = 0; n < nodes.size(); ++n) {
        TreeNode& t = tree[n];
        t.service = static_cast<std::uint32_t>(nodes[n].service);
        if (nodes[n].call == FlowModel::kNoCall) continue;
        const Call& call = scenario.calls[nodes[n].call];
        t.call = static_cast<std::uint32_t>(nodes[n].call);
        t.hard = call.hard;
        t.disabled = state.call_disabled[nodes[n].call];
        const double k = std::max(0.0, nodes[n].calls_per_parent);
        t.whole_calls = static_cast<std::uint32_t>(std::floor(k));
        t.extra_call_p = k - std::floor(k);
        t.call_error_p = state.call_error_ratio[nodes[n].call];
        t.timeout = ticks_from_ms(call.timeout_ms);
        t.retries = std::max(0, call.retries);
        t.backoff = ticks_from_ms(std::max(0.0, call.retry_backoff_ms));
        // Preorder lists children in tree order; link each after its previous sibling.
        const std::size_t p = nodes[n].parent;
        const auto self = static_cast<std::uint32_t>(n);
        if (last_child[p] == kNone) {
          tree[p].first_child = self;
        } else {
          tree[last_child[p]].next_sibling = self;
        }
        last_child[p] = self;
      }
      JourneyAcc& acc = journeys_[j];
      acc.rate_rps = state.journey_rate_rps[j];
      acc.user_timeout = ticks_from_ms(scenario.journeys[j].timeout_ms);
      max_user_timeout_ = std::max(max_user_timeout_, acc.user_timeout);
      acc.requests = acc.failed = acc.latency_ms = BatchSums(batches);
    }
    buckets_.resize(scenario.calls.size());
    for (std::size_t c = 0; c < scenario.calls.size(); ++c)
      buckets_[c].per_call = scenario.calls[c].retry_budget;
    batch_len_ms_.resize(batches);
    for (std::size_t b = 0; b < batches; ++b)
      batch_len_ms_[b] = ms_from_ticks(batch_bound(b + 1) - batch_bound(b));
  }

  RequestLevelResult run() {
    for (std::size_t j = 0; j < journeys_.size(); ++j)
      if (journeys_[j].rate_rps > 0) schedule_arrival(static_cast<std::uint32_t>(j), 0);
    // After the window, keep the traffic flowing until every visit that arrived in it has
    // answered, so no measured request is cut short. Give up one window (and at least one user
    // timeout, so every measured journey request is decided) later: only a collapsing queue,
    // which has no steady state, can hold visits that long.
    const Tick drain_limit = window_end_ + window_ticks_ + max_user_timeout_;
    while (auto next = queue_.pop()) {
      now_ = next->time.count();
      if (now_ > drain_limit) break;
      ++events_;
      std::visit(Overloaded{[this](const event::Arrival& e) { on_arrival(e.journey); },
                            [this](const event::ServiceDone& e) { on_service_done(e.visit); },
                            [this](const event::DelayDone& e) { on_own_work_done(e.visit); },
                            [this](const event::Timeout& e) { on_timeout(e.visit, e.call); },
                            [this](const event::RetryDue& e) { proceed(e.visit); },
                            [this](const event::UserTimeout& e) {
                              on_user_timeout(e.visit, e.call);
                            }},
                 next->event);
      if (now_ >= window_end_ && outstanding_ == 0) break;
    }
    for (Station& st : stations_) account(st, std::max(now_, window_end_));
    return result();
  }

 private:
  // --- time and batches ---
  Tick batch_bound(std::size_t b) const {
    const auto bt = static_cast<Tick>(b);
    const auto n = static_cast<Tick>(options_.batches);
    return window_start_ + (window_ticks_ * bt + n - 1) / n;  // ⌈·⌉ so batch_of agrees
  }
  bool in_window(Tick t) const { return t >= window_start_ && t < window_end_; }
  std::size_t batch_of(Tick t) const {
    return static_cast<std::size_t>((t - window_start_) * static_cast<Tick>(options_.batches) /
                                    window_ticks_);
  }

  // Integrates the station's population and busy servers from its last change up to `to`,
  // clipped to the window and split at batch bounds.
  void account(Station& st, Tick to) {
    Tick from = std::max(st.last_change, window_start_);
    const Tick end = std::min(to, window_end_);
    const double in_system = static_cast<double>(st.busy) + static_cast<double>(st.queue.size());
    const double busy = st.busy;
    while (from < end) {
      const std::size_t b = batch_of(from);
      const Tick seg_end = std::min(end, batch_bound(b + 1));
      const double ms = ms_from_ticks(seg_end - from);
      st.in_system_area.x[b] += in_system * ms;
      st.busy_area.x[b] += busy * ms;
      from = seg_end;
    }
    st.last_change = std::max(st.last_change, to);
  }

  void schedule(Tick at, Event e) { queue_.schedule_at(SimTime{at}, e); }
  void schedule_arrival(std::uint32_t journey, Tick from) {
    const double gap_ms = 1000.0 / journeys_[journey].rate_rps * unit_exp_(*arrivals_rng_);
    schedule(from + ticks_from_ms(gap_ms), event::Arrival{journey});
  }

  // --- the visit pool ---
  std::uint32_t allocate() {
    if (!free_.empty()) {
      const std::uint32_t v = free_.back();
      free_.pop_back();
      return v;
    }
    visits_.emplace_back();
    return static_cast<std::uint32_t>(visits_.size() - 1);
  }
  void release(std::uint32_t v) {
    visits_[v].awaiting = 0;
    visits_[v].user_waiting = false;
    free_.push_back(v);
  }
  std::uint32_t new_visit(std::uint32_t journey, std::uint32_t node, std::uint32_t parent,
                          std::uint64_t call) {
    const std::uint32_t v = allocate();
    Visit& x = visits_[v];
    x = Visit{};
    x.arrived = now_;
    x.call = call;
    x.journey = journey;
    x.node = node;
    x.parent = parent;
    x.measured = in_window(now_);
    if (x.measured) ++outstanding_;
    return v;
  }
  Station& station_of(const Visit& x) { return stations_[trees_[x.journey][x.node].service]; }

  // --- the station ---
  // The visit arrives at its service; returns false when it is rejected (no healthy replica, or
  // the waiting room is full): it then answers with an error at once, which the caller handles.
  bool admit(std::uint32_t v) {
    Visit& x = visits_[v];
    Station& st = station_of(x);
    const std::size_t b = x.measured ? batch_of(x.arrived) : 0;
    if (x.measured) st.visits.add(b, 1.0, 1.0);
    if (st.servers == 0 || (st.busy == st.servers && st.queue.size() >= st.queue_limit)) {
      x.failed = true;
      if (x.measured) st.rejected += 1;
      return false;
    }
    if (x.measured) st.admitted.add(b, 1.0, 1.0);
    account(st, now_);
    if (st.busy < st.servers) {
      ++st.busy;
      start_service(v, st);
    } else {
      x.queued = true;
      st.queue.push(v);
    }
    return true;
  }

  void start_service(std::uint32_t v, Station& st) {
    const Visit& x = visits_[v];
    if (x.measured) {
      const std::size_t b = batch_of(x.arrived);
      st.waited.add(b, x.queued ? 1.0 : 0.0, 1.0);
      st.wait_ms.add(b, ms_from_ticks(now_ - x.arrived), 1.0);
    }
    schedule(now_ + ticks_from_ms(st.mean_service_ms * unit_exp_(*service_rng_)),
             event::ServiceDone{v});
  }

  void on_service_done(std::uint32_t v) {
    Visit& x = visits_[v];
    Station& st = station_of(x);
    account(st, now_);
    if (!st.queue.empty()) {
      start_service(st.queue.pop(), st);
    } else {
      --st.busy;
    }
    if (x.measured) st.sojourn_ms.add(batch_of(x.arrived), ms_from_ticks(now_ - x.arrived), 1.0);
    if (st.delay > 0) {
      schedule(now_ + st.delay, event::DelayDone{v});
    } else {
      on_own_work_done(v);
    }
  }

  // --- a visit's life after its own work ---
  void on_own_work_done(std::uint32_t v) {
    Visit& x = visits_[v];
    const Station& st = station_of(x);
    if (st.error_p > 0.0 && boost::random::bernoulli_distribution<double>(st.error_p)(*failures_rng_))
      x.failed = true;
    x.child = trees_[x.journey][x.node].first_child;
    x.calls_left = x.child == kNone ? 0 : calls_to(x.journey, x.child);
    proceed(v);
  }

  std::uint32_t calls_to(std::uint32_t journey, std::uint32_t node) {
    const TreeNode& t = trees_[journey][node];
    if (t.disabled) return 0;
    std::uint32_t k = t.whole_calls;
    if (t.extra_call_p > 0.0 &&
        boost::random::bernoulli_distribution<double>(t.extra_call_p)(*fanout_rng_))
      ++k;
    return k;
  }

  // Makes the visit's next call (or its next attempt of the current one), or answers once no
  // call is left or a failure stops it.
  void proceed(std::uint32_t v) {
    for (;;) {
      Visit& x = visits_[v];
      if (x.failed && options_.stop_on_failure) break;
      if (x.retrying) {
        x.retrying = false;
        ++x.attempt;
      } else {
        while (x.child != kNone && x.calls_left == 0) {
          x.child = trees_[x.journey][x.child].next_sibling;
          if (x.child != kNone) x.calls_left = calls_to(x.journey, x.child);
        }
        if (x.child == kNone) break;
        --x.calls_left;
        x.attempt = 0;
        RetryBucket& bucket = buckets_[trees_[x.journey][x.child].call];
        if (bucket.per_call) bucket.tokens = std::min(kRetryBucketCap, bucket.tokens + *bucket.per_call);
      }
      const std::uint32_t journey = x.journey, node = x.child;
      const std::uint32_t c = new_visit(journey, node, v, ++last_call_id_);
      // new_visit may grow the pool: `x` is not used below.
      if (!admit(c)) {
        record_answer(c);
        release(c);
        if (!call_done(v, false)) return;
        continue;
      }
      visits_[v].awaiting = visits_[c].call;
      schedule(now_ + trees_[journey][node].timeout, event::Timeout{v, visits_[c].call});
      return;
    }
    answer(v);
  }

  // The visit's current attempt succeeded (`ok`) or failed. A failed attempt is retried while
  // retries and the call's budget last; otherwise a failed hard call fails the visit. Returns
  // false when a backoff must pass first (a RetryDue event will resume the visit).
  bool call_done(std::uint32_t v, bool ok) {
    Visit& x = visits_[v];
    const TreeNode& t = trees_[x.journey][x.child];
    if (ok) return true;
    if (x.attempt < t.retries && take_retry_token(t.call)) {
      x.retrying = true;
      if (t.backoff == 0) return true;
      schedule(now_ + t.backoff, event::RetryDue{v});
      return false;
    }
    if (t.hard) x.failed = true;
    return true;
  }

  bool take_retry_token(std::uint32_t call) {
    RetryBucket& bucket = buckets_[call];
    if (!bucket.per_call) return true;
    if (bucket.tokens < 1.0) return false;
    bucket.tokens -= 1.0;
    return true;
  }

  void on_timeout(std::uint32_t v, std::uint64_t call) {
    Visit& x = visits_[v];
    if (x.awaiting != call) return;  // answered in time, or the slot was reused
    x.awaiting = 0;
    if (call_done(v, false)) proceed(v);
  }

  void record_answer(std::uint32_t v) {
    const Visit& x = visits_[v];
    if (!x.measured) return;
    Station& st = station_of(x);
    const std::size_t b = batch_of(x.arrived);
    st.response_ms.add(b, ms_from_ticks(now_ - x.arrived), 1.0);
    st.response_quantiles.add(ms_from_ticks(now_ - x.arrived));
    st.errors.add(b, x.failed ? 1.0 : 0.0, 1.0);
    --outstanding_;
  }

  void record_journey(const Visit& x, bool failed) {
    if (!x.measured) return;
    JourneyAcc& acc = journeys_[x.journey];
    const std::size_t b = batch_of(x.arrived);
    acc.requests.add(b, 1.0, 1.0);
    acc.failed.add(b, failed ? 1.0 : 0.0, 1.0);
    acc.latency_ms.add(b, ms_from_ticks(now_ - x.arrived), 1.0);
    acc.quantiles.add(ms_from_ticks(now_ - x.arrived));
  }

  // The visit answers its caller (or its user): the caller continues if it still waits.
  void answer(std::uint32_t v) {
    record_answer(v);
    const Visit x = visits_[v];
    release(v);
    if (x.parent == kNone) {
      if (x.user_waiting) record_journey(x, x.failed);
      return;
    }
    Visit& caller = visits_[x.parent];
    if (caller.awaiting != x.call) return;  // the caller timed out and moved on
    caller.awaiting = 0;
    const TreeNode& t = trees_[x.journey][x.node];
    bool ok = !x.failed;
    if (ok && t.call_error_p > 0.0 &&
        boost::random::bernoulli_distribution<double>(t.call_error_p)(*failures_rng_))
      ok = false;
    if (call_done(x.parent, ok)) proceed(x.parent);
  }

  void on_user_timeout(std::uint32_t v, std::uint64_t call) {
    Visit& x = visits_[v];
    if (x.call != call || !x.user_waiting) return;  // answered in time
    x.user_waiting = false;
    record_journey(x, true);  // the entry visit goes on working, unseen
  }

  void on_arrival(std::uint32_t journey) {
    schedule_arrival(journey, now_);
    const std::uint64_t call = ++last_call_id_;
    const std::uint32_t v = new_visit(journey, 0, kNone, call);
    visits_[v].user_waiting = true;
    if (!admit(v)) {
      answer(v);
      return;
    }
    schedule(now_ + journeys_[journey].user_timeout, event::UserTimeout{v, call});
  }

  // --- results ---
  RequestLevelResult result() const {
    RequestLevelResult r;
    r.events = events_;
    const double window_s = ms_from_ticks(window_ticks_) / 1000.0;
    for (const JourneyAcc& acc : journeys_) {
      JourneyStats js;
      js.offered = sum(acc.requests.x);
      js.offered_rps = js.offered / window_s;
      js.good = js.offered - sum(acc.failed.x);
      js.error_ratio = acc.failed.estimate();
      js.mean_latency_ms = acc.latency_ms.estimate();
      js.p50_latency_ms = acc.quantiles.p50();
      js.p99_latency_ms = acc.quantiles.p99();
      r.journeys.push_back(js);
    }
    for (const Station& st : stations_) {
      ServiceStats ss;
      ss.servers = st.servers;
      ss.queue_limit = st.queue_limit;
      ss.arrivals = sum(st.visits.x);
      ss.arrival_rps = ss.arrivals / window_s;
      ss.rejected = st.rejected;
      ss.mean_wait_ms = st.wait_ms.estimate();
      ss.p_wait = st.waited.estimate();
      ss.mean_sojourn_ms = st.sojourn_ms.estimate();
      ss.mean_response_ms = st.response_ms.estimate();
      ss.p50_response_ms = st.response_quantiles.p50();
      ss.p99_response_ms = st.response_quantiles.p99();
      ss.error_ratio = st.errors.estimate();
      BatchSums in_system = st.in_system_area, busy = st.busy_area;
      for (std::size_t b = 0; b < batch_len_ms_.size(); ++b) {
        in_system.n[b] = batch_len_ms_[b];
        busy.n[b] = batch_len_ms_[b] * st.servers;
      }
      ss.mean_in_system = in_system.estimate();
      ss.utilisation = busy.estimate();
      r.services.push_back(ss);
    }
    return r;
  }
  static double sum(const std::vector<double>& v) {
    double s = 0.0;
    for (const double x : v) s += x;
    return s;
  }

  RequestLevelOptions options_;
  engine::RandomStreams streams_;
  // Stable: RandomStreams keeps each stream in a node of a std::map.
  engine::RandomStreams::Engine* arrivals_rng_;
  engine::RandomStreams::Engine* service_rng_;
  engine::RandomStreams::Engine* failures_rng_;
  engine::RandomStreams::Engine* fanout_rng_;
  boost::random::exponential_distribution<double> unit_exp_{1.0};

  engine::EventQueue<Event> queue_;
  Tick now_ = 0;
  Tick window_start_ = 0, window_ticks_ = 0, window_end_ = 0;
  std::vector<double> batch_len_ms_;

  std::vector<std::vector<TreeNode>> trees_;  // per journey
  std::vector<Station> stations_;             // per service
  std::vector<JourneyAcc> journeys_;
  std::vector<RetryBucket> buckets_;  // per call
  Tick max_user_timeout_ = 0;
  std::vector<Visit> visits_;
  std::vector<std::uint32_t> free_;
  std::uint64_t last_call_id_ = 0;
  std::uint64_t outstanding_ = 0;  // measured visits that have not answered yet
  std::uint64_t events_ = 0;
};

}  // namespace

double Estimate::half_width(double confidence) const {
  FIREDRILL_CHECK(confidence > 0.0 && confidence < 1.0, "half_width: confidence in (0, 1)");
  if (!std::isfinite(std_error) || batches < 2) return std::numeric_limits<double>::infinity();
  const boost::math::students_t t(static_cast<double>(batches - 1));
  return boost::math::quantile(boost::math::complement(t, (1.0 - confidence) / 2.0)) * std_error;
}

std::size_t default_queue_limit(int servers) {
  FIREDRILL_CHECK(servers >= 1, "default_queue_limit: servers >= 1");
  // Wq = C/(cμ(1 − ρ)) at ρ = 0.99, so the queue a saturated station drains in Wq holds
  // cμ·Wq = C/(1 − ρ) requests, whatever μ.
  const double c = static_cast<double>(servers);
  const double limit = erlang_c(servers, kFlowQueueingCap * c) / (1.0 - kFlowQueueingCap);
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(limit)));
}

RequestLevelResult simulate_requests(const Scenario& scenario, const FlowState& state,
                                     const RequestLevelOptions& options) {
  RequestSimulation sim(scenario, state, options);
  return sim.run();
}

}  // namespace firedrill::model
