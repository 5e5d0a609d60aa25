#pragma once
// The machinery the world's components share (internal to sim/model): the world's events (plain
// data, dispatched by type; DESIGN.md "Engine"), the event queue, the random streams and the
// trace sink, and the narrow view the response has of the system it repairs.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include <boost/random/lognormal_distribution.hpp>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/segments.hpp"

namespace firedrill::model::world {

using engine::EventId;

namespace wev {
// The system.
struct FaultStart { std::size_t fault; };
// `by_facilitator`: a facilitator ends it now; otherwise it is the fault's scheduled end.
struct FaultEnd { std::size_t fault; bool by_facilitator = false; };
struct FaultPhase { std::size_t fault; };  // a phased fault's effect changes
struct BreakerProbe { std::size_t call; };  // an open breaker lets one call through
struct ReplicasReady { std::size_t service; int added; };  // autoscaled replicas cold-started
struct BacklogStep {};  // an overload backlog's wait has moved enough to recompute
// Rate profiles or calendars may change: one event for every journey at once, so that a step
// shared by many journeys costs one recompute of the steady state, not one per journey.
struct TrafficStep {};
struct CalendarTick {};
struct Scrape {};
struct FalsePositiveStart {};  // the next spurious alert of the false-positive process
struct FalsePositiveEnd { AlertRuleKind kind; std::size_t rule; };
struct ProbeDue { std::size_t probe; };  // a synthetic probe sends its request
// The customers.
struct CustomerReportDue { std::size_t journey; };  // the next customer report arrives
struct SupportEscalation { std::size_t journey; };  // support escalates the first report
struct SupportTicketDue { std::size_t journey; };   // the next support ticket arrives
// The response.
struct GroupFlush { std::size_t group; };  // an Alertmanager group's wait or interval is over
struct PageTimeout { std::size_t incident; std::size_t page; };
// `ready`: from the acknowledgement until the person is at a keyboard; `schedule`: the team's
// schedule that paged them (none when the level named them).
struct PageAck {
  std::size_t incident;
  std::size_t page;
  PersonRef person;
  SimTime ready;
  std::optional<std::size_t> schedule;
};
struct ResponderReady {
  std::size_t incident;
  std::size_t page;
  PersonRef person;
  std::optional<std::size_t> schedule;
};
struct FalseAlarmAck { std::size_t alarm; PersonRef person; };
struct FalseAlarmClosed { std::size_t alarm; };
struct TriageDone { std::size_t incident; };
struct DiagnosisStepDone { std::size_t incident; };
struct MitigationDone { std::size_t incident; bool success; };
// `person`'s shift in schedule `schedule` of their team may end now.
struct ShiftEnd { std::size_t incident; PersonRef person; std::size_t schedule; };
// `resume`: what the outgoing responder was doing, which the incoming one takes up.
struct HandoffDone {
  std::size_t incident;
  PersonRef from;
  PersonRef to;
  std::optional<std::size_t> schedule;  // the incoming one's, for a shift change
  ResponderState resume;
};
// Automation.
struct AutoRestart { std::size_t rule; std::size_t fault; int attempt; };
struct CanaryAnalysis { std::size_t rule; std::size_t fault; int failures; };
struct CanaryRollbackDone { std::size_t rule; std::size_t fault; };
struct StatusUpdateDue { std::size_t incident; };
struct StatusUpdateDrafted { std::size_t incident; };  // a responder finished drafting one
// Seat `seat`'s investigation, or its mitigation (with whether it worked), is done.
struct SeatStepDone { std::size_t seat; };
struct SeatMitigationDone { std::size_t seat; bool success; };
}  // namespace wev

using WorldEvent =
    std::variant<wev::FaultStart, wev::FaultEnd, wev::FaultPhase, wev::BreakerProbe,
                 wev::ReplicasReady, wev::BacklogStep, wev::TrafficStep, wev::CalendarTick,
                 wev::Scrape, wev::FalsePositiveStart, wev::FalsePositiveEnd, wev::ProbeDue,
                 wev::CustomerReportDue, wev::SupportEscalation, wev::SupportTicketDue,
                 wev::GroupFlush, wev::PageTimeout, wev::PageAck, wev::ResponderReady,
                 wev::FalseAlarmAck, wev::FalseAlarmClosed, wev::TriageDone, wev::DiagnosisStepDone,
                 wev::MitigationDone, wev::ShiftEnd, wev::HandoffDone, wev::StatusUpdateDue,
                 wev::StatusUpdateDrafted, wev::AutoRestart, wev::CanaryAnalysis,
                 wev::CanaryRollbackDone, wev::SeatStepDone, wev::SeatMitigationDone>;

// At equal times, the world changes first, then the monitor looks, then people act.
constexpr int kStateChange = 0;
constexpr int kScrapePriority = 1;
constexpr int kPeople = 2;

// The clock, the event queue, the random streams and the sink of one run.
struct Context {
  Context(const Scenario& s, std::uint64_t seed, TraceSink* trace_sink)
      : scenario(s), sink(trace_sink), streams(seed) {}

  SimTime now() const { return queue.now(); }
  void publish(EventPayload payload) {
    if (sink) sink->on_event(TimelineEvent{now(), std::move(payload)});
  }
  // Schedules a people event `delay` from now.
  EventId schedule_in(SimTime delay, WorldEvent e) {
    return queue.schedule_in(delay, std::move(e), kPeople);
  }

  const Scenario& scenario;
  TraceSink* sink;
  engine::EventQueue<WorldEvent> queue;
  engine::RandomStreams streams;
};

// Returns a lognormal duration with median `median` and log-spread `sigma`.
inline SimTime lognormal(engine::RandomStreams::Engine& rng, SimTime median, double sigma) {
  boost::random::lognormal_distribution<double> dist(std::log(engine::to_seconds(median)), sigma);
  return engine::from_seconds(dist(rng));
}

// A service at or beyond this utilisation (0–1) is saturated: the policy's scale-out adds
// replicas to it; a seat's scale-out to N absorbs a fault only if it brings the service below.
constexpr double kSaturatedUtilisation = 0.8;

// What the response reads from and does to the system (implemented by the world).
class System {
 public:
  // The segments up to now(), the open one ending at now(), and the nominal past before 0.
  virtual Telemetry telemetry() = 0;
  virtual const std::vector<Fault>& faults() const = 0;
  // Returns true iff run fault `fault` acts now.
  virtual bool fault_active(std::size_t fault) const = 0;
  // A mitigation starts at `service`: its side effects while it runs (a rolling restart takes
  // one replica out at a time).
  virtual void begin_action(MitigationAction action, std::size_t service,
                            std::size_t incident) = 0;
  // It ends: its side effects stop; if it worked (`success`), its effects apply (see
  // MitigationAction), and when it is `fix`ing a fault, that fault stops or is absorbed.
  // `by` is who acted: MitigatedBy::Responders (for `incident`) or MitigatedBy::Automation.
  virtual void end_action(MitigationAction action, std::size_t service, bool success,
                          std::optional<std::size_t> fix, MitigatedBy by,
                          std::optional<std::size_t> incident) = 0;
  // The replicas `service` is set to run now: the scenario's, plus those scale-outs and its
  // autoscaler added (some may be down or still starting).
  virtual int desired_replicas(std::size_t service) const = 0;
  // Sets `service` to run `replicas` (a scale-out: never fewer than it is set to run).
  virtual void scale_to(std::size_t service, int replicas) = 0;
  // A status update was posted now: customers read the status page.
  virtual void status_update_posted() = 0;

 protected:
  ~System() = default;
};

}  // namespace firedrill::model::world
