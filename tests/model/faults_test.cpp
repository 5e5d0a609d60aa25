#include "sim/model/faults.hpp"

#include <catch2/catch.hpp>
#include <cstdint>

#include "sim/model/run.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::minutes;

namespace {

Fault make_fault(FaultType type, std::size_t service) {
  Fault f;
  f.id = "f";
  f.type = type;
  f.service = service;
  return f;
}

FlowState effect(const Scenario& s, const Fault& f, SimTime elapsed) {
  FlowState state = nominal_flow_state(s);
  apply_fault(s, f, elapsed, state);
  return state;
}

}  // namespace

TEST_CASE("Faults: a canary rollout limits a bad deploy's blast radius stage by stage",
          "[faults]") {
  const Scenario s = testing::three_tier();
  Fault f = make_fault(FaultType::BadDeploy, 1);
  f.error_ratio = 0.4;
  f.latency_ms = 100.0;
  f.rollout = {{0.05, minutes(10)}, {0.25, minutes(20)}, {1.0, minutes(0)}};
  // The new version serves 5 %, then 25 %, then all traffic: only its share sees the defect.
  CHECK(effect(s, f, minutes(5)).services[1].injected_error_ratio == Approx(0.05 * 0.4));
  CHECK(effect(s, f, minutes(5)).services[1].injected_latency_ms == Approx(0.05 * 100.0));
  CHECK(effect(s, f, minutes(15)).services[1].injected_error_ratio == Approx(0.25 * 0.4));
  CHECK(effect(s, f, minutes(45)).services[1].injected_error_ratio == Approx(0.4));
  CHECK(next_phase_change(f, SimTime{0}) == SimTime{minutes(10)});
  CHECK(next_phase_change(f, minutes(10)) == SimTime{minutes(30)});
  CHECK_FALSE(next_phase_change(f, minutes(30)).has_value());
  f.rollout.clear();  // no rollout: the whole fleet at once
  CHECK(effect(s, f, SimTime{0}).services[1].injected_error_ratio == Approx(0.4));
}

TEST_CASE("Faults: a memory leak's capacity decays in steps, then an OOM kill restarts it",
          "[faults]") {
  const Scenario s = testing::three_tier();
  Fault f = make_fault(FaultType::MemoryLeak, 1);
  f.capacity_factor = 0.2;
  f.leak_period = minutes(40);
  f.restart_duration = minutes(1);
  // Step k of 8 holds the linear decay's midpoint 1 − 0.8 (k + 0.5) / 8, so the mean capacity
  // over a period is the linear decay's mean, 1 − 0.8 / 2 = 0.6.
  double mean = 0.0;
  for (int k = 0; k < kLeakSteps; ++k) {
    const SimTime t = k * minutes(5) + minutes(2);
    const double factor = effect(s, f, t).services[1].capacity_factor;
    CHECK(factor == Approx(1.0 - 0.8 * (k + 0.5) / kLeakSteps));
    mean += factor / kLeakSteps;
  }
  CHECK(mean == Approx(0.6));
  // The OOM kill: every replica down for the restart, then a fresh cycle at full strength.
  CHECK(effect(s, f, minutes(40) + std::chrono::seconds(30)).services[1].crashed_replicas == 2);
  CHECK(effect(s, f, minutes(41)).services[1].capacity_factor == Approx(1.0 - 0.8 * 0.5 / 8));
  CHECK(next_phase_change(f, minutes(36)) == SimTime{minutes(40)});
  CHECK(next_phase_change(f, minutes(40)) == SimTime{minutes(41)});
  CHECK(next_phase_change(f, minutes(41)) == SimTime{minutes(46)});
}

TEST_CASE("Faults: a zone outage takes down each service's replicas in that zone", "[faults]") {
  Scenario s = testing::three_tier();
  s.services[0].zones = {"a", "b", "c"};  // 4 replicas: a, b, c, a
  s.services[1].zones = {"a", "b"};       // 2 replicas: a, b
  s.services[2].zones = {"b"};            // both in b
  CHECK(replicas_in_zone(s.services[0], "a") == 2);
  CHECK(replicas_in_zone(s.services[3], "a") == 0);  // no zones: no zone outage reaches it
  Fault f = make_fault(FaultType::ZoneOutage, 0);
  f.zone = "a";
  const FlowState st = effect(s, f, SimTime{0});
  CHECK(st.services[0].crashed_replicas == 2);
  CHECK(st.services[1].crashed_replicas == 1);
  CHECK(st.services[2].crashed_replicas == 0);
  // Spread over zones, the api survives zone a at half capacity; all in one zone, it does not.
  s.journeys[0].rate_rps = 60.0;  // ρ = 0.6 on the api's one surviving replica
  FlowState spread = effect(s, f, SimTime{0});
  CHECK(FlowModel(s).steady_state(spread).journeys[0].good_rps == Approx(60.0).epsilon(1e-6));
  s.services[1].zones = {"a"};
  const FlowState packed = effect(s, f, SimTime{0});
  CHECK(FlowModel(s).steady_state(packed).journeys[0].good_rps == Approx(0.0));
}

TEST_CASE("Faults: a network partition fails the calls both ways between two services",
          "[faults]") {
  Scenario s = testing::three_tier();
  s.calls.push_back(testing::make_call(2, 1, false, 100.0));  // db → api as well
  Fault f = make_fault(FaultType::NetworkPartition, 1);
  f.peer_service = 2;
  const FlowState st = effect(s, f, SimTime{0});
  CHECK(st.call_error_ratio[1] == 1.0);  // api → db
  CHECK(st.call_error_ratio[3] == 1.0);  // db → api
  CHECK(st.call_error_ratio[0] == 0.0);  // frontend → api is untouched
}

TEST_CASE("Faults: a datastore failover is a short outage, then reduced capacity", "[faults]") {
  const Scenario s = testing::three_tier();
  Fault f = make_fault(FaultType::DatastoreFailover, 2);
  f.outage_duration = minutes(2);
  f.capacity_factor = 0.5;
  CHECK(effect(s, f, minutes(1)).services[2].crashed_replicas == 2);
  CHECK(effect(s, f, minutes(3)).services[2].crashed_replicas == 0);
  CHECK(effect(s, f, minutes(3)).services[2].capacity_factor == 0.5);
  CHECK(next_phase_change(f, SimTime{0}) == SimTime{minutes(2)});
  CHECK_FALSE(next_phase_change(f, minutes(2)).has_value());
}

TEST_CASE("Run: a phased fault opens a new steady-state segment at each phase change",
          "[faults][run]") {
  Scenario s = testing::three_tier();
  Fault f = make_fault(FaultType::BadDeploy, 1);
  f.start = minutes(10);
  f.error_ratio = 0.5;
  f.rollout = {{0.1, minutes(10)}, {1.0, minutes(0)}};
  s.faults = {f};
  s.policy.responders.missed_page_probability_day = 1.0;  // nobody rolls it back
  const RunRecord r = simulate(s, 1);
  const auto good_at = [&r](SimTime t) {
    for (const Segment& seg : r.segments)
      if (seg.start <= t && t < seg.end) return seg.journeys[0].good_rps;
    return -1.0;
  };
  CHECK(good_at(minutes(5)) == Approx(100.0));
  CHECK(good_at(minutes(15)) == Approx(100.0 * (1 - 0.1 * 0.5)));  // the canary's 10 %
  CHECK(good_at(minutes(25)) == Approx(100.0 * (1 - 0.5)));        // the whole fleet
}

TEST_CASE("realize_faults: processes whose draws lie beyond SimTime's range draw nothing",
          "[faults]") {
  // An MTTF of half SimTime's range (about 146 million years): a draw beyond the range
  // (probability e^−2 each) must not wrap into the run. A deploy rate of 1e-300 a day: a mean
  // gap of 8.64e304 s.
  Scenario s = testing::three_tier();
  FaultProcess p;
  p.id = "rare";
  p.fault = make_fault(FaultType::CrashReplicas, 0);
  p.fault.replicas = 1;
  p.mttf = SimTime{SimTime::max().count() / 2};
  s.fault_processes = {p};
  ChangeProcess c;
  c.id = "glacial";
  c.service = 1;
  c.deploys_per_day = 1e-300;
  c.change_failure_rate = 1.0;
  s.change_processes = {c};
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    CAPTURE(seed);
    CHECK(realize_faults(s, seed).empty());
  }
}
