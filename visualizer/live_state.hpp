#pragma once
// What is true now in a running drill, for the live view: the model's timeline events and
// segments folded into per-service, per-responder, per-incident and per-journey pictures.
// Window-free: no SFML here.

#include <cstddef>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario.hpp"
#include "visualizer/incident_phase.hpp"

namespace firedrill::visualizer {

using model::SimTime;

// One incident now. Times are simulated time since the run's start.
struct IncidentView {
  std::size_t fault = 0;  // index into the run's faults()
  IncidentPhase phase = IncidentPhase::Impact;
  std::optional<model::Severity> severity;  // as declared at triage
  SimTime opened{0};
  std::optional<SimTime> detected, acknowledged, mitigated, resolved;
  // The service whose alert detected it (a customer report's journey's entry service).
  std::optional<std::size_t> symptom_service;
  std::optional<std::size_t> cause_service;  // once identified
  // Where the response works now: the symptom, then the cause, then the latest mitigation's
  // service (each investigator's own diagnosis steps are in ResponderView::service).
  std::optional<std::size_t> focus_service;
  std::vector<model::PersonRef> responders;  // who acknowledged, in order
};

// A firing alert: rule `rule` of `kind` (a burn-rate rule's alert formed by `condition`).
struct FiringAlert {
  model::AlertRuleKind kind = model::AlertRuleKind::Threshold;
  std::size_t rule = 0;
  std::size_t condition = 0;
  model::AlertSeverity severity = model::AlertSeverity::Page;
  bool spurious = false;  // fired by the false-positive process
  SimTime since{0};
  std::size_t service = 0;  // the watched service (a journey rule's entry service)
};

// One service now.
struct ServiceView {
  std::vector<std::size_t> active_faults;  // indices into faults(): faults acting on it
  std::vector<FiringAlert> firing_alerts;  // alerts watching it, in the order they fired
};

// One responder now. Before their first change a person is Available, as in the model.
struct ResponderView {
  model::PersonRef who;
  model::ResponderState state = model::ResponderState::Available;
  std::optional<std::size_t> incident;  // the incident they are paged for or work on
  // The service they work on now: their own latest diagnosis step for the incident, or the
  // incident's focus_service if that moved later; nullopt without an incident.
  std::optional<std::size_t> service;
  // The incident command role they hold (RoleAssigned) for `role_incident`: kept while they work
  // on that incident and nobody else took the role for it; nullopt for investigators (experts).
  std::optional<model::Role> role;
  std::optional<std::size_t> role_incident;
};

// The latest status-page update.
struct StatusUpdateView {
  SimTime at{0};
  std::size_t incident = 0;
  model::Severity severity = model::Severity::P3;
  std::string message;
};

// A page sent within the last LiveStateOptions::page_flash (for flashing a pager icon).
struct RecentPage {
  SimTime at{0};
  std::optional<std::size_t> incident;  // nullopt: a false alarm's page
  model::PersonRef to;
  bool woke = false;
};

// A journey's SLIs at one simulated time.
struct JourneySample {
  SimTime at{0};
  double error_ratio = 0.0;  // failed / offered requests, fraction 0–1
  double p99_latency_ms = 0.0;
};

// One journey now.
struct JourneyView {
  // Failed requests since the run's start / the SLO period's error budget at the base rate
  // (scoring::error_budget_requests, SRE Workbook ch. 5): a fraction that exceeds 1 once the
  // budget is spent; infinite for a zero budget with failures, 0 without.
  double error_budget_consumed = 0.0;
  double failed_requests = 0.0;  // since the run's start
  // The burn rate over the last LiveStateOptions::burn_window: the mean error ratio of its
  // samples / (1 − the SLO's objective), a multiple of the rate that spends the budget exactly
  // over the SLO's period (SRE Workbook ch. 5); 0 before the first sample.
  double burn_rate = 0.0;
  // Samples every LiveStateOptions::sample_interval over the last series_window, oldest first.
  std::deque<JourneySample> series;
};

struct LiveStateOptions {
  SimTime page_flash = std::chrono::minutes(5);
  SimTime series_window = std::chrono::minutes(30);
  SimTime sample_interval = std::chrono::seconds(15);
  // The short window of the SRE Workbook's fast-burn alert (1 h and 5 min at 14.4×, ch. 5).
  SimTime burn_window = std::chrono::minutes(5);
};

// A model::TraceSink that keeps the current picture of a drill. Pass it as the Run's sink, then
// call update(run) after each run_until (each frame): events and closed segments arrive as they
// happen; update adds the open segment and what needs the run's faults. Owns its views; the
// scenario must outlive it. Cost per event O(incidents + firing alerts); update is
// O(services + journeys + responders + active faults + firing alerts).
class LiveState : public model::TraceSink {
 public:
  explicit LiveState(const model::Scenario& scenario, LiveStateOptions options = {});

  void on_event(const model::TimelineEvent& event) override;
  void on_segment(const model::Segment& segment) override;

  // Brings every view to run.now(): samples and error budgets from the open segment, services'
  // faults from run.faults(), responders' services, and drops pages and samples that aged out.
  void update(const model::Run& run);
  // The same from parts: `now`, the run's faults, and the open segment (nullptr when every
  // segment has been delivered, e.g. when replaying a RunRecord up to its end).
  void update(SimTime now, const std::vector<model::Fault>& faults,
              const model::Segment* open_segment);

  SimTime now() const { return now_; }
  const std::vector<ServiceView>& services() const { return services_; }
  const std::vector<ResponderView>& responders() const { return responders_; }  // by team, person
  const std::vector<IncidentView>& incidents() const { return incidents_; }     // in order opened
  const std::vector<JourneyView>& journeys() const { return journeys_; }
  const std::optional<StatusUpdateView>& latest_status_update() const { return status_; }
  const std::deque<RecentPage>& recent_pages() const { return pages_; }
  // The index into responders() of `who`.
  std::size_t responder_index(model::PersonRef who) const;

 private:
  struct Step {  // a responder's latest own diagnosis step
    std::size_t incident = 0;
    std::size_t service = 0;
    SimTime at{0};
  };
  using AlertKey = std::tuple<model::AlertRuleKind, std::size_t, std::size_t, bool>;

  void set_focus(std::size_t incident, std::size_t service, SimTime at);
  void add_samples(const model::Segment& segment, SimTime until);

  const model::Scenario* sc_;  // a pointer: copies of the view can be assigned (rewind)
  LiveStateOptions options_;
  SimTime now_{0};
  std::vector<ServiceView> services_;
  std::vector<ResponderView> responders_;
  std::vector<std::size_t> team_offset_;    // responders_ index of each team's first person
  std::vector<std::optional<Step>> steps_;  // by responder
  std::vector<IncidentView> incidents_;
  std::vector<SimTime> focus_at_;  // by incident: when focus_service last moved
  std::vector<JourneyView> journeys_;
  std::vector<double> budget_;  // error budget per journey, requests
  std::optional<StatusUpdateView> status_;
  std::deque<RecentPage> pages_;
  std::set<std::size_t> active_faults_;
  std::vector<std::pair<AlertKey, FiringAlert>> firing_;  // in the order they fired
  std::vector<double> failed_closed_;  // per journey: failed requests in closed segments
  SimTime next_sample_{0};
};

}  // namespace firedrill::visualizer
