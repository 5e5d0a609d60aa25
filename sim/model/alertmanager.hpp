#pragma once
// Alertmanager's grouping and deduplication: firing alerts become notifications, one per group
// of alerts that share a team and the route's `group_by` labels, after `group_wait` and then at
// most every `group_interval` (prometheus.io, "Alertmanager configuration", route).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// One alert as Alertmanager sees it: which rule (and, for a burn-rate rule, which of its alerts:
// the first condition forming it), and the labels it groups by.
struct Alert {
  AlertRuleKind kind = AlertRuleKind::Threshold;
  std::size_t rule = 0;
  std::size_t condition = 0;
  std::size_t team = 0;     // the receiver: routing comes before grouping
  std::size_t service = 0;  // the watched service; a journey rule's entry service
  std::optional<std::size_t> journey;
  AlertSeverity severity = AlertSeverity::Page;
  friend bool operator==(const Alert& a, const Alert& b) {
    return a.kind == b.kind && a.rule == b.rule && a.condition == b.condition;
  }
};

// Returns the labels of a scenario's alert: its rule's name, routed team, service, journey and
// severity (a burn-rate rule's: that of `condition`). For kind CustomerReport, `rule` is the
// journey: a page to the owner of its entry service.
Alert alert_of(const Scenario& scenario, AlertRuleKind kind, std::size_t rule,
               std::size_t condition = 0);

// What a group sends: the alerts that fired since its last notification.
struct Notification {
  std::size_t group = 0;
  std::size_t team = 0;
  std::vector<Alert> alerts;
};

// The groups of firing alerts of one run. Times are the caller's clock; the caller schedules a
// flush at each time `fire` returns and calls `flush` then.
class Alertmanager {
 public:
  explicit Alertmanager(const AlertRoute& route) : route_(route) {}

  // When a group must send its notification.
  struct Flush {
    std::size_t group;
    SimTime at;
  };
  // Adds a firing alert to its group. Returns when the group must flush, unless a flush is due
  // already: now + group_wait for a new group, the last notification + group_interval (or now,
  // if that has passed) for a group that has notified. A repeated firing of an alert already in
  // the group is deduplicated (nullopt).
  std::optional<Flush> fire(const Alert& alert, SimTime now);

  // Removes a resolved alert; a group with no firing alert left is deleted, so the next alert
  // with its labels starts a new group (and waits group_wait again).
  void resolve(const Alert& alert);

  // Returns the group's alerts that fired since its last notification and marks them sent;
  // empty when there are none (they resolved meanwhile, or the group is gone).
  Notification flush(std::size_t group, SimTime now);

 private:
  struct Group {
    std::string key;
    std::size_t team = 0;
    std::vector<Alert> firing;
    std::vector<Alert> unsent;
    std::optional<SimTime> last_notified;
    bool flush_due = false;
  };
  std::string key_of(const Alert& alert) const;

  AlertRoute route_;
  std::vector<Group> groups_;                   // by id; deleted groups stay as empty slots
  std::map<std::string, std::size_t> by_key_;  // live groups
};

}  // namespace firedrill::model
