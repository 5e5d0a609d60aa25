// Availability of repairable services under random faults, against the formulas of
// shared/reference/alerting-and-queueing.md ("Availability"): one unit MTTF / (MTTF + MTTR),
// series Π Aᵢ, k-of-n Σ C(n,i) Aⁱ(1−A)^(n−i), and common-mode faults below 1 − (1 − A)².

#include <boost/math/distributions/students_t.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/run.hpp"
#include "sim/model/segments.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::hours;

namespace {

constexpr int kReplications = 30;

// A scenario without alert rules or customer reports (nobody is paged, so only automatic
// repair ends a fault), `hours_long` long, scraped hourly.
Scenario quiet(double hours_long) {
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.clear();
  s.customers.report_probability = 0.0;
  s.run.duration = firedrill::engine::from_minutes(60.0 * hours_long);
  s.run.scrape_interval = hours(1);
  return s;
}

FaultProcess crashes(std::string id, std::size_t service, double mttf_h, double mttr_h,
                     bool per_replica) {
  FaultProcess p;
  p.id = std::move(id);
  p.fault.type = per_replica ? FaultType::CrashReplicas : FaultType::Outage;
  p.fault.service = service;
  p.mttf = firedrill::engine::from_minutes(60.0 * mttf_h);
  p.mttr = firedrill::engine::from_minutes(60.0 * mttr_h);
  p.per_replica = per_replica;
  return p;
}

struct Interval {
  double mean = 0.0;
  double half_width = 0.0;
  bool contains(double x) const { return std::abs(x - mean) <= half_width; }
};

// The share of journey 0's requests that succeeded, over kReplications independent seeds: the
// mean and its 99 % confidence half-width (Student's t).
Interval availability(const Scenario& s) {
  std::vector<double> xs;
  for (int seed = 1; seed <= kReplications; ++seed) {
    const RunRecord r = simulate(s, static_cast<std::uint64_t>(seed));
    const auto rate = [](auto member) {
      return [member](const Segment& seg) { return seg.journeys[0].*member; };
    };
    xs.push_back(integrate(r.segments, SimTime{0}, r.duration, rate(&JourneyFlow::good_rps)) /
                 integrate(r.segments, SimTime{0}, r.duration, rate(&JourneyFlow::offered_rps)));
  }
  double mean = 0.0;
  for (const double x : xs) mean += x / kReplications;
  double var = 0.0;
  for (const double x : xs) var += (x - mean) * (x - mean) / (kReplications - 1);
  const boost::math::students_t t(kReplications - 1);
  return {mean, boost::math::quantile(boost::math::complement(t, 0.005)) *
                    std::sqrt(var / kReplications)};
}

}  // namespace

TEST_CASE("Availability: a unit with random crashes and automatic restarts converges to "
          "MTTF/(MTTF+MTTR)",
          "[availability]") {
  // One service, one replica, no calls; MTTF 10 h, MTTR 1 h: A = 10/11.
  Scenario s = quiet(2000);
  s.services = {s.services[0]};
  s.services[0].replicas = 1;
  s.calls.clear();
  s.journeys[0].calls.clear();
  s.journeys[0].rate_rps = 50.0;
  s.fault_processes = {crashes("crash", 0, 10, 1, false)};
  const Interval a = availability(s);
  INFO("measured " << a.mean << " ± " << a.half_width);
  CHECK(a.contains(10.0 / 11.0));
  CHECK(a.half_width < 0.01);
}

TEST_CASE("Availability: two hard dependencies in series multiply", "[availability]") {
  // frontend → api, each its own unit with MTTF 10 h, MTTR 1 h: A = (10/11)².
  Scenario s = quiet(2000);
  s.services = {s.services[0], s.services[1]};
  s.services[0].replicas = s.services[1].replicas = 1;
  s.services[0].capacity_rps = s.services[1].capacity_rps = 1000.0;
  s.calls = {s.calls[0]};
  s.journeys[0].calls = {0};
  s.fault_processes = {crashes("front", 0, 10, 1, false), crashes("api", 1, 10, 1, false)};
  const Interval a = availability(s);
  INFO("measured " << a.mean << " ± " << a.half_width);
  CHECK(a.contains(std::pow(10.0 / 11.0, 2)));
}

TEST_CASE("Availability: three replicas of which two carry the load follow the 2-of-3 formula",
          "[availability]") {
  // 150 req/s on replicas of 100 req/s: two carry it (ρ = 0.75), one collapses (ρ = 1.5). Each
  // replica fails independently, MTTF 9 h, MTTR 1 h, so A = 0.9 and the service is up with
  // probability Σ_{i=2..3} C(3,i) Aⁱ (1−A)^(3−i) = 3A²(1−A) + A³ = 0.972. The formula has
  // no transients: a waiting room of 200 requests per replica (2 s of work) and users who wait
  // 1 s make the lone replica fail every request within 4 s, and the pair drain its queue
  // within 4 s of the repair.
  Scenario s = quiet(2000);
  s.services = {s.services[0]};
  s.services[0].replicas = 3;
  s.services[0].queue_limit = 200;
  s.journeys[0].timeout_ms = 1000.0;
  s.calls.clear();
  s.journeys[0].calls.clear();
  s.journeys[0].rate_rps = 150.0;
  s.fault_processes = {crashes("replica", 0, 9, 1, true)};
  const double A = 0.9;
  const Interval a = availability(s);
  INFO("measured " << a.mean << " ± " << a.half_width);
  CHECK(a.contains(3 * A * A * (1 - A) + A * A * A));
}

TEST_CASE("Availability: replicas in two zones with a common-mode fault land below "
          "1 − (1 − A)²",
          "[availability]") {
  // Two replicas in zones a and b, either carries the load. Each fails on its own (MTTF 9 h,
  // MTTR 1 h: 0.9), and a common-mode outage takes both (MTTF 50 h, MTTR 1 h: 50/51). Each
  // replica is up A = 0.9 × 50/51 of the time; if they were independent the pair would be up
  // 1 − (1 − A)². The common mode caps it at 50/51 × (1 − 0.1²) (SRE Workbook ch. 2).
  Scenario s = quiet(2000);
  s.services = {s.services[0]};
  s.services[0].replicas = 2;
  s.services[0].zones = {"a", "b"};
  s.calls.clear();
  s.journeys[0].calls.clear();
  s.journeys[0].rate_rps = 50.0;
  s.fault_processes = {crashes("replica", 0, 9, 1, true), crashes("common", 0, 50, 1, false)};
  const double common = 50.0 / 51.0;
  const double replica = 0.9 * common;
  const Interval a = availability(s);
  INFO("measured " << a.mean << " ± " << a.half_width);
  CHECK(a.contains(common * (1.0 - 0.1 * 0.1)));
  CHECK(a.mean + a.half_width < 1.0 - (1.0 - replica) * (1.0 - replica));
}
