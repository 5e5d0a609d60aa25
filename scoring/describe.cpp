#include "scoring/describe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <variant>
#include <vector>

#include "scoring/format.hpp"
#include "scoring/overloaded.hpp"
#include "sim/model/monitor.hpp"
#include "sim/model/segments.hpp"

namespace firedrill::scoring {
namespace {

namespace ev = model::ev;

// 0.3 → "30 %"; 0.345 → "34.5 %".
std::string share(double fraction) { return format_percent(fraction); }

std::string trimmed_number(double value) { return fmt::format("{:g}", value); }

const std::string& service_name(const model::Scenario& scenario, std::size_t service) {
  return scenario.services.at(service).name;
}

}  // namespace

const char* action_noun(model::MitigationAction action) {
  switch (action) {
    case model::MitigationAction::Rollback:
      return "Rollback";
    case model::MitigationAction::Restart:
      return "Restart";
    case model::MitigationAction::ScaleOut:
      return "Scale-out";
    case model::MitigationAction::DisableCall:
      return "Disabling the failing call";
    case model::MitigationAction::Failover:
      return "Failover";
    case model::MitigationAction::SwitchProvider:
      return "Switching provider";
    case model::MitigationAction::RenewCertificate:
      return "Certificate renewal";
    case model::MitigationAction::ShedLoad:
      return "Load shedding";
    case model::MitigationAction::DrainZone:
      return "Draining the zone";
  }
  return "Mitigation";
}

namespace {

const char* reason_words(model::MitigationReason reason) {
  switch (reason) {
    case model::MitigationReason::Fix:
      return "";
    case model::MitigationReason::WrongGuess:
      return " (a guess without a runbook: it does not fix the cause)";
    case model::MitigationReason::MitigateFirst:
      return " (mitigate first: the latest change)";
    case model::MitigationReason::StalledRecovery:
      return " (the SLIs did not recover after the fix)";
    case model::MitigationReason::Ordered:
      return " (ordered by the facilitator)";
  }
  return "";
}

std::string window_words(model::SimTime window) {
  return format_duration(engine::to_seconds(window));
}

}  // namespace

const char* kind_name(model::AlertRuleKind kind) {
  switch (kind) {
    case model::AlertRuleKind::Threshold:
      return "threshold";
    case model::AlertRuleKind::BurnRate:
      return "burn_rate";
    case model::AlertRuleKind::Probe:
      return "probe";
    case model::AlertRuleKind::CustomerReport:
      return "customer_reports";
  }
  return "unknown";
}

const std::string& rule_name(const model::Scenario& scenario, model::AlertRuleKind kind,
                             std::size_t rule) {
  switch (kind) {
    case model::AlertRuleKind::Threshold:
      return scenario.threshold_rules.at(rule).name;
    case model::AlertRuleKind::BurnRate:
      return scenario.burn_rate_rules.at(rule).name;
    case model::AlertRuleKind::Probe:
      return scenario.probe_rules.at(rule).name;
    case model::AlertRuleKind::CustomerReport:
      break;
  }
  return scenario.journeys.at(rule).name;
}

const char* state_name(model::AlertState state) {
  switch (state) {
    case model::AlertState::Pending:
      return "pending";
    case model::AlertState::Firing:
      return "firing";
    case model::AlertState::Resolved:
      return "resolved";
  }
  return "unknown";
}

const std::string& person_name(const model::Scenario& scenario, model::PersonRef person) {
  return scenario.teams.at(person.team).people.at(person.person).name;
}

std::string describe_fault(const model::Scenario& scenario, const model::Fault& fault) {
  switch (fault.type) {
    case model::FaultType::CrashReplicas: {
      const model::Service& service = scenario.services.at(fault.service);
      return fmt::format("crash of {} of {} replica{} of {}", fault.replicas, service.replicas,
                         service.replicas == 1 ? "" : "s", service.name);
    }
    case model::FaultType::ErrorRate:
      return fmt::format("{} of requests to {} failing", share(fault.error_ratio),
                         service_name(scenario, fault.service));
    case model::FaultType::Latency:
      return fmt::format("+{} ms of latency on {}", trimmed_number(fault.latency_ms),
                         service_name(scenario, fault.service));
    case model::FaultType::BadDeploy: {
      std::vector<std::string> effects;
      if (fault.error_ratio > 0.0) effects.push_back(share(fault.error_ratio) + " errors");
      if (fault.latency_ms > 0.0) effects.push_back("+" + trimmed_number(fault.latency_ms) + " ms");
      std::string text = "bad deploy of " + service_name(scenario, fault.service);
      if (!effects.empty()) text += " (" + fmt::format("{}", fmt::join(effects, ", ")) + ")";
      return text;
    }
    case model::FaultType::TrafficSurge:
      return fmt::format("traffic surge ×{} on {}", trimmed_number(fault.multiplier),
                         fault.journey ? "journey " + scenario.journeys.at(*fault.journey).name
                                       : std::string("all journeys"));
    case model::FaultType::CallFailure: {
      const model::Call& call = scenario.calls.at(fault.call);
      return fmt::format("{} of calls from {} to {} failing", share(fault.error_ratio),
                         service_name(scenario, call.caller), service_name(scenario, call.callee));
    }
    case model::FaultType::Outage:
      return "outage of every replica of " + service_name(scenario, fault.service);
    case model::FaultType::ResourceExhaustion:
      return fmt::format("resource exhaustion on {}: capacity down to {}",
                         service_name(scenario, fault.service), share(fault.capacity_factor));
    case model::FaultType::MemoryLeak:
      return fmt::format("memory leak in {}: capacity decaying to {} over {}, then OOM kills",
                         service_name(scenario, fault.service), share(fault.capacity_factor),
                         window_words(fault.leak_period));
    case model::FaultType::BadConfig:
      return fmt::format("bad config push to {} ({} errors{})",
                         service_name(scenario, fault.service), share(fault.error_ratio),
                         fault.latency_ms > 0.0 ? ", +" + trimmed_number(fault.latency_ms) + " ms"
                                                : std::string());
    case model::FaultType::NetworkPartition:
      return fmt::format("network partition between {} and {}",
                         service_name(scenario, fault.service),
                         service_name(scenario, fault.peer_service));
    case model::FaultType::ZoneOutage:
      return "outage of zone " + fault.zone;
    case model::FaultType::ThirdPartyOutage:
      return fmt::format("outage of third-party {} ({} of calls failing)",
                         service_name(scenario, fault.service), share(fault.error_ratio));
    case model::FaultType::CertificateExpiry:
      return "expired TLS certificate on " + service_name(scenario, fault.service);
    case model::FaultType::DatastoreFailover:
      return fmt::format("failover of datastore {}: {} down, then {} capacity",
                         service_name(scenario, fault.service),
                         window_words(fault.outage_duration), share(fault.capacity_factor));
  }
  return fault.id;
}

std::string describe_rule(const model::Scenario& scenario, model::AlertRuleKind kind,
                          std::size_t rule_index) {
  if (kind == model::AlertRuleKind::Threshold) {
    const model::ThresholdRule& rule = scenario.threshold_rules.at(rule_index);
    const std::string target = rule.target_kind == model::TargetKind::Service
                                   ? "service " + service_name(scenario, rule.target)
                                   : "journey " + scenario.journeys.at(rule.target).name;
    std::string text =
        fmt::format("{} ({} of {} over {} > {}", rule.name, model::to_string(rule.metric), target,
                    window_words(rule.window), trimmed_number(rule.threshold));
    if (rule.for_duration > model::SimTime{0}) text += " for " + window_words(rule.for_duration);
    return text + ")";
  }
  if (kind == model::AlertRuleKind::Probe) {
    const model::ProbeRule& rule = scenario.probe_rules.at(rule_index);
    const std::string target = rule.target_kind == model::TargetKind::Service
                                   ? "service " + service_name(scenario, rule.target)
                                   : "journey " + scenario.journeys.at(rule.target).name;
    return fmt::format(
        "{} (synthetic probe of {} every {}, timeout {}, alerting after {} consecutive failure{})",
        rule.name, target, window_words(rule.interval), format_duration(rule.timeout_ms / 1000.0),
        rule.failures_to_alert, rule.failures_to_alert == 1 ? "" : "s");
  }
  if (kind == model::AlertRuleKind::CustomerReport) {
    return fmt::format("customer reports from journey {}, escalated by support",
                       scenario.journeys.at(rule_index).name);
  }
  const model::BurnRateRule& rule = scenario.burn_rate_rules.at(rule_index);
  std::vector<std::string> conditions;
  for (const model::BurnRateCondition& c : rule.conditions) {
    std::string text =
        c.short_window
            ? fmt::format("{} and {} windows at {}×", window_words(c.long_window),
                          window_words(*c.short_window), trimmed_number(c.burn_rate))
            : fmt::format("{} window at {}×", window_words(c.long_window),
                          trimmed_number(c.burn_rate));
    if (c.for_duration && *c.for_duration > model::SimTime{0}) {
      text += " for " + window_words(*c.for_duration);
    }
    if (c.severity == model::AlertSeverity::Ticket) text += " (ticket)";
    conditions.push_back(std::move(text));
  }
  return fmt::format("{} (SLO burn rate of journey {}: {})", rule.name,
                     scenario.journeys.at(rule.journey).name, fmt::join(conditions, " or "));
}

// "asleep", "triaging", "handing off": a responder's state as a sentence says it.
std::string responder_state_words(model::ResponderState state) {
  std::string words = model::to_string(state);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

namespace {

// "incident commander": a role as a sentence names it.
std::string role_words(model::Role role) {
  constexpr std::array<const char*, 3> kWords{"incident commander", "communications lead",
                                              "scribe"};
  return kWords[static_cast<std::size_t>(role)];
}

// Why a responder inspected a service, as the timeline says it (docs/diagnosis.md).
std::string lead_words(model::DiagnosisLead lead) {
  switch (lead) {
    case model::DiagnosisLead::Symptom:
      return "where the alert pointed";
    case model::DiagnosisLead::Alert:
      return "its own alert firing";
    case model::DiagnosisLead::Change:
      return "a recent change there";
    case model::DiagnosisLead::Errors:
      return "the errors coming from it";
    case model::DiagnosisLead::Latency:
      return "the latency coming from it";
    case model::DiagnosisLead::Noise:
      return "an unrelated anomaly there";
    case model::DiagnosisLead::Guess:
      return "a guess, nothing showing on the dashboards";
    case model::DiagnosisLead::Elsewhere:
      return "found by other means, no dependency leading on";
    case model::DiagnosisLead::Chosen:
      return "their own choice";
  }
  return "";
}

std::string mitigated_words(model::MitigatedBy by) {
  switch (by) {
    case model::MitigatedBy::Responders:
      return "Mitigated: the responders' fix is in place";
    case model::MitigatedBy::Automation:
      return "Mitigated by automation";
    case model::MitigatedBy::FaultExpired:
      return "Mitigated: the fault expired by itself";
    case model::MitigatedBy::Facilitator:
      return "Impact ended: the facilitator ended the fault";
  }
  return "";
}

}  // namespace

std::string describe_burn_rates(const model::Scenario& scenario, const model::RunRecord& record,
                                std::size_t rule_index, model::SimTime at) {
  const model::BurnRateRule& rule = scenario.burn_rate_rules.at(rule_index);
  // A record made by hand may lack the nominal past: its first steady state stands in for it.
  if (record.segments.empty()) return "unknown";
  const model::Segment& past = record.nominal_past.journeys.size() == scenario.journeys.size()
                                   ? record.nominal_past
                                   : record.segments.front();
  const model::Telemetry telemetry{past, record.segments};
  const double budget = 1.0 - scenario.journeys.at(rule.journey).slo.objective;
  const auto burn = [&](model::SimTime window) {
    const double ratio =
        model::window_metric(scenario, telemetry, model::MetricKind::ErrorRatio,
                             model::TargetKind::Journey, rule.journey, at - window, at);
    return budget > 0.0 ? fmt::format("{:.1f}×", ratio / budget) : std::string("∞×");
  };
  std::string text;
  for (const model::BurnRateCondition& c : rule.conditions) {
    if (!text.empty()) text += "; ";
    text += burn(c.long_window) + " over " + window_words(c.long_window);
    if (c.short_window) text += " and " + burn(*c.short_window) + " over " + window_words(*c.short_window);
    text += fmt::format(" ({} at {}×)", c.severity == model::AlertSeverity::Ticket ? "ticket" : "page",
                        trimmed_number(c.burn_rate));
  }
  return text;
}

bool in_timeline(const model::EventPayload& payload) {
  return !std::holds_alternative<model::ev::ResponderChanged>(payload) &&
         !std::holds_alternative<model::ev::SupportTicketOpened>(payload);
}

std::string describe_event(const model::Scenario& scenario, const model::RunRecord& record,
                           const model::TimelineEvent& event) {
  return std::visit(
      Overloaded{
          [&](const ev::FaultInjected& e) {
            const model::Fault& fault = record.faults.at(e.fault);
            return fmt::format("Fault {} injected: {}", fault.id, describe_fault(scenario, fault));
          },
          [&](const ev::FaultCleared& e) {
            return fmt::format("Fault {} {}", record.faults.at(e.fault).id,
                               e.mitigated         ? "removed by the mitigation"
                               : e.by_facilitator ? "ended by the facilitator"
                                                  : "expired by itself");
          },
          [&](const ev::BreakerChanged& e) {
            const model::Call& call = scenario.calls.at(e.call);
            return fmt::format("Circuit breaker on {}->{} {} ({} of calls failing)",
                               service_name(scenario, call.caller),
                               service_name(scenario, call.callee),
                               e.open ? "open: calls fail fast" : "closed after a good probe",
                               share(e.failure_ratio));
          },
          [&](const ev::Autoscaled& e) {
            return e.ready ? fmt::format("{} new replica{} of {} serving", e.added,
                                         e.added == 1 ? "" : "s", service_name(scenario, e.service))
                           : fmt::format("Autoscaler asked for {} more replica{} of {}", e.added,
                                         e.added == 1 ? "" : "s",
                                         service_name(scenario, e.service));
          },
          [&](const ev::AlertChanged& e) {
            const std::string& name = rule_name(scenario, e.kind, e.rule);
            // Three significant digits, but never e-notation for burn rates or latencies.
            const std::string value = std::abs(e.value) >= 100.0 ? fmt::format("{:.0f}", e.value)
                                                                 : fmt::format("{:.3g}", e.value);
            // Pages are the default and read as before; a ticket says so.
            return fmt::format("Alert {}{} {} (value {})", name,
                               e.severity == model::AlertSeverity::Ticket ? " (ticket)" : "",
                               state_name(e.state), value);
          },
          [&](const ev::IncidentOpened& e) {
            // The fault's start: users may feel it only later (impact_start.hpp).
            return fmt::format("Incident opened: {}",
                               describe_fault(scenario, record.faults.at(e.fault)));
          },
          [&](const ev::IncidentDetected& e) {
            if (e.kind == model::AlertRuleKind::CustomerReport) {
              return fmt::format(
                  "Incident detected by customer reports: support escalated reports from "
                  "journey {}",
                  scenario.journeys.at(e.rule).name);
            }
            return fmt::format("Incident detected by {} {}",
                               e.kind == model::AlertRuleKind::Probe ? "synthetic probe" : "alert",
                               rule_name(scenario, e.kind, e.rule));
          },
          [&](const ev::PageSent& e) {
            const model::Team& team = scenario.teams.at(e.to.team);
            const model::Person& person = team.people.at(e.to.person);
            // The page chain: the role paged for, the level and pass, and the escalation policy
            // when it is another team's than the person's.
            std::string text = fmt::format(
                "Page sent to {} ({}, {}level {}{}{})", person.name, team.name,
                e.role ? role_words(*e.role) + " page, " : std::string(), e.level + 1,
                e.loop > 0 ? fmt::format(", pass {}", e.loop + 1) : std::string(),
                e.policy_team != e.to.team
                    ? " of team " + scenario.teams.at(e.policy_team).name + "'s escalation policy"
                    : std::string());
            if (e.after_hours) {
              text += fmt::format(
                  " — after hours ({} local time, {})",
                  format_local_time(scenario.run.start_unix_s, event.at, person.time_zone),
                  person.time_zone);
            }
            return text;
          },
          [&](const ev::PageAcknowledged& e) {
            return fmt::format("{} acknowledged the {}page", person_name(scenario, e.by),
                               e.role ? role_words(*e.role) + " " : std::string());
          },
          [&](const ev::PageEscalated& e) {
            std::string role = e.role ? role_words(*e.role) + " p" : std::string("P");
            role[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(role[0])));
            return fmt::format("{}age escalated to level {}{} of team {}'s escalation policy{}",
                               role, e.to_level + 1,
                               e.loop > 0 ? fmt::format(", pass {}", e.loop + 1) : std::string(),
                               scenario.teams.at(e.team).name,
                               e.by ? " by " + person_name(scenario, *e.by) : std::string());
          },
          [&](const ev::EscalationExhausted& e) {
            return fmt::format(
                "Escalation policy of team {} exhausted: nobody acknowledged the page",
                scenario.teams.at(e.team).name);
          },
          [&](const ev::SeverityDeclared& e) {
            const std::string by = e.by ? " by " + person_name(scenario, *e.by) : std::string();
            const std::string impact =
                e.journey ? fmt::format("{} of {} requests failing over 5 min",
                                        share(e.failed_share),
                                        scenario.journeys.at(*e.journey).name)
                          : std::string("no journey failing");
            if (e.previous) {
              return fmt::format("Severity {} to {} from {}{} ({})",
                                 e.severity < *e.previous ? "raised" : "lowered",
                                 model::to_string(e.severity), model::to_string(*e.previous), by,
                                 impact);
            }
            return fmt::format("Severity {} declared{} ({}){}", model::to_string(e.severity), by,
                               impact, e.misjudged ? "; triage misjudged it by one level" : "");
          },
          [&](const ev::DiagnosisStep& e) {
            return fmt::format("{} inspected {}, {}{}", person_name(scenario, e.by),
                               service_name(scenario, e.service), lead_words(e.lead),
                               e.red_herring ? ": a red herring, the cause is not there" : "");
          },
          [&](const ev::CauseIdentified& e) {
            return fmt::format("Cause identified in {}{}", service_name(scenario, e.service),
                               e.by ? " by " + person_name(scenario, *e.by) : std::string());
          },
          [&](const ev::TeamEngaged& e) {
            return fmt::format("Team {} engaged{}", scenario.teams.at(e.team).name,
                               e.by ? " by " + person_name(scenario, *e.by) : std::string());
          },
          [&](const ev::MitigationStarted& e) {
            const char* preposition =
                e.action == model::MitigationAction::DisableCall ? "at" : "of";
            return fmt::format("{} {} {} started{}{}", action_noun(e.action), preposition,
                               service_name(scenario, e.service),
                               e.by ? " by " + person_name(scenario, *e.by) : std::string(),
                               reason_words(e.reason));
          },
          [&](const ev::MitigationFinished& e) {
            if (!e.success) return fmt::format("{} failed", action_noun(e.action));
            return fmt::format("{} finished{}", action_noun(e.action),
                               e.reason == model::MitigationReason::WrongGuess
                                   ? ": the cause remains"
                                   : "");
          },
          [&](const ev::MitigationUnavailable& e) {
            return fmt::format(
                "No mitigation possible at {}: responders wait for the fault to end",
                service_name(scenario, e.service));
          },
          [&](const ev::Handoff& e) {
            return fmt::format("{}{} hands the incident to {}",
                               e.at_shift_end ? "Shift change: " : "",
                               person_name(scenario, e.from), person_name(scenario, e.to));
          },
          [&](const ev::AutoRemediation& e) {
            return fmt::format("Automation {} ({}): {} of {} {}, attempt {}",
                               scenario.automation.at(e.rule).name,
                               model::to_string(scenario.automation.at(e.rule).kind),
                               action_noun(e.action), service_name(scenario, e.service),
                               e.success ? "worked" : "failed", e.attempt);
          },
          [&](const ev::Bookmarked& e) { return "Bookmark: " + e.note; },
          [&](const ev::IncidentMitigated& e) { return mitigated_words(e.by); },
          [&](const ev::StatusUpdatePosted& e) {
            return fmt::format("Status update posted ({}{}): \"{}\"",
                               model::to_string(e.severity),
                               e.by ? " by " + person_name(scenario, *e.by) : std::string(),
                               e.message);
          },
          [&](const ev::IncidentResolved&) { return std::string("Incident resolved"); },
          [&](const ev::RoleAssigned& e) {
            return fmt::format("{} is the {}", person_name(scenario, e.who), role_words(e.role));
          },
          [&](const ev::ResponderChanged& e) {
            return fmt::format("{} is {}", person_name(scenario, e.who),
                               responder_state_words(e.state));
          },
          [&](const ev::FalseAlarmPaged& e) {
            return fmt::format("False alarm: {} paged ({}) though nothing is wrong",
                               person_name(scenario, e.to), scenario.teams.at(e.team).name);
          },
          [&](const ev::FalseAlarmClosed& e) {
            return e.by ? fmt::format("False alarm closed by {}", person_name(scenario, *e.by))
                        : std::string("False alarm page missed; the alert cleared by itself");
          },
          [&](const ev::CustomerReported& e) {
            return fmt::format(
                "First customer report of failures on journey {}; support is "
                "triaging it",
                scenario.journeys.at(e.journey).name);
          },
          [&](const ev::SupportTicketOpened& e) {
            if (e.count != 1) {
              return fmt::format(
                  "{} support tickets from customers of journey {} (no status update "
                  "for {})",
                  e.count, scenario.journeys.at(e.journey).name,
                  format_duration(engine::to_seconds(e.silence)));
            }
            return fmt::format(
                "Support ticket from a customer of journey {} (no status update "
                "for {})",
                scenario.journeys.at(e.journey).name,
                format_duration(engine::to_seconds(e.silence)));
          },
      },
      event.payload);
}

std::string describe_phase(const Phase& phase) {
  const auto names = [](const std::vector<std::string>& people) {
    std::string text;
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (i > 0) text += i + 1 == people.size() ? " and " : ", ";
      text += people[i];
    }
    return text;
  };
  const std::string who = phase.people.empty() ? "" : " (" + names(phase.people) + ")";
  const std::string team = phase.team.value_or("?");
  std::string text = phase_title(phase.kind);
  switch (phase.kind) {
    case PhaseKind::Undetected:
    case PhaseKind::GettingToKeyboard:
    case PhaseKind::Triage:
    case PhaseKind::DraftingStatusUpdate:
      return text + who;
    case PhaseKind::Diagnosis:
      text += who;
      break;
    case PhaseKind::AwaitingAcknowledgement:
      text += fmt::format(": level {} of team {}", phase.escalation_level.value_or(1), team);
      return text + (phase.people.empty() ? " (nobody on call)" : who);
    case PhaseKind::EscalationExhausted:
      return text + ": team " + team;
    case PhaseKind::RedHerring:
      text += ": " + phase.service.value_or("?") + who;
      break;
    case PhaseKind::WaitingForTeam:
      return text + ": " + team +
             (phase.people.empty() ? " (nobody joined)" : " (" + names(phase.people) + " joined)");
    case PhaseKind::Handoff:
      return phase.people.size() == 2 ? text + ": " + phase.people[0] + " to " + phase.people[1]
                                      : text + who;
    case PhaseKind::NoMitigation:
      return text + " at " + phase.service.value_or("?");
    case PhaseKind::FailedMitigation:
    case PhaseKind::WrongMitigation:
    case PhaseKind::RollbackInVain:
    case PhaseKind::Mitigation: {
      std::string action = phase.action ? action_noun(*phase.action) : "Mitigation";
      if (!action.empty()) action[0] = static_cast<char>(std::tolower(action[0]));
      const bool at = phase.action == model::MitigationAction::DisableCall;
      return text + ": " + action + (at ? " at " : " of ") + phase.service.value_or("?") + who;
    }
  }
  if (phase.coordination_overhead_s > 0.0) {
    text += fmt::format("; {} of it coordination overhead",
                        format_duration(phase.coordination_overhead_s));
  }
  return text;
}

std::vector<std::size_t> fault_services(const model::Scenario& scenario, const model::Fault& f) {
  std::vector<std::size_t> services;
  switch (f.type) {
    case model::FaultType::CallFailure:
      services = {scenario.calls.at(f.call).caller};
      break;
    case model::FaultType::NetworkPartition:
      services = {f.service, f.peer_service};
      break;
    case model::FaultType::ZoneOutage:
      for (std::size_t s = 0; s < scenario.services.size(); ++s) {
        const auto& zones = scenario.services[s].zones;
        if (std::find(zones.begin(), zones.end(), f.zone) != zones.end()) services.push_back(s);
      }
      break;
    case model::FaultType::TrafficSurge:
      for (std::size_t j = 0; j < scenario.journeys.size(); ++j)
        if (!f.journey || *f.journey == j) services.push_back(scenario.journeys[j].entry_service);
      break;
    default:
      services = {f.service};
  }
  std::sort(services.begin(), services.end());
  services.erase(std::unique(services.begin(), services.end()), services.end());
  return services;
}

}  // namespace firedrill::scoring
