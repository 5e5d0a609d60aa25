#pragma once
// The range of every number a scenario, PagerDuty import or drill log gives, in the units of its
// JSON key, with where each bound comes from. docs/scenario-format.md shows each next to its
// field and docs/limits.md lists them all.
//
// Every bound serves two ends: it covers every realistic use (the bundled scenarios, the
// defaults of the tools the field models) and it keeps the model computable. Periods of
// recurring events have a floor so that a simulated day holds a bounded number of events; rates
// have both ends so that the events they draw are bounded in number and their gaps fit SimTime
// (int64 ms) without rounding to 0; multipliers, capacities, fan-outs and latencies have both
// ends so that the flow model's products stay finite; counts that the model iterates over
// (replicas, retries, attempts) have a ceiling so that its work stays bounded.

#include <cstdint>

#include "sim/scenario/json_reader.hpp"

namespace firedrill::scenario::internal::ranges {

// ---- Time ---------------------------------------------------------------------------------------

// The longest run, 31 days (44,640 min): one whole 28- or 30-day SLO period and a day, four times
// the longest bundled drill (a week). It bounds every count of recurring events below.
constexpr double kMaxRunMin = 31.0 * 24 * 60;
inline Range run_duration_min() { return Range::above(0.0, kMaxRunMin); }
// Instants within a run (fault starts and ends, profile steps, changes), minutes after its start.
inline Range run_offset_min() { return Range::closed(0.0, kMaxRunMin); }
// Windows and `for` durations of alert rules, in seconds: up to a whole run.
inline Range alert_window_s() { return Range::closed(1.0, kMaxRunMin * 60.0); }
inline Range alert_hold_s() { return Range::closed(0.0, kMaxRunMin * 60.0); }
// Burn-rate windows and `for`, minutes: the SRE Workbook's longest window is 3 days, Pyrra's 4.
inline Range burn_window_min() { return Range::closed(1.0, kMaxRunMin); }
inline Range burn_hold_min() { return Range::closed(0.0, kMaxRunMin); }

// Date-times: from the Unix epoch to the end of 2199, as seconds since the epoch. Far enough
// past and future for any drill, replayed incident or PagerDuty export; every difference of two
// such instants in milliseconds fits int64 a thousandfold over.
constexpr std::int64_t kEarliestUnixS = 0;             // 1970-01-01T00:00:00Z
constexpr std::int64_t kLatestUnixS = 7258118400 - 1;  // 2199-12-31T23:59:59Z

// ---- Monitoring ---------------------------------------------------------------------------------

// Scrape and rule-evaluation intervals: Prometheus scrapes every 15 s to 1 min; 1 s is the
// shortest anyone runs, 1 h the longest that could still see an incident. Each scrape costs work
// over every service, journey and rule.
inline Range scrape_interval_s() { return Range::closed(1.0, 3600.0); }
// A run holds at most this many scrapes (a week at 1 s, or 31 days at 4.4 s), so that its work
// is bounded whatever the other choices.
constexpr double kMaxScrapesPerRun = 7.0 * 24 * 3600;
// Synthetic probes: the Blackbox exporter's are 15 s to a few minutes; at most a day.
inline Range probe_interval_s() { return Range::closed(1.0, 86400.0); }
inline Range failures_to_alert() { return Range::closed(1.0, 1000.0); }
// Alertmanager: group_wait defaults to 30 s, group_interval to 5 min; at most a day each.
inline Range group_wait_s() { return Range::closed(0.0, 86400.0); }
inline Range group_interval_s() { return Range::closed(1.0, 86400.0); }
// Spurious firings per day over all rules: 0 (none), or enough to draw a gap that fits SimTime
// (at least one in about three years) and few enough to stay a pager's noise (one every 86 s).
inline Range false_positives_per_day() { return {0.001, true, 1000.0, true, /*or_zero=*/true}; }
// The thresholds of utilisation rules: overload reaches a few times capacity, never 1000 ×.
inline Range utilisation_threshold() { return Range::above(0.0, 1000.0); }
// Burn rates: the highest that can fire is 1 / (1 − objective) ≤ 10^6 (objective below).
inline Range burn_rate() { return Range::above(0.0, 1e6); }

// ---- Services, calls, journeys ------------------------------------------------------------------

// Replicas: the flow model's M/M/c is O(replicas) per service and solve, and per-replica fault
// processes cost memory per replica. 10,000 replicas is beyond any single Kubernetes Deployment in
// practice (a cluster supports 150,000 pods in all).
inline Range replicas() { return Range::closed(1.0, 10000.0); }
// Per-replica queue beyond the M/M/c queue.
inline Range queue_limit() { return Range::closed(0.0, 1e6); }
// Capacity per replica, req/s: from one request in 1000 s (a batch job) to a million a second;
// the service time 1000 / capacity stays between 1 µs and 1000 s.
inline Range capacity_rps() { return Range::closed(0.001, 1e6); }
// Latencies and timeouts, ms: up to an hour (the bundled timeouts reach 60 s).
constexpr double kMaxLatencyMs = 3600.0 * 1000;
inline Range latency_ms() { return Range::closed(0.0, kMaxLatencyMs); }          // may be 0
inline Range positive_latency_ms() { return Range::above(0.0, kMaxLatencyMs); }  // > 0
inline Range timeout_ms() { return Range::closed(1.0, kMaxLatencyMs); }
// Calls per request, a mean fan-out: the bundled ones are 0.1 to 27; 1000 covers a batch call per
// item of a large cart. Along a chain the products of fan-outs and retries multiply.
inline Range calls_per_request() { return Range::closed(0.001, 1000.0); }
// Retries: the flow model's retry sum is O(retries) per call, pass and bisection step. gRPC caps
// maxAttempts at 5 (4 retries); 10 is generous.
inline Range retries() { return Range::closed(0.0, 10.0); }
// Expected retries per original call: no more than the retries allowed can be used.
inline Range retry_budget() { return Range::closed(0.0, 10.0); }
// A breaker's open time: resilience4j waits 60 s, Hystrix 5 s; each open period ends in a probe.
inline Range breaker_open_s() { return Range::closed(1.0, 86400.0); }
// Entry rate of a journey, req/s: a large e-commerce site peaks near 10^5; 10^7 leaves room.
inline Range journey_rate_rps() { return Range::closed(0.0, 1e7); }
// Multipliers of traffic (profile steps, hourly curves, weekends, surges, traffic_surge faults):
// Black Friday is a few times normal; 1000 × leaves room and keeps their products finite.
inline Range traffic_multiplier() { return Range::closed(0.0, 1000.0); }
inline Range surge_multiplier() { return Range::above(0.0, 1000.0); }
// A journey's rate with every multiplier that may act on it at once, req/s: 100 × the largest
// base rate. Over the longest run (2.7 · 10^6 s) its requests stay below 10^16, and each request's
// revenue (below) below 10^22 currency units: finite, and printed digit for digit.
constexpr double kMaxPeakRateRps = 1e9;
// SLO objective: at most six nines, so the error budget 1 − objective ≥ 10^-6 is exact enough in a
// double and burn rates (error ratio / budget) stay below 10^6.
inline Range slo_objective() { return Range::above(0.0, 0.999999); }
// SLO periods: 7, 28, 30 and 90 days are the usual ones; a day to a year.
inline Range slo_period_days() { return Range::closed(1.0, 366.0); }
// Revenue per successful request, in the scenario's currency.
inline Range revenue_per_request() { return Range::closed(0.0, 1e6); }
// Autoscaling: targets of 1 % to 99 % utilisation; reaction and cold start up to a day.
inline Range target_utilisation() { return Range::closed(0.01, 0.99); }
inline Range scaling_delay_s() { return Range::closed(0.0, 86400.0); }

// ---- Faults and processes -----------------------------------------------------------------------

// What a fault leaves of capacity: from 0.1 % to 99.9 %, so the capacity left (and the service
// time it implies) stays finite when several such faults stack.
inline Range capacity_factor() { return Range::closed(0.001, 0.999); }
// A memory leak repeats every leak period; its capacity steps in 8 per period, so the period
// needs whole milliseconds per step and a floor of a minute bounds its events per day.
inline Range leak_period_min() { return Range::closed(1.0, kMaxRunMin); }
// Down times after a kill or during a failover: a second to a day.
inline Range outage_s() { return Range::closed(1.0, 86400.0); }
// Mean time to failure, hours: from 6 minutes (a chaos drill) to 100 years (the longest duration
// a scenario can express); and mean time to repair up to a whole run.
inline Range mttf_h() { return Range::closed(0.1, 876000.0); }
inline Range mttr_min() { return Range::above(0.0, kMaxRunMin); }
// A fault process draws at most this many faults over a run, on average (copies × run duration /
// (MTTF + MTTR), copies the replicas of a per-replica process): each is an event and a recompute.
constexpr double kMaxExpectedFaultsPerProcess = 10000.0;
// Deploys per day of a change process: from one in about three years (so the mean gap fits
// SimTime) to one every 86 s.
inline Range deploys_per_day() { return Range::closed(0.001, 1000.0); }
// Rollout bake time of a stage, minutes.
inline Range bake_min() { return Range::above(0.0, kMaxRunMin); }

// ---- People, pager, policy ----------------------------------------------------------------------

// A simple rotation's shift, hours: an hour to a year (PagerDuty's longest turn, below).
inline Range shift_h() { return Range::closed(1.0, 8760.0); }
// A schedule layer's turn, seconds: at most a year (PagerDuty's API refuses a longer turn); at
// least an hour, so that a layer hands over at most 24 times a day.
inline Range rotation_turn_length_s() { return Range::closed(3600.0, 365.0 * 86400); }
// Escalation delays, minutes: PagerDuty's are whole minutes, so at least 1; at most a day.
inline Range escalation_delay_min() { return Range::closed(1.0, 1440.0); }
// How many times the chain runs (PagerDuty's num_loops + 1): every run pages every level again.
inline Range escalation_loops() { return Range::closed(1.0, 100.0); }
inline Range pagerduty_num_loops() { return Range::closed(0.0, 99.0); }
// Medians of human and repair durations (acknowledging, a diagnosis step, a mitigation, a
// handoff, drafting an update), minutes: up to a day.
inline Range human_median_min() { return Range::above(0.0, 1440.0); }
// Slower customer-side delays (support escalation, silence doubling), minutes: up to a week.
inline Range customer_delay_min() { return Range::above(0.0, 10080.0); }
// Status-page cadences and first-update deadlines, minutes: a minute to a week; each update is
// an event of every open incident.
inline Range status_update_min() { return Range::closed(1.0, 10080.0); }
// The recent-change window of "mitigate first", minutes: up to a run.
inline Range recent_change_window_min() { return Range::above(0.0, kMaxRunMin); }
// Per-page fatigue and per-responder coordination shares: they multiply delays, so at most 10 ×.
inline Range per_page_share() { return Range::closed(0.0, 10.0); }
// Diagnosis step factors multiply each other (up to four at one step).
inline Range step_factor() { return Range::closed(0.01, 10.0); }

// ---- Automation ---------------------------------------------------------------------------------

// An automated restart's or rollback's delay: a second to a day.
inline Range automation_delay_s() { return Range::closed(1.0, 86400.0); }
// Restart attempts: each failed one doubles the delay (Kubernetes' crash-loop back-off), so 20
// attempts reach 2^20 × the delay, which still fits SimTime.
inline Range max_attempts() { return Range::closed(1.0, 20.0); }
// Canary analysis: every interval while the rollout lasts (Argo Rollouts runs it every 1–5 min).
inline Range analysis_interval_s() { return Range::closed(1.0, 86400.0); }
inline Range failure_limit() { return Range::closed(1.0, 1000.0); }

}  // namespace firedrill::scenario::internal::ranges
