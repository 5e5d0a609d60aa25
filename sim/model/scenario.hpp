#pragma once
// The immutable description of one drill: topology, traffic, teams, alerting, response policy,
// fault schedule and run settings. Built and validated by scenario::load_scenario; every index
// in it is valid (the loader resolves names to indices), so the model never re-checks input.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/sim_time.hpp"
#include "sim/model/schedule.hpp"

namespace firedrill::model {

using engine::SimTime;

// Priority levels of an incident, P1 the most severe.
enum class Severity { P1 = 0, P2 = 1, P3 = 2, P4 = 3 };
constexpr std::size_t kSeverityCount = 4;

// Horizontal autoscaling as Kubernetes' HorizontalPodAutoscaler does it: once utilisation has
// stayed above target × (1 + 0.1 tolerance) for `reaction`, it asks for
// ceil(healthy × utilisation / target) replicas, at most `max_replicas` in all, which serve after
// `cold_start`. It never scales below the configured replicas.
struct Autoscaling {
  double target_utilisation = 0.6;  // fraction 0–1
  int max_replicas = 10;
  SimTime reaction = std::chrono::seconds(60);
  SimTime cold_start = std::chrono::seconds(90);
};

// The chaos catalogue.
enum class FaultType {
  CrashReplicas,       // `replicas` of the service's replicas crash
  ErrorRate,           // the service fails `error_ratio` of its work
  Latency,             // the service's work takes `latency_ms` longer
  BadDeploy,           // a new version with `error_ratio` / `latency_ms`, through `rollout`
  TrafficSurge,        // a journey's (or every journey's) rate × `multiplier`
  CallFailure,         // `error_ratio` of the calls on one edge fail
  Outage,              // every replica of the service is down
  ResourceExhaustion,  // the service's capacity × `capacity_factor`
  MemoryLeak,          // capacity decays to `capacity_factor` over `leak_period`, then an OOM
                       // kill takes every replica down for `restart_duration`; repeats
  BadConfig,           // a config push: like a bad deploy, but global and instant
  NetworkPartition,    // every call between `service` and `peer_service` fails
  ZoneOutage,          // every replica in `zone` is down
  ThirdPartyOutage,    // an external service fails `error_ratio` of its work
  CertificateExpiry,   // every TLS handshake with the service fails
  DatastoreFailover,   // the service is down for `outage_duration`, then runs at
                       // `capacity_factor` of its capacity on the promoted replica
};
constexpr std::size_t kFaultTypeCount = 15;

// The signals responders can read about a service ("the three pillars of observability"): a
// missing one slows each diagnosis step there (ResponderModel's step factors).
struct Observability {
  bool metrics = true;
  bool logs = true;
  bool traces = true;
};

// A deployable service. Capacity is what its healthy replicas can serve in total:
// replicas × capacity_rps (req/s per replica).
struct Service {
  std::string name;
  std::size_t team = 0;  // index into Scenario::teams: whose alerts and whose pager
  int replicas = 1;
  double capacity_rps = 100.0;     // req/s one replica serves at utilisation 1
  double base_latency_ms = 10.0;   // mean latency of the service's own work when idle, ms
  // Overload (load above capacity) queues requests in each replica's waiting room, up to
  // queue_limit requests per replica beyond an M/M/c queue's own; a request that finds it full
  // is rejected at once (fails fast). Without a limit the queue grows as long as the overload
  // lasts, until callers time out (congestion collapse), and drains only after it. Load
  // shedding means no waiting room: the excess is rejected at once.
  bool load_shedding = false;
  std::optional<int> queue_limit{};  // requests per replica, >= 0; nullopt: see load_shedding
  // Zones its replicas are spread over, round-robin (replica i in zones[i % size]); empty: one
  // unnamed zone, which no zone outage reaches.
  std::vector<std::string> zones{};
  // A third party's API (a payment gateway, say): responders cannot restart or roll it back,
  // only switch to another provider.
  bool external = false;
  // An external service with a second provider to switch to (the switch_provider action's
  // prerequisite).
  bool secondary_provider = false;
  std::optional<Autoscaling> autoscaling{};
  Observability observability{};
  // Fault types this service has a runbook for: the diagnosis step that finds such a fault here
  // is faster, and its responders never try a wrong action first.
  std::vector<FaultType> runbooks{};
};

// A circuit breaker on a call, as Hystrix and Resilience4j run them: closed, it trips open when
// the share of failed attempts reaches `error_threshold`; open, every call fails at once without
// reaching the callee (shedding its load) for `open_duration`; then one probe goes through
// (half-open): success closes it, failure keeps it open for another `open_duration`.
struct CircuitBreaker {
  double error_threshold = 0.5;  // fraction 0–1
  SimTime open_duration = std::chrono::seconds(30);
};

// One edge of the call graph: `caller` calls `callee` `calls_per_request` times for each request
// it serves on a journey that uses this edge. A hard call's failure fails the caller's request;
// a soft call's failure is logged and ignored (the caller degrades).
struct Call {
  std::size_t caller = 0;  // index into Scenario::services
  std::size_t callee = 0;
  bool hard = true;
  double calls_per_request = 1.0;
  double timeout_ms = 1000.0;
  int retries = 0;                    // further attempts after a failed or timed-out attempt
  std::optional<double> retry_budget{};  // max retries per original call (e.g. 0.2, as gRPC's
                                       // retry throttling and Finagle's RetryBudget); none: unbounded
  double retry_backoff_ms = 0.0;      // mean wait before each retry, ms
  std::optional<CircuitBreaker> breaker{};
  // Behind a feature flag the caller can turn off (the disable_call action's prerequisite);
  // the loader defaults it to true for soft calls, false for hard ones.
  bool feature_flag = false;
};

// A step of a journey's traffic profile: from `at` on, the rate is base rate × multiplier.
struct RateStep {
  SimTime at{0};
  double multiplier = 1.0;
};

// A named surge on the calendar ("black-friday-doorbusters"): rate × multiplier over
// [start, end) (relative to the run's start).
struct NamedSurge {
  std::string name;
  SimTime start{0};
  SimTime end{0};
  double multiplier = 1.0;
};

// A journey's traffic over the calendar, in the users' time zone: rate × hourly[local hour] ×
// (weekend_multiplier on Saturday and Sunday) × every active surge's multiplier.
struct TrafficCalendar {
  std::string time_zone = "UTC";  // IANA name
  std::array<double, 24> hourly{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  double weekend_multiplier = 1.0;
  std::vector<NamedSurge> surges;
};

// An availability SLO: the fraction of good requests over a rolling period; optionally also a
// latency SLO, "99 % of requests faster than p99_latency_ms" (the SRE Workbook's latency SLI,
// ch. 2), judged on the journey's p99 estimate in each segment.
struct Slo {
  double objective = 0.999;  // fraction 0–1
  SimTime period = std::chrono::hours(24 * 30);
  std::optional<double> p99_latency_ms{};  // > 0; none: the journey has no latency SLO
};

// A user journey (entry point): requests arrive at `entry_service` and walk the journey's call
// edges. A request never re-enters a service already on its path, so cycles in the topology are
// legal: each is walked once.
struct Journey {
  std::string name;
  std::size_t entry_service = 0;
  double rate_rps = 1.0;               // base request rate, req/s
  std::vector<RateStep> rate_profile;  // sorted by `at`; empty means multiplier 1 throughout
  std::optional<TrafficCalendar> calendar{};  // multiplies the profile's rate
  std::vector<std::size_t> calls;      // indices into Scenario::calls
  Slo slo;
  double revenue_per_request = 0.0;  // currency units per successful request
  double timeout_ms = 30'000.0;      // users (or the load balancer) give up after this long, ms
};

// When a person works, on their own wall clock: a page outside these hours is after hours.
// The default is Monday to Friday 09:00–18:00 local.
struct WorkingHours {
  int start_hour = 9;  // first working hour, 0–23, local
  int end_hour = 18;   // the hour work ends, start_hour < end_hour <= 24, local
  std::array<bool, 7> days{false, true, true, true, true, true, false};  // by weekday, 0 = Sunday
  friend bool operator==(const WorkingHours&, const WorkingHours&) = default;
};

struct Person {
  std::string name;
  std::string time_zone = "UTC";  // IANA name, e.g. "Europe/Berlin"
  // Services they know beyond their own team's (everyone knows their team's services).
  std::vector<std::size_t> familiar_with{};
  WorkingHours working_hours{};  // their own, else their team's, else the default
};

// Who a level of an escalation policy notifies: whoever is on call in one of the team's
// schedules (PagerDuty's schedule_reference), or one person (user_reference).
struct EscalationTarget {
  enum class Kind { Schedule, Person };
  Kind kind = Kind::Schedule;
  std::size_t index = 0;  // into Team::schedules (Schedule) or Team::people (Person)
  friend bool operator==(const EscalationTarget&, const EscalationTarget&) = default;
};

struct EscalationLevel {
  std::vector<EscalationTarget> targets;
  SimTime delay = std::chrono::minutes(15);  // unacknowledged this long → next level
};

// An escalation policy as PagerDuty models it: ordered levels (escalation_rules), the chain run
// `loops` times. PagerDuty's num_loops counts the repeats after the first run, so
// loops = num_loops + 1 (num_loops 0: the chain runs once).
struct EscalationPolicy {
  std::vector<EscalationLevel> levels;  // non-empty
  int loops = 1;                        // how many times the whole chain runs, >= 1
  int num_loops() const { return loops - 1; }
};

// A team: its people, its on-call schedules and the escalation policy its pages follow. The
// scenario format's "rotation" becomes the schedules "primary" and "secondary"
// (rotation_schedules).
struct Team {
  std::string name;
  std::vector<Person> people;
  std::vector<Schedule> schedules;  // names unique in the team, distinct from people's names
  EscalationPolicy escalation;
};

// What an alert rule watches.
enum class MetricKind { ErrorRatio, LatencyMs, Utilisation };
enum class TargetKind { Service, Journey };

// Who a firing alert reaches (SRE Workbook ch. 5: "page" vs "ticket"): a page interrupts the
// on-call responder; a ticket is recorded for working hours and pages no one.
enum class AlertSeverity { Page, Ticket };

// A threshold rule with Prometheus semantics: the expression is `metric over window > threshold`;
// true at an evaluation → pending; firing once it has been true for at least `for_duration`;
// once firing, it stays firing until `keep_firing_for` has passed since the first evaluation at
// which the expression was false (Prometheus 2.42's keep_firing_for).
struct ThresholdRule {
  std::string name;
  MetricKind metric = MetricKind::ErrorRatio;
  TargetKind target_kind = TargetKind::Service;
  std::size_t target = 0;  // index into services or journeys
  double threshold = 0.0;
  SimTime window = std::chrono::minutes(1);  // averaging window of the metric
  SimTime for_duration{0};
  std::optional<std::size_t> team;  // route override; default: owner of the target
  SimTime keep_firing_for{0};
  AlertSeverity severity = AlertSeverity::Page;
};

// One window pair of a multiwindow, multi-burn-rate alert (Google SRE Workbook, ch. 5), or,
// without a short window, a single-window burn-rate alert (the book's approaches 4 and 5). The
// burn rate is relative to the SLO's error budget (1 − objective), whatever its period: the period
// only says what share of the budget a condition lets burn before it fires
// (burn_rate × long_window / period).
struct BurnRateCondition {
  SimTime long_window = std::chrono::hours(1);
  std::optional<SimTime> short_window = std::chrono::minutes(5);  // nullopt: long window only
  double burn_rate = 14.4;
  std::optional<SimTime> for_duration{};  // nullopt: the rule's for_duration
  AlertSeverity severity = AlertSeverity::Page;
};

// An SLO burn-rate rule on a journey. A condition holds when the error ratio over its long window
// (and its short window, if any) is at least burn_rate × (1 − objective). Conditions with the same
// severity and `for` form one Prometheus alert, their expressions joined by `or` (as Sloth
// generates them); conditions that differ in either are separate alerts (as Pyrra generates them).
struct BurnRateRule {
  std::string name;
  std::size_t journey = 0;
  std::vector<BurnRateCondition> conditions;  // non-empty
  SimTime for_duration{0};          // for conditions without their own
  std::optional<std::size_t> team;  // route override; default: owner of the entry service
  SimTime keep_firing_for{0};       // as ThresholdRule's, for each of the rule's alerts
};

// A synthetic probe, as Prometheus' blackbox exporter runs one: a request to a journey's entry
// point (or to a service) every `interval`. A probe fails when its request fails, which it does
// with the target's current failed share, or when it takes longer than `timeout_ms`. The alert
// fires at the `failures_to_alert`-th consecutive failed probe (pending from the first, as
// `probe_success == 0` with a `for` of failures_to_alert − 1 intervals) and resolves at the next
// successful probe. Each probe draws from its own random stream, "probes/<name>".
struct ProbeRule {
  std::string name;
  TargetKind target_kind = TargetKind::Journey;
  std::size_t target = 0;                       // index into journeys or services
  SimTime interval = std::chrono::seconds(60);  // Prometheus' default scrape interval
  double timeout_ms = 10'000.0;     // Prometheus' default scrape_timeout, which bounds a probe
  int failures_to_alert = 3;        // consecutive, >= 1
  std::optional<std::size_t> team;  // route override; default: owner of the target
  AlertSeverity severity = AlertSeverity::Page;
};

// The customers' side of an incident: the detection path of last resort and the load on support.
// While a journey fails more than its SLO allows, its users report it as a Poisson process of rate
// failed requests/s × report_probability; support escalates the first report of each such
// episode to the on-call of the team owning the journey's entry service after a lognormal time
// (median support_escalation_median, σ = 0.5), and that report detects the incident if no alert
// did first. Support tickets arrive as another Poisson process of rate failed requests/s ×
// ticket_probability × (1 + silence / silence_doubling), where silence is the time since the last
// status update, or since the journey began failing if that is later: a silent status page
// doubles the rate after silence_doubling, triples it after twice that. First-cut model and
// values of our own, not fitted to published data; the form follows the common observation that
// a status page deflects support contacts.
struct CustomerModel {
  double report_probability = 1e-4;  // per failed request, 0–1
  SimTime support_escalation_median = std::chrono::minutes(15);
  double ticket_probability = 1e-4;  // per failed request, 0–1
  SimTime silence_doubling = std::chrono::minutes(30);
};

// Labels of an alert that Alertmanager can group by: the rule's name, the service it watches
// (a journey rule: the journey's entry service), the journey (service rules have none) and the
// alert's severity. Every group is within one team: routing to a receiver comes first.
enum class AlertLabel { AlertName, Service, Journey, Severity };

// Alertmanager's route: firing alerts of one team with equal `group_by` labels form one group;
// a new group notifies after `group_wait` (collecting the alerts that fire with it), alerts that
// join a group that has notified go out together after `group_interval`. One notification pages
// once per incident (PagerDuty deduplicates on the incident). Defaults are Alertmanager's
// (prometheus.io, "Alertmanager configuration"), grouped by alert name as its examples do.
struct AlertRoute {
  std::vector<AlertLabel> group_by{AlertLabel::AlertName};
  SimTime group_wait = std::chrono::seconds(30);
  SimTime group_interval = std::chrono::minutes(5);
};

// Alerts that fire with nothing wrong (a flapping check, a noisy threshold): a Poisson process
// of `per_day` spurious firings over the scenario's rules, each lasting a lognormal time around
// `duration_median`. They page like any alert; whoever takes the page finds nothing.
struct FalsePositives {
  double per_day = 0.0;
  SimTime duration_median = std::chrono::minutes(4);
};

// The catalogue of mitigations responders and automation can apply. Each has a prerequisite
// (mitigation_possible) and side effects on the system while and after it runs:
//   rollback          needs a change to the service within the policy's recent_change_window;
//                     replaced replicas start with empty queues;
//   restart           a rolling restart: one replica at a time is out while it runs (a service
//                     with one replica is down meanwhile); restarted replicas start empty;
//   scale_out         adds replicas to every saturated service until it is at 60 % utilisation;
//   disable_call      needs the call behind a feature flag; the caller skips the call;
//   failover          moves the calls across a partition or a failing path to another route;
//   switch_provider   needs a second provider for the external service;
//   renew_certificate issues and deploys a fresh certificate;
//   shed_load         the service rejects what it cannot serve at once instead of queueing it
//                     (users see fast errors, not timeouts), and drops its backlog;
//   drain_zone        moves traffic and replicas out of a failed zone into the others.
// Not possible on an external service: rollback, restart, scale_out, shed_load.
enum class MitigationAction {
  Rollback,
  Restart,
  ScaleOut,
  DisableCall,
  Failover,
  SwitchProvider,
  RenewCertificate,
  ShedLoad,
  DrainZone,
};
constexpr std::size_t kMitigationActionCount = 9;

struct MitigationSpec {
  SimTime median_duration = std::chrono::minutes(5);  // lognormal, σ = 0.5
  double success_probability = 0.9;
};

// How responders behave: the human parameters of the first-cut response model.
struct ResponderModel {
  SimTime ack_median_day = std::chrono::minutes(2);    // lognormal median, local 08:00–22:00
  SimTime ack_median_night = std::chrono::minutes(8);  // asleep: woken by the page
  double missed_page_probability_day = 0.02;           // the page is never acknowledged
  double missed_page_probability_night = 0.10;
  SimTime diagnosis_step_median = std::chrono::minutes(4);  // per service inspected
  double red_herring_probability = 0.15;  // a step that inspects a wrong branch first
  SimTime resolve_confirmation = std::chrono::minutes(10);  // SLIs healthy this long → resolve
  // Fatigue: each page a person took in the last 24 hours (one that woke them counts twice)
  // lengthens their acknowledgement delay by `fatigue_ack_per_page` and raises their chance of
  // missing the page by `fatigue_miss_per_page` of itself (capped at kMaxMissedPageProbability).
  // First-cut values of our own: the direction follows PagerDuty's State of Digital Operations
  // 2021 (2 interruptions a month good, 7 bad, 19 burnout) and SRE Workbook ch. 8 (at most two
  // incidents per 12-hour shift); no published curve gives the size.
  double fatigue_ack_per_page = 0.15;
  double fatigue_miss_per_page = 0.25;
  // From acknowledging a page that woke them to being at a keyboard (lognormal median; by day
  // responders are at one already). Our own first-cut value.
  SimTime ready_after_wake_median = std::chrono::minutes(5);
  // Looking into a page that turns out to be a false alarm, before closing it.
  SimTime false_alarm_check_median = std::chrono::minutes(10);
  // How much longer a diagnosis step takes at a service without metrics, without logs, or
  // (following traces) without traces; at a service the responder is not familiar with; and
  // how much shorter the step that finds a fault the service has a runbook for. Each missing
  // traced hop also keeps the full red_herring_probability (a traced hop halves it: the trace
  // shows which dependency failed). First-cut values of our own; no published table gives them.
  double step_factor_without_metrics = 2.0;
  double step_factor_without_logs = 1.5;
  double step_factor_without_traces = 1.5;
  double step_factor_unfamiliar = 1.5;
  double step_factor_runbook = 0.5;
  // An outgoing on-call handing an incident to the incoming one at a shift change (lognormal
  // median); both are busy with it meanwhile and the investigation waits. Our own value.
  SimTime handoff_median = std::chrono::minutes(10);
};
constexpr double kMaxMissedPageProbability = 0.9;

// Roles of the incident command system beyond the responders who investigate (PagerDuty's
// Incident Response guide; Google SRE book ch. 14, "Managing Incidents").
enum class Role { IncidentCommander, CommsLead, Scribe };
constexpr std::size_t kRoleCount = 3;

// Who fills a role and from which severity: team `team`'s escalation policy is paged once an
// incident is declared at `up_to` or worse.
struct RolePolicy {
  std::size_t team = 0;
  Severity up_to = Severity::P2;
};

// How responders search the dependency graph for the cause (SRE book ch. 12, "Effective
// Troubleshooting"): hop by hop along the calls from the symptom, as a trace shows them; or
// first to the services whose own alerts fire, deepest first, which is fast when the cause has
// its own alert and misleads when only its victims do.
enum class DiagnosisStrategy { FollowTraces, FollowAlerts };

// The response policy: how impact maps to severity, how often customers hear from us, how the
// responders work and what each mitigation costs.
struct ResponsePolicy {
  // Minimum share of failed requests on the worst journey (fraction 0–1) for P1, P2, P3;
  // descending. Below the P3 threshold an incident is P4.
  std::array<double, 3> severity_failed_share{0.20, 0.05, 0.01};
  // The severity matrix beyond the failed share: impact on a revenue-critical journey (one with
  // revenue per request) raises the severity by one level; a fault that puts data at risk (a
  // datastore failover) is at least P1. Triage misjudges the severity by one level, up or down
  // at even odds, with `misclassification_probability`.
  bool revenue_critical_raises = true;
  double misclassification_probability = 0.1;
  // Incident commander and communications lead; none: the first responder leads and posts.
  std::optional<RolePolicy> incident_commander;
  std::optional<RolePolicy> comms_lead;
  // At this severity or worse, the teams owning services on the suspected path are paged as
  // subject-matter experts at triage, not when the search reaches their service.
  std::optional<Severity> page_experts_up_to = Severity::P2;
  // Without an incident commander each responder beyond the first slows every diagnosis step by
  // this share (coordination overhead); with one, responders split the branches, so a red
  // herring costs no extra step. Our own first-cut value.
  double coordination_overhead_per_responder = 0.15;
  std::optional<RolePolicy> scribe;  // keeps the timeline, so the IC need not
  DiagnosisStrategy diagnosis = DiagnosisStrategy::FollowTraces;
  // "Mitigate first": at triage, roll back the most recent change (a deploy or config push to
  // any service within recent_change_window) before diagnosing; "diagnose first" (false) finds
  // the cause, then applies its fix.
  bool mitigate_first = false;
  SimTime recent_change_window = std::chrono::hours(2);
  // Without a runbook for the fault at the cause, the chance that responders first try a
  // plausible wrong action (restart, scale out or roll back, whichever is possible and not the
  // fix). Our own first-cut value.
  double wrong_action_probability = 0.3;
  // At a shift change of the schedule that paged them, an engaged responder hands the incident
  // to the incoming on-call (true), or stays on it until it is resolved (false).
  bool handoff_at_shift_end = true;
  // Drafting a status update; a responder who posts it stops investigating meanwhile.
  SimTime status_update_draft_median = std::chrono::minutes(5);
  // Status-page update cadence per severity (P1..P4); nullopt: no status page at that severity.
  std::array<std::optional<SimTime>, kSeverityCount> status_update_cadence{
      std::chrono::minutes(15), std::chrono::minutes(30), std::chrono::minutes(60), std::nullopt};
  // Deadline for the first status update after detection, per severity; nullopt: the cadence.
  // Whoever posts aims to post by it (the first update is due at the earlier of the deadline
  // and a lognormal time around 4 min).
  std::array<std::optional<SimTime>, kSeverityCount> first_update_deadline{};
  // The first update's deadline at `s`: its own, else the cadence; nullopt: no status page.
  std::optional<SimTime> first_update_due(Severity s) const {
    const auto i = static_cast<std::size_t>(s);
    if (!status_update_cadence[i]) return std::nullopt;
    return first_update_deadline[i] ? first_update_deadline[i] : status_update_cadence[i];
  }
  ResponderModel responders;
  // Median duration and success probability per MitigationAction, in enum order. First-cut
  // defaults of our own, not from a published table.
  std::array<MitigationSpec, kMitigationActionCount> mitigations{
      MitigationSpec{std::chrono::minutes(6), 0.95},   // rollback
      MitigationSpec{std::chrono::minutes(3), 0.90},   // restart
      MitigationSpec{std::chrono::minutes(8), 0.90},   // scale out
      MitigationSpec{std::chrono::minutes(2), 0.98},   // disable a call
      MitigationSpec{std::chrono::minutes(10), 0.90},  // failover
      MitigationSpec{std::chrono::minutes(20), 0.85},  // switch provider
      MitigationSpec{std::chrono::minutes(15), 0.95},  // renew a certificate
      MitigationSpec{std::chrono::minutes(3), 0.95},   // shed load
      MitigationSpec{std::chrono::minutes(8), 0.95},   // drain a zone
  };
};

// One stage of a progressive rollout: the new version serves `share` of the traffic for `bake`.
struct RolloutStage {
  double share = 1.0;  // fraction 0–1
  SimTime bake{0};
  friend bool operator==(const RolloutStage&, const RolloutStage&) = default;
};

// One scheduled fault. The target is a service, a call (call failure), a pair of services
// (network partition), a zone (zone outage) or journeys (traffic surge: `journey`, or every
// journey when nullopt).
struct Fault {
  std::string id;  // unique name, e.g. "payment-bad-deploy"
  FaultType type = FaultType::ErrorRate;
  std::size_t service = 0;             // target service (not for CallFailure, TrafficSurge)
  std::size_t call = 0;                // target call (CallFailure)
  std::optional<std::size_t> journey;  // TrafficSurge target; nullopt = all journeys
  SimTime start{0};
  std::optional<SimTime> end;  // nullopt: lasts until mitigated or the run ends
  int replicas = 1;            // CrashReplicas: how many replicas crash
  double error_ratio = 0.0;    // ErrorRate, BadDeploy, CallFailure: share of calls failing, 0–1
  double latency_ms = 0.0;     // Latency, BadDeploy: added mean latency, ms
  double multiplier = 1.0;     // TrafficSurge: rate multiplier
  std::size_t peer_service = 0;  // NetworkPartition: the other side
  std::string zone;              // ZoneOutage
  double capacity_factor = 1.0;  // ResourceExhaustion, MemoryLeak, DatastoreFailover: 0–1
  SimTime leak_period = std::chrono::hours(1);         // MemoryLeak: full capacity to OOM kill
  SimTime restart_duration = std::chrono::minutes(1);  // MemoryLeak: down after an OOM kill
  SimTime outage_duration = std::chrono::minutes(2);   // DatastoreFailover: the failover itself
  // BadDeploy: the new version's share of traffic by stage; the last stage lasts until the end.
  // Empty: the whole fleet at once.
  std::vector<RolloutStage> rollout;
  friend bool operator==(const Fault&, const Fault&) = default;
};

// A source of random faults: an alternating renewal process (the two-state Markov model of a
// repairable unit): up for Exp(mttf), then `fault` acts for Exp(mttr) and ends by itself (an
// automatic restart or repair), then up again. Long-run availability MTTF / (MTTF + MTTR).
// With `per_replica` (crash_replicas only) every replica of the target has its own process,
// crashing that one replica. Each process draws from its own random stream, named after `id`.
struct FaultProcess {
  std::string id;  // generated faults are named "<id>-1", "<id>-2", ...
  Fault fault;     // type, target and parameters; start and end are drawn
  SimTime mttf = std::chrono::hours(24 * 30);
  SimTime mttr = std::chrono::minutes(30);
  bool per_replica = false;
};

// Change-induced faults: deploys of `service` arrive as a Poisson process, `deploys_per_day` on
// average, and each fails with probability `change_failure_rate` (DORA's change failure rate),
// becoming a bad deploy with `error_ratio` and `latency_ms` that lasts until rolled back.
struct ChangeProcess {
  std::string id;
  std::size_t service = 0;
  double deploys_per_day = 1.0;
  double change_failure_rate = 0.15;  // fraction 0–1
  double error_ratio = 0.0;
  double latency_ms = 0.0;
};

// A change to a service that breaks nothing (a routine deploy or config push): what
// "mitigate first" may roll back in vain. Bad deploys and bad configs are changes too.
struct Change {
  std::string id;
  std::size_t service = 0;
  SimTime at{0};
};

// Auto-remediation that acts without people (SRE Workbook ch. 7, "Simplicity" / ch. 16):
//   restart_on_crash        replicas that crash (crash, outage) are restarted by the orchestrator
//                           after `delay` (liveness probe and restart); an attempt fails with
//                           1 − success_probability, and is retried after twice the delay
//                           (Kubernetes' crash-loop back-off), `max_attempts` in all;
//   rollback_failing_canary a progressive rollout's analysis (Argo Rollouts, Flagger) measures
//                           the service's error ratio every `analysis_interval` while the new
//                           version serves less than all traffic; `failure_limit` consecutive
//                           measurements above `error_ratio_threshold` abort it, and the rollback
//                           takes `delay`. A fault below the threshold, or a latency-only one,
//                           passes the analysis: its failure mode.
// Autoscaling on saturation is Service::autoscaling (Kubernetes' HPA).
enum class AutomationKind { RestartOnCrash, RollbackFailingCanary };
struct AutomationRule {
  std::string name;
  AutomationKind kind = AutomationKind::RestartOnCrash;
  std::optional<std::size_t> service;  // nullopt: every service
  SimTime delay = std::chrono::minutes(1);
  double success_probability = 0.9;
  int max_attempts = 3;
  double error_ratio_threshold = 0.05;  // fraction 0–1
  SimTime analysis_interval = std::chrono::minutes(1);
  int failure_limit = 2;
};

struct RunSettings {
  std::int64_t start_unix_s = 0;  // wall-clock date-time of the run's start, UTC seconds
  SimTime duration = std::chrono::hours(4);
  std::uint64_t seed = 1;
  SimTime scrape_interval = std::chrono::seconds(15);
  // How often alert rules are evaluated (Prometheus' evaluation_interval, default 1 min there);
  // nullopt: at every scrape, as before the setting existed. A multiple of scrape_interval (the
  // loader checks), so that every evaluation falls on a scrape.
  std::optional<SimTime> evaluation_interval{};
  // The currency of every revenue figure (Journey::revenue_per_request): an ISO 4217 code.
  std::string currency = "USD";
};

// What a training drill tells the person in the seat before it starts: who they are (`role`),
// what they know (`context`) and what a good response is (`good_looks_like`), each plain text
// that names no fault; `seat` is the suggested seat as `play --as` reads it (a person,
// "on-call:TEAM", "incident-commander"; empty: none), which the loader has checked.
struct Briefing {
  std::string role;
  std::string context;
  std::string good_looks_like;
  std::string seat;
};

struct Scenario {
  std::string name;
  std::string policy_name = "scenario";  // the response policy's: a policy file's "name"
  std::string purpose;  // one line: what this drill rehearses
  std::optional<Briefing> briefing;  // a training drill's; nullopt for the others
  RunSettings run;
  std::vector<Service> services;
  std::vector<Call> calls;
  std::vector<Journey> journeys;
  std::vector<Team> teams;
  std::vector<ThresholdRule> threshold_rules;
  std::vector<BurnRateRule> burn_rate_rules;
  std::vector<ProbeRule> probe_rules;
  AlertRoute alert_route;
  FalsePositives false_positives;
  CustomerModel customers;
  ResponsePolicy policy;
  std::vector<Fault> faults;  // the schedule
  std::vector<FaultProcess> fault_processes;
  std::vector<ChangeProcess> change_processes;
  std::vector<Change> changes;
  std::vector<AutomationRule> automation;
};

// Stable names used in files and reports: "P1".."P4", "crash_replicas", "rollback", ...
const char* to_string(Severity s);
const char* to_string(FaultType t);
const char* to_string(MitigationAction a);
const char* to_string(MetricKind m);
const char* to_string(AlertLabel l);
const char* to_string(Role r);
const char* to_string(AlertSeverity s);  // "page", "ticket"
// Parses the names above; nullopt when `name` is none of them.
std::optional<FaultType> fault_type_from_string(const std::string& name);
std::optional<MitigationAction> mitigation_action_from_string(const std::string& name);
std::optional<MetricKind> metric_kind_from_string(const std::string& name);
std::optional<AlertLabel> alert_label_from_string(const std::string& name);
std::optional<AlertSeverity> alert_severity_from_string(const std::string& name);
std::optional<DiagnosisStrategy> diagnosis_strategy_from_string(const std::string& name);
std::optional<AutomationKind> automation_kind_from_string(const std::string& name);
const char* to_string(DiagnosisStrategy d);  // "follow_traces", "follow_alerts"
const char* to_string(AutomationKind k);     // "restart_on_crash", "rollback_failing_canary"

// The mitigations that fix a fault of type `t`, in the order responders consider them (they
// apply the first whose prerequisite holds): bad deploy, bad config, memory leak → rollback;
// crash, error rate, latency, outage, resource exhaustion → restart; traffic surge, datastore
// failover → scale out; call failure → disable the call, else fail over; network partition →
// failover; zone outage → drain the zone; third-party outage → switch provider, else disable the
// calls to it; certificate expiry → renew the certificate.
std::vector<MitigationAction> fixes_for(FaultType t);

}  // namespace firedrill::model
