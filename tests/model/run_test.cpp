#include "sim/model/run.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <variant>

#include "sim/model/segments.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;
using std::chrono::hours;
using std::chrono::minutes;

using testing::first;
using testing::times_of;
using testing::with_fault;

TEST_CASE("Run: a bad deploy goes through every incident phase in order", "[run]") {
  Scenario s = with_fault(FaultType::BadDeploy);
  s.burn_rate_rules.clear();  // so the threshold rule alone decides the detection time
  const RunRecord r = simulate(s, 1);
  const SimTime opened = first<ev::IncidentOpened>(r);
  const SimTime detected = first<ev::IncidentDetected>(r);
  const SimTime acked = first<ev::PageAcknowledged>(r);
  const SimTime identified = first<ev::CauseIdentified>(r);
  const SimTime mitigated = first<ev::IncidentMitigated>(r);
  const SimTime resolved = first<ev::IncidentResolved>(r);
  CHECK(opened == minutes(10));
  // The journey alert (> 5 % over 1 min for 1 min) is pending at the first evaluation after
  // the fault (10:15) and fires one minute later; Alertmanager's group waits group_wait before
  // it notifies.
  CHECK(detected == minutes(11) + std::chrono::seconds(15) + s.alert_route.group_wait);
  CHECK(detected < acked);
  CHECK(acked < identified);
  CHECK(identified < mitigated);
  // Resolution waits for the SLIs to be healthy for the confirmation time.
  CHECK(resolved - mitigated >= s.policy.responders.resolve_confirmation);
  // The rollback cleared the fault: the journey is whole again after mitigation.
  const Segment& last = r.segments.back();
  CHECK(last.journeys[0].good_rps == Approx(last.journeys[0].offered_rps));
  // Failed requests are exactly half of the journey's traffic while the fault acted.
  const double failed = integrate(r.segments, SimTime{0}, r.duration, [](const Segment& seg) {
    return seg.journeys[0].offered_rps - seg.journeys[0].good_rps;
  });
  CHECK(failed == Approx(0.5 * 100.0 * firedrill::engine::to_seconds(mitigated - opened)));
}

TEST_CASE("Run: segments are contiguous and cover the whole run", "[run]") {
  const RunRecord r = simulate(with_fault(FaultType::ErrorRate), 3);
  REQUIRE_FALSE(r.segments.empty());
  CHECK(r.segments.front().start == SimTime{0});
  CHECK(r.segments.back().end == r.duration);
  for (std::size_t i = 1; i < r.segments.size(); ++i)
    CHECK(r.segments[i].start == r.segments[i - 1].end);
}

TEST_CASE("Run: an unacknowledged page escalates after each level's delay and loops",
          "[run][pager]") {
  Scenario s = with_fault(FaultType::ErrorRate);
  s.policy.responders.missed_page_probability_day = 1.0;  // nobody ever answers
  s.policy.responders.missed_page_probability_night = 1.0;
  const RunRecord r = simulate(s, 1);
  const SimTime detected = first<ev::IncidentDetected>(r);
  // Levels wait 5, 10 and 15 minutes; the chain runs twice (loops = 2), then stops.
  const std::vector<SimTime> expected{detected + minutes(5), detected + minutes(15),
                                      detected + minutes(30), detected + minutes(35),
                                      detected + minutes(45)};
  CHECK(times_of<ev::PageEscalated>(r) == expected);
  CHECK(times_of<ev::EscalationExhausted>(r) == std::vector<SimTime>{detected + minutes(60)});
  CHECK(times_of<ev::PageSent>(r).size() == 6);
  CHECK(times_of<ev::PageAcknowledged>(r).empty());
  CHECK(times_of<ev::IncidentResolved>(r).empty());
}

TEST_CASE("Run: the cause in another team's service engages that team", "[run][pager]") {
  Scenario s = with_fault(FaultType::ErrorRate);
  Team db = s.teams[0];
  db.name = "data";
  s.teams.push_back(db);
  s.services[2].team = 1;  // db belongs to "data"
  s.faults[0].service = 2;
  s.policy.responders.red_herring_probability = 0.0;
  const RunRecord r = simulate(s, 5);
  bool engaged = false;
  for (const TimelineEvent& e : r.timeline)
    if (const auto* t = std::get_if<ev::TeamEngaged>(&e.payload)) engaged = engaged || t->team == 1;
  CHECK(engaged);
  // Diagnosis walked frontend → api → db, one step per service.
  CHECK(times_of<ev::DiagnosisStep>(r).size() == 3);
  CHECK_FALSE(times_of<ev::IncidentResolved>(r).empty());
}

TEST_CASE("Run: the same seed gives the same record, another seed a different one", "[run]") {
  const Scenario s = with_fault(FaultType::CrashReplicas);
  const RunRecord a = simulate(s, 11), b = simulate(s, 11), c = simulate(s, 12);
  REQUIRE(a.timeline.size() == b.timeline.size());
  for (std::size_t i = 0; i < a.timeline.size(); ++i) {
    CHECK(a.timeline[i].at == b.timeline[i].at);
    CHECK(a.timeline[i].payload.index() == b.timeline[i].payload.index());
  }
  REQUIRE(a.segments.size() == b.segments.size());
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    CHECK(a.segments[i].end == b.segments[i].end);
    CHECK(a.segments[i].journeys[0].good_rps == b.segments[i].journeys[0].good_rps);
  }
  CHECK(first<ev::PageAcknowledged>(a) != first<ev::PageAcknowledged>(c));
}

TEST_CASE("Run: a fault that ends by itself mitigates the incident at its end", "[run]") {
  Scenario s = with_fault(FaultType::ErrorRate);
  s.faults[0].end = minutes(12);
  const RunRecord r = simulate(s, 2);
  CHECK(first<ev::IncidentMitigated>(r) == minutes(12));
  CHECK(times_of<ev::MitigationStarted>(r).empty());
}

TEST_CASE("Run: run_until stops at the requested time and resumes", "[run]") {
  const Scenario s = with_fault(FaultType::BadDeploy);
  Recorder rec;
  Run run(s, 1, &rec);
  run.run_until(minutes(30));
  CHECK(run.now() == minutes(30));
  CHECK_FALSE(run.finished());
  for (const TimelineEvent& e : rec.record().timeline) CHECK(e.at <= minutes(30));
  run.run_to_end();
  CHECK(run.finished());
  CHECK(rec.record().segments.back().end == s.run.duration);
}

TEST_CASE("Run: at request fidelity a drill runs on simulated requests and agrees with the flow "
          "level",
          "[run][request]") {
  // A bad deploy failing half the api's work: the flow level says exactly half of the journey
  // fails while it acts; simulated requests must agree within their sampling error (about
  // 100 req/s × 120 s per steady state: ±1.5 % at 95 %), and the response must unfold the same.
  Scenario s = with_fault(FaultType::BadDeploy);
  s.burn_rate_rules.clear();
  const RunRecord flow = simulate(s, 1, Fidelity::Flow);
  const RunRecord request = simulate(s, 1, Fidelity::Request);
  const auto failed_share = [](const RunRecord& r, SimTime t) {
    for (const Segment& seg : r.segments)
      if (seg.start <= t && t < seg.end)
        return 1.0 - seg.journeys[0].good_rps / seg.journeys[0].offered_rps;
    return -1.0;
  };
  CHECK(failed_share(flow, minutes(11)) == Approx(0.5));
  CHECK(failed_share(request, minutes(11)) == Approx(0.5).margin(0.03));
  CHECK(failed_share(request, minutes(5)) == Approx(0.0).margin(0.001));
  CHECK(first<ev::IncidentDetected>(request) == first<ev::IncidentDetected>(flow));
  CHECK_FALSE(times_of<ev::IncidentResolved>(request).empty());
}

TEST_CASE("Run: a circuit breaker trips on a failing call, stays open while probes fail, and "
          "closes once the callee is fixed",
          "[run][breaker]") {
  // db goes down for good at 10:00; the api's hard call to it has a breaker (50 %, 30 s).
  Scenario s = testing::three_tier();
  s.calls[1].breaker = CircuitBreaker{0.5, std::chrono::seconds(30)};
  Fault outage;
  outage.id = "db-down";
  outage.type = FaultType::Outage;
  outage.service = 2;
  outage.start = minutes(10);
  s.faults = {outage};
  const RunRecord r = simulate(s, 3);
  std::vector<std::pair<SimTime, bool>> changes;
  for (const TimelineEvent& e : r.timeline)
    if (const auto* b = std::get_if<ev::BreakerChanged>(&e.payload)) {
      CHECK(b->call == 1);
      changes.emplace_back(e.at, b->open);
    }
  REQUIRE(changes.size() >= 3);
  // Trips at the first evaluation at or after the outage (scrapes every 15 s, after state
  // changes at the same time: 10:00 itself); every 30 s a probe fails while db is down.
  CHECK(changes[0].first == minutes(10));
  CHECK(changes[0].second);
  CHECK(changes[1].first == changes[0].first + std::chrono::seconds(30));
  CHECK(changes[1].second);
  // The restart brings db back; the next probe closes the breaker for good.
  const SimTime mitigated = first<ev::IncidentMitigated>(r);
  CHECK(changes.back().second == false);
  CHECK(changes.back().first > mitigated);
  CHECK(changes.back().first <= mitigated + std::chrono::seconds(30));
  // While open, the api sends db nothing.
  for (const Segment& seg : r.segments)
    if (seg.calls[1].breaker_open) CHECK(seg.services[2].load_rps == 0.0);
}

namespace {
// three_tier with a breaker (25 %, 30 s) on api → db, and `fault` on db from 10:00, a scrape
// time (every 15 s). State changes run before the scrapes due at the same time, so the scrape
// at 10:00 reads the segment opened at 10:00, and tripping the breaker replaces that very
// segment (no time passed in it).
Scenario breaker_tripped_on_the_grid(Fault fault) {
  Scenario s = testing::three_tier();
  s.calls[1].breaker = CircuitBreaker{0.25, std::chrono::seconds(30)};
  fault.id = "db-fault";
  fault.service = 2;
  fault.start = minutes(10);
  s.faults = {fault};
  REQUIRE(fault.start % s.run.scrape_interval == SimTime{0});
  return s;
}
}  // namespace

TEST_CASE("Run: a breaker tripped on the scrape grid by an outage that starts then reports the "
          "failure ratio it tripped on",
          "[run][breaker]") {
  Fault outage;
  outage.type = FaultType::Outage;
  const RunRecord r = simulate(breaker_tripped_on_the_grid(outage), 3);
  const auto changes = testing::events_of<ev::BreakerChanged>(r);
  REQUIRE_FALSE(changes.empty());
  CHECK(changes[0].first == minutes(10));
  CHECK(changes[0].second.open);
  // No replica of db is up: every attempt on api → db fails.
  CHECK(changes[0].second.failure_ratio == 1.0);
}

TEST_CASE("Run: a breaker tripped on the scrape grid reports the failure ratio of the state it "
          "tripped on, not the one its opening leads to",
          "[run][breaker]") {
  // db's capacity falls to 2 × 200 × 0.251 = 100.4 req/s under api's 100 req/s: no backlog
  // (ρ < 1), but long M/M/2 waits, so many attempts time out after api's 1 s. Once the breaker
  // opens, db carries none of api's load and a probe would succeed: the two steady states
  // differ, and the trip must report the first one.
  Fault exhaustion;
  exhaustion.type = FaultType::ResourceExhaustion;
  exhaustion.capacity_factor = 0.251;
  const Scenario s = breaker_tripped_on_the_grid(exhaustion);
  Scenario without_breaker = s;
  without_breaker.calls[1].breaker.reset();
  // What the scrape at 10:00 saw: the same run without the breaker, from 10:00.
  double seen = -1.0;
  for (const Segment& seg : simulate(without_breaker, 3).segments)
    if (seg.start <= minutes(10) && minutes(10) < seg.end) seen = seg.calls[1].failure_ratio;
  REQUIRE(seen >= s.calls[1].breaker->error_threshold);

  const RunRecord r = simulate(s, 3);
  const auto changes = testing::events_of<ev::BreakerChanged>(r);
  REQUIRE_FALSE(changes.empty());
  CHECK(changes[0].first == minutes(10));
  CHECK(changes[0].second.open);
  CHECK(changes[0].second.failure_ratio == Approx(seen));
  // The state the opening led to: a probe sees what db does without api's load.
  double after = -1.0;
  for (const Segment& seg : r.segments)
    if (seg.start == minutes(10) && seg.calls[1].breaker_open) after = seg.calls[1].failure_ratio;
  CHECK(after >= 0.0);
  CHECK(after < s.calls[1].breaker->error_threshold);
}

TEST_CASE("Run: the autoscaler follows the HorizontalPodAutoscaler rule after its reaction and "
          "cold start",
          "[run][autoscaling]") {
  // A ×1.6 surge at 10:00 puts the api (2 × 100 req/s) at ρ = 0.8, beyond 0.6 × 1.1. After the
  // 60 s reaction it asks for ceil(2 × 0.8 / 0.6) = 3 replicas: one more, serving 90 s later,
  // which brings ρ to 160 / 300. No alert rules, so no responder scales anything.
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.clear();
  s.services[1].autoscaling = Autoscaling{0.6, 6, std::chrono::seconds(60),
                                          std::chrono::seconds(90)};
  Fault surge;
  surge.id = "surge";
  surge.type = FaultType::TrafficSurge;
  surge.start = minutes(10);
  surge.multiplier = 1.6;
  s.faults = {surge};
  const RunRecord r = simulate(s, 1);
  const auto scaled = testing::events_of<ev::Autoscaled>(r);
  REQUIRE(scaled.size() == 2);
  for (const auto& [at, a] : scaled) CHECK(a.service == 1);
  CHECK(scaled[0].first == SimTime{minutes(11)});
  CHECK(scaled[0].second.added == 1);
  CHECK_FALSE(scaled[0].second.ready);
  CHECK(scaled[1].first == SimTime{minutes(11) + std::chrono::seconds(90)});
  CHECK(scaled[1].second.added == 1);
  CHECK(scaled[1].second.ready);
  const Segment& last = r.segments.back();
  CHECK(last.services[1].healthy_replicas == 3);
  CHECK(last.services[1].utilisation == Approx(160.0 / 300.0));
}

namespace {
// The segments of `r` that start in [from, to).
std::vector<Segment> starting_in(const RunRecord& r, SimTime from, SimTime to) {
  std::vector<Segment> out;
  for (const Segment& seg : r.segments)
    if (seg.start >= from && seg.start < to) out.push_back(seg);
  return out;
}
}  // namespace

TEST_CASE("Run: an overload grows a backlog at λ − cμ, times every caller out once its wait "
          "passes the timeout, and drains at cμ − λ after",
          "[run][backlog]") {
  // A ×2.5 surge from 10:00 to 20:00 puts 250 req/s on the api's 2 × 100 req/s (recs gets
  // room to spare). Fluid approximation (Newell, Applications of Queueing Theory, ch. 2): the
  // backlog grows by 50 requests a second; it holds a new request for B / 200 s, which reaches
  // the frontend's 1 s timeout after 4 s. After the surge the 30,000 queued requests drain at
  // 200 − 100 = 100 a second: 300 s, the last 2 s of them within the timeout. No alert rules:
  // nobody intervenes.
  Scenario s = testing::three_tier();
  s.threshold_rules.clear();
  s.burn_rate_rules.clear();
  s.services[3].capacity_rps = 1000.0;
  Fault surge;
  surge.id = "surge";
  surge.type = FaultType::TrafficSurge;
  surge.start = minutes(10);
  surge.end = minutes(20);
  surge.multiplier = 2.5;
  s.faults = {surge};
  const RunRecord r = simulate(s, 1);
  using std::chrono::seconds;

  const auto overload = starting_in(r, minutes(10), minutes(20));
  REQUIRE(!overload.empty());
  CHECK(overload.front().services[1].backlog_growth_rps == Approx(50.0));
  // A few dozen recomputes, not one per scrape or per second.
  CHECK(overload.size() < 60);
  std::optional<SimTime> collapsed;
  for (const Segment& seg : overload) {
    INFO("segment at " << seg.start.count() << " ms");
    CHECK(seg.services[1].backlog ==
          Approx(50.0 * firedrill::engine::to_seconds(seg.start - minutes(10))));
    if (!collapsed && seg.journeys[0].good_rps == 0.0) collapsed = seg.start;
  }
  // Every caller times out from the first recompute whose backlog wait reaches 1 s: within one
  // step (a fifth of the wait) of 4 s.
  REQUIRE(collapsed);
  CHECK(*collapsed >= minutes(10) + seconds(4));
  CHECK(*collapsed <= minutes(10) + std::chrono::milliseconds(4800));

  const auto drain = starting_in(r, minutes(20), minutes(30));
  REQUIRE(!drain.empty());
  CHECK(drain.front().services[1].backlog == Approx(30'000.0));
  CHECK(drain.front().services[1].backlog_growth_rps == Approx(-100.0));
  CHECK(drain.front().journeys[0].good_rps == 0.0);
  std::optional<SimTime> recovered, empty;
  for (const Segment& seg : drain) {
    if (!recovered && seg.journeys[0].good_rps > 0.99 * seg.journeys[0].offered_rps)
      recovered = seg.start;
    if (!empty && seg.services[1].backlog == 0.0) empty = seg.start;
  }
  REQUIRE(recovered);
  REQUIRE(empty);
  CHECK(*recovered >= minutes(20) + seconds(298));
  CHECK(*empty >= minutes(20) + seconds(300));
  CHECK(*empty <= minutes(20) + seconds(300) + std::chrono::milliseconds(1));
  CHECK(r.segments.back().services[1].backlog_growth_rps == 0.0);
}

TEST_CASE("Run: a retry storm outlives its trigger (a metastable failure), a retry budget lets "
          "the backlog drain",
          "[run][backlog][retry]") {
  // payment_chain: 4 payment replicas at 50 req/s, 135 req/s of checkouts, 100 ms timeout,
  // 3 retries. One replica crashes from 10:00 to 15:00 (it restarts by itself; no alert
  // rules, nobody intervenes). During the crash the retries push payment past capacity and its
  // queue grows until every attempt times out: then 4 × 135 = 540 req/s arrive against 150.
  // When the replica is back, 540 > 200 still: the backlog keeps growing and the outage goes on
  // without its trigger, the sustaining effect of Bronson et al., "Metastable Failures in
  // Distributed Systems" (HotOS 2021). With a 5 % retry budget the load stays at most
  // 1.05 × 135 < 150: no backlog, and the system is healthy again after the restart.
  for (const std::optional<double> budget : {std::optional<double>{}, std::optional<double>{0.05}}) {
    INFO("budget " << (budget ? *budget : -1.0));
    Scenario s = testing::payment_chain(4, 3, budget);
    s.threshold_rules.clear();
    s.burn_rate_rules.clear();
    s.customers.report_probability = 0.0;  // nor do customers report it to support
    s.faults = {testing::replica_crash(1, minutes(10), minutes(15))};
    const RunRecord r = simulate(s, 1);
    const Segment& last = r.segments.back();
    CHECK(last.services[1].healthy_replicas == 4);
    if (!budget) {
      CHECK(last.journeys[0].good_rps == 0.0);
      CHECK(last.services[1].load_rps == Approx(540.0));
      CHECK(last.services[1].backlog_growth_rps == Approx(540.0 - 200.0));
    } else {
      CHECK(last.journeys[0].good_rps > 0.999 * 135.0);
      CHECK(last.services[1].backlog == 0.0);
      for (const Segment& seg : r.segments) CHECK(seg.services[1].backlog_growth_rps <= 0.0);
    }
  }
}

TEST_CASE("Run: scale-out sizes the replicas by what one serves now, not by its nominal capacity",
          "[run]") {
  // db (2 × 200 req/s) fails over at 10:00: 2 min down, then the promoted primary serves 45 %,
  // 2 × 90 req/s for 150 req/s of traffic (ρ = 0.83). The responders' scale-out brings it to
  // the target 0.6: ceil(150 / (0.6 × 90)) = 3 replicas (nominal capacity would say 2).
  Scenario s = testing::three_tier();
  s.journeys[0].rate_rps = 150.0;
  Fault failover;
  failover.id = "db-failover";
  failover.type = FaultType::DatastoreFailover;
  failover.service = 2;
  failover.start = minutes(10);
  failover.capacity_factor = 0.45;
  s.faults = {failover};
  const RunRecord r = simulate(s, 1);
  REQUIRE(!times_of<ev::IncidentMitigated>(r).empty());
  const Segment& last = r.segments.back();
  CHECK(last.services[2].healthy_replicas == 3);
  CHECK(last.services[2].utilisation == Approx(150.0 / 270.0));
}

TEST_CASE("Run: alerts of two concurrent faults in different branches open two detected "
          "incidents, each paged once",
          "[run][alerts]") {
  Scenario s = testing::three_tier();
  ThresholdRule recs;
  recs.name = "recs-errors";
  recs.target_kind = TargetKind::Service;
  recs.target = 3;  // recs: a soft dependency, so the journey's rules do not see it
  recs.threshold = 0.05;
  s.threshold_rules.push_back(recs);
  Fault db;
  db.id = "db-errors";
  db.type = FaultType::ErrorRate;
  db.service = 2;
  db.error_ratio = 0.5;
  db.start = minutes(10);
  Fault rec = db;
  rec.id = "recs-errors";
  rec.service = 3;
  rec.start = minutes(20);
  s.faults = {db, rec};
  const RunRecord r = simulate(s, 4);
  std::vector<std::size_t> detected;
  std::vector<std::size_t> paged;
  for (const TimelineEvent& e : r.timeline) {
    if (const auto* d = std::get_if<ev::IncidentDetected>(&e.payload)) {
      detected.push_back(d->incident);
      // Each incident is detected by a rule that watches what its fault breaks.
      CHECK((d->incident == 1) == (d->kind == AlertRuleKind::Threshold && d->rule == 1));
    }
    if (const auto* p = std::get_if<ev::PageSent>(&e.payload); p && p->level == 0)
      paged.push_back(p->incident);
  }
  CHECK(detected == std::vector<std::size_t>{0, 1});
  // The first level of the policy pages each incident once (unless it escalates).
  CHECK(std::count(paged.begin(), paged.end(), 0) >= 1);
  CHECK(std::count(paged.begin(), paged.end(), 1) >= 1);
  CHECK(times_of<ev::FalseAlarmPaged>(r).empty());
}

TEST_CASE("Run: spurious alerts arrive at the configured rate and page as false alarms",
          "[run][alerts]") {
  Scenario s = testing::three_tier();
  s.run.duration = hours(24 * 7);
  s.false_positives.per_day = 3.0;
  s.alert_route.group_by = {AlertLabel::AlertName};
  const RunRecord r = simulate(s, 11);
  std::size_t spurious = 0;
  for (const TimelineEvent& e : r.timeline) {
    const auto* a = std::get_if<ev::AlertChanged>(&e.payload);
    if (a && a->spurious && a->state == AlertState::Firing) ++spurious;
  }
  // A Poisson process: 21 expected in a week, standard deviation √21 ≈ 4.6.
  CHECK(spurious >= 21 - 3 * 5);
  CHECK(spurious <= 21 + 3 * 5);
  const auto pages = times_of<ev::FalseAlarmPaged>(r);
  const auto closed = times_of<ev::FalseAlarmClosed>(r);
  // Every spurious alert that starts a group pages once; a repeat while its group still fires
  // is deduplicated. Every false alarm is closed.
  CHECK(pages.size() >= 1);
  CHECK(pages.size() <= spurious);
  CHECK(closed.size() <= pages.size());
  CHECK(closed.size() + 1 >= pages.size());  // the last may still be open at the end
  CHECK(times_of<ev::IncidentOpened>(r).empty());
}

TEST_CASE("Run: the responder who takes the page moves through paged, triaging, investigating "
          "and mitigating, and rests once the incident is resolved",
          "[run][people]") {
  const Scenario s = with_fault(FaultType::BadDeploy);
  const RunRecord r = simulate(s, 1);
  std::optional<PersonRef> lead;
  for (const TimelineEvent& e : r.timeline)
    if (const auto* a = std::get_if<ev::PageAcknowledged>(&e.payload); a && !lead) lead = a->by;
  REQUIRE(lead);
  std::vector<ResponderState> states;
  for (const TimelineEvent& e : r.timeline) {
    const auto* c = std::get_if<ev::ResponderChanged>(&e.payload);
    if (c && c->who == *lead && (states.empty() || states.back() != c->state))
      states.push_back(c->state);
  }
  // By day (10:00 UTC, people in UTC) the acknowledging step takes no time but is recorded.
  // Without a communications lead or commander the lead drafts the status updates, pausing
  // the investigation (a rollback under way keeps running: no state change then).
  std::vector<ResponderState> work = states;
  std::erase(work, ResponderState::Communicating);
  work.erase(std::unique(work.begin(), work.end()), work.end());
  const std::vector<ResponderState> expected{
      ResponderState::Paged,         ResponderState::Acknowledging, ResponderState::Triaging,
      ResponderState::Investigating, ResponderState::Mitigating,    ResponderState::Investigating,
      ResponderState::Available};
  CHECK(work == expected);
  CHECK(std::count(states.begin(), states.end(), ResponderState::Communicating) >= 1);
}

TEST_CASE("Run: a ticket alert is recorded with its severity but pages no one", "[run]") {
  Scenario s = with_fault(FaultType::BadDeploy);
  s.threshold_rules[0].severity = AlertSeverity::Ticket;
  for (BurnRateCondition& c : s.burn_rate_rules[0].conditions) c.severity = AlertSeverity::Ticket;
  s.customers.report_probability = 0.0;  // nor do customers report it
  const RunRecord r = simulate(s, 1);
  std::size_t tickets = 0;
  for (const TimelineEvent& e : r.timeline) {
    if (const auto* a = std::get_if<ev::AlertChanged>(&e.payload)) {
      CHECK(a->severity == AlertSeverity::Ticket);
      tickets += a->state == AlertState::Firing ? 1 : 0;
    }
  }
  CHECK(tickets > 0);
  CHECK(times_of<ev::IncidentDetected>(r).empty());
  CHECK(times_of<ev::PageSent>(r).empty());
}

TEST_CASE("Run: with a 1 min evaluation interval the alert fires on the minute", "[run]") {
  Scenario s = with_fault(FaultType::BadDeploy);
  s.burn_rate_rules.clear();
  s.run.evaluation_interval = minutes(1);
  const RunRecord r = simulate(s, 1);
  // Fault at 10:00; the 1-min window first holds > 5 % errors at the 10:15 scrape, but the rule
  // is evaluated only at 11:00 (pending) and fires at 12:00 (`for` 1 min); Alertmanager's
  // group_wait then delays the notification.
  CHECK(first<ev::IncidentDetected>(r) == minutes(12) + s.alert_route.group_wait);
}

TEST_CASE("Run: a fault one minute into a run is detected when the SRE Workbook says, the long "
          "windows holding the nominal past before the start",
          "[run][monitor]") {
  Scenario s = with_fault(FaultType::ErrorRate);
  s.threshold_rules.clear();             // the burn-rate rule alone detects
  s.customers.report_probability = 0.0;  // and no customer reports first
  const SimTime start = minutes(1);
  s.faults[0].service = 0;  // the entry service: its failed share is the journey's
  s.faults[0].start = start;
  s.faults[0].error_ratio = 0.05;
  // Seconds until the first of `conditions` holds for errors at ratio e that start on clean
  // traffic (SRE Workbook ch. 5, approach 4's (1 − SLO) / e × W × b for each window; a pair
  // holds once both of its windows do).
  const auto workbook_s = [&s](const std::vector<BurnRateCondition>& conditions, double e) {
    const double budget = 1.0 - s.journeys[0].slo.objective;
    const auto crossing = [&](SimTime w, double burn) {
      return budget / e * firedrill::engine::to_seconds(w) * burn;
    };
    double soonest = 1e300;
    for (const BurnRateCondition& c : conditions) {
      double holds = crossing(c.long_window, c.burn_rate);
      if (c.short_window) holds = std::max(holds, crossing(*c.short_window, c.burn_rate));
      soonest = std::min(soonest, holds);
    }
    return soonest;
  };
  const auto check_detection = [&](const RunRecord& r) {
    // The journey's error ratio while the fault acts, as the run computed it.
    const Segment& during = *std::find_if(r.segments.begin(), r.segments.end(),
                                          [&](const Segment& seg) { return seg.start == start; });
    const double e = 1.0 - during.journeys[0].good_rps / during.journeys[0].offered_rps;
    REQUIRE(e == Approx(0.05).margin(0.005));
    const double expected_s = workbook_s(s.burn_rate_rules[0].conditions, e);
    std::optional<SimTime> fired;
    for (const auto& [at, alert] : testing::events_of<ev::AlertChanged>(r))
      if (!fired && alert.kind == AlertRuleKind::BurnRate && alert.state == AlertState::Firing)
        fired = at;
    REQUIRE(fired);
    const double fired_s = firedrill::engine::to_seconds(*fired - start);
    CHECK(fired_s >= expected_s);
    CHECK(fired_s <= expected_s + firedrill::engine::to_seconds(s.run.scrape_interval));
    // The incident is detected by that alert, after Alertmanager's group_wait.
    CHECK(first<ev::IncidentDetected>(r) == *fired + s.alert_route.group_wait);
  };
  SECTION("the SRE Workbook's page pairs: 1h/5m at 14.4× decides, after 1 036.8 s") {
    CHECK(workbook_s(s.burn_rate_rules[0].conditions, 0.05) == Approx(1036.8));
    check_detection(simulate(s, 1));
  }
  SECTION("the 6h/30m pair at 6× alone: after 2 592 s, not at the first evaluation") {
    s.burn_rate_rules[0].conditions = {{hours(6), minutes(30), 6.0}};
    CHECK(workbook_s(s.burn_rate_rules[0].conditions, 0.05) == Approx(2592.0));
    check_detection(simulate(s, 1));
  }
}

TEST_CASE("Run: at P1 an incident commander, a comms lead and a scribe are paged from their "
          "rotations, the comms lead posts the updates, and a second team is paged as experts at "
          "triage",
          "[run][people]") {
  Scenario s = with_fault(FaultType::Outage);  // api down: every browse fails, P1
  Team ic = s.teams[0];
  ic.name = "incident-command";
  for (Person& p : ic.people) p.name += "-ic";
  s.teams.push_back(ic);
  s.services[2].team = 1;  // db belongs to the second team: on the suspected path? no (api is cause)
  s.policy.incident_commander = RolePolicy{1, Severity::P2};
  s.policy.comms_lead = RolePolicy{1, Severity::P1};
  s.policy.scribe = RolePolicy{1, Severity::P1};
  s.policy.misclassification_probability = 0.0;
  const RunRecord r = simulate(s, 2);
  std::vector<Role> roles;
  std::optional<PersonRef> comms;
  for (const TimelineEvent& e : r.timeline) {
    if (const auto* a = std::get_if<ev::RoleAssigned>(&e.payload)) {
      roles.push_back(a->role);
      CHECK(a->who.team == 1);
      if (a->role == Role::CommsLead) comms = a->who;
    }
    if (const auto* d = std::get_if<ev::SeverityDeclared>(&e.payload)) {
      CHECK(d->severity == Severity::P1);
      CHECK_FALSE(d->misjudged);
    }
  }
  REQUIRE(std::count(roles.begin(), roles.end(), Role::IncidentCommander) == 1);
  CHECK(std::count(roles.begin(), roles.end(), Role::Scribe) == 1);
  REQUIRE(comms);
  // Every update after the comms lead took the role is theirs.
  const SimTime took = first<ev::RoleAssigned>(r);
  for (const TimelineEvent& e : r.timeline) {
    const auto* u = std::get_if<ev::StatusUpdatePosted>(&e.payload);
    if (u && e.at > took && !std::holds_alternative<ev::RoleAssigned>(e.payload)) {
      REQUIRE(u->by);
      CHECK((*u->by == *comms || u->by->team == 1));
    }
  }
}

TEST_CASE("Run: triage misjudges the severity by one level at the policy's rate", "[run]") {
  Scenario s = with_fault(FaultType::Outage);
  s.policy.misclassification_probability = 1.0;
  const RunRecord r = simulate(s, 3);
  bool seen = false;
  for (const TimelineEvent& e : r.timeline) {
    const auto* d = std::get_if<ev::SeverityDeclared>(&e.payload);
    if (!d || seen) continue;
    seen = true;
    // Every browse fails (share 1 ≥ P1's 0.20): the matrix says P1, so the only misjudgment
    // possible is one level lower (or P1 clamped when it would go higher).
    CHECK((d->severity == Severity::P2 || d->severity == Severity::P1));
    CHECK(d->misjudged == (d->severity == Severity::P2));
  }
  CHECK(seen);
}

TEST_CASE("Run: without an incident commander each extra responder slows the diagnosis steps",
          "[run][people]") {
  // db fails and belongs to a second team; at triage (P1: every browse fails) that team is
  // paged as experts, so two responders search. Same seed, same draws: only the coordination
  // overhead differs, so the cause is found later with it.
  Scenario s = with_fault(FaultType::Outage);
  s.faults[0].service = 2;
  Team dba = s.teams[0];
  dba.name = "dba";
  for (Person& p : dba.people) p.name += "-dba";
  s.teams.push_back(dba);
  s.services[2].team = 1;
  s.policy.misclassification_probability = 0.0;
  s.policy.responders.red_herring_probability = 0.0;
  s.policy.coordination_overhead_per_responder = 0.0;
  const RunRecord calm = simulate(s, 5);
  s.policy.coordination_overhead_per_responder = 2.0;
  const RunRecord crowded = simulate(s, 5);
  REQUIRE(times_of<ev::TeamEngaged>(calm).size() == 1);
  CHECK(first<ev::CauseIdentified>(crowded) > first<ev::CauseIdentified>(calm));
  // With a commander the overhead is gone: the same timeline as without overhead.
  s.policy.incident_commander = RolePolicy{0, Severity::P1};
  const RunRecord commanded = simulate(s, 5);
  CHECK(first<ev::CauseIdentified>(commanded) <= first<ev::CauseIdentified>(crowded));
}

TEST_CASE("Run: an investigator drafting a status update when the next one is due does not start "
          "a second draft, so their updates never go out minutes apart",
          "[run][comms]") {
  // Drafts (median 20 min) outlast the cadence (5 min). With one draft at a time, consecutive
  // updates are a whole draft apart: under 1 min only with probability Φ(ln(1/20) / σ), about
  // 1e-9 for the work spread σ = 0.5 (world::kWorkSigma). Overlapping drafts would post seconds
  // apart.
  Scenario s = with_fault(FaultType::BadDeploy);
  s.policy.status_update_draft_median = minutes(20);
  for (auto& cadence : s.policy.status_update_cadence)
    if (cadence) cadence = minutes(5);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    const RunRecord r = simulate(s, seed);
    std::vector<SimTime> posts;  // drafted ones: the resolution's update goes out at once
    for (const auto& [at, u] : testing::events_of<ev::StatusUpdatePosted>(r))
      if (!u.message.starts_with("Resolved")) posts.push_back(at);
    REQUIRE(posts.size() >= 2);
    for (std::size_t i = 1; i < posts.size(); ++i) CHECK(posts[i] - posts[i - 1] >= minutes(1));
  }
}

TEST_CASE("Run: a false-positive rate of 1e-300 a day never fires, its gap far beyond SimTime",
          "[run][alerts]") {
  Scenario s = testing::three_tier();
  s.false_positives.per_day = 1e-300;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RunRecord r = simulate(s, seed);
    for (const TimelineEvent& e : r.timeline) {
      const auto* a = std::get_if<ev::AlertChanged>(&e.payload);
      CHECK_FALSE((a && a->spurious));
    }
  }
}
