#pragma once
// Plain-words descriptions of a scenario's faults, alert rules and timeline events, with the
// scenario's names: "Page sent to Ana Silva (checkout, level 1) — after hours (03:40 local
// time, Europe/Lisbon)". Used by the postmortem; usable by any view of a run.

#include <cstddef>
#include <string>
#include <vector>

#include "scoring/time_breakdown.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// "threshold", "burn_rate", "probe", "customer_reports".
const char* kind_name(model::AlertRuleKind kind);
// The rule's name; for customer reports (no rule), the journey's name.
const std::string& rule_name(const model::Scenario& scenario, model::AlertRuleKind kind,
                             std::size_t rule);
// "pending", "firing", "resolved".
const char* state_name(model::AlertState state);

// The person's name. REQUIRES: `person` indexes the scenario's teams and people.
const std::string& person_name(const model::Scenario& scenario, model::PersonRef person);

// "Rollback", "Switching provider", "Disabling the failing call".
const char* action_noun(model::MitigationAction action);

// A phase of the time to mitigate with its subject: "Waiting for acknowledgement: level 2 of
// team payments (Bob)", "Red herring: cartservice (Jonas)", "Mitigation: rollback of
// paymentservice (Jonas)".
std::string describe_phase(const Phase& phase);

// The services a fault acts on, sorted: its target; a call failure's caller; both sides of a
// partition; every service with replicas in an outage's zone; a surge's entry services.
std::vector<std::size_t> fault_services(const model::Scenario& scenario, const model::Fault& fault);

// "bad deploy of paymentservice (30 % errors, +200 ms)", "traffic surge ×3 on all journeys".
std::string describe_fault(const model::Scenario& scenario, const model::Fault& fault);

// The rule's name and what it watches: "payment-errors (error_ratio of service paymentservice
// over 1 min > 0.05 for 2 min)", "checkout-slo-burn (SLO burn rate of journey checkout: 1 h and
// 5 min windows at 14.4×)", "checkout-probe (synthetic probe of journey checkout every 1 min,
// timeout 10 s, alerting after 3 consecutive failures)", "customer reports from journey checkout,
// escalated by support".
std::string describe_rule(const model::Scenario& scenario, model::AlertRuleKind kind,
                          std::size_t rule);

// One timeline event of `record` in plain words, with names from `scenario`. Page levels are
// shown from 1 (the record counts them from 0). Local times of after-hours pages use the
// person's time zone.
// The burn rates of every window of burn-rate rule `rule` at `at`, as its alert saw them (the
// record's segments, and its nominal past before 0): "10.2× over 1 h and 34.1× over 5 min
// (pages at 14.4×); 3.1× over 6 h and 9.8× over 30 min (pages at 6×)".
std::string describe_burn_rates(const model::Scenario& scenario, const model::RunRecord& record,
                                std::size_t rule, model::SimTime at);

std::string describe_event(const model::Scenario& scenario, const model::RunRecord& record,
                           const model::TimelineEvent& event);

// Returns true iff an event of this kind is told in a timeline (the postmortem's, the live
// view's story): all but responders' state changes (for the live view's dots and person-hours,
// too fine for a timeline) and support tickets (counted under Communication).
bool in_timeline(const model::EventPayload& payload);

}  // namespace firedrill::scoring
