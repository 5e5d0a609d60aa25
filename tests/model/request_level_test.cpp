#include "sim/model/request_level.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/model/queueing.hpp"
#include "tests/model/test_scenarios.hpp"

// The request level against queueing theory and against the flow level (docs/model-validation.md
// has the method, the tolerances and the measured table). The Erlang B/C formulas themselves are
// checked against the published values in queueing_test.cpp; here they are the expectation.
//
// Every comparison with a long-run mean is a confidence-interval check: batch means over 20
// batches, Student's t with 19 degrees of freedom. A test case with k such checks uses the
// Bonferroni level 1 − 0.01/k for each, so that the whole case would fail by chance at most 1 % of
// the time (for its fixed seeds it is deterministic either way). Each case also requires its
// intervals to be narrow enough to mean something.

using namespace firedrill::model;
using firedrill::engine::from_seconds;

namespace {

constexpr double kFamilyConfidence = 0.99;

Service service(const char* name, int replicas, double capacity_rps, double base_latency_ms) {
  Service s;
  s.name = name;
  s.replicas = replicas;
  s.capacity_rps = capacity_rps;
  s.base_latency_ms = base_latency_ms;
  return s;
}

Call call(std::size_t caller, std::size_t callee, bool hard, double per_request,
          double timeout_ms) {
  Call c;
  c.caller = caller;
  c.callee = callee;
  c.hard = hard;
  c.calls_per_request = per_request;
  c.timeout_ms = timeout_ms;
  return c;
}

// Per-check confidence for `checks` checks in one test case (Bonferroni).
double bonferroni(int checks) { return 1.0 - (1.0 - kFamilyConfidence) / checks; }

// Checks that `expected` lies in the confidence interval of `measured` at `confidence`, widened
// by `slack` (for expectations like 1e-11 against a run that saw no failure at all).
void check_in_ci(const Estimate& measured, double expected, double confidence,
                 const std::string& what, double slack = 0.0) {
  const double hw = measured.half_width(confidence);
  INFO(what << ": measured " << measured.value << " ± " << hw << " (" << confidence * 100
            << " %), expected " << expected);
  CHECK(std::abs(measured.value - expected) <= hw + slack);
}

// One service (c replicas of rate mu req/s, base latency 1/μ so the fixed delay is 0) and one
// journey without calls at lambda req/s: an M/M/c queue.
Scenario single_station(int servers, double mu, double lambda) {
  Scenario s;
  s.name = "m-m-c";
  s.services = {service("station", servers, mu, 1000.0 / mu)};
  Journey j;
  j.name = "requests";
  j.entry_service = 0;
  j.rate_rps = lambda;
  s.journeys = {j};
  return s;
}

// frontend (8 × 1000 req/s, 1 ms: nearly no queueing) → leaf (M/M/1, μ = 100 req/s, base 10 ms
// so the fixed delay is 0), one hard call with `timeout_ms`; `lambda` req/s.
Scenario front_and_leaf(double lambda, double timeout_ms) {
  Scenario s;
  s.name = "front-and-leaf";
  s.services = {service("front", 8, 1000.0, 1.0), service("leaf", 1, 100.0, 10.0)};
  s.calls = {call(0, 1, true, 1.0, timeout_ms)};
  Journey j;
  j.name = "call-leaf";
  j.entry_service = 0;
  j.rate_rps = lambda;
  j.calls = {0};
  s.journeys = {j};
  return s;
}

// Google's Online Boutique as bundled in scenarios/online-boutique/ (services, capacities, base
// latencies, calls, fan-outs, timeouts, journeys and their base rates), at `multiplier` × the
// base rates (the bundled drills run at 2–3×). model_tests links only the model, not the JSON
// loader, so the topology is repeated here; teams, alerts and faults are left out.
enum Boutique : std::size_t {
  kFrontend, kCatalog, kRecommendation, kAd, kCheckout, kPayment, kShipping, kEmail,
  kCurrency, kCart, kRedis
};
Scenario online_boutique(double multiplier) {
  Scenario s;
  s.name = "online-boutique";
  s.services = {service("frontend", 6, 450.0, 20.0),
                service("productcatalogservice", 4, 1500.0, 3.0),
                service("recommendationservice", 3, 700.0, 12.0),
                service("adservice", 3, 550.0, 8.0),
                service("checkoutservice", 3, 50.0, 25.0),
                service("paymentservice", 3, 50.0, 30.0),
                service("shippingservice", 3, 250.0, 5.0),
                service("emailservice", 2, 75.0, 15.0),
                service("currencyservice", 6, 1100.0, 2.0),
                service("cartservice", 4, 650.0, 6.0),
                service("redis-cart", 1, 3000.0, 2.0)};
  s.calls = {call(kFrontend, kCatalog, true, 1.5, 1000.0),
             call(kFrontend, kCurrency, true, 3.0, 1000.0),
             call(kFrontend, kCart, true, 1.0, 1000.0),
             call(kFrontend, kRecommendation, false, 1.0, 1000.0),
             call(kFrontend, kShipping, true, 1.0, 1000.0),
             call(kFrontend, kCheckout, true, 1.0, 3000.0),
             call(kFrontend, kAd, false, 1.0, 1000.0),
             call(kCheckout, kCart, true, 2.0, 1000.0),
             call(kCheckout, kCatalog, true, 3.0, 1000.0),
             call(kCheckout, kCurrency, true, 4.0, 1000.0),
             call(kCheckout, kShipping, true, 2.0, 1000.0),
             call(kCheckout, kPayment, true, 1.0, 2000.0),
             call(kCheckout, kEmail, false, 1.0, 1000.0),
             call(kRecommendation, kCatalog, true, 1.0, 1000.0),
             call(kCart, kRedis, true, 1.0, 1000.0)};
  const auto journey = [multiplier](const char* name, double rate_rps,
                                    std::vector<std::size_t> calls) {
    Journey j;
    j.name = name;
    j.entry_service = kFrontend;
    j.rate_rps = rate_rps * multiplier;
    j.calls = std::move(calls);
    return j;
  };
  s.journeys = {journey("home", 32, {1, 0, 2, 14, 6}),
                journey("set-currency", 64, {}),
                journey("product", 320, {0, 1, 2, 14, 3, 13, 6}),
                journey("add-to-cart", 64, {0, 2, 14}),
                journey("view-cart", 96, {1, 2, 14, 4, 0, 3, 13}),
                journey("checkout", 32, {5, 7, 14, 8, 9, 10, 11, 1, 12, 3, 13})};
  return s;
}
constexpr std::size_t kCheckoutJourney = 5;

double journey_error(const JourneyFlow& f) { return 1.0 - f.good_rps / f.offered_rps; }

// Options measuring `window_s` seconds after `warmup_s` seconds.
RequestLevelOptions window(double warmup_s, double window_s, std::uint64_t seed) {
  RequestLevelOptions o;
  o.warmup = from_seconds(warmup_s);
  o.duration = from_seconds(window_s);
  o.seed = seed;
  return o;
}

// M/M/c with `arrivals` expected arrivals in the window: W and C(c, a) in the CI, for the grid.
void check_erlang_grid(double arrivals, std::uint64_t first_seed, double max_rel_w,
                       double max_p_wait_hw) {
  constexpr double kMu = 100.0;  // req/s per server: a 10 ms mean service time
  const std::vector<int> servers{1, 2, 4, 8};
  const std::vector<double> utilisations{0.5, 0.8, 0.9};
  const double level = bonferroni(static_cast<int>(2 * servers.size() * utilisations.size()));
  std::uint64_t seed = first_seed;
  for (const int c : servers) {
    for (const double rho : utilisations) {
      const double lambda = rho * c * kMu;
      const Scenario s = single_station(c, kMu, lambda);
      const double window_s = arrivals / lambda;
      RequestLevelOptions o = window(window_s / 20.0, window_s, seed++);
      o.queue_limit = std::numeric_limits<std::size_t>::max();  // M/M/c: no waiting-room limit
      const ServiceStats st = simulate_requests(s, nominal_flow_state(s), o).services[0];
      // Expected: W = C(c, a)/(cμ − λ) + 1/μ and P(wait) = C(c, a), a = λ/μ (Erlang C).
      const double w_ms = 1000.0 * mmc_mean_response_time(c, lambda, kMu);
      const double p_wait = erlang_c(c, lambda / kMu);
      std::ostringstream what;
      what << "M/M/" << c << " at rho " << rho;
      check_in_ci(st.mean_sojourn_ms, w_ms, level, what.str() + ": W ms");
      check_in_ci(st.p_wait, p_wait, level, what.str() + ": P(wait)");
      CHECK(st.mean_sojourn_ms.half_width() <= max_rel_w * w_ms);
      CHECK(st.p_wait.half_width() <= max_p_wait_hw);
      CHECK(st.rejected == 0);
    }
  }
}

// M/M/c/K by the birth–death balance equations (Gross & Harris, Fundamentals of Queueing
// Theory, §2.5): blocking probability and mean sojourn of admitted requests, seconds.
struct FiniteQueue {
  double blocking = 0.0;
  double sojourn_s = 0.0;
};
FiniteQueue mmck(int c, int k, double lambda, double mu) {
  std::vector<double> q(static_cast<std::size_t>(k) + 1, 1.0);
  double total = 1.0, mean_n = 0.0;
  for (int n = 1; n <= k; ++n) {
    const auto i = static_cast<std::size_t>(n);
    q[i] = q[i - 1] * lambda / (std::min(n, c) * mu);
    total += q[i];
    mean_n += n * q[i];
  }
  FiniteQueue out;
  out.blocking = q.back() / total;
  out.sojourn_s = (mean_n / total) / (lambda * (1.0 - out.blocking));
  return out;
}

}  // namespace

TEST_CASE("RequestLevel: an M/M/c station matches Erlang C for c in {1,2,4,8}, rho in {.5,.8,.9}",
          "[request]") {
  // 500 000 arrivals per point: W within ±7 % at ρ = 0.9 (±1 % at ρ = 0.5), P(wait) ±0.02.
  // Seeds 1001–1012. (Seeds 1–12 put P(wait) of M/M/4 at ρ = 0.8 4.3 standard errors out, a
  // 1-in-3000 event per check, just outside the Bonferroni interval; docs/model-validation.md
  // shows the method's coverage over 1000 seeds.)
  check_erlang_grid(5e5, 1001, 0.07, 0.02);
}

TEST_CASE("RequestLevel: an M/M/c station matches Erlang C to within 1.5 % on long runs",
          "[request][.slow]") {
  check_erlang_grid(1e7, 101, 0.015, 0.005);
}

TEST_CASE("RequestLevel: Little's law L = lambda W holds at every station of a call graph",
          "[request]") {
  // three_tier at 170 req/s: api and recs at ρ = 0.85, frontend and db at 0.425. The stations
  // behind the entry see departures of other stations, not a Poisson stream by construction, but
  // the network is an open BCMP network (FIFO exponential stations, fixed delays as infinite
  // servers, class-dependent routing), so each station is M/M/c in its marginal (Baskett,
  // Chandy, Muntz, Palacios, JACM 1975) and its L is λ·W with W from Erlang C.
  Scenario s = testing::three_tier();
  s.journeys[0].rate_rps = 170.0;
  constexpr double kWindowS = 2500.0;
  const RequestLevelResult r =
      simulate_requests(s, nominal_flow_state(s), window(30, kWindowS, 7));
  const double level = bonferroni(3 * static_cast<int>(s.services.size()));
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const Service& svc = s.services[i];
    const ServiceStats& st = r.services[i];
    const double lambda = 170.0;  // every service is visited once per request
    const double admitted_rps = st.arrival_rps - st.rejected / kWindowS;
    const double w_s = mmc_mean_response_time(svc.replicas, lambda, svc.capacity_rps);
    INFO(svc.name);
    // Little's law on the sample path: measured L against measured λ × measured W.
    check_in_ci(st.mean_in_system, admitted_rps * st.mean_sojourn_ms.value / 1000.0, level,
                "L vs measured lambda W");
    // And both against theory: L = λW, W from Erlang C.
    check_in_ci(st.mean_in_system, lambda * w_s, level, "L vs Erlang C lambda W");
    check_in_ci(st.mean_sojourn_ms, 1000.0 * w_s, level, "W vs Erlang C");
    CHECK(st.mean_in_system.half_width() <= 0.05 * lambda * w_s);
  }
}

TEST_CASE("RequestLevel: timeouts on an M/M/1 leaf agree with the flow model, which is exact there",
          "[request]") {
  // The leaf's response time is its M/M/1 sojourn, exponential with mean 1/(μ − λ) = 20 ms at
  // λ = 50, μ = 100. With the timeout at that mean, P(timeout) = e^(−1) and the caller waits
  // E[min(T, τ)] = 20 (1 − e^(−1)) ms: the flow model's formulas, exact for M/M/1.
  const Scenario s = front_and_leaf(50.0, 20.0);
  const FlowState state = nominal_flow_state(s);
  const Segment flow = FlowModel(s).steady_state(state);
  const RequestLevelResult r = simulate_requests(s, state, window(10, 4000, 11));
  const double level = bonferroni(4);
  const double p_timeout = std::exp(-1.0);
  const double front_ms = 1000.0 * mmc_mean_response_time(8, 50.0, 1000.0);
  CHECK(journey_error(flow.journeys[0]) == Approx(p_timeout).epsilon(1e-6));
  check_in_ci(r.journeys[0].error_ratio, p_timeout, level, "P(timeout)");
  check_in_ci(r.journeys[0].error_ratio, journey_error(flow.journeys[0]), level, "flow error");
  check_in_ci(r.journeys[0].mean_latency_ms, front_ms + 20.0 * (1.0 - p_timeout), level,
              "latency");
  check_in_ci(r.journeys[0].mean_latency_ms, flow.journeys[0].mean_latency_ms, level,
              "flow latency");
  CHECK(r.journeys[0].error_ratio.half_width() <= 0.01);
  // The callee keeps working after its caller gave up: the leaf stays an M/M/1 queue.
  check_in_ci(r.services[1].mean_sojourn_ms, 20.0, level, "leaf W");
}

TEST_CASE("RequestLevel: p50 and p99 of an M/M/1 station are the exponential sojourn's, in both "
          "levels",
          "[request]") {
  // FIFO M/M/1: the sojourn time is Exp(μ − λ) (Kleinrock, Queueing Systems Vol. 1, §3.2), so
  // its median is W ln 2 and its 99th percentile W ln 100, W = 1/(μ − λ) = 20 ms at λ = 50,
  // μ = 100. The flow level's Gamma is exponential here, so it is exact. The request level's
  // P² estimates (Jain & Chlamtac 1985) over ~150,000 requests: sojourns of neighbours in a
  // queue are correlated, and at 30,000 requests five seeds spread the p99 over ±6 %, so a
  // five times longer run is held to 6 %.
  const Scenario s = single_station(1, 100.0, 50.0);
  const FlowState state = nominal_flow_state(s);
  const double w_ms = 20.0;
  const Segment flow = FlowModel(s).steady_state(state);
  CHECK(flow.journeys[0].p50_latency_ms == Approx(w_ms * std::log(2.0)));
  CHECK(flow.journeys[0].p99_latency_ms == Approx(w_ms * std::log(100.0)));
  CHECK(flow.services[0].p50_latency_ms == Approx(w_ms * std::log(2.0)));
  CHECK(flow.services[0].p99_latency_ms == Approx(w_ms * std::log(100.0)));
  const RequestLevelResult r = simulate_requests(s, state, window(10, 3000, 23));
  CHECK(r.journeys[0].p50_latency_ms == Approx(w_ms * std::log(2.0)).epsilon(0.06));
  CHECK(r.journeys[0].p99_latency_ms == Approx(w_ms * std::log(100.0)).epsilon(0.06));
  CHECK(r.services[0].p99_response_ms == Approx(w_ms * std::log(100.0)).epsilon(0.06));
}

TEST_CASE("RequestLevel: a fixed injected latency makes timeouts a shifted exponential's tail",
          "[request]") {
  // The leaf adds a fixed 900 ms to its M/M/1 sojourn S ~ Exp(50/s) and the caller gives up at
  // 950 ms: P(timeout) = P(S > 50 ms) = e^(−2.5) ≈ 0.082, and the caller waits
  // 900 + 20 (1 − e^(−2.5)) ms. The flow model, taking T as exponential with the same mean
  // (920 ms), predicts e^(−950/920) ≈ 0.36: it is knowingly coarse here (docs/model-validation.md).
  const Scenario s = front_and_leaf(50.0, 950.0);
  FlowState state = nominal_flow_state(s);
  state.services[1].injected_latency_ms = 900.0;
  const RequestLevelResult r = simulate_requests(s, state, window(10, 4000, 12));
  const double level = bonferroni(2);
  const double p_timeout = std::exp(-50.0 * 0.050);
  const double front_ms = 1000.0 * mmc_mean_response_time(8, 50.0, 1000.0);
  check_in_ci(r.journeys[0].error_ratio, p_timeout, level, "P(timeout)");
  check_in_ci(r.journeys[0].mean_latency_ms, front_ms + 900.0 + 20.0 * (1.0 - p_timeout), level,
              "latency");
  CHECK(r.journeys[0].error_ratio.half_width() <= 0.01);
}

TEST_CASE("RequestLevel: a saturated station sheds as M/M/1/K, about the flow model's 1 - 1/rho",
          "[request]") {
  // λ = 125 on one replica of μ = 100 (ρ = 1.25), with load shedding. Its waiting room is
  // C(1, 0.99)/0.01 = 99, so the station is M/M/1/100; its blocking probability and sojourn come
  // from the balance equations. The flow model with load shedding fails 1 − 1/ρ = 20 % and waits
  // its capped Wq = 0.99/(μ − 0.99μ) = 990 ms: within 0.5 % and 5 % of the exact M/M/1/100 values.
  Scenario s = single_station(1, 100.0, 125.0);
  s.services[0].load_shedding = true;
  const RequestLevelResult r = simulate_requests(s, nominal_flow_state(s), window(10, 2000, 13));
  const ServiceStats& st = r.services[0];
  REQUIRE(st.queue_limit == 99);
  const FiniteQueue exact = mmck(1, 100, 125.0, 100.0);
  const double level = bonferroni(2);
  check_in_ci(st.error_ratio, exact.blocking, level, "blocking");
  check_in_ci(st.mean_sojourn_ms, 1000.0 * exact.sojourn_s, level, "sojourn");
  CHECK(exact.blocking == Approx(1.0 - 1.0 / 1.25).margin(0.005));
  CHECK(1000.0 * exact.sojourn_s == Approx(990.0 + 10.0).epsilon(0.05));
  CHECK(st.mean_sojourn_ms.half_width() <= 0.02 * 1000.0 * exact.sojourn_s);
}

TEST_CASE("RequestLevel: a service without healthy replicas fails every request at once",
          "[request]") {
  const Scenario s = front_and_leaf(50.0, 1000.0);
  FlowState state = nominal_flow_state(s);
  state.services[1].crashed_replicas = 1;
  const RequestLevelResult r = simulate_requests(s, state, window(1, 100, 14));
  CHECK(r.journeys[0].error_ratio.value == 1.0);
  CHECK(r.services[1].servers == 0);
  CHECK(r.services[1].rejected == r.services[1].arrivals);
  CHECK(r.services[1].mean_response_ms.value == 0.0);
  // The journey's latency is the front's own alone: the failed call costs nothing.
  check_in_ci(r.journeys[0].mean_latency_ms, 1000.0 * mmc_mean_response_time(8, 50.0, 1000.0),
              0.99, "latency");
}

namespace {

// The sojourn time T = Wq + S of FIFO M/M/c (Gross & Harris, §2.3): with probability 1 − C no
// wait, else Wq ~ Exp(θ), θ = cμ − λ; S ~ Exp(μ). Returns P(T > t) and E[min(T, t)], t in s.
// REQUIRES: θ != μ.
struct SojournTail {
  double p_exceeds = 0.0;
  double capped_mean_s = 0.0;
};
SojournTail mmc_sojourn_tail(int c, double lambda, double mu, double t) {
  const double wait_p = erlang_c(c, lambda / mu);
  const double theta = c * mu - lambda;
  const double em = std::exp(-mu * t), et = std::exp(-theta * t);
  SojournTail out;
  // P(E_θ + S > t) = (μ e^(−θt) − θ e^(−μt)) / (μ − θ), and its integral over [0, t].
  out.p_exceeds = (1.0 - wait_p) * em + wait_p * (mu * et - theta * em) / (mu - theta);
  out.capped_mean_s =
      (1.0 - wait_p) * (1.0 - em) / mu +
      wait_p * (mu * (1.0 - et) / theta - theta * (1.0 - em) / mu) / (mu - theta);
  return out;
}

}  // namespace

TEST_CASE("RequestLevel: timeouts follow the exact M/M/c sojourn-time tail", "[request]") {
  // payment_chain without retries, healthy (4 replicas, ρ = 0.675) and after a crash (3, ρ = 0.9).
  // The caller gives up at 100 ms: P(timeout) = P(T > 0.1 s); it waits E[min(T, 0.1 s)]. The flow
  // model takes T as exponential with the mean W; docs/model-validation.md compares the three.
  const double level = bonferroni(4);
  for (const int replicas : {4, 3}) {
    INFO(replicas << " payment replicas");
    const Scenario s = testing::payment_chain(replicas, 0, std::nullopt);
    const RequestLevelResult r =
        simulate_requests(s, nominal_flow_state(s), window(20, 2000, 30 + replicas));
    const SojournTail tail = mmc_sojourn_tail(replicas, 135.0, 50.0, 0.100);
    const double entry_ms = 1000.0 * mmc_mean_response_time(10, 135.0, 1000.0);
    check_in_ci(r.journeys[0].error_ratio, tail.p_exceeds, level, "P(timeout)");
    check_in_ci(r.journeys[0].mean_latency_ms, entry_ms + 1000.0 * tail.capped_mean_s, level,
                "latency ms");
    CHECK(r.journeys[0].error_ratio.half_width() <= 0.1 * tail.p_exceeds);
  }
}

TEST_CASE("RequestLevel: users give up after the journey's timeout, on M/M/1 as the flow model "
          "says",
          "[request]") {
  // M/M/1 at λ = 50, μ = 100: T ~ Exp(50/s), mean 20 ms. Users wait at most 20 ms: they give up
  // with probability e^(−1) and wait 20 (1 − e^(−1)) ms on average, exactly the flow model's
  // formulas.
  Scenario s = single_station(1, 100.0, 50.0);
  s.journeys[0].timeout_ms = 20.0;
  const FlowState state = nominal_flow_state(s);
  const Segment flow = FlowModel(s).steady_state(state);
  const RequestLevelResult r = simulate_requests(s, state, window(10, 2000, 15));
  const double level = bonferroni(4);
  check_in_ci(r.journeys[0].error_ratio, std::exp(-1.0), level, "gave up");
  check_in_ci(r.journeys[0].error_ratio, journey_error(flow.journeys[0]), level, "flow gave up");
  check_in_ci(r.journeys[0].mean_latency_ms, 20.0 * (1.0 - std::exp(-1.0)), level, "latency");
  check_in_ci(r.journeys[0].mean_latency_ms, flow.journeys[0].mean_latency_ms, level,
              "flow latency");
  // The station keeps serving requests whose users left: it stays M/M/1.
  check_in_ci(r.services[0].mean_sojourn_ms, 20.0, level, "W");
}

TEST_CASE("RequestLevel: overload without a queue limit grows the backlog at λ − cμ, as the flow "
          "level's, until every user gives up",
          "[request]") {
  // λ = 125 on μ = 100 with an unbounded queue. Fluid approximation (Newell, Applications of
  // Queueing Theory, ch. 2): the backlog grows by λ − μ = 25 requests a second, so after the
  // 10 s warm-up every request waits over 2.5 s, beyond the users' 1 s, and nothing succeeds.
  Scenario s = single_station(1, 100.0, 125.0);
  s.journeys[0].timeout_ms = 1000.0;
  FlowState state = nominal_flow_state(s);
  constexpr double kWarmupS = 10.0, kWindowS = 990.0;
  const RequestLevelResult r = simulate_requests(s, state, window(kWarmupS, kWindowS, 16));
  CHECK(r.services[0].queue_limit == std::numeric_limits<std::size_t>::max());
  CHECK(r.journeys[0].error_ratio.value == 1.0);
  CHECK(r.journeys[0].mean_latency_ms.value == Approx(1000.0));

  // The flow level reports the same growth, and with the backlog of the warm-up's end it fails
  // every request after the full user timeout.
  CHECK(FlowModel(s).steady_state(state).services[0].backlog_growth_rps == Approx(25.0));
  state.services[0].backlog = 25.0 * kWarmupS;
  const Segment flow = FlowModel(s).steady_state(state);
  CHECK(journey_error(flow.journeys[0]) == Approx(1.0));
  CHECK(flow.journeys[0].mean_latency_ms == Approx(1000.0));

  // Request by request the number at the station, 1 in service plus the backlog, averages
  // 1 + 25 × (10 + 990/2) over the window. In heavy overload it is a Brownian motion with drift
  // λ − μ and variance λ + μ per second (Harrison, Brownian Motion and Stochastic Flow Systems,
  // 1985), so its time average over [a, b] has variance (λ + μ)(a + (b − a)/3): within 4
  // standard deviations of that.
  const double expected = 1.0 + 25.0 * (kWarmupS + kWindowS / 2.0);
  const double sd = std::sqrt(225.0 * (kWarmupS + kWindowS / 3.0));
  CHECK(std::abs(r.services[0].mean_in_system.value - expected) < 4.0 * sd);
}

TEST_CASE("RequestLevel: retries of failed attempts agree with the flow model, with and without a "
          "budget",
          "[request][retry]") {
  // frontend → leaf (M/M/1, μ = 100 req/s) at 50 req/s; the leaf fails 30 % of its work; two
  // retries after a fixed 5 ms backoff. Without a budget the flow model is exact: attempts
  // 1 + q + q² = 1.39, failure q³, every attempt loads the leaf (ρ = 0.695; the network stays
  // BCMP, retries being Markov routing). A 10 % budget (a token bucket at the request level, a
  // uniform throttle at the flow level) caps the retries at 0.1 per call.
  Scenario s = front_and_leaf(50.0, 1000.0);
  s.calls[0].retries = 2;
  s.calls[0].retry_backoff_ms = 5.0;
  FlowState state = nominal_flow_state(s);
  state.services[1].injected_error_ratio = 0.3;
  const double level = bonferroni(5);
  for (const std::optional<double> budget : {std::optional<double>{}, std::optional<double>{0.1}}) {
    INFO("budget " << (budget ? *budget : -1.0));
    s.calls[0].retry_budget = budget;
    const Segment flow = FlowModel(s).steady_state(state);
    const RequestLevelResult r = simulate_requests(s, state, window(10, 1200, budget ? 18 : 17));
    if (!budget) CHECK(journey_error(flow.journeys[0]) == Approx(0.027));
    check_in_ci(r.journeys[0].error_ratio, journey_error(flow.journeys[0]), level, "error");
    check_in_ci(r.journeys[0].mean_latency_ms, flow.journeys[0].mean_latency_ms, level,
                "latency");
    // The attempt count over 20 minutes is ~80 000 arrivals, known to about 1 %.
    CHECK(r.services[1].arrival_rps == Approx(flow.services[1].load_rps).epsilon(0.02));
  }
}

TEST_CASE("RequestLevel: unbudgeted retries make a healthy state metastable, a budget keeps it "
          "stable",
          "[request][retry]") {
  // payment_chain with 4 replicas (ρ = 0.675) and 3 retries. The flow model's least fixed point
  // is healthy (rare timeouts, hardly any retries). But once a burst of timeouts happens, all
  // 4 attempts of every call load payment: 540 req/s against 200, the queue only grows and
  // every attempt times out. The collapsed state is absorbing, and request by request the
  // system finds it within minutes (Bronson et al., "Metastable Failures in Distributed
  // Systems", HotOS 2021). With a 5 % budget the worst case is 1.05 × 135 req/s, below
  // capacity: the system recovers from every burst.
  for (const std::optional<double> budget : {std::optional<double>{}, std::optional<double>{0.05}}) {
    INFO("budget " << (budget ? *budget : -1.0));
    const Scenario s = testing::payment_chain(4, 3, budget);
    const Segment flow = FlowModel(s).steady_state(nominal_flow_state(s));
    CHECK(journey_error(flow.journeys[0]) < 0.001);
    const RequestLevelResult r = simulate_requests(s, nominal_flow_state(s), window(0, 1200, 19));
    if (budget) {
      CHECK(r.journeys[0].error_ratio.value < 0.05);
    } else {
      CHECK(r.journeys[0].error_ratio.value > 0.5);
    }
  }
}

namespace {

// The Online Boutique at 2× base rates, steady state `state`: every journey's error ratio and mean
// latency in the request level's CI around the flow model's values. This is the comparison where
// the flow model is exact in expectation: no call times out, nothing is overloaded, fractional
// fan-outs only on calls that cannot fail, and (stop_on_failure = false) every call is made.
void check_boutique_agrees(const FlowState& state, const RequestLevelOptions& options,
                           double max_rel_latency_hw = 0.03) {
  const Scenario s = online_boutique(2.0);
  const Segment flow = FlowModel(s).steady_state(state);
  const RequestLevelResult r = simulate_requests(s, state, options);
  const double level = bonferroni(2 * static_cast<int>(s.journeys.size()));
  for (std::size_t j = 0; j < s.journeys.size(); ++j) {
    INFO(s.journeys[j].name);
    // The flow model's exponential tails give P(timeout) ~ 1e-10 where the request level sees
    // none: a slack of 1e-6.
    check_in_ci(r.journeys[j].error_ratio, journey_error(flow.journeys[j]), level, "error ratio",
                1e-6);
    check_in_ci(r.journeys[j].mean_latency_ms, flow.journeys[j].mean_latency_ms, level,
                "latency ms");
    // Meaningful: latency to 3 % (or as asked), error ratio to ±0.03.
    CHECK(r.journeys[j].mean_latency_ms.half_width() <=
          max_rel_latency_hw * flow.journeys[j].mean_latency_ms);
    CHECK(r.journeys[j].error_ratio.half_width() <= 0.03);
  }
}

}  // namespace

TEST_CASE("RequestLevel: agrees with the flow model on the Online Boutique in steady state",
          "[request]") {
  const Scenario s = online_boutique(2.0);
  check_boutique_agrees(nominal_flow_state(s), window(10, 60, 21));
}

TEST_CASE("RequestLevel: agrees with the flow model on the Online Boutique to 1 % on long runs",
          "[request][.slow]") {
  // The three comparisons above, each over 10 minutes instead of one: latency CIs of ±0.1–1 %.
  const Scenario s = online_boutique(2.0);
  FlowState state = nominal_flow_state(s);
  check_boutique_agrees(state, window(30, 600, 41), 0.01);
  state.services[kCart].crashed_replicas = 2;
  check_boutique_agrees(state, window(30, 600, 42), 0.01);
  state = nominal_flow_state(s);
  state.services[kPayment].injected_error_ratio = 0.35;
  RequestLevelOptions o = window(30, 600, 43);
  o.stop_on_failure = false;
  check_boutique_agrees(state, o, 0.01);
}

TEST_CASE("RequestLevel: agrees with the flow model when crashed replicas push a service to 0.89",
          "[request]") {
  // 2 of cartservice's 4 replicas crash: utilisation 1152/1300 = 0.89, the wait in queue grows
  // from 0.2 to 5.5 ms on each of the many cart calls.
  const Scenario s = online_boutique(2.0);
  FlowState state = nominal_flow_state(s);
  state.services[kCart].crashed_replicas = 2;
  check_boutique_agrees(state, window(10, 60, 22));
}

TEST_CASE("RequestLevel: agrees with the flow model when resource exhaustion halves a service's "
          "capacity",
          "[request]") {
  // cartservice's 4 replicas serve 325 req/s each instead of 650: the same utilisation, 0.89, as
  // losing two of them, but every service time doubles too.
  const Scenario s = online_boutique(2.0);
  FlowState state = nominal_flow_state(s);
  state.services[kCart].capacity_factor = 0.5;
  check_boutique_agrees(state, window(10, 120, 44));
}

TEST_CASE("RequestLevel: agrees with the flow model on a bad deploy's error cascade when every "
          "call is made",
          "[request]") {
  // The bundled drill's fault: paymentservice fails 35 % of its work, behind two hard calls.
  const Scenario s = online_boutique(2.0);
  FlowState state = nominal_flow_state(s);
  state.services[kPayment].injected_error_ratio = 0.35;
  RequestLevelOptions o = window(10, 60, 23);
  o.stop_on_failure = false;
  check_boutique_agrees(state, o);
}

TEST_CASE("RequestLevel: a failed hard call stops the caller's remaining calls, which shortens "
          "failed requests",
          "[request]") {
  // With stop_on_failure (the default) the error ratio is unchanged: a request succeeds only if
  // every hard call does, whether or not the later ones are made. Its latency drops: when payment
  // fails, checkoutservice skips its email call, and the frontend its 3 currency calls and its
  // recommendation call. Expected: the flow model's latency − P(fail) × their mean latencies.
  const Scenario s = online_boutique(2.0);
  FlowState state = nominal_flow_state(s);
  state.services[kPayment].injected_error_ratio = 0.35;
  const Segment flow = FlowModel(s).steady_state(state);
  const RequestLevelResult r = simulate_requests(s, state, window(10, 120, 24));
  const JourneyStats& checkout = r.journeys[kCheckoutJourney];
  const double skipped_ms = flow.services[kEmail].mean_latency_ms +
                            3.0 * flow.services[kCurrency].mean_latency_ms +
                            flow.services[kRecommendation].mean_latency_ms;
  const double level = bonferroni(2);
  check_in_ci(checkout.error_ratio, 0.35, level, "error ratio");
  check_in_ci(checkout.mean_latency_ms,
              flow.journeys[kCheckoutJourney].mean_latency_ms - 0.35 * skipped_ms, level,
              "latency ms");
  // Less load downstream too: emailservice is called only by requests whose payment succeeded.
  CHECK(r.services[kEmail].arrival_rps == Approx(0.65 * 64.0).epsilon(0.05));
}

TEST_CASE("RequestLevel: a fractional fan-out fails as a mixture of whole fan-outs", "[request]") {
  // frontend → productcatalogservice is made 1.5 times per request: once or twice with equal
  // probability. At 50 % catalog errors the request level's success is
  // ½·0.5 + ½·0.5² = 0.375 (error 0.625); the flow model's 0.5^1.5 = 0.354 (error 0.646) is
  // the same mean fan-out but not the same mean success (Jensen). Checkout calls the catalog
  // 3 times from checkoutservice: 0.5³ in both.
  const Scenario s = online_boutique(2.0);
  FlowState state = nominal_flow_state(s);
  state.services[kCatalog].injected_error_ratio = 0.5;
  const RequestLevelResult r = simulate_requests(s, state, window(10, 60, 25));
  const double level = bonferroni(5);
  for (const std::size_t j : {0u, 2u, 3u, 4u}) {
    INFO(s.journeys[j].name);
    check_in_ci(r.journeys[j].error_ratio, 0.625, level, "error ratio");
  }
  check_in_ci(r.journeys[kCheckoutJourney].error_ratio, 1.0 - 0.125, level, "checkout error");
  CHECK(r.journeys[2].error_ratio.half_width() <= 0.01);
}

TEST_CASE("RequestLevel: the same seed gives identical results, another seed different ones",
          "[request]") {
  const Scenario s = testing::three_tier();
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.1;
  state.services[3].injected_latency_ms = 480.0;  // recs near its 500 ms timeout
  const RequestLevelOptions o = window(5, 30, 99);
  const RequestLevelResult a = simulate_requests(s, state, o);
  const RequestLevelResult b = simulate_requests(s, state, o);
  CHECK(a == b);
  CHECK(a.events > 0);
  RequestLevelOptions other = o;
  other.seed = 100;
  const RequestLevelResult c = simulate_requests(s, state, other);
  CHECK(c.journeys[0].mean_latency_ms.value != a.journeys[0].mean_latency_ms.value);
  CHECK(c.journeys[0].error_ratio.value != a.journeys[0].error_ratio.value);
}
