// The customers' side in whole runs: the first customer report against the exponential waiting
// time of a Poisson process, support's escalation as the detection path of last resort, and
// support tickets against their integrated rate, with and without status updates.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <variant>

#include "sim/model/customers.hpp"
#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using testing::events_of;
using firedrill::engine::to_seconds;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

// three_tier (browse at 100 req/s) with no alert rule: customers are the only detection path.
// `fault` fails `error_ratio` of the frontend's work from 10 min on (1: an outage).
Scenario unwatched(double error_ratio) {
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.clear();
  s.run.duration = hours(6);
  Fault f;
  f.id = "fault";
  f.type = error_ratio < 1.0 ? FaultType::ErrorRate : FaultType::Outage;
  f.service = 0;
  f.start = minutes(10);
  f.error_ratio = error_ratio;
  s.faults = {f};
  return s;
}

// The failed requests per second of journey 0 in the segment open at `at`.
double failed_rps_at(const RunRecord& r, SimTime at) {
  for (const Segment& seg : r.segments)
    if (seg.start <= at && at < seg.end)
      return seg.journeys[0].offered_rps - seg.journeys[0].good_rps;
  return 0.0;
}

struct Sample {
  double mean = 0.0;
  double sd = 0.0;
};
Sample sample(const std::vector<double>& xs) {
  Sample s;
  for (const double x : xs) s.mean += x / static_cast<double>(xs.size());
  for (const double x : xs)
    s.sd += (x - s.mean) * (x - s.mean) / static_cast<double>(xs.size() - 1);
  s.sd = std::sqrt(s.sd);
  return s;
}

}  // namespace

TEST_CASE(
    "Customers: the first report comes after an exponential time of mean 1 / (failed "
    "requests/s × report probability)",
    "[customers][run]") {
  Scenario s = unwatched(1.0);
  s.customers.report_probability = 1e-4;
  const double rate = failed_rps_at(simulate(s, 1), minutes(11)) * s.customers.report_probability;
  REQUIRE(rate == Approx(100.0 * 1e-4));  // the whole journey fails: 100 req/s
  constexpr int kSeeds = 4000;
  std::vector<double> waits;
  int by_median = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const RunRecord r = simulate(s, static_cast<std::uint64_t>(seed));
    const auto reports = events_of<ev::CustomerReported>(r);
    REQUIRE(reports.size() == 1);  // one failing episode, one first report
    CHECK(reports[0].second.journey == 0);
    CHECK(reports[0].second.incident == std::optional<std::size_t>{0});
    const double wait = to_seconds(reports[0].first - minutes(10));
    waits.push_back(wait);
    if (wait <= std::log(2.0) / rate) ++by_median;
  }
  // Exponential with rate λ: mean 1/λ, standard deviation 1/λ; half of the waits by ln 2 / λ
  // (binomial, standard deviation √(n/4)).
  const Sample w = sample(waits);
  INFO("mean wait " << w.mean << " s, theory " << 1.0 / rate << " s");
  CHECK(std::abs(w.mean - 1.0 / rate) <= 4.0 / rate / std::sqrt(kSeeds));
  CHECK(std::abs(by_median - kSeeds / 2) <= 4.0 * std::sqrt(kSeeds / 4.0));
}

TEST_CASE(
    "Customers: with no alert rules, support's escalation of the first report detects the "
    "incident and pages the journey's owner",
    "[customers][run]") {
  const Scenario s = unwatched(1.0);
  const RunRecord r = simulate(s, 3);
  const auto reports = events_of<ev::CustomerReported>(r);
  const auto detected = events_of<ev::IncidentDetected>(r);
  REQUIRE(reports.size() == 1);
  REQUIRE(detected.size() == 1);
  CHECK(detected[0].second.kind == AlertRuleKind::CustomerReport);
  CHECK(detected[0].second.rule == 0);  // the journey browse
  CHECK(detected[0].first > reports[0].first);
  const auto pages = events_of<ev::PageSent>(r);
  REQUIRE_FALSE(pages.empty());
  CHECK(pages[0].first == detected[0].first);
  CHECK(pages[0].second.to.team == s.services[s.journeys[0].entry_service].team);
  CHECK(events_of<ev::IncidentResolved>(r).size() == 1);
}

TEST_CASE("Customers: a report counts only when no alert detected the incident first",
          "[customers][run]") {
  Scenario s = unwatched(1.0);
  s.threshold_rules = testing::three_tier().threshold_rules;  // fires about two minutes in
  s.customers.report_probability = 1.0;                       // and customers report at once
  const RunRecord r = simulate(s, 1);
  REQUIRE(events_of<ev::CustomerReported>(r).size() == 1);
  const auto detected = events_of<ev::IncidentDetected>(r);
  REQUIRE(detected.size() == 1);
  CHECK(detected[0].second.kind == AlertRuleKind::Threshold);
}

TEST_CASE(
    "Customers: detection by customers comes sooner the more requests fail, as the exponential "
    "wait plus support's lognormal escalation says",
    "[customers][run]") {
  constexpr int kSeeds = 4000;
  const auto detection = [](double error_ratio) {
    const Scenario s = unwatched(error_ratio);
    std::vector<double> ttd;
    for (int seed = 1; seed <= kSeeds; ++seed) {
      const RunRecord r = simulate(s, static_cast<std::uint64_t>(seed));
      const auto detected = events_of<ev::IncidentDetected>(r);
      REQUIRE(detected.size() == 1);
      REQUIRE(detected[0].second.kind == AlertRuleKind::CustomerReport);
      ttd.push_back(to_seconds(detected[0].first - minutes(10)));
    }
    return sample(ttd);
  };
  const Scenario s = unwatched(1.0);
  // E[TTD] = 1/λ + median × e^(σ²/2) with λ = failed req/s × report probability and σ = 0.5;
  // Var = 1/λ² + (e^(σ²) − 1) × median² × e^(σ²).
  const double median = to_seconds(s.customers.support_escalation_median);
  const double escalation = median * std::exp(0.125);
  const double escalation_var = (std::exp(0.25) - 1.0) * median * median * std::exp(0.25);
  const auto theory = [&](double failed_rps) {
    const double lambda = failed_rps * s.customers.report_probability;
    return Sample{1.0 / lambda + escalation, std::sqrt(1.0 / (lambda * lambda) + escalation_var)};
  };
  const Sample outage = detection(1.0);
  const Sample tenth = detection(0.1);
  const Sample outage_theory = theory(100.0);
  const Sample tenth_theory = theory(10.0);
  INFO("outage: " << outage.mean << " s (theory " << outage_theory.mean
                  << " s); 10 %: " << tenth.mean << " s (theory " << tenth_theory.mean << " s)");
  CHECK(std::abs(outage.mean - outage_theory.mean) <= 4.0 * outage_theory.sd / std::sqrt(kSeeds));
  CHECK(std::abs(tenth.mean - tenth_theory.mean) <= 4.0 * tenth_theory.sd / std::sqrt(kSeeds));
  CHECK(outage.mean < tenth.mean);
}

TEST_CASE("Customers: without impact there are no reports and no tickets", "[customers][run]") {
  Scenario s = testing::three_tier();
  s.customers.ticket_probability = 1.0;
  s.customers.report_probability = 1.0;
  CHECK(events_of<ev::SupportTicketOpened>(simulate(s, 1)).empty());
  // A failing soft call degrades the frontend but fails no user request.
  Fault soft;
  soft.id = "recs-down";
  soft.type = FaultType::CallFailure;
  soft.call = 2;  // frontend → recs, soft
  soft.error_ratio = 1.0;
  soft.start = minutes(10);
  s.faults = {soft};
  const RunRecord r = simulate(s, 1);
  CHECK(events_of<ev::SupportTicketOpened>(r).empty());
  CHECK(events_of<ev::CustomerReported>(r).empty());
}

TEST_CASE(
    "Customers: with a silent status page tickets arrive at the integrated rate r T (1 + T / "
    "2D)",
    "[customers][run]") {
  // An outage of fixed length T that nobody detects (customers report nothing): the status page
  // stays silent, so the silence is the time since the journey began failing and the expected
  // tickets are ∫₀ᵀ r (1 + t / D) dt.
  Scenario s = unwatched(1.0);
  s.faults[0].end = minutes(70);
  s.customers.report_probability = 0.0;
  s.customers.ticket_probability = 2e-4;
  const double r = 100.0 * s.customers.ticket_probability;
  const double t = 3600.0;
  const double d = to_seconds(s.customers.silence_doubling);
  const double expected = r * t * (1.0 + t / (2.0 * d));  // 144
  constexpr int kSeeds = 100;
  double total = 0.0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const RunRecord run = simulate(s, static_cast<std::uint64_t>(seed));
    for (const auto& [at, ticket] : events_of<ev::SupportTicketOpened>(run)) {
      total += 1.0;
      CHECK(at >= minutes(10));
      CHECK(at < minutes(70));
      CHECK(ticket.silence == at - minutes(10));
      CHECK(ticket.incident == std::optional<std::size_t>{0});
    }
  }
  // Poisson: the total over the seeds has variance equal to its mean.
  INFO("tickets per run " << total / kSeeds << ", theory " << expected);
  CHECK(std::abs(total - kSeeds * expected) <= 4.0 * std::sqrt(kSeeds * expected));
}

TEST_CASE(
    "Customers: on the same seed a policy that posts status updates gets fewer tickets than "
    "one that stays silent",
    "[customers][run]") {
  // The outage ends by itself after an hour, long before a diagnosis could: both policies meet
  // the same impact, and only the silence differs (common random numbers).
  Scenario posting = unwatched(1.0);
  posting.faults[0].end = minutes(70);
  posting.threshold_rules = testing::three_tier().threshold_rules;
  posting.customers.ticket_probability = 1e-3;
  posting.policy.responders.diagnosis_step_median = hours(24);
  posting.policy.status_update_cadence = {minutes(10), minutes(10), minutes(10), minutes(10)};
  Scenario silent = posting;
  silent.policy.status_update_cadence = {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  std::size_t with_updates = 0;
  std::size_t without = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const RunRecord a = simulate(posting, seed);
    const RunRecord b = simulate(silent, seed);
    REQUIRE_FALSE(events_of<ev::StatusUpdatePosted>(a).empty());
    REQUIRE(events_of<ev::StatusUpdatePosted>(b).empty());
    // The same impact in both.
    REQUIRE(events_of<ev::IncidentMitigated>(a).front().first == minutes(70));
    REQUIRE(events_of<ev::IncidentMitigated>(b).front().first == minutes(70));
    const std::size_t na = events_of<ev::SupportTicketOpened>(a).size();
    const std::size_t nb = events_of<ev::SupportTicketOpened>(b).size();
    CHECK(na <= nb);  // a quieter page only ever removes tickets
    with_updates += na;
    without += nb;
  }
  CHECK(with_updates < without);
}

TEST_CASE("Customers: reports and tickets of a journey belong to the incident acting on its own "
          "call tree, not to an older one elsewhere",
          "[customers]") {
  // Two journeys enter at frontend: browse calls api and db, search only api. db fails from
  // 10 min on (incident 0: browse only), api from 20 min on (incident 1: both).
  Scenario s = unwatched(0.5);
  s.faults[0].service = 2;  // db
  Fault api = s.faults[0];
  api.id = "api-errors";
  api.service = 1;
  api.start = minutes(20);
  s.faults.push_back(api);
  Journey search = s.journeys[0];
  search.name = "search";
  search.calls = {0};     // frontend -> api
  search.rate_rps = 20.0;  // api stays at 60 % of its capacity
  s.journeys.push_back(search);
  const RunRecord r = simulate(s, 4);
  std::size_t search_tickets = 0;
  for (const auto& [at, t] : events_of<ev::SupportTicketOpened>(r)) {
    if (t.journey != 1) continue;
    ++search_tickets;
    CHECK(t.incident == std::optional<std::size_t>{1});
  }
  for (const auto& [at, report] : events_of<ev::CustomerReported>(r)) {
    if (report.journey != 1) continue;
    INFO("a report at " << to_seconds(at) << " s for incident "
                        << (report.incident ? std::to_string(*report.incident) : "none"));
    CHECK(report.incident == std::optional<std::size_t>{1});
  }
  CHECK(search_tickets > 0);
}

namespace {
// unwatched(1.0) at `rate_rps`, on services with capacity to spare for it, over one hour: the
// journey fails completely from 10 min to the end, and no report detects it.
Scenario flooded(double rate_rps) {
  Scenario s = unwatched(1.0);
  s.run.duration = hours(1);
  s.journeys[0].rate_rps = rate_rps;
  for (Service& service : s.services) service.capacity_rps = 10.0 * rate_rps;
  s.customers.report_probability = 0.0;
  return s;
}

std::uint64_t total_tickets(const RunRecord& r) {
  std::uint64_t n = 0;
  for (const auto& [at, t] : events_of<ev::SupportTicketOpened>(r)) n += t.count;
  return n;
}
}  // namespace

TEST_CASE("Customers: a billion requests a second open their tickets in a bounded number of "
          "events, as many as the integrated rate says",
          "[customers][run]") {
  // The whole journey fails from 600 s to 3,600 s with the status page silent throughout:
  // expected tickets ∫ r (1 + t / D) dt over T = 3,000 s, r = 1e9 × 1e-4 = 1e5 tickets/s,
  // = r T (1 + T / 2D) = 5.5e8.
  const Scenario s = flooded(1e9);
  const double r = 1e9 * s.customers.ticket_probability;
  const double t = 3000.0;
  const double d = to_seconds(s.customers.silence_doubling);
  const double expected = r * t * (1.0 + t / (2.0 * d));
  const RunRecord run = simulate(s, 1);
  const auto tickets = events_of<ev::SupportTicketOpened>(run);
  // At most one event per second of failure (the rate is far above kTicketBatchRate at once),
  // and one more for the last, shorter window.
  CHECK(tickets.size() <= 3001);
  CHECK(tickets.size() >= 2999);
  for (const auto& [at, ticket] : tickets) {
    CHECK(ticket.silence == at - minutes(10));
    CHECK(ticket.incident == std::optional<std::size_t>{0});
  }
  // The sum of the windows' Poisson counts is Poisson with the whole mean (the last millisecond
  // of the run, about 270 tickets, is not counted).
  const double n = static_cast<double>(total_tickets(run));
  INFO("tickets " << n << ", theory " << expected);
  CHECK(std::abs(n - expected) <= 5.0 * std::sqrt(expected) + 300.0);
}

TEST_CASE("Customers: just below the batching rate tickets come one by one, just above it "
          "in one event per second",
          "[customers][run]") {
  // At failure start the silence is 0, so the ticket rate is failed req/s × ticket probability.
  Scenario below = flooded(100.0);
  below.customers.ticket_probability = 0.9 * world::Customers::kTicketBatchRate / 100.0;
  below.customers.silence_doubling = hours(1'000);  // the rate stays put
  Scenario above = below;
  above.customers.ticket_probability = 1.1 * world::Customers::kTicketBatchRate / 100.0;
  const auto one_by_one = events_of<ev::SupportTicketOpened>(simulate(below, 2));
  const auto batched = events_of<ev::SupportTicketOpened>(simulate(above, 2));
  // Below: about 9 × 3,000 events, each a single ticket.
  CHECK(one_by_one.size() > 20'000);
  for (const auto& [at, t] : one_by_one) CHECK(t.count == 1);
  // Above: one event per second (a window can draw no ticket, with chance e^−11).
  CHECK(batched.size() <= 3001);
  CHECK(batched.size() >= 2990);
}

TEST_CASE("Customers: a status update ends a window of counted tickets, which keep the silence "
          "they arrived in",
          "[customers][run]") {
  // As flooded(1e6), but an alert detects the outage and the policy posts every 10 min: each
  // ticket event's silence is the time since the last update before it (or since the failure
  // began), and a window cut by an update ends at the update with the silence before it.
  Scenario s = flooded(1e6);
  s.threshold_rules = testing::three_tier().threshold_rules;
  s.policy.responders.diagnosis_step_median = hours(24);
  s.policy.status_update_cadence = {minutes(10), minutes(10), minutes(10), minutes(10)};
  const RunRecord r = simulate(s, 3);
  const auto updates = events_of<ev::StatusUpdatePosted>(r);
  REQUIRE(updates.size() >= 2);
  std::size_t at_updates = 0;
  for (const auto& [at, ticket] : events_of<ev::SupportTicketOpened>(r)) {
    SimTime since = minutes(10);  // the failure's start
    for (const auto& [u, update] : updates)
      if (u < at) since = u;
    CHECK(ticket.silence == at - since);
    for (const auto& [u, update] : updates) at_updates += u == at ? 1 : 0;
  }
  CHECK(at_updates >= 1);
}
