#include "sim/model/run.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>
#include <variant>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>

#include "sim/engine/check.hpp"
#include "sim/model/automation.hpp"
#include "sim/model/customers.hpp"
#include "sim/model/faults.hpp"
#include "sim/model/flow.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/probes.hpp"
#include "sim/model/request_level.hpp"
#include "sim/model/response.hpp"
#include "sim/model/traffic.hpp"
#include "sim/model/world_context.hpp"

namespace firedrill::model {
namespace {

using world::kPeople;
using world::kScrapePriority;
using world::kStateChange;
namespace wev = world::wev;

// A growing or draining backlog is recomputed whenever its wait has moved by this share of
// itself, or by kMinBacklogWaitStep, whichever is more: a few dozen steps from an empty queue to
// a wait beyond every timeout, each a state change.
constexpr double kBacklogWaitStepShare = 0.2;
constexpr double kMinBacklogWaitStep = 0.01;  // seconds
// Scale-out adds replicas until a saturated service is back at this utilisation.
constexpr double kScaleOutTargetUtilisation = 0.6;
using world::kSaturatedUtilisation;

// Spread of a false positive's lognormal duration around its median.
constexpr double kFalsePositiveSigma = 0.5;

// Every alert rule, in order of name (names are unique across kinds): the false-positive
// process draws among them in that order, never in the order of the scenario's lists.
std::vector<std::pair<AlertRuleKind, std::size_t>> rules_by_name(const Scenario& sc) {
  std::vector<std::pair<std::string, std::pair<AlertRuleKind, std::size_t>>> named;
  for (std::size_t r = 0; r < sc.threshold_rules.size(); ++r)
    named.push_back({sc.threshold_rules[r].name, {AlertRuleKind::Threshold, r}});
  for (std::size_t r = 0; r < sc.burn_rate_rules.size(); ++r)
    named.push_back({sc.burn_rate_rules[r].name, {AlertRuleKind::BurnRate, r}});
  for (std::size_t r = 0; r < sc.probe_rules.size(); ++r)
    named.push_back({sc.probe_rules[r].name, {AlertRuleKind::Probe, r}});
  std::sort(named.begin(), named.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<AlertRuleKind, std::size_t>> out;
  for (const auto& [name, rule] : named) out.push_back(rule);
  return out;
}

}  // namespace

// The system (flow state, faults, traffic, breakers, autoscaler, monitor) and the event loop;
// the response to incidents is its own component.
class World final : public world::System {
 public:
  World(const Scenario& scenario, std::uint64_t seed, TraceSink* sink, Fidelity fidelity)
      : ctx_(scenario, seed, sink),
        sc_(scenario),
        fidelity_(fidelity),
        flow_(scenario),
        monitor_(scenario),
        probes_(scenario),
        faults_(realize_faults(scenario, seed)),
        fault_active_(faults_.size(), false),
        profile_multiplier_(scenario.journeys.size(), 1.0),
        calendar_multiplier_(scenario.journeys.size(), 1.0),
        extra_replicas_(scenario.services.size(), 0),
        call_disabled_(scenario.calls.size(), false),
        restarting_(scenario.services.size(), 0),
        shedding_(scenario.services.size(), false),
        rules_by_name_(rules_by_name(scenario)),
        restart_incident_(scenario.services.size()),
        shed_incident_(scenario.services.size()),
        breaker_open_(scenario.calls.size(), false),
        autoscaler_(scenario.services.size()),
        backlog_(scenario.services.size(), 0.0),
        customers_(ctx_),
        response_(ctx_, *this) {
    for (const Call& c : sc_.calls)
      longest_timeout_s_ = std::max(longest_timeout_s_, c.timeout_ms / 1000.0);
    for (const Journey& j : sc_.journeys)
      longest_timeout_s_ = std::max(longest_timeout_s_, j.timeout_ms / 1000.0);

    for (std::size_t f = 0; f < faults_.size(); ++f) {
      const Fault& fault = faults_[f];
      schedule(fault.start, wev::FaultStart{f}, kStateChange);
      if (fault.end) schedule(*fault.end, wev::FaultEnd{f}, kStateChange);
    }
    std::set<SimTime> step_times;
    for (const Journey& j : sc_.journeys)
      for (const RateStep& step : j.rate_profile)
        if (step.at.count() > 0) step_times.insert(step.at);
    for (const SimTime t : step_times) schedule(t, wev::TrafficStep{}, kStateChange);
    update_traffic();
    schedule_calendar_tick();
    schedule(sc_.run.scrape_interval, wev::Scrape{}, kScrapePriority);
    // Probes due at the same instant send in order of name, not of their place in the file.
    std::vector<std::size_t> probes(sc_.probe_rules.size());
    std::iota(probes.begin(), probes.end(), std::size_t{0});
    std::sort(probes.begin(), probes.end(), [this](std::size_t a, std::size_t b) {
      return sc_.probe_rules[a].name < sc_.probe_rules[b].name;
    });
    for (const std::size_t p : probes)
      if (sc_.probe_rules[p].interval < sc_.run.duration)
        schedule(sc_.probe_rules[p].interval, wev::ProbeDue{p}, kScrapePriority);
    schedule_false_positive();
    open_segment(current_flow_state());
    // No fault acts yet (faults start by events), so the first steady state is the nominal one:
    // the traffic of t = 0 on the whole system. Copying it computes nothing more; at
    // Fidelity::Request the past is the request level's own sample of that state, with no extra
    // draw from the "request-level" stream.
    nominal_past_ = history_.front();
  }

  // A copy of `other` at its now() that publishes to `sink` from then on: the world's state is a
  // value (events are data, random streams are engines), so the copy goes on exactly as `other`
  // would, and both go on independently.
  World(const World& other, TraceSink* sink) : World(other) {
    ctx_.sink = sink;
    customers_.rebind(ctx_);
    automation_.rebind(ctx_, *this);
    response_.rebind(ctx_, *this);
  }

  SimTime now() const { return ctx_.queue.now(); }
  bool finished() const { return finished_; }
  const Scenario& scenario() const { return sc_; }
  const std::vector<Fault>& faults() const override { return faults_; }
  const Segment& current_segment() const { return history_.back(); }
  const Segment& nominal_past() const { return nominal_past_; }

  std::size_t inject_fault(Fault fault) {
    FIREDRILL_CHECK(!finished_, "inject_fault: the run has finished");
    FIREDRILL_CHECK(!fault.end || *fault.end > now(), "inject_fault: end must be after now()");
    const auto in = [](std::size_t i, const auto& v) { return i < v.size(); };
    FIREDRILL_CHECK(in(fault.service, sc_.services) && in(fault.peer_service, sc_.services) &&
                        (fault.type != FaultType::CallFailure || in(fault.call, sc_.calls)) &&
                        (!fault.journey || in(*fault.journey, sc_.journeys)),
                    "inject_fault: the fault targets something the scenario lacks");
    fault.start = now();
    const std::size_t f = faults_.size();
    faults_.push_back(std::move(fault));
    fault_active_.push_back(false);
    schedule(now(), wev::FaultStart{f}, kStateChange);
    if (faults_[f].end) schedule(*faults_[f].end, wev::FaultEnd{f}, kStateChange);
    return f;
  }

  void end_fault(std::size_t fault) {
    FIREDRILL_CHECK(!finished_, "end_fault: the run has finished");
    FIREDRILL_CHECK(fault < faults_.size(), "end_fault: no such fault");
    schedule(now(), wev::FaultEnd{fault, true}, kStateChange);
  }

  void bookmark(std::string note) {
    FIREDRILL_CHECK(!finished_, "bookmark: the run has finished");
    ctx_.publish(ev::Bookmarked{std::move(note)});
  }

  std::optional<Refusal> take_seat(const Seat& seat) {
    FIREDRILL_CHECK(now() == SimTime{0} && !finished_, "take_seat: the run has started");
    return response_.take_seat(seat);
  }
  std::size_t seat_count() const { return response_.seat_count(); }

  std::optional<Refusal> act(const SeatAction& action, std::size_t seat) {
    FIREDRILL_CHECK(!finished_, "act: the run has finished");
    return response_.act(action, seat);
  }
  std::optional<Refusal> order(const SeatAction& decision) {
    FIREDRILL_CHECK(!finished_, "order: the run has finished");
    return response_.order(decision);
  }
  void release_seat(std::size_t seat) {
    FIREDRILL_CHECK(!finished_, "release_seat: the run has finished");
    response_.release_seat(seat);
  }
  std::optional<Refusal> rejoin_seat(std::size_t seat) {
    FIREDRILL_CHECK(!finished_, "rejoin_seat: the run has finished");
    return response_.rejoin_seat(seat);
  }
  std::vector<RingingPage> seat_pages(std::size_t seat) const { return response_.seat_pages(seat); }
  const std::vector<Finding>& seat_findings(std::size_t seat) const {
    return response_.seat_findings(seat);
  }
  std::vector<PersonRef> seat_people(std::size_t seat) const { return response_.seat_people(seat); }

  void run_until(SimTime t) {
    const SimTime stop = std::clamp(t, now(), sc_.run.duration);
    while (!finished_) {
      const auto next = ctx_.queue.next_time();
      if (!next || *next > stop || *next >= sc_.run.duration) break;
      auto ev = ctx_.queue.pop();
      std::visit([this](const auto& e) { dispatch(e); }, ev->event);
    }
    if (finished_) return;
    ctx_.queue.advance_to(stop);
    history_.back().end = stop;
    if (stop == sc_.run.duration) finish();
  }

 private:
  // Member by member; only the fork constructor uses it, which points the copies of the
  // components at the copy's context and world.
  World(const World&) = default;

  // The system's events are handled here, the automation's and the response's by them.
  template <typename Event>
  void dispatch(const Event& e) {
    if constexpr (requires { handle(e); }) {
      handle(e);
    } else if constexpr (requires { automation_.handle(e); }) {
      automation_.handle(e);
    } else {
      response_.handle(e);
    }
  }

  void schedule(SimTime at, world::WorldEvent e, int priority) {
    ctx_.queue.schedule_at(at, std::move(e), priority);
  }
  void publish(EventPayload payload) { ctx_.publish(std::move(payload)); }

  // ---- Flow state ----------------------------------------------------------------------------

  FlowState current_flow_state() const {
    FlowState state = nominal_flow_state(sc_);
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j)
      state.journey_rate_rps[j] *= profile_multiplier_[j] * calendar_multiplier_[j];
    for (std::size_t s = 0; s < sc_.services.size(); ++s) state.services[s] = condition(s);
    state.call_disabled = call_disabled_;
    state.call_breaker_open = breaker_open_;
    for (std::size_t f = 0; f < faults_.size(); ++f)
      if (fault_active_[f]) apply_fault(sc_, faults_[f], now() - faults_[f].start, state);
    return state;
  }

  // What responders changed about service `s` (the faults' part aside).
  ServiceCondition condition(std::size_t s) const {
    ServiceCondition cond;
    cond.extra_replicas = extra_replicas_[s];
    cond.crashed_replicas = restarting_[s];
    cond.load_shedding = shedding_[s];
    return cond;
  }

  // `stream`: the random stream a request-level steady state draws its seed from (a
  // counterfactual draws from its own, so that computing one shifts nothing else).
  Segment steady_state(const FlowState& state, const char* stream = "request-level") {
    if (fidelity_ == Fidelity::Flow) return flow_.steady_state(state);
    RequestLevelOptions options;
    options.warmup = kRequestLevelWarmup;
    options.duration = kRequestLevelWindow;
    options.seed = ctx_.streams.get(stream)();
    const RequestLevelResult r = simulate_requests(sc_, state, options);
    Segment seg;
    // The request level measures no call edges: breakers see no demand and never trip.
    seg.calls.resize(sc_.calls.size());
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
      const JourneyStats& js = r.journeys[j];
      JourneyFlow& flow = seg.journeys.emplace_back();
      flow.offered_rps = state.journey_rate_rps[j];
      flow.good_rps = flow.offered_rps * (1.0 - js.error_ratio.value);
      flow.mean_latency_ms = js.mean_latency_ms.value;
      flow.p50_latency_ms = js.p50_latency_ms;
      flow.p99_latency_ms = js.p99_latency_ms;
    }
    for (std::size_t i = 0; i < sc_.services.size(); ++i) {
      const ServiceStats& ss = r.services[i];
      // Each steady state starts from empty queues: overload shows within its own window, and
      // no backlog is carried to the next one.
      ServiceFlow& flow = seg.services.emplace_back();
      flow.healthy_replicas = ss.servers;
      flow.load_rps = ss.arrival_rps;
      flow.capacity_rps =
          ss.servers * sc_.services[i].capacity_rps * state.services[i].capacity_factor;
      flow.utilisation = flow.capacity_rps > 0 ? ss.arrival_rps / flow.capacity_rps : 0.0;
      flow.error_ratio = ss.error_ratio.value;
      flow.mean_latency_ms = ss.mean_response_ms.value;
      flow.p50_latency_ms = ss.p50_response_ms;
      flow.p99_latency_ms = ss.p99_response_ms;
    }
    return seg;
  }

  // What responders' actions cost users in `seg` (the steady state of `state`): for every action
  // with a side effect, the same state without it.
  void measure_action_harm(const FlowState& state, Segment& seg) {
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      if (restarting_[s] > 0 && restart_incident_[s]) {
        FlowState without = state;
        without.services[s].crashed_replicas -= restarting_[s];
        add_harm(seg, without, {*restart_incident_[s], MitigationAction::Restart, s, {}});
      }
      if (shedding_[s] && shed_incident_[s]) {
        FlowState without = state;
        without.services[s].load_shedding = false;
        add_harm(seg, without, {*shed_incident_[s], MitigationAction::ShedLoad, s, {}});
      }
    }
  }

  void add_harm(Segment& seg, const FlowState& without, ActionHarm harm) {
    const Segment counterfactual = steady_state(without, "request-level/counterfactual");
    bool hurt = false;
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
      const double failed =
          std::max(0.0, counterfactual.journeys[j].good_rps - seg.journeys[j].good_rps);
      harm.failed_rps_by_journey.push_back(failed);
      hurt = hurt || failed > 0.0;
    }
    if (hurt) seg.action_harm.push_back(std::move(harm));
  }

  void open_segment(const FlowState& state) {
    Segment seg = steady_state(state);
    measure_action_harm(state, seg);
    seg.start = seg.end = now();
    history_.push_back(std::move(seg));
    schedule_backlog_step();
    customers_.on_flow_changed(history_.back());
  }

  // Closes the open segment at now() and opens one for the new state.
  void state_changed() {
    advance_backlogs();
    FlowState state = current_flow_state();
    const Segment& open = history_.back();
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      // Requests queued at replicas that stopped are lost with them.
      const int before = open.services[s].healthy_replicas;
      const int after = healthy_replicas(sc_.services[s], state.services[s]);
      if (after < before) backlog_[s] *= static_cast<double>(after) / before;
      state.services[s].backlog = backlog_[s];
    }
    if (history_.back().start == now()) {
      history_.pop_back();
    } else {
      history_.back().end = now();
      if (ctx_.sink) ctx_.sink->on_segment(history_.back());
    }
    open_segment(state);
  }

  // ---- Overload backlog ----------------------------------------------------------------------

  // Brings every service's backlog to now(), at the open segment's growth rates, within its
  // limit.
  void advance_backlogs() {
    const double elapsed = engine::to_seconds(now() - backlog_time_);
    const Segment& open = history_.back();
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      const ServiceFlow& flow = open.services[s];
      backlog_[s] = std::min(backlog_limit(sc_.services[s], condition(s), flow.healthy_replicas),
                             std::max(0.0, backlog_[s] + flow.backlog_growth_rps * elapsed));
    }
    backlog_time_ = now();
  }

  // Restarted replicas come up with empty queues.
  void drop_backlog(std::size_t service) {
    advance_backlogs();
    backlog_[service] = 0.0;
  }

  // Schedules the next recompute of a changing backlog: when the first service's backlog wait
  // has moved by a step, drained, or filled its limit. A backlog growing beyond every timeout
  // changes nothing a caller sees until it fills.
  void schedule_backlog_step() {
    if (backlog_step_) ctx_.queue.cancel(*backlog_step_);
    backlog_step_.reset();
    std::optional<double> soonest;  // seconds from now
    const auto consider = [&soonest](double in) { soonest = soonest ? std::min(*soonest, in) : in; };
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      const ServiceFlow& flow = history_.back().services[s];
      const double growth = flow.backlog_growth_rps;
      if (growth == 0.0) continue;
      const double wait = flow.backlog / flow.capacity_rps;  // seconds
      const double step = flow.capacity_rps *
                          std::max(kMinBacklogWaitStep, kBacklogWaitStepShare * wait);  // requests
      if (growth < 0.0) {
        consider(std::min(step, flow.backlog) / -growth);
        continue;
      }
      const double limit = backlog_limit(sc_.services[s], condition(s), flow.healthy_replicas);
      if (std::isfinite(limit)) consider((limit - flow.backlog) / growth);
      if (wait < longest_timeout_s_) consider(step / growth);
    }
    // In seconds first: a slow drift's step may lie beyond SimTime's range.
    if (!soonest || !(*soonest < engine::to_seconds(sc_.run.duration - now()))) return;
    // Whole milliseconds, rounded up so that a drain is complete when the step comes.
    const SimTime at =
        now() + SimTime{std::max<SimTime::rep>(1, static_cast<SimTime::rep>(
                                                      std::ceil(*soonest * 1000.0)))};
    if (at < sc_.run.duration) {
      backlog_step_ = ctx_.queue.schedule_at(at, wev::BacklogStep{}, kStateChange);
    }
  }

  void handle(const wev::BacklogStep&) {
    backlog_step_.reset();
    state_changed();
  }

  // The segments up to now(), the open one ending at now(), and the nominal past before 0.
  Telemetry telemetry() override {
    history_.back().end = now();
    return {nominal_past_, history_};
  }

  void finish() {
    Segment& open = history_.back();
    open.end = sc_.run.duration;
    if (ctx_.sink && open.end > open.start) ctx_.sink->on_segment(open);
    finished_ = true;
  }

  // ---- Faults and traffic --------------------------------------------------------------------

  void handle(const wev::FaultStart& e) {
    fault_active_[e.fault] = true;
    state_changed();
    schedule_next_phase(e.fault);
    publish(ev::FaultInjected{e.fault});
    response_.on_fault_started(e.fault);
    automation_.on_fault_started(e.fault);
  }

  void schedule_next_phase(std::size_t f) {
    const Fault& fault = faults_[f];
    if (const auto next = next_phase_change(fault, now() - fault.start))
      schedule(fault.start + *next, wev::FaultPhase{f}, kStateChange);
  }

  void handle(const wev::FaultPhase& e) {
    if (!fault_active_[e.fault]) return;
    state_changed();
    schedule_next_phase(e.fault);
  }

  // At its scheduled end, or earlier when a facilitator ends it: the record then shows when
  // it really stopped.
  void handle(const wev::FaultEnd& e) {
    if (!fault_active_[e.fault]) return;
    Fault& fault = faults_[e.fault];
    if (!fault.end || *fault.end > now()) fault.end = now();
    clear_fault(e.fault, e.by_facilitator ? MitigatedBy::Facilitator : MitigatedBy::FaultExpired);
  }

  void clear_fault(std::size_t fault, MitigatedBy by) {
    fault_active_[fault] = false;
    state_changed();
    const bool mitigated = by == MitigatedBy::Responders || by == MitigatedBy::Automation;
    publish(ev::FaultCleared{fault, mitigated, by == MitigatedBy::Facilitator});
    response_.on_fault_cleared(fault, by);
  }

  // Sets every journey's profile and calendar multipliers for now(); returns true iff one changed.
  bool update_traffic() {
    bool changed = false;
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
      const Journey& journey = sc_.journeys[j];
      double profile = 1.0;
      for (const RateStep& step : journey.rate_profile)
        if (step.at <= now()) profile = step.multiplier;
      const double calendar =
          journey.calendar ? calendar_multiplier(*journey.calendar, sc_.run.start_unix_s, now())
                           : 1.0;
      changed = changed || profile != profile_multiplier_[j] ||
                calendar != calendar_multiplier_[j];
      profile_multiplier_[j] = profile;
      calendar_multiplier_[j] = calendar;
    }
    return changed;
  }

  void schedule_calendar_tick() {
    std::optional<SimTime> next;
    for (const Journey& j : sc_.journeys) {
      if (!j.calendar) continue;
      const SimTime t = next_calendar_change(*j.calendar, sc_.run.start_unix_s, now());
      next = next ? std::min(*next, t) : t;
    }
    if (next && *next < sc_.run.duration) schedule(*next, wev::CalendarTick{}, kStateChange);
  }

  void handle(const wev::CalendarTick&) {
    if (update_traffic()) state_changed();
    schedule_calendar_tick();
  }

  void handle(const wev::TrafficStep&) {
    if (update_traffic()) state_changed();
  }

  // ---- Monitor -------------------------------------------------------------------------------

  // Trips every closed breaker whose call fails at least its threshold in the steady state.
  void check_breakers() {
    for (std::size_t c = 0; c < sc_.calls.size(); ++c) {
      const auto& breaker = sc_.calls[c].breaker;
      if (!breaker || breaker_open_[c]) continue;
      // A copy: state_changed() replaces the open segment, and frees it when it opened now (a
      // fault that started on the scrape grid), so a reference would dangle below.
      const CallFlow edge = history_.back().calls[c];
      if (edge.demand_rps <= 0.0 || edge.failure_ratio < breaker->error_threshold) continue;
      breaker_open_[c] = true;
      state_changed();
      publish(ev::BreakerChanged{c, true, edge.failure_ratio});
      schedule(now() + breaker->open_duration, wev::BreakerProbe{c}, kStateChange);
    }
  }

  // Half-open: one call goes through, and succeeds as an attempt would now (with the breaker
  // open, the callee carries none of this call's load).
  void handle(const wev::BreakerProbe& e) {
    const double failure = history_.back().calls[e.call].failure_ratio;
    const bool ok =
        boost::random::bernoulli_distribution<double>(1.0 - failure)(ctx_.streams.get("breakers"));
    if (!ok) {
      publish(ev::BreakerChanged{e.call, true, failure});
      schedule(now() + sc_.calls[e.call].breaker->open_duration, wev::BreakerProbe{e.call},
               kStateChange);
      return;
    }
    breaker_open_[e.call] = false;
    state_changed();
    publish(ev::BreakerChanged{e.call, false, history_.back().calls[e.call].failure_ratio});
  }

  // The HorizontalPodAutoscaler's rule (Kubernetes docs, "Horizontal Pod Autoscaling"):
  // desired = ceil(current × utilisation / target), acted on once the metric has been beyond the
  // tolerance for the reaction time; replicas being started count as current.
  void autoscale() {
    constexpr double kTolerance = 0.1;
    const Segment& seg = history_.back();
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      const auto& as = sc_.services[s].autoscaling;
      if (!as) continue;
      AutoscalerState& st = autoscaler_[s];
      const ServiceFlow& flow = seg.services[s];
      if (flow.utilisation <= as->target_utilisation * (1.0 + kTolerance)) {
        st.above_since.reset();
        continue;
      }
      if (!st.above_since) st.above_since = now();
      if (now() - *st.above_since < as->reaction) continue;
      const int current = flow.healthy_replicas + st.starting;
      const int total = sc_.services[s].replicas + extra_replicas_[s] + st.starting;
      // Clamped before the cast: a load far beyond capacity asks for more than an int holds.
      const int desired = static_cast<int>(
          std::min(std::ceil(flow.healthy_replicas * flow.utilisation / as->target_utilisation),
                   static_cast<double>(as->max_replicas) + 1.0));
      const int add = std::min(desired - current, as->max_replicas - total);
      if (add <= 0) continue;
      st.starting += add;
      st.above_since.reset();
      publish(ev::Autoscaled{s, add, false});
      schedule(now() + as->cold_start, wev::ReplicasReady{s, add}, kStateChange);
    }
  }

  void handle(const wev::ReplicasReady& e) {
    autoscaler_[e.service].starting -= e.added;
    extra_replicas_[e.service] += e.added;
    state_changed();
    publish(ev::Autoscaled{e.service, e.added, true});
  }

  void handle(const wev::Scrape&) {
    check_breakers();
    autoscale();
    for (const AlertTransition& t : monitor_.evaluate(telemetry(), now())) {
      publish(ev::AlertChanged{t.kind, t.rule, t.state, t.value, t.severity, t.condition});
      if (t.state != AlertState::Pending)
        response_.on_alert(t.kind, t.rule, t.condition, t.state == AlertState::Firing, false);
    }
    response_.reassess_severities();
    response_.check_recoveries();
    const SimTime next = now() + sc_.run.scrape_interval;
    if (next < sc_.run.duration) schedule(next, wev::Scrape{}, kScrapePriority);
  }

  // ---- Synthetic probes ----------------------------------------------------------------------

  // A probe's request meets the open segment's steady state; its alert goes the way of every
  // alert (the timeline, then Alertmanager).
  void handle(const wev::ProbeDue& e) {
    const ProbeRule& rule = sc_.probe_rules[e.probe];
    if (const auto t = probes_.probe(e.probe, telemetry().segments.back(),
                                     ctx_.streams.get("probes/" + rule.name), now())) {
      publish(ev::AlertChanged{t->kind, t->rule, t->state, t->value, t->severity, t->condition});
      if (t->state != AlertState::Pending)
        response_.on_alert(t->kind, t->rule, t->condition, t->state == AlertState::Firing, false);
    }
    const SimTime next = now() + rule.interval;
    if (next < sc_.run.duration) schedule(next, wev::ProbeDue{e.probe}, kScrapePriority);
  }

  // ---- Customers -----------------------------------------------------------------------------

  void handle(const wev::CustomerReportDue& e) {
    customers_.on_report(e, response_.incident_for_journey(e.journey));
  }
  void handle(const wev::SupportEscalation& e) { response_.on_customer_report(e.journey); }
  void handle(const wev::SupportTicketDue& e) {
    customers_.on_ticket(e, response_.incident_for_journey(e.journey));
  }
  void status_update_posted() override { customers_.on_status_update(); }

  // ---- False positives -----------------------------------------------------------------------

  // The next spurious alert: exponential gaps at the scenario's rate, on a rule drawn uniformly.
  void schedule_false_positive() {
    const FalsePositives& fp = sc_.false_positives;
    const std::size_t rules =
        sc_.threshold_rules.size() + sc_.burn_rate_rules.size() + sc_.probe_rules.size();
    if (fp.per_day <= 0.0 || rules == 0) return;
    const double gap_s = boost::random::exponential_distribution<double>(fp.per_day / 86'400.0)(
        ctx_.streams.get("alert-noise"));
    // Compared in seconds first: a rare process's gap may lie beyond SimTime's range. At least
    // a millisecond apart, so that even an absurd rate moves the clock.
    if (!(gap_s < engine::to_seconds(sc_.run.duration - now()))) return;
    const SimTime at = now() + std::max(SimTime{1}, engine::from_seconds(gap_s));
    if (at < sc_.run.duration) schedule(at, wev::FalsePositiveStart{}, kScrapePriority);
  }

  void handle(const wev::FalsePositiveStart&) {
    auto& rng = ctx_.streams.get("alert-noise");
    const auto [kind, rule] = rules_by_name_[rng() % rules_by_name_.size()];
    const SimTime lasts =
        world::lognormal(rng, sc_.false_positives.duration_median, kFalsePositiveSigma);
    const AlertSeverity severity = alert_of(sc_, kind, rule).severity;
    publish(ev::AlertChanged{kind, rule, AlertState::Firing, 0.0, severity, 0, true});
    response_.on_alert(kind, rule, 0, true, true);
    schedule(now() + lasts, wev::FalsePositiveEnd{kind, rule}, kScrapePriority);
    schedule_false_positive();
  }

  void handle(const wev::FalsePositiveEnd& e) {
    publish(ev::AlertChanged{e.kind, e.rule, AlertState::Resolved, 0.0,
                             alert_of(sc_, e.kind, e.rule).severity, 0, true});
    response_.on_alert(e.kind, e.rule, 0, false, true);
  }

  // ---- Mitigations ---------------------------------------------------------------------------

  void begin_action(MitigationAction action, std::size_t service, std::size_t incident) override {
    if (action != MitigationAction::Restart) return;
    restarting_[service] = 1;
    restart_incident_[service] = incident;
    state_changed();
  }

  void end_action(MitigationAction action, std::size_t service, bool success,
                  std::optional<std::size_t> fix, MitigatedBy by,
                  std::optional<std::size_t> incident) override {
    if (action == MitigationAction::Restart) {
      restarting_[service] = 0;
      restart_incident_[service].reset();
    }
    if (!success) {
      state_changed();
      return;
    }
    switch (action) {
      case MitigationAction::Rollback:
      case MitigationAction::Restart:
        // Replaced or restarted replicas start with empty queues.
        drop_backlog(service);
        break;
      case MitigationAction::ShedLoad:
        shedding_[service] = true;
        shed_incident_[service] = incident;
        drop_backlog(service);
        break;
      case MitigationAction::ScaleOut:
        // The fault stays (the traffic, the weaker promoted datastore); capacity absorbs it.
        scale_out_saturated();
        return;
      case MitigationAction::DisableCall:
        if (fix) disable_calls(faults_[*fix]);
        break;
      default:
        break;
    }
    // Disabled calls to a third party absorb its outage; every other fix removes the fault.
    const bool removes = fix && !(action == MitigationAction::DisableCall &&
                                  faults_[*fix].type == FaultType::ThirdPartyOutage);
    if (removes && fault_active_[*fix]) {
      clear_fault(*fix, by);
    } else {
      state_changed();
    }
  }

  bool fault_active(std::size_t fault) const override { return fault_active_[fault]; }

  int desired_replicas(std::size_t service) const override {
    return sc_.services[service].replicas + extra_replicas_[service];
  }

  void scale_to(std::size_t service, int replicas) override {
    extra_replicas_[service] =
        std::max(extra_replicas_[service], replicas - sc_.services[service].replicas);
    state_changed();
  }

  // Turns off the failing call, or every flagged call into a failing third party.
  void disable_calls(const Fault& fault) {
    if (fault.type == FaultType::CallFailure) {
      call_disabled_[fault.call] = true;
      return;
    }
    for (std::size_t c = 0; c < sc_.calls.size(); ++c)
      if (sc_.calls[c].callee == fault.service && sc_.calls[c].feature_flag)
        call_disabled_[c] = true;
  }

  // Adds replicas to every saturated service until it is back at the target utilisation.
  void scale_out_saturated() {
    const Segment& seg = history_.back();
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      const ServiceFlow& f = seg.services[s];
      if (f.utilisation < kSaturatedUtilisation) continue;
      // What a replica serves now (a failed-over datastore or an exhausted resource serve less).
      const double per_replica = f.capacity_rps / f.healthy_replicas;
      // Clamped before the cast to the loader's bound on replicas (10,000): load has none.
      const int needed = static_cast<int>(
          std::min(std::ceil(f.load_rps / (kScaleOutTargetUtilisation * per_replica)), 10000.0));
      extra_replicas_[s] += std::max(0, needed - f.healthy_replicas);
    }
    state_changed();
  }

  world::Context ctx_;
  const Scenario& sc_;
  Fidelity fidelity_;
  FlowModel flow_;
  Monitor monitor_;
  Probes probes_;
  bool finished_ = false;

  std::vector<Fault> faults_;  // the run's faults: the schedule, then the drawn ones
  std::vector<bool> fault_active_;
  std::vector<double> profile_multiplier_;
  std::vector<double> calendar_multiplier_;
  std::vector<int> extra_replicas_;
  std::vector<bool> call_disabled_;
  std::vector<int> restarting_;  // replicas out for a rolling restart, per service
  std::vector<bool> shedding_;   // load shedding turned on by responders, per service
  // Every alert rule in order of name: what the false-positive process draws among.
  std::vector<std::pair<AlertRuleKind, std::size_t>> rules_by_name_;
  // The incident whose responders restart, or shed load at, each service (ActionHarm).
  std::vector<std::optional<std::size_t>> restart_incident_;
  std::vector<std::optional<std::size_t>> shed_incident_;
  std::vector<bool> breaker_open_;
  struct AutoscalerState {
    std::optional<SimTime> above_since;  // utilisation beyond target since
    int starting = 0;                    // replicas asked for, still cold-starting
  };
  std::vector<AutoscalerState> autoscaler_;
  std::vector<double> backlog_;  // per service, at backlog_time_
  SimTime backlog_time_{0};
  std::optional<engine::EventId> backlog_step_;
  double longest_timeout_s_ = 0.0;  // of any call or journey
  std::vector<Segment> history_;  // closed segments, then the open one
  // The steady state before 0 that windows reaching before the run's start read (Telemetry).
  Segment nominal_past_;
  world::Customers customers_;
  // Last: they hold references to the context and the world.
  world::Automation automation_{ctx_, *this};
  world::Response response_;
};

Run::Run(const Scenario& scenario, std::uint64_t seed, TraceSink* sink, Fidelity fidelity)
    : world_(std::make_unique<World>(scenario, seed, sink, fidelity)) {}
Run::Run(std::unique_ptr<World> world) : world_(std::move(world)) {}
Run::~Run() = default;
Run::Run(Run&&) noexcept = default;
Run& Run::operator=(Run&&) noexcept = default;

SimTime Run::now() const { return world_->now(); }
bool Run::finished() const { return world_->finished(); }
const Scenario& Run::scenario() const { return world_->scenario(); }
const std::vector<Fault>& Run::faults() const { return world_->faults(); }
const Segment& Run::nominal_past() const { return world_->nominal_past(); }
const Segment& Run::current_segment() const { return world_->current_segment(); }
std::size_t Run::inject_fault(Fault fault) { return world_->inject_fault(std::move(fault)); }
void Run::end_fault(std::size_t fault) { world_->end_fault(fault); }
void Run::bookmark(std::string note) { world_->bookmark(std::move(note)); }
Run Run::fork(TraceSink* sink) const {
  FIREDRILL_CHECK(!finished(), "fork: the run has finished");
  return Run(std::make_unique<World>(*world_, sink));
}
std::optional<Refusal> Run::take_seat(const Seat& seat) { return world_->take_seat(seat); }
std::size_t Run::seat_count() const { return world_->seat_count(); }
void Run::release_seat(std::size_t seat) { world_->release_seat(seat); }
std::optional<Refusal> Run::order(const SeatAction& decision) { return world_->order(decision); }
std::optional<Refusal> Run::act(const SeatAction& action, std::size_t seat) {
  return world_->act(action, seat);
}
std::optional<Refusal> Run::rejoin_seat(std::size_t seat) { return world_->rejoin_seat(seat); }
std::vector<RingingPage> Run::seat_pages(std::size_t seat) const {
  return world_->seat_pages(seat);
}
const std::vector<Finding>& Run::seat_findings(std::size_t seat) const {
  return world_->seat_findings(seat);
}
std::vector<PersonRef> Run::seat_people(std::size_t seat) const {
  return world_->seat_people(seat);
}
void Run::run_until(SimTime t) { world_->run_until(t); }
void Run::run_to_end() { world_->run_until(SimTime::max()); }

RunRecord record_to_end(Run& run, Recorder& recorder, std::uint64_t seed) {
  run.run_to_end();
  RunRecord record = std::move(recorder.record());
  record.seed = seed;
  record.duration = run.scenario().run.duration;
  record.faults = run.faults();
  record.nominal_past = run.nominal_past();
  return record;
}

RunRecord simulate(const Scenario& scenario, std::uint64_t seed, Fidelity fidelity) {
  Recorder recorder;
  Run run(scenario, seed, &recorder, fidelity);
  return record_to_end(run, recorder, seed);
}

}  // namespace firedrill::model
