#include "sim/model/run.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <variant>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/model/faults.hpp"
#include "sim/model/flow.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/on_call.hpp"
#include "sim/model/request_level.hpp"
#include "sim/model/traffic.hpp"

namespace firedrill::model {
namespace {

using engine::EventId;
using std::chrono::minutes;

// The world's own events: plain data, dispatched by type (DESIGN.md, "Engine").
namespace wev {
struct FaultStart { std::size_t fault; };
struct FaultEnd { std::size_t fault; };
struct FaultPhase { std::size_t fault; };  // a phased fault's effect changes
struct BreakerProbe { std::size_t call; };  // an open breaker lets one call through
struct ReplicasReady { std::size_t service; int added; };  // autoscaled replicas cold-started
struct BacklogStep {};  // an overload backlog's wait has moved enough to recompute
// Rate profiles or calendars may change: one event for every journey at once, so that a step
// shared by many journeys costs one recompute of the steady state, not one per journey.
struct TrafficStep {};
struct CalendarTick {};
struct Scrape {};
struct PageTimeout { std::size_t incident; std::size_t page; };
struct PageAck { std::size_t incident; std::size_t page; PersonRef person; };
struct TriageDone { std::size_t incident; };
struct DiagnosisStepDone { std::size_t incident; };
struct MitigationDone { std::size_t incident; bool success; };
struct StatusUpdateDue { std::size_t incident; };
}  // namespace wev

using WorldEvent =
    std::variant<wev::FaultStart, wev::FaultEnd, wev::FaultPhase, wev::BreakerProbe,
                 wev::ReplicasReady, wev::BacklogStep, wev::TrafficStep, wev::CalendarTick,
                 wev::Scrape, wev::PageTimeout, wev::PageAck, wev::TriageDone, wev::DiagnosisStepDone, wev::MitigationDone,
                 wev::StatusUpdateDue>;

// At equal times, the world changes first, then the monitor looks, then people act.
constexpr int kStateChange = 0;
constexpr int kScrapePriority = 1;
constexpr int kPeople = 2;

// Spread of the lognormal human and repair durations around their medians.
constexpr double kAckSigma = 0.6;
constexpr double kWorkSigma = 0.5;
// Time from acknowledgement to a declared severity, and to drafting the first status update.
constexpr SimTime kTriageMedian = minutes(3);
constexpr SimTime kFirstUpdateMedian = minutes(4);
// The window over which responders read the impact when they declare a severity.
constexpr SimTime kImpactWindow = minutes(5);
// The window over which SLIs must be within their SLO for an incident to count as recovered.
constexpr SimTime kRecoveryWindow = minutes(1);
// A growing or draining backlog is recomputed whenever its wait has moved by this share of
// itself, or by kMinBacklogWaitStep, whichever is more: a few dozen steps from an empty queue to
// a wait beyond every timeout, each a state change.
constexpr double kBacklogWaitStepShare = 0.2;
constexpr double kMinBacklogWaitStep = 0.01;  // seconds
// Scale-out adds replicas until a saturated service is back at this utilisation.
constexpr double kScaleOutTargetUtilisation = 0.6;
constexpr double kSaturatedUtilisation = 0.8;

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

}  // namespace

class World {
 public:
  World(const Scenario& scenario, std::uint64_t seed, TraceSink* sink, Fidelity fidelity)
      : sc_(scenario),
        sink_(sink),
        fidelity_(fidelity),
        streams_(seed),
        flow_(scenario),
        monitor_(scenario),
        clocks_(scenario),
        graph_(scenario.services.size()),
        faults_(realize_faults(scenario, seed)),
        fault_active_(faults_.size(), false),
        fault_incident_(faults_.size()),
        profile_multiplier_(scenario.journeys.size(), 1.0),
        calendar_multiplier_(scenario.journeys.size(), 1.0),
        extra_replicas_(scenario.services.size(), 0),
        call_disabled_(scenario.calls.size(), false),
        breaker_open_(scenario.calls.size(), false),
        autoscaler_(scenario.services.size()),
        backlog_(scenario.services.size(), 0.0) {
    for (const Call& c : sc_.calls) {
      boost::add_edge(c.caller, c.callee, graph_);
      longest_timeout_s_ = std::max(longest_timeout_s_, c.timeout_ms / 1000.0);
    }
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
    open_segment(current_flow_state());
  }

  SimTime now() const { return queue_.now(); }
  bool finished() const { return finished_; }
  const std::vector<Fault>& faults() const { return faults_; }

  void run_until(SimTime t) {
    const SimTime stop = std::clamp(t, now(), sc_.run.duration);
    while (!finished_) {
      const auto next = queue_.next_time();
      if (!next || *next > stop || *next >= sc_.run.duration) break;
      auto ev = queue_.pop();
      std::visit([this](const auto& e) { handle(e); }, ev->event);
    }
    if (finished_) return;
    queue_.advance_to(stop);
    if (stop == sc_.run.duration) finish();
  }

 private:
  struct TeamPage {
    std::size_t team = 0;
    std::size_t level = 0;
    int loop = 0;
    std::optional<EventId> timeout;  // the pending escalation to the next level
    std::vector<EventId> pending_acks;
    bool acknowledged = false;
    bool exhausted = false;
  };

  struct Incident {
    std::size_t fault = 0;
    bool detected = false;
    bool mitigated = false;
    bool resolved = false;
    std::optional<Severity> severity;
    std::optional<PersonRef> lead;          // the first responder to acknowledge
    std::optional<PersonRef> investigator;  // who takes the next diagnosis step
    std::size_t alert_service = 0;          // where the diagnosis starts
    std::vector<TeamPage> pages;
    std::vector<std::size_t> path;  // services from the symptom to the cause
    std::size_t next_step = 0;
    std::optional<std::size_t> waiting_for_team;
    bool cause_identified = false;
    std::optional<EventId> work;  // the pending triage, diagnosis step or mitigation
    std::optional<EventId> status_timer;
    std::optional<SimTime> healthy_since;
  };

  void schedule(SimTime at, WorldEvent e, int priority) { queue_.schedule_at(at, e, priority); }
  EventId schedule_in(SimTime delay, WorldEvent e) {
    return queue_.schedule_in(delay, std::move(e), kPeople);
  }

  void publish(EventPayload payload) {
    if (sink_) sink_->on_event(TimelineEvent{now(), std::move(payload)});
  }

  // ---- Flow state ----------------------------------------------------------------------------

  FlowState current_flow_state() const {
    FlowState state = nominal_flow_state(sc_);
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j)
      state.journey_rate_rps[j] *= profile_multiplier_[j] * calendar_multiplier_[j];
    for (std::size_t s = 0; s < sc_.services.size(); ++s)
      state.services[s].extra_replicas = extra_replicas_[s];
    state.call_disabled = call_disabled_;
    state.call_breaker_open = breaker_open_;
    for (std::size_t f = 0; f < faults_.size(); ++f)
      if (fault_active_[f]) apply_fault(sc_, faults_[f], now() - faults_[f].start, state);
    return state;
  }

  Segment steady_state(const FlowState& state) {
    if (fidelity_ == Fidelity::Flow) return flow_.steady_state(state);
    RequestLevelOptions options;
    options.warmup = kRequestLevelWarmup;
    options.duration = kRequestLevelWindow;
    options.seed = streams_.get("request-level")();
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

  void open_segment(const FlowState& state) {
    Segment seg = steady_state(state);
    seg.start = seg.end = now();
    history_.push_back(std::move(seg));
    schedule_backlog_step();
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
      if (sink_) sink_->on_segment(history_.back());
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
      backlog_[s] = std::min(backlog_limit(sc_.services[s], flow.healthy_replicas),
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
    if (backlog_step_) queue_.cancel(*backlog_step_);
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
      const double limit = backlog_limit(sc_.services[s], flow.healthy_replicas);
      if (std::isfinite(limit)) consider((limit - flow.backlog) / growth);
      if (wait < longest_timeout_s_) consider(step / growth);
    }
    if (!soonest) return;
    // Whole milliseconds, rounded up so that a drain is complete when the step comes.
    const SimTime at =
        now() + SimTime{std::max<SimTime::rep>(1, static_cast<SimTime::rep>(
                                                      std::ceil(*soonest * 1000.0)))};
    if (at < sc_.run.duration) {
      backlog_step_ = queue_.schedule_at(at, wev::BacklogStep{}, kStateChange);
    }
  }

  void handle(const wev::BacklogStep&) {
    backlog_step_.reset();
    state_changed();
  }

  // The segments up to now(), the open one ending at now().
  const std::vector<Segment>& telemetry() {
    history_.back().end = now();
    return history_;
  }

  void finish() {
    Segment& open = history_.back();
    open.end = sc_.run.duration;
    if (sink_ && open.end > open.start) sink_->on_segment(open);
    finished_ = true;
  }

  // ---- Faults and traffic --------------------------------------------------------------------

  void handle(const wev::FaultStart& e) {
    fault_active_[e.fault] = true;
    state_changed();
    schedule_next_phase(e.fault);
    publish(ev::FaultInjected{e.fault});
    fault_incident_[e.fault] = incidents_.size();
    Incident inc;
    inc.fault = e.fault;
    incidents_.push_back(std::move(inc));
    publish(ev::IncidentOpened{incidents_.size() - 1, e.fault});
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

  void handle(const wev::FaultEnd& e) {
    if (!fault_active_[e.fault]) return;
    clear_fault(e.fault, false);
  }

  void clear_fault(std::size_t fault, bool mitigated) {
    fault_active_[fault] = false;
    state_changed();
    publish(ev::FaultCleared{fault, mitigated});
    mark_mitigated(*fault_incident_[fault]);
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
      const CallFlow& edge = history_.back().calls[c];
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
    const bool ok = boost::random::bernoulli_distribution<double>(1.0 - failure)(
        streams_.get("breakers"));
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
      const int desired = static_cast<int>(
          std::ceil(flow.healthy_replicas * flow.utilisation / as->target_utilisation));
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
      // A ticket is recorded for working hours; only a page reaches the on-call responder.
      if (t.state == AlertState::Firing && t.severity == AlertSeverity::Page) {
        on_alert_firing(t.kind, t.rule);
      }
    }
    for (std::size_t i = 0; i < incidents_.size(); ++i) check_recovery(i);
    const SimTime next = now() + sc_.run.scrape_interval;
    if (next < sc_.run.duration) schedule(next, wev::Scrape{}, kScrapePriority);
  }

  // Alertmanager-style grouping, first cut: a firing alert joins the oldest unresolved incident.
  // An alert with no incident to join (no fault active) is recorded but pages no one.
  void on_alert_firing(AlertRuleKind kind, std::size_t rule) {
    const auto it = std::find_if(incidents_.begin(), incidents_.end(),
                                 [](const Incident& i) { return !i.resolved; });
    if (it == incidents_.end()) return;
    const std::size_t id = static_cast<std::size_t>(it - incidents_.begin());
    Incident& inc = *it;
    if (inc.detected) return;
    inc.detected = true;
    std::size_t team = 0;
    if (kind == AlertRuleKind::Threshold) {
      const ThresholdRule& r = sc_.threshold_rules[rule];
      inc.alert_service = r.target_kind == TargetKind::Service
                              ? r.target
                              : sc_.journeys[r.target].entry_service;
      team = r.team.value_or(sc_.services[inc.alert_service].team);
    } else {
      const BurnRateRule& r = sc_.burn_rate_rules[rule];
      inc.alert_service = sc_.journeys[r.journey].entry_service;
      team = r.team.value_or(sc_.services[inc.alert_service].team);
    }
    publish(ev::IncidentDetected{id, kind, rule});
    page_team(id, team);
  }

  // Returns the share of failed requests on the worst journey over the last kImpactWindow.
  double measured_failed_share() {
    double worst = 0.0;
    for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
      worst = std::max(worst, window_metric(sc_, telemetry(), MetricKind::ErrorRatio,
                                            TargetKind::Journey, j,
                                            std::max(SimTime{0}, now() - kImpactWindow), now()));
    }
    return worst;
  }

  Severity classify(double failed_share) const {
    const auto& t = sc_.policy.severity_failed_share;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (failed_share >= t[i]) return static_cast<Severity>(i);
    return Severity::P4;
  }

  // ---- Pager ---------------------------------------------------------------------------------

  void page_team(std::size_t id, std::size_t team) {
    Incident& inc = incidents_[id];
    TeamPage page;
    page.team = team;
    inc.pages.push_back(std::move(page));
    notify_level(id, inc.pages.size() - 1);
  }

  void notify_level(std::size_t id, std::size_t p) {
    const ResponderModel& rm = sc_.policy.responders;
    TeamPage& page = incidents_[id].pages[p];
    const EscalationLevel& level = sc_.teams[page.team].escalation.levels[page.level];
    auto& people = streams_.get("people");
    for (const EscalationTarget& target : level.targets) {
      const PersonRef who = resolve_target(sc_, page.team, target, now());
      const LocalClock clock = clocks_.at(who, now());
      publish(ev::PageSent{id, who, page.level, is_after_hours(clock)});
      const bool night = is_night(clock);
      const double p_miss =
          night ? rm.missed_page_probability_night : rm.missed_page_probability_day;
      // Both draws are always made, so the stream's position does not depend on the outcome.
      const bool missed = boost::random::bernoulli_distribution<double>(p_miss)(people);
      const SimTime delay = lognormal(people, night ? rm.ack_median_night : rm.ack_median_day,
                                      kAckSigma);
      if (!missed) page.pending_acks.push_back(schedule_in(delay, wev::PageAck{id, p, who}));
    }
    page.timeout = schedule_in(level.delay, wev::PageTimeout{id, p});
  }

  void handle(const wev::PageTimeout& e) {
    TeamPage& page = incidents_[e.incident].pages[e.page];
    const EscalationPolicy& policy = sc_.teams[page.team].escalation;
    if (++page.level == policy.levels.size()) {
      page.level = 0;
      if (++page.loop == policy.loops) {
        page.exhausted = true;
        publish(ev::EscalationExhausted{e.incident, page.team});
        return;
      }
    }
    publish(ev::PageEscalated{e.incident, page.team, page.level});
    notify_level(e.incident, e.page);
  }

  void handle(const wev::PageAck& e) {
    Incident& inc = incidents_[e.incident];
    TeamPage& page = inc.pages[e.page];
    if (page.acknowledged || inc.resolved) return;
    page.acknowledged = true;
    if (page.timeout) queue_.cancel(*page.timeout);
    for (const EventId ack : page.pending_acks) queue_.cancel(ack);
    publish(ev::PageAcknowledged{e.incident, e.person});
    if (!inc.lead) {
      inc.lead = inc.investigator = e.person;
      if (!inc.mitigated) inc.work = schedule_in(lognormal(streams_.get("people"), kTriageMedian,
                                                           kWorkSigma),
                                                 wev::TriageDone{e.incident});
    } else if (inc.waiting_for_team == page.team) {
      inc.waiting_for_team.reset();
      inc.investigator = e.person;
      schedule_diagnosis_step(e.incident);
    }
  }

  // ---- Responders: triage, diagnosis, mitigation ---------------------------------------------

  void handle(const wev::TriageDone& e) {
    Incident& inc = incidents_[e.incident];
    inc.work.reset();
    declare_severity(e.incident);
    if (inc.severity && sc_.policy.status_update_cadence[static_cast<std::size_t>(*inc.severity)])
      inc.status_timer = schedule_in(lognormal(streams_.get("comms"), kFirstUpdateMedian,
                                               kWorkSigma),
                                     wev::StatusUpdateDue{e.incident});
    inc.path = diagnosis_path(inc.alert_service, cause_service(inc.fault));
    schedule_diagnosis_step(e.incident);
  }

  // Declares the severity measured now; a re-declaration only ever raises it.
  void declare_severity(std::size_t id) {
    Incident& inc = incidents_[id];
    const double share = measured_failed_share();
    const Severity s = classify(share);
    if (inc.severity && *inc.severity <= s) return;
    inc.severity = s;
    publish(ev::SeverityDeclared{id, s, share});
  }

  // The service where responders find the fault: its target, the caller of a failing call, the
  // entry service of a surging journey, or the first service with replicas in a lost zone.
  std::size_t cause_service(std::size_t f) const {
    const Fault& fault = faults_[f];
    switch (fault.type) {
      case FaultType::CallFailure:
        return sc_.calls[fault.call].caller;
      case FaultType::TrafficSurge:
        return sc_.journeys[fault.journey.value_or(0)].entry_service;
      case FaultType::ZoneOutage:
        for (std::size_t s = 0; s < sc_.services.size(); ++s)
          if (replicas_in_zone(sc_.services[s], fault.zone) > 0) return s;
        return fault.service;
      default:
        return fault.service;
    }
  }

  // Returns the shortest call path from the symptom to the cause (breadth-first search on the
  // call graph, following calls as traces do). Without one, responders jump straight there.
  std::vector<std::size_t> diagnosis_path(std::size_t from, std::size_t to) const {
    std::vector<Graph::vertex_descriptor> pred(boost::num_vertices(graph_));
    for (std::size_t v = 0; v < pred.size(); ++v) pred[v] = v;
    boost::breadth_first_search(
        graph_, from,
        boost::visitor(boost::make_bfs_visitor(
            boost::record_predecessors(pred.data(), boost::on_tree_edge()))));
    if (from != to && pred[to] == to) return {from, to};
    std::vector<std::size_t> path{to};
    while (path.back() != from) path.push_back(pred[path.back()]);
    std::reverse(path.begin(), path.end());
    return path;
  }

  void schedule_diagnosis_step(std::size_t id) {
    const SimTime d = lognormal(streams_.get("diagnosis"),
                                sc_.policy.responders.diagnosis_step_median, kWorkSigma);
    incidents_[id].work = schedule_in(d, wev::DiagnosisStepDone{id});
  }

  void handle(const wev::DiagnosisStepDone& e) {
    Incident& inc = incidents_[e.incident];
    inc.work.reset();
    auto& rng = streams_.get("diagnosis");
    const std::size_t here = inc.path[inc.next_step];
    const bool herring = boost::random::bernoulli_distribution<double>(
        sc_.policy.responders.red_herring_probability)(rng);
    if (herring && inc.next_step + 1 < inc.path.size()) {
      // A misleading symptom: the responder inspects another dependency of this service first.
      const auto [first, last] = boost::adjacent_vertices(here, graph_);
      std::vector<std::size_t> decoys;
      for (auto it = first; it != last; ++it)
        if (*it != inc.path[inc.next_step + 1]) decoys.push_back(*it);
      if (!decoys.empty()) {
        publish(ev::DiagnosisStep{e.incident, *inc.investigator, decoys[rng() % decoys.size()],
                                  true});
        schedule_diagnosis_step(e.incident);
        return;
      }
    }
    publish(ev::DiagnosisStep{e.incident, *inc.investigator, here, false});
    if (++inc.next_step == inc.path.size()) {
      inc.cause_identified = true;
      publish(ev::CauseIdentified{e.incident, here});
      start_mitigation(e.incident);
      return;
    }
    const std::size_t owner = sc_.services[inc.path[inc.next_step]].team;
    const bool engaged = std::any_of(inc.pages.begin(), inc.pages.end(),
                                     [owner](const TeamPage& p) { return p.team == owner; });
    if (!engaged) {
      publish(ev::TeamEngaged{e.incident, owner});
      inc.waiting_for_team = owner;
      page_team(e.incident, owner);
      return;
    }
    schedule_diagnosis_step(e.incident);
  }

  void start_mitigation(std::size_t id) {
    Incident& inc = incidents_[id];
    const MitigationAction action = mitigation_for(faults_[inc.fault].type);
    const MitigationSpec& spec = sc_.policy.mitigations[static_cast<std::size_t>(action)];
    auto& rng = streams_.get("mitigation");
    const SimTime d = lognormal(rng, spec.median_duration, kWorkSigma);
    const bool success =
        boost::random::bernoulli_distribution<double>(spec.success_probability)(rng);
    publish(ev::MitigationStarted{id, action, inc.path.back()});
    inc.work = schedule_in(d, wev::MitigationDone{id, success});
  }

  void handle(const wev::MitigationDone& e) {
    Incident& inc = incidents_[e.incident];
    inc.work.reset();
    const Fault& fault = faults_[inc.fault];
    const MitigationAction action = mitigation_for(fault.type);
    publish(ev::MitigationFinished{e.incident, action, e.success});
    if (!e.success) {
      start_mitigation(e.incident);
      return;
    }
    switch (action) {
      case MitigationAction::DisableCall:
        call_disabled_[fault.call] = true;
        clear_fault(inc.fault, true);
        break;
      case MitigationAction::ScaleOut:
        // The fault stays (the traffic, the weaker promoted datastore); capacity absorbs it.
        scale_out_saturated();
        mark_mitigated(e.incident);
        break;
      case MitigationAction::Rollback:
      case MitigationAction::Restart:
        // Replaced or restarted replicas start with empty queues.
        drop_backlog(fault.service);
        clear_fault(inc.fault, true);
        break;
      case MitigationAction::Failover:
      case MitigationAction::SwitchProvider:
      case MitigationAction::RenewCertificate:
        clear_fault(inc.fault, true);
        break;
    }
  }

  // Adds replicas to every saturated service until it is back at the target utilisation.
  void scale_out_saturated() {
    const Segment& seg = history_.back();
    for (std::size_t s = 0; s < sc_.services.size(); ++s) {
      const ServiceFlow& f = seg.services[s];
      if (f.utilisation < kSaturatedUtilisation) continue;
      // What a replica serves now (a failed-over datastore or an exhausted resource serve less).
      const double per_replica = f.capacity_rps / f.healthy_replicas;
      const int needed =
          static_cast<int>(std::ceil(f.load_rps / (kScaleOutTargetUtilisation * per_replica)));
      extra_replicas_[s] += std::max(0, needed - f.healthy_replicas);
    }
    state_changed();
  }

  void mark_mitigated(std::size_t id) {
    Incident& inc = incidents_[id];
    if (inc.mitigated) return;
    inc.mitigated = true;
    if (inc.work) queue_.cancel(*inc.work);
    inc.work.reset();
    publish(ev::IncidentMitigated{id});
  }

  // Resolves a detected, mitigated incident once every journey's error ratio has stayed within
  // its SLO for the policy's confirmation time. Responders go by the SLIs, not by the alerts:
  // a burn-rate alert's long windows keep it firing well after recovery (SRE Workbook ch. 5).
  void check_recovery(std::size_t id) {
    Incident& inc = incidents_[id];
    if (!inc.detected || !inc.mitigated || inc.resolved) return;
    bool healthy = true;
    for (std::size_t j = 0; healthy && j < sc_.journeys.size(); ++j) {
      const double ratio = window_metric(sc_, telemetry(), MetricKind::ErrorRatio,
                                         TargetKind::Journey, j, now() - kRecoveryWindow, now());
      healthy = ratio <= 1.0 - sc_.journeys[j].slo.objective;
    }
    if (!healthy) {
      inc.healthy_since.reset();
      return;
    }
    if (!inc.healthy_since) inc.healthy_since = now();
    if (now() - *inc.healthy_since < sc_.policy.responders.resolve_confirmation) return;
    inc.resolved = true;
    for (TeamPage& page : inc.pages) {
      if (page.timeout) queue_.cancel(*page.timeout);
      for (const EventId ack : page.pending_acks) queue_.cancel(ack);
    }
    if (inc.status_timer) {
      queue_.cancel(*inc.status_timer);
      post_status_update(id);
    }
    publish(ev::IncidentResolved{id});
  }

  // ---- Comms ---------------------------------------------------------------------------------

  void handle(const wev::StatusUpdateDue& e) {
    Incident& inc = incidents_[e.incident];
    if (!inc.mitigated) declare_severity(e.incident);
    post_status_update(e.incident);
    const auto cadence = sc_.policy.status_update_cadence[static_cast<std::size_t>(*inc.severity)];
    inc.status_timer.reset();
    if (cadence) inc.status_timer = schedule_in(*cadence, wev::StatusUpdateDue{e.incident});
  }

  void post_status_update(std::size_t id) {
    const Incident& inc = incidents_[id];
    std::string message;
    if (inc.resolved) {
      message = "Resolved: the issue has been fixed and all services are operating normally.";
    } else if (inc.mitigated) {
      message = "Monitoring: a fix has been applied and we are monitoring the results.";
    } else if (inc.cause_identified) {
      message = "Identified: the cause has been found and a fix is being applied.";
    } else {
      message = "Investigating: some customers are seeing errors; we are investigating.";
    }
    publish(ev::StatusUpdatePosted{id, *inc.severity, std::move(message)});
  }

  static SimTime lognormal(engine::RandomStreams::Engine& rng, SimTime median, double sigma) {
    boost::random::lognormal_distribution<double> dist(std::log(engine::to_seconds(median)),
                                                       sigma);
    return engine::from_seconds(dist(rng));
  }

  const Scenario& sc_;
  TraceSink* sink_;
  Fidelity fidelity_;
  engine::EventQueue<WorldEvent> queue_;
  engine::RandomStreams streams_;
  FlowModel flow_;
  Monitor monitor_;
  LocalClocks clocks_;
  Graph graph_;
  bool finished_ = false;

  std::vector<Fault> faults_;  // the run's faults: the schedule, then the drawn ones
  std::vector<bool> fault_active_;
  std::vector<std::optional<std::size_t>> fault_incident_;
  std::vector<double> profile_multiplier_;
  std::vector<double> calendar_multiplier_;
  std::vector<int> extra_replicas_;
  std::vector<bool> call_disabled_;
  std::vector<bool> breaker_open_;
  struct AutoscalerState {
    std::optional<SimTime> above_since;  // utilisation beyond target since
    int starting = 0;                    // replicas asked for, still cold-starting
  };
  std::vector<AutoscalerState> autoscaler_;
  std::vector<double> backlog_;  // per service, at backlog_time_
  SimTime backlog_time_{0};
  std::optional<EventId> backlog_step_;
  double longest_timeout_s_ = 0.0;  // of any call or journey
  std::vector<Segment> history_;  // closed segments, then the open one
  std::vector<Incident> incidents_;
};

Run::Run(const Scenario& scenario, std::uint64_t seed, TraceSink* sink, Fidelity fidelity)
    : world_(std::make_unique<World>(scenario, seed, sink, fidelity)) {}
Run::~Run() = default;
Run::Run(Run&&) noexcept = default;
Run& Run::operator=(Run&&) noexcept = default;

SimTime Run::now() const { return world_->now(); }
bool Run::finished() const { return world_->finished(); }
const std::vector<Fault>& Run::faults() const { return world_->faults(); }
void Run::run_until(SimTime t) { world_->run_until(t); }
void Run::run_to_end() { world_->run_until(SimTime::max()); }

RunRecord simulate(const Scenario& scenario, std::uint64_t seed, Fidelity fidelity) {
  Recorder recorder;
  Run run(scenario, seed, &recorder, fidelity);
  run.run_to_end();
  RunRecord record = std::move(recorder.record());
  record.seed = seed;
  record.duration = scenario.run.duration;
  record.faults = run.faults();
  return record;
}

}  // namespace firedrill::model
