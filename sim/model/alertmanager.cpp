#include "sim/model/alertmanager.hpp"

#include <algorithm>

namespace firedrill::model {

Alert alert_of(const Scenario& scenario, AlertRuleKind kind, std::size_t rule,
               std::size_t condition) {
  Alert a;
  a.kind = kind;
  a.rule = rule;
  a.condition = condition;
  std::optional<std::size_t> route;
  const auto target = [&](TargetKind target_kind, std::size_t index) {
    if (target_kind == TargetKind::Service) {
      a.service = index;
    } else {
      a.journey = index;
      a.service = scenario.journeys[index].entry_service;
    }
  };
  switch (kind) {
    case AlertRuleKind::Threshold: {
      const ThresholdRule& r = scenario.threshold_rules[rule];
      target(r.target_kind, r.target);
      route = r.team;
      a.severity = r.severity;
      break;
    }
    case AlertRuleKind::BurnRate: {
      const BurnRateRule& r = scenario.burn_rate_rules[rule];
      a.severity = r.conditions[condition].severity;
      target(TargetKind::Journey, r.journey);
      route = r.team;
      break;
    }
    case AlertRuleKind::Probe: {
      const ProbeRule& r = scenario.probe_rules[rule];
      target(r.target_kind, r.target);
      route = r.team;
      a.severity = r.severity;
      break;
    }
    case AlertRuleKind::CustomerReport:
      // Support escalates to the team owning the journey's entry service.
      target(TargetKind::Journey, rule);
      break;
  }
  a.team = route.value_or(scenario.services[a.service].team);
  return a;
}

namespace {

// The alertname label's prefix: rule kinds number their rules separately.
char kind_letter(AlertRuleKind kind) {
  switch (kind) {
    case AlertRuleKind::Threshold:
      return 't';
    case AlertRuleKind::BurnRate:
      return 'b';
    case AlertRuleKind::Probe:
      return 'p';
    case AlertRuleKind::CustomerReport:
      return 'c';
  }
  return '?';
}

}  // namespace

std::string Alertmanager::key_of(const Alert& alert) const {
  // Rule kinds number their rules separately; the name label must tell them apart.
  std::string key = std::to_string(alert.team);
  for (const AlertLabel label : route_.group_by) {
    key += '|';
    switch (label) {
      case AlertLabel::AlertName:
        key += kind_letter(alert.kind) + std::to_string(alert.rule) + "." +
               std::to_string(alert.condition);
        break;
      case AlertLabel::Service:
        key += std::to_string(alert.service);
        break;
      case AlertLabel::Journey:
        key += alert.journey ? std::to_string(*alert.journey) : "-";
        break;
      case AlertLabel::Severity:
        key += to_string(alert.severity);
        break;
    }
  }
  return key;
}

std::optional<Alertmanager::Flush> Alertmanager::fire(const Alert& alert, SimTime now) {
  const std::string key = key_of(alert);
  auto [it, created] = by_key_.try_emplace(key, groups_.size());
  if (created) groups_.push_back(Group{key, alert.team, {}, {}, std::nullopt, false});
  Group& g = groups_[it->second];
  if (std::find(g.firing.begin(), g.firing.end(), alert) != g.firing.end()) return std::nullopt;
  g.firing.push_back(alert);
  g.unsent.push_back(alert);
  if (g.flush_due) return std::nullopt;
  g.flush_due = true;
  const std::size_t id = it->second;
  if (!g.last_notified) return Flush{id, now + route_.group_wait};
  return Flush{id, std::max(now, *g.last_notified + route_.group_interval)};
}

void Alertmanager::resolve(const Alert& alert) {
  const auto it = by_key_.find(key_of(alert));
  if (it == by_key_.end()) return;
  Group& g = groups_[it->second];
  std::erase(g.firing, alert);
  std::erase(g.unsent, alert);
  if (!g.firing.empty()) return;
  by_key_.erase(it);
  g = Group{};
}

Notification Alertmanager::flush(std::size_t group, SimTime now) {
  Group& g = groups_[group];
  Notification n{group, g.team, std::move(g.unsent)};
  g.unsent.clear();
  g.flush_due = false;
  if (!n.alerts.empty()) g.last_notified = now;
  return n;
}

}  // namespace firedrill::model
