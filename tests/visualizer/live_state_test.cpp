// LiveState: the live view's picture of a running drill agrees with the record the same run
// writes; a facilitated drill replays from its log to the same report.

#include "visualizer/live_state.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <span>

#include "scoring/integrals.hpp"
#include "scoring/report.hpp"
#include "sim/model/alertmanager.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/bundled_scenarios.hpp"

namespace {

namespace model = firedrill::model;
namespace ev = model::ev;
namespace scoring = firedrill::scoring;
using firedrill::visualizer::IncidentPhase;
using firedrill::visualizer::LiveState;
using model::SimTime;
using namespace std::chrono_literals;

// Passes everything to both sinks.
class Tee : public model::TraceSink {
 public:
  Tee(model::TraceSink& a, model::TraceSink& b) : a_(a), b_(b) {}
  void on_event(const model::TimelineEvent& e) override {
    a_.on_event(e);
    b_.on_event(e);
  }
  void on_segment(const model::Segment& s) override {
    a_.on_segment(s);
    b_.on_segment(s);
  }

 private:
  model::TraceSink& a_;
  model::TraceSink& b_;
};

template <typename T>
std::optional<SimTime> first_for(const model::RunRecord& r, std::size_t incident) {
  for (const auto& e : r.timeline)
    if (const T* p = std::get_if<T>(&e.payload); p && p->incident == incident) return e.at;
  return std::nullopt;
}

// Every check of the live picture against the record so far, at `now` with open segment `open`.
// Returns the number of firing alerts and of working responders checked, for the caller.
std::pair<std::size_t, std::size_t> check_against_record(const model::Scenario& sc,
                                                         const model::RunRecord& r,
                                                         const LiveState& live,
                                                         const model::Segment* open) {
  // Incidents: one per IncidentOpened, each phase at the time of its first event.
  std::size_t opened = 0;
  for (const auto& e : r.timeline) opened += std::holds_alternative<ev::IncidentOpened>(e.payload);
  REQUIRE(live.incidents().size() == opened);
  for (std::size_t i = 0; i < opened; ++i) {
    const auto& inc = live.incidents()[i];
    CHECK(inc.opened == first_for<ev::IncidentOpened>(r, i));
    CHECK(inc.detected == first_for<ev::IncidentDetected>(r, i));
    CHECK(inc.acknowledged == first_for<ev::PageAcknowledged>(r, i));
    CHECK(inc.mitigated == first_for<ev::IncidentMitigated>(r, i));
    CHECK(inc.resolved == first_for<ev::IncidentResolved>(r, i));
    if (inc.resolved) CHECK(inc.phase == IncidentPhase::Resolved);
    if (!inc.detected && !inc.mitigated) CHECK(inc.phase == IncidentPhase::Impact);
  }

  // Firing alerts: exactly those whose latest firing or resolution in the record is a firing.
  using Key = std::tuple<model::AlertRuleKind, std::size_t, std::size_t, bool>;
  std::map<Key, bool> firing;
  for (const auto& e : r.timeline)
    if (const auto* a = std::get_if<ev::AlertChanged>(&e.payload);
        a && a->state != model::AlertState::Pending)
      firing[{a->kind, a->rule, a->condition, a->spurious}] = a->state == model::AlertState::Firing;
  std::set<Key> expected, shown;
  for (const auto& [key, on] : firing)
    if (on) expected.insert(key);
  for (std::size_t s = 0; s < live.services().size(); ++s) {
    for (const auto& a : live.services()[s].firing_alerts) {
      shown.insert({a.kind, a.rule, a.condition, a.spurious});
      CHECK(a.service == s);
      CHECK(model::alert_of(sc, a.kind, a.rule, a.condition).service == s);
    }
  }
  CHECK(shown == expected);

  // Responders: the state of their latest change; one who acknowledged and works on the
  // incident is at a service the incident's events name (its symptom, a diagnosis step, the
  // cause, a mitigation).
  std::size_t working = 0;
  for (const auto& view : live.responders()) {
    std::optional<ev::ResponderChanged> last;
    for (const auto& e : r.timeline)
      if (const auto* c = std::get_if<ev::ResponderChanged>(&e.payload); c && c->who == view.who)
        last = *c;
    if (!last) continue;
    CHECK(view.state == last->state);
    CHECK(view.incident == last->incident);
    if (!view.incident) {
      CHECK_FALSE(view.service.has_value());
      continue;
    }
    const auto& inc = live.incidents()[*view.incident];
    const bool acked =
        std::find(inc.responders.begin(), inc.responders.end(), view.who) != inc.responders.end();
    const bool at_work = view.state == model::ResponderState::Investigating ||
                         view.state == model::ResponderState::Mitigating ||
                         view.state == model::ResponderState::Triaging;
    if (!acked || !at_work) continue;
    std::set<std::size_t> named;
    for (const auto& e : r.timeline) {
      std::visit(
          [&](const auto& p) {
            using P = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<P, ev::IncidentDetected>) {
              if (p.incident == *view.incident)
                named.insert(model::alert_of(sc, p.kind, p.rule).service);
            } else if constexpr (std::is_same_v<P, ev::DiagnosisStep> ||
                                 std::is_same_v<P, ev::CauseIdentified> ||
                                 std::is_same_v<P, ev::MitigationStarted>) {
              if (p.incident == *view.incident) named.insert(p.service);
            }
          },
          e.payload);
    }
    REQUIRE(view.service.has_value());
    CHECK(named.count(*view.service) == 1);
    ++working;
  }

  // Error budgets: failed requests since the start over the budget (scoring's integrals).
  std::vector<model::Segment> segments = r.segments;
  if (open) {
    segments.push_back(*open);
    segments.back().end = live.now();
  }
  for (std::size_t j = 0; j < sc.journeys.size(); ++j) {
    const double failed = scoring::failed_requests(segments, j, {0ms, live.now()});
    CHECK(live.journeys()[j].failed_requests == Approx(failed).margin(1e-6));
    CHECK(live.journeys()[j].error_budget_consumed ==
          Approx(scoring::budget_consumed(failed, scoring::error_budget_requests(sc.journeys[j])))
              .margin(1e-9));
  }
  return {shown.size(), working};
}

}  // namespace

TEST_CASE("LiveState: during every bundled drill it agrees with the record at each checkpoint",
          "[visualizer][live]") {
  for (const auto& file : firedrill::testing::bundled_scenarios()) {
    INFO(file.string());
    const model::Scenario sc = firedrill::scenario::load_scenario(file);
    model::Recorder recorder;
    LiveState live(sc);
    Tee tee(recorder, live);
    model::Run run(sc, sc.run.seed, &tee);
    std::size_t firing_seen = 0, working_seen = 0;
    constexpr int kCheckpoints = 40;
    for (int k = 1; k <= kCheckpoints; ++k) {
      run.run_until(sc.run.duration * k / kCheckpoints);
      live.update(run);
      const auto [firing, working] = check_against_record(
          sc, recorder.record(), live, run.finished() ? nullptr : &run.current_segment());
      firing_seen += firing;
      working_seen += working;
      // The charts hold the last 30 min at 15 s, the newest from the open segment.
      for (const auto& j : live.journeys()) {
        REQUIRE_FALSE(j.series.empty());
        CHECK(j.series.back().at <= live.now());
        CHECK(j.series.back().at >= live.now() - 15s);  // = at the end: [.., end)
        CHECK(j.series.front().at >= live.now() - 30min);
      }
    }
    REQUIRE(run.finished());
    if (file.filename() == "black-friday-bad-deploy.json") {
      // Its bad deploy fires alerts and people work on it, and all of it ends by the run's end.
      CHECK(firing_seen > 0);
      CHECK(working_seen > 0);
      REQUIRE(live.incidents().size() == 1);
      CHECK(live.incidents()[0].phase == IncidentPhase::Resolved);
      for (const auto& s : live.services()) {
        CHECK(s.active_faults.empty());
        for (const auto& a : s.firing_alerts) CHECK(a.spurious);
      }
    }
    // At the end the error budgets are the report's (scoring::measure_impact over the run).
    const auto impact =
        scoring::measure_impact(sc, recorder.record().segments, {0ms, sc.run.duration});
    for (std::size_t j = 0; j < sc.journeys.size(); ++j)
      CHECK(live.journeys()[j].error_budget_consumed ==
            Approx(impact.error_budget_consumed_by_journey[j]).margin(1e-9));
  }
}

TEST_CASE(
    "Live drill: faults injected and ended live replay from the written log to the same "
    "report",
    "[visualizer][live][facilitator]") {
  const model::Scenario sc = firedrill::scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  model::Recorder recorder;
  LiveState live(sc);
  Tee tee(recorder, live);
  model::Run run(sc, 5, &tee);
  firedrill::scenario::DrillLog log{"black-friday-bad-deploy", 5, {}, {}};

  // The facilitator clicks at 12 min 34.5 s: the window builds the fault's JSON and checks it.
  run.run_until(754500ms);
  std::vector<std::string> ids;
  for (const auto& f : run.faults()) ids.push_back(f.id);
  const model::Fault outage = firedrill::scenario::parse_injected_fault(
      R"({"id": "cart-down", "type": "outage", "service": "cartservice"})", sc, run.now(), ids);
  log.commands.push_back(
      std::get<model::DrillCommand>(model::apply_now(run, model::InjectFault{outage})));
  run.run_until(16min);
  live.update(run);
  const std::size_t cart = 9;
  REQUIRE(sc.services[cart].name == "cartservice");
  const std::size_t injected = run.faults().size() - 1;
  CHECK(live.services()[cart].active_faults == std::vector<std::size_t>{injected});
  REQUIRE(live.incidents().size() == 1);
  CHECK(live.incidents()[0].fault == injected);
  CHECK(live.incidents()[0].opened == 754500ms);

  run.run_until(31min);
  log.commands.push_back(
      std::get<model::DrillCommand>(model::apply_now(run, model::EndFault{"cart-down"})));
  run.run_until(31min);
  live.update(run);
  CHECK(live.services()[cart].active_faults.empty());
  CHECK(live.incidents()[0].mitigated == 31min);
  run.run_to_end();

  model::RunRecord live_record = std::move(recorder.record());
  live_record.seed = 5;
  live_record.duration = sc.run.duration;
  live_record.faults = run.faults();
  live_record.nominal_past = run.nominal_past();

  const std::string text = firedrill::scenario::drill_log_json(log, sc);
  const auto replayed_log = firedrill::scenario::parse_drill_log(text, "log.json", sc);
  CHECK(replayed_log == log);
  const model::RunRecord replayed =
      model::simulate_drill(sc, replayed_log.seed, replayed_log.commands);
  CHECK(replayed == live_record);
  CHECK(scoring::report_json(scoring::evaluate(sc, replayed)) ==
        scoring::report_json(scoring::evaluate(sc, live_record)));
}

TEST_CASE(
    "LiveState: a responder is shown at their own diagnosis step until the incident's "
    "focus moves later",
    "[visualizer][live]") {
  const model::Scenario sc = firedrill::scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  LiveState live(sc);
  const model::PersonRef ana{0, 0}, bo{0, 1};
  const std::vector<model::Fault> faults = sc.faults;
  live.on_event({1min, ev::FaultInjected{0}});
  live.on_event({1min, ev::IncidentOpened{0, 0}});
  // A threshold rule's alert: the symptom is its watched service.
  live.on_event({2min, ev::IncidentDetected{0, model::AlertRuleKind::Threshold, 0}});
  const std::size_t symptom = model::alert_of(sc, model::AlertRuleKind::Threshold, 0).service;
  live.on_event({3min, ev::PageAcknowledged{0, ana}});
  live.on_event({3min, ev::ResponderChanged{ana, model::ResponderState::Investigating, 0}});
  live.on_event({3min, ev::ResponderChanged{bo, model::ResponderState::Investigating, 0}});
  live.update(3min, faults, nullptr);
  CHECK(live.responders()[live.responder_index(ana)].service == symptom);
  CHECK(live.incidents()[0].phase == IncidentPhase::Acknowledged);

  live.on_event({4min, ev::DiagnosisStep{0, ana, 4, false}});
  live.on_event({5min, ev::DiagnosisStep{0, bo, 7, true}});
  live.update(5min, faults, nullptr);
  CHECK(live.responders()[live.responder_index(ana)].service == 4u);
  CHECK(live.responders()[live.responder_index(bo)].service == 7u);

  live.on_event({6min, ev::MitigationStarted{0, model::MitigationAction::Rollback, 5}});
  live.update(6min, faults, nullptr);
  CHECK(live.responders()[live.responder_index(ana)].service == 5u);
  CHECK(live.responders()[live.responder_index(bo)].service == 5u);
  CHECK(live.services()[faults[0].service].active_faults == std::vector<std::size_t>{0});

  live.on_event({7min, ev::ResponderChanged{bo, model::ResponderState::Available, std::nullopt}});
  live.update(7min, faults, nullptr);
  CHECK_FALSE(live.responders()[live.responder_index(bo)].service.has_value());
}

TEST_CASE("LiveState: pages flash for five minutes, the charts sample every 15 s over 30 min",
          "[visualizer][live]") {
  const model::Scenario sc = firedrill::scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  LiveState live(sc);
  live.on_event({10min, ev::PageSent{0, {0, 0}, 0, false, false}});
  live.on_event({12min, ev::FalseAlarmPaged{0, 0, {0, 1}, true, true}});
  // One segment [0, 40 min): journey 0 at 100 req/s, 90 good.
  model::Segment seg;
  seg.start = 0ms;
  seg.end = 40min;
  seg.journeys.resize(sc.journeys.size());
  seg.journeys[0] = {100.0, 90.0, 50.0, 40.0, 300.0};
  seg.services.resize(sc.services.size());
  live.on_segment(seg);
  live.update(15min + 1s, sc.faults, nullptr);
  REQUIRE(live.recent_pages().size() == 1);  // the 10 min page aged out at 15 min
  CHECK_FALSE(live.recent_pages()[0].incident.has_value());

  // 40 min of samples at 0, 15 s, ..., 39:45 were taken; the last 30 min of them are kept.
  live.update(40min, sc.faults, nullptr);
  const auto& series = live.journeys()[0].series;
  CHECK(series.size() == 120);  // 10:00, 10:15, …, 39:45: 30 min / 15 s
  CHECK(series.front().at == 10min);
  CHECK(series.back().at == 39min + 45s);
  CHECK(series.back().error_ratio == Approx(0.1));
  CHECK(series.back().p99_latency_ms == 300.0);
  // 10 failed req/s for 2,400 s over the SRE Workbook budget (1 − objective) × rate × period.
  const double budget = scoring::error_budget_requests(sc.journeys[0]);
  CHECK(live.journeys()[0].error_budget_consumed == Approx(24'000.0 / budget));
}

TEST_CASE(
    "LiveState: the burn rate is the last 5 minutes' mean error ratio over the SLO's "
    "allowed ratio",
    "[visualizer][live]") {
  const model::Scenario sc = firedrill::scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  LiveState live(sc);
  CHECK(live.journeys()[0].burn_rate == 0.0);  // no sample yet
  // [0, 30 min) without errors, then from 30 min on (the open segment) at 10 % errors.
  model::Segment calm, bad;
  calm.start = 0ms;
  calm.end = bad.start = 30min;
  bad.end = 40min;
  for (model::Segment* s : {&calm, &bad}) {
    s->journeys.resize(sc.journeys.size());
    s->services.resize(sc.services.size());
  }
  calm.journeys[0] = {100.0, 100.0, 50.0, 40.0, 300.0};
  bad.journeys[0] = {100.0, 90.0, 50.0, 40.0, 300.0};
  live.on_segment(calm);
  const double allowed = 1.0 - sc.journeys[0].slo.objective;
  // At 32 min the window (27 min, 32 min] holds 27:15 … 29:45 at 0 and 30:00 … 32:00 at 0.1.
  live.update(32min, sc.faults, &bad);
  CHECK(live.journeys()[0].burn_rate == Approx(9 * 0.1 / 20 / allowed));
  live.update(40min, sc.faults, &bad);
  CHECK(live.journeys()[0].burn_rate == Approx(0.1 / allowed));
}

TEST_CASE("LiveState: a role is held by one person per incident while they work on it",
          "[visualizer][live]") {
  const model::Scenario sc = firedrill::scenario::load_scenario(
      FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json");
  LiveState live(sc);
  const model::PersonRef ana{0, 0}, bo{0, 1};
  const auto& ana_view = live.responders()[live.responder_index(ana)];
  const auto& bo_view = live.responders()[live.responder_index(bo)];
  live.on_event({1min, ev::IncidentOpened{0, 0}});
  live.on_event({2min, ev::ResponderChanged{ana, model::ResponderState::Triaging, 0}});
  live.on_event({2min, ev::RoleAssigned{0, model::Role::IncidentCommander, ana}});
  CHECK(ana_view.role == model::Role::IncidentCommander);
  CHECK_FALSE(bo_view.role.has_value());  // an investigator: no role
  // Command handed over: Ana no longer holds it.
  live.on_event({5min, ev::ResponderChanged{bo, model::ResponderState::Triaging, 0}});
  live.on_event({5min, ev::RoleAssigned{0, model::Role::IncidentCommander, bo}});
  CHECK(bo_view.role == model::Role::IncidentCommander);
  CHECK_FALSE(ana_view.role.has_value());
  // Released from the incident: the role goes with it.
  live.on_event({9min, ev::ResponderChanged{bo, model::ResponderState::Available, std::nullopt}});
  CHECK_FALSE(bo_view.role.has_value());
}
