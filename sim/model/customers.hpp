#pragma once
// The customers' side of incidents: reports that reach support (the detection path of last
// resort) and support tickets, which grow with the impact and with a silent status page.

#include <cstddef>
#include <optional>
#include <vector>

#include "sim/model/world_context.hpp"

namespace firedrill::model::world {

// The users of every journey, as the scenario's CustomerModel describes them. A journey fails
// its users while its failed share exceeds its SLO's error budget (1 − objective): within that,
// failures are what customers live with. The world tells it of every change of the steady state
// and of every status update; it schedules its own arrivals on the context's queue and draws
// only from the streams "reports/<journey>" and "tickets/<journey>", so its draws never shift
// another stream, and two policies under one seed meet the same customers (common random
// numbers: a quieter status page can only remove tickets).
//
// Each process is simulated exactly by a change of time scale: the arrivals of a Poisson process
// of rate λ(t) are those of a unit-rate process on the scale Λ(t) = ∫ λ, so the next arrival
// comes when Λ has grown by an Exp(1) draw (the time-scale transformation; Çinlar, "Introduction
// to Stochastic Processes", 1975, ch. 4). Inside a segment Λ is linear in time for reports and
// quadratic for tickets (their rate grows linearly with the silence).
//
// Work does not grow with the request volume. Reports stop after an episode's first. Tickets
// arrive one event each while their rate is below kTicketBatchRate; from a moment the rate is at
// or above it, they are counted per window of kTicketBatchWindow instead: the window's count is
// a Poisson draw with mean ∫ λ over it (the same process, observed at the window's end), and
// one SupportTicketOpened carries it, with the silence at the window's end. A status update, or
// the journey ceasing to fail, closes a window early, so that its tickets keep the silence they
// arrived in (to within a window). So a journey has at most about kTicketBatchRate ticket events
// per second, whatever the traffic.
class Customers {
 public:
  explicit Customers(Context& ctx);
  // After the world that owns it was copied (a fork): points at the copy's context.
  void rebind(Context& ctx) { ctx_ = &ctx; }

  // The system's steady state changed now; `open` is the segment starting now.
  void on_flow_changed(const Segment& open);
  // A status update was posted now.
  void on_status_update();
  // A customer report arrived on the journey: the first of a failing episode is published
  // (CustomerReported, with `incident`: the incident that explains the failures, if any) and
  // handed to support, which escalates it (a SupportEscalation) after a lognormal delay.
  void on_report(const wev::CustomerReportDue& e, std::optional<std::size_t> incident);
  // A support ticket arrived on the journey, or a window of them closed: published as
  // SupportTicketOpened with `incident` (a closed window's only when it counted any).
  void on_ticket(const wev::SupportTicketDue& e, std::optional<std::size_t> incident);

  // Ticket rates at or above this are counted per window rather than drawn one by one, tickets/s.
  // Far above the bundled scenarios' peaks (about one a second), so that their tickets are
  // drawn one by one.
  static constexpr double kTicketBatchRate = 10.0;
  static constexpr SimTime kTicketBatchWindow = std::chrono::seconds(1);

 private:
  // One Poisson process: what is left of its Exp(1) draw on the integrated-rate scale, the time
  // up to which its rate has been integrated, and its next arrival.
  struct Process {
    double left = 0.0;
    SimTime since{0};
    std::optional<EventId> due;
  };
  struct JourneyCustomers {
    bool failing = false;
    SimTime failing_since{0};
    double failed_rps = 0.0;  // while failing
    bool reported = false;    // this failing episode's first report was made
    Process report;
    Process ticket;
    // Counting tickets per window (ticket.due is the window's end): the integrated rate since
    // the window opened, and, once closed early, the silence its tickets arrived in.
    bool batching = false;
    double batch_mean = 0.0;
    std::optional<SimTime> closed_silence;
  };

  double report_rate(const JourneyCustomers& c) const;       // reports/s
  double ticket_base_rate(const JourneyCustomers& c) const;  // tickets/s at silence 0
  SimTime silence_start(const JourneyCustomers& c) const;
  // Integrates both rates of journey j up to now().
  void advance(std::size_t j);
  // Schedules journey j's next report and ticket from now() (cancelling the pending ones); an
  // open window of tickets keeps its end.
  void reschedule(std::size_t j);
  // Ends journey j's open window of tickets now (its event fires at now()), with the silence
  // of now() as it stands before the caller changes it.
  void close_batch(std::size_t j);
  void schedule(Process& p, std::optional<double> in_s, WorldEvent e);

  Context* ctx_;
  const CustomerModel& model_;
  std::vector<JourneyCustomers> journeys_;
  std::optional<SimTime> last_update_;
};

}  // namespace firedrill::model::world
