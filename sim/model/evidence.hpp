#pragma once
// What a responder reads on a service's dashboards while searching for a cause: how strongly each
// of its dependencies points at itself (docs/diagnosis.md). A function of the graph and of what
// is observable, never of the order of the scenario's lists.

#include <cstddef>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// One dependency (callee) of the service under inspection, as its dashboards show it.
struct DependencyEvidence {
  std::size_t service = 0;  // the dependency, an index into Scenario::services
  bool alert = false;       // its own threshold or probe alert fires (real or spurious)
  bool change = false;      // it was deployed or reconfigured within the recent-change window
  // Its share of the failed calls the inspected service makes beyond their baseline ratio,
  // 0–1 over the dependencies; 0 unless its failure ratio rose by at least kMinErrorRise.
  double error_share = 0.0;
  // Its share of the latency added to each request the inspected service serves (calls per
  // request × the rise of its mean latency over baseline), 0–1; 0 unless its mean latency rose
  // by at least kMinLatencyRise of the baseline's.
  double latency_share = 0.0;

  // Returns the larger of the two shares: how much of the trouble it explains, 0–1.
  double contribution() const { return error_share > latency_share ? error_share : latency_share; }
};

// A failure ratio must rise by this much (0.1 percentage point) to show on a dashboard, and a
// mean latency by this share of its baseline: smaller changes are the noise of load moving with
// the time of day. Our own values.
constexpr double kMinErrorRise = 0.001;
constexpr double kMinLatencyRise = 0.25;

// What each lead weighs when a responder chooses which dependency to open next: a dependency's
// own firing alert is the strongest lead (it outweighs any share of the trouble and a change
// together), then the share of the errors or latency it explains (0–1); a recent change weighs
// as much as explaining half of the trouble. Our own values; docs/diagnosis.md.
constexpr double kAlertLead = 2.0;
constexpr double kChangeLead = 0.5;

// Returns the evidence for every distinct callee of `service`, in order of service name:
// `now` is the steady state the dashboards show, `baseline` the steady state they compare it
// with; `alerting` and `changed` are indexed like Scenario::services.
// REQUIRES: both segments are of `scenario`; service < scenario.services.size().
std::vector<DependencyEvidence> dependency_evidence(const Scenario& scenario, std::size_t service,
                                                    const Segment& now, const Segment& baseline,
                                                    const std::vector<bool>& alerting,
                                                    const std::vector<bool>& changed);

// How well a responder at a service sees a dependency's share of the trouble: traces through the
// service show every call's outcome and duration exactly; without them, the service's logs name
// the failing calls and the dependency's own metrics show its errors and latency, read with the
// error of eyeballing dashboards (kDashboardSigma); with neither, nothing shows.
enum class Visibility { Traced, Dashboards, Blind };
Visibility visibility(const Scenario& scenario, std::size_t service, std::size_t dependency);

// The log-spread of a share read from dashboards instead of traces: it is seen as share × e^(σZ),
// Z standard normal (within a factor of 1.6 two times in three). Our own value.
constexpr double kDashboardSigma = 0.5;

// Returns the indices of `scenario`'s services sorted by name: the stable order in which
// responders' choices are considered and ties are broken.
std::vector<std::size_t> services_by_name(const Scenario& scenario);

}  // namespace firedrill::model
