#include "sim/model/automation.hpp"

#include <algorithm>

#include <boost/random/bernoulli_distribution.hpp>

#include "sim/model/faults.hpp"
#include "sim/model/monitor.hpp"

namespace firedrill::model::world {

bool Automation::watches(std::size_t rule, std::size_t fault) const {
  const AutomationRule& r = ctx_->scenario.automation[rule];
  const Fault& f = system_->faults()[fault];
  if (r.service && *r.service != f.service) return false;
  switch (r.kind) {
    case AutomationKind::RestartOnCrash:
      return f.type == FaultType::CrashReplicas || f.type == FaultType::Outage;
    case AutomationKind::RollbackFailingCanary:
      return f.type == FaultType::BadDeploy && rollout_share(f, SimTime{0}) < 1.0;
  }
  return false;
}

void Automation::on_fault_started(std::size_t fault) {
  const auto& rules = ctx_->scenario.automation;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!watches(r, fault)) continue;
    if (rules[r].kind == AutomationKind::RestartOnCrash) {
      ctx_->queue.schedule_in(rules[r].delay, wev::AutoRestart{r, fault, 1}, kStateChange);
    } else {
      ctx_->queue.schedule_in(rules[r].analysis_interval, wev::CanaryAnalysis{r, fault, 0},
                              kStateChange);
    }
  }
}

bool Automation::act(std::size_t rule, std::size_t fault, MitigationAction action, int attempt) {
  const AutomationRule& r = ctx_->scenario.automation[rule];
  const std::size_t service = system_->faults()[fault].service;
  const bool success = boost::random::bernoulli_distribution<double>(r.success_probability)(
      ctx_->streams.get("automation/" + r.name));
  ctx_->publish(ev::AutoRemediation{rule, fault, action, service, attempt, success});
  if (success)
    system_->end_action(action, service, true, fault, MitigatedBy::Automation, std::nullopt);
  return success;
}

// The orchestrator restarts the crashed replicas; a failed attempt backs off, doubling the delay.
void Automation::handle(const wev::AutoRestart& e) {
  if (!system_->fault_active(e.fault)) return;
  const AutomationRule& rule = ctx_->scenario.automation[e.rule];
  if (!act(e.rule, e.fault, MitigationAction::Restart, e.attempt) &&
      e.attempt < rule.max_attempts) {
    ctx_->queue.schedule_in(rule.delay * (SimTime::rep{1} << e.attempt),
                            wev::AutoRestart{e.rule, e.fault, e.attempt + 1}, kStateChange);
  }
}

// One analysis run of the rollout: the service's error ratio over the last interval against the
// threshold; enough consecutive failures abort the rollout.
void Automation::handle(const wev::CanaryAnalysis& e) {
  if (!system_->fault_active(e.fault)) return;
  const AutomationRule& rule = ctx_->scenario.automation[e.rule];
  const Fault& fault = system_->faults()[e.fault];
  const SimTime now = ctx_->now();
  if (rollout_share(fault, now - fault.start) >= 1.0) return;  // promoted: the analysis is over
  const double ratio = window_metric(ctx_->scenario, system_->telemetry(), MetricKind::ErrorRatio,
                                     TargetKind::Service, fault.service,
                                     std::max(fault.start, now - rule.analysis_interval), now);
  const int failures = ratio > rule.error_ratio_threshold ? e.failures + 1 : 0;
  if (failures >= rule.failure_limit) {
    ctx_->queue.schedule_in(rule.delay, wev::CanaryRollbackDone{e.rule, e.fault}, kStateChange);
    return;
  }
  ctx_->queue.schedule_in(rule.analysis_interval, wev::CanaryAnalysis{e.rule, e.fault, failures},
                          kStateChange);
}

void Automation::handle(const wev::CanaryRollbackDone& e) {
  if (system_->fault_active(e.fault)) act(e.rule, e.fault, MitigationAction::Rollback, 1);
}

}  // namespace firedrill::model::world
